"""The offline storyboard planner: deterministic, every sentence kept, in order.

Sentences are split (English and Chinese), short ones merged and long ones split at clause
boundaries so each shot's subtitle fits on screen. The story bible (cast with fixed looks,
places, key props) is read first; each shot gets a shot size and an English visual prompt:
who is in it with their look, what they do and hold, the scene carried over from earlier
shots, and the style.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from storyreel.contract import (
    CastMember,
    Language,
    ShotSize,
    ShotSpec,
    Storyboard,
    StoryboardRequest,
    StoryboardResult,
)
from storyreel.storyboard.bible import Bible, read_bible
from storyreel.storyboard.prompts import CastReader, compose_prompt, shot_props
from storyreel.text.language import detect_language
from storyreel.text.scene import SceneReading, read_scene
from storyreel.text.sentences import TextSpan, display_width, split_sentences, split_to_width
from storyreel.text.subtitle_layout import subtitle_capacity

BACKEND_NAME = "planner"
# Longest narration per shot, in half-width units, so a shot stays a few seconds long.
_SPEECH_WIDTH_LIMIT = {Language.EN: 120, Language.ZH: 56}
_MERGE_BELOW = 0.45  # merge a shot into the next while it is under this share of the limit
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
    index: int,
    text: str,
    reading: SceneReading,
    earlier: SceneReading,
    chosen: list[ShotSize],
    people: int,
) -> ShotSize:
    if index == 0:
        return ShotSize.WIDE
    if reading.setting is not None and reading.setting != earlier.setting:
        size = ShotSize.WIDE
    elif (_DIALOGUE.search(text) or _INTIMATE.search(text)) and people <= 1:
        size = ShotSize.CLOSE_UP  # a face; two or more people are a medium shot
    else:
        size = ShotSize.MEDIUM
    if len(chosen) >= 2 and chosen[-1] == chosen[-2] == size:
        size = _SIZE_CYCLE[(_SIZE_CYCLE.index(size) + 1) % len(_SIZE_CYCLE)]
        if size is ShotSize.CLOSE_UP and people >= 2:
            size = ShotSize.WIDE
    return size


def _shot_seed(base_seed: int, index: int) -> int:
    return zlib.crc32(f"{base_seed}:{index}".encode()) & 0xFFFFFFFF


@dataclass(frozen=True)
class ShotContext:
    """What a shot's describer (an LLM) is told: the shot's own text, who and what is in it,
    where and when, the story bible, and the picture before it."""

    index: int
    text: str
    language: Language
    cast: list[CastMember]  # in this shot
    bible: Bible
    props: list[str]
    scene: str  # "riverbank, dusk, rain"
    previous: str | None  # the last shot's picture, for continuity


Describer = Callable[[ShotContext], str | None]  # None: the planner's own words


def story_bible(request: StoryboardRequest, language: Language) -> Bible:
    """The story's bible; a cast the request gives replaces the one read from the text."""
    bible = read_bible(request.story, language)
    if request.cast is None:
        return bible
    genders = {m.name: _gender_of(m.look) for m in request.cast}
    return Bible(cast=list(request.cast), places=bible.places, props=bible.props, genders=genders)


def _gender_of(look: str) -> str:
    if re.search(r"\b(?:woman|girl|lady|female|mother|grandmother)\b", look, re.IGNORECASE):
        return "f"
    if re.search(r"\b(?:man|boy|male|father|grandfather)\b", look, re.IGNORECASE):
        return "m"
    return ""


def plan_storyboard(
    request: StoryboardRequest, describe: Describer | None = None
) -> StoryboardResult:
    """Cut a story into shots. Pure and deterministic: same request, same storyboard.
    `describe` (an LLM) may word what each shot shows; the cut, the narration, the cast and
    their looks stay the planner's."""
    story = request.story
    language = request.language or detect_language(story)
    limit = shot_width_limit(language, request)
    units: list[TextSpan] = []
    for sentence in split_sentences(story):
        units.extend(split_to_width(sentence, story, limit))
    if not units:
        raise ValueError("the story has no text to narrate")
    grouped = _group_units(units, story, limit)
    bible = story_bible(request, language)
    looks = {member.name: member for member in bible.cast}
    reader = CastReader(bible)

    shots: list[ShotSpec] = []
    sizes: list[ShotSize] = []
    # before the story says where, shots show its first place (a title, an opening line)
    opening = read_scene(story)
    scene = SceneReading(setting=opening.setting, place=opening.place)
    previous: str | None = None
    for index, span in enumerate(grouped):
        reading = read_scene(span.text)
        cast = reader.read(span.text)
        size = _choose_size(index, span.text, reading, scene, sizes, len(cast))
        scene = reading.carried_from(scene)
        sizes.append(size)
        members = [looks[name] for name in cast]
        picture = None
        if describe is not None:
            picture = describe(
                ShotContext(
                    index=index, text=span.text, language=language, cast=members, bible=bible,
                    props=shot_props(span.text, members), scene=scene.describe(),
                    previous=previous,
                )
            )  # fmt: skip
            previous = picture or previous
        prompt, props = compose_prompt(
            size=size,
            cast=members,
            text=span.text,
            scene=scene,
            style=request.style,
            picture=picture,
        )
        shots.append(
            ShotSpec(
                index=index,
                narration=span.text,
                prompt=prompt,
                shot_size=size,
                seed=_shot_seed(request.seed, index),
                source_start=span.start,
                source_end=span.end,
                cast=cast,
                props=props,
            )
        )
    storyboard = Storyboard(
        title=request.title,
        language=language,
        style=request.style,
        aspect=request.aspect,
        shots=shots,
        cast=bible.cast,
        places=bible.places,
        props=bible.props,
    )
    return StoryboardResult(storyboard=storyboard, backend=BACKEND_NAME)
