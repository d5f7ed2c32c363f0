"""The offline storyboard planner: deterministic, every sentence kept, in order.

Sentences are split (English and Chinese), short ones merged and long ones split at clause
boundaries so each shot's subtitle fits on screen. Each shot gets a shot size and a visual
prompt built from its own text, the scene carried over from earlier shots, and the style.
"""

from __future__ import annotations

import re
import zlib

from storyreel.contract import (
    Language,
    ShotSize,
    ShotSpec,
    Storyboard,
    StoryboardRequest,
    StoryboardResult,
)
from storyreel.contract.storyboard import MAX_PROMPT_CHARS
from storyreel.text.language import detect_language
from storyreel.text.scene import SceneReading, read_scene
from storyreel.text.sentences import TextSpan, display_width, split_sentences, split_to_width
from storyreel.text.subtitle_layout import subtitle_capacity

BACKEND_NAME = "planner"
# Longest narration per shot, in half-width units, so a shot stays a few seconds long.
_SPEECH_WIDTH_LIMIT = {Language.EN: 120, Language.ZH: 56}
_MERGE_BELOW = 0.45  # merge a shot into the next while it is under this share of the limit
_SIZE_PHRASE = {
    ShotSize.WIDE: "wide establishing shot",
    ShotSize.MEDIUM: "medium shot",
    ShotSize.CLOSE_UP: "close-up shot",
}
_DIALOGUE = re.compile(r"[\"“”「」『』]")
_INTIMATE = re.compile(
    r"\b(face|eyes?|tears?|smiled?|smiles|whisper(?:ed|s)?|hands?|cried|wept|heart)\b|"
    r"脸|眼|泪|笑|低声|手|哭|心",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_SIZE_CYCLE = (ShotSize.WIDE, ShotSize.MEDIUM, ShotSize.CLOSE_UP)


def shot_width_limit(language: Language, request: StoryboardRequest) -> int:
    """Widest narration a shot may carry, in half-width units."""
    return min(subtitle_capacity(request.aspect), _SPEECH_WIDTH_LIMIT[language])


def _group_units(units: list[TextSpan], story: str, limit: int) -> list[TextSpan]:
    """Merge short units with their neighbour while the merged text still fits."""
    shots: list[TextSpan] = []
    for unit in units:
        if shots:
            previous = shots[-1]
            merged_text = story[previous.start : unit.end]
            new_paragraph = _PARAGRAPH_BREAK.search(story, previous.end, unit.start) is not None
            if (
                not new_paragraph
                and display_width(previous.text) < limit * _MERGE_BELOW
                and display_width(merged_text) <= limit
            ):
                shots[-1] = TextSpan(previous.start, unit.end, merged_text)
                continue
        shots.append(unit)
    return shots


def _choose_size(
    index: int, text: str, reading: SceneReading, earlier: SceneReading, chosen: list[ShotSize]
) -> ShotSize:
    if index == 0:
        return ShotSize.WIDE
    if reading.setting is not None and reading.setting != earlier.setting:
        size = ShotSize.WIDE
    elif _DIALOGUE.search(text) or _INTIMATE.search(text):
        size = ShotSize.CLOSE_UP
    else:
        size = ShotSize.MEDIUM
    if len(chosen) >= 2 and chosen[-1] == chosen[-2] == size:
        size = _SIZE_CYCLE[(_SIZE_CYCLE.index(size) + 1) % len(_SIZE_CYCLE)]
    return size


def _shot_seed(base_seed: int, index: int) -> int:
    return zlib.crc32(f"{base_seed}:{index}".encode()) & 0xFFFFFFFF


def build_prompt(narration: str, size: ShotSize, scene: SceneReading, style: str) -> str:
    """A visual prompt: framing, the shot's own words, the scene it happens in, the style."""
    words = " ".join(narration.split()).strip(" ,.;:!?，。；：！？、…\"'“”‘’")
    parts = [_SIZE_PHRASE[size], words]
    described = scene.describe()
    if described:
        parts.append(described)
    if style.strip():
        parts.append(style.strip())
    prompt = ", ".join(parts)
    return prompt[:MAX_PROMPT_CHARS]


def plan_storyboard(request: StoryboardRequest) -> StoryboardResult:
    """Cut a story into shots. Pure and deterministic: same request, same storyboard."""
    story = request.story
    language = request.language or detect_language(story)
    limit = shot_width_limit(language, request)
    units: list[TextSpan] = []
    for sentence in split_sentences(story):
        units.extend(split_to_width(sentence, story, limit))
    if not units:
        raise ValueError("the story has no text to narrate")
    grouped = _group_units(units, story, limit)

    shots: list[ShotSpec] = []
    sizes: list[ShotSize] = []
    scene = SceneReading()
    for index, span in enumerate(grouped):
        reading = read_scene(span.text)
        size = _choose_size(index, span.text, reading, scene, sizes)
        scene = reading.carried_from(scene)
        sizes.append(size)
        shots.append(
            ShotSpec(
                index=index,
                narration=span.text,
                prompt=build_prompt(span.text, size, scene, request.style),
                shot_size=size,
                seed=_shot_seed(request.seed, index),
                source_start=span.start,
                source_end=span.end,
            )
        )
    storyboard = Storyboard(
        title=request.title,
        language=language,
        style=request.style,
        aspect=request.aspect,
        shots=shots,
    )
    return StoryboardResult(storyboard=storyboard, backend=BACKEND_NAME)
