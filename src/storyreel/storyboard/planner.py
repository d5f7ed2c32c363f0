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
from dataclasses import dataclass, replace

from storyreel.contract import (
    CastMember,
    Language,
    ShotSize,
    ShotSpec,
    Storyboard,
    StoryboardRequest,
    StoryboardResult,
)
from storyreel.storyboard.bible import Bible, read_bible, without_names
from storyreel.storyboard.prompts import CastReader, compose_prompt, shot_props
from storyreel.text.language import detect_language
from storyreel.text.pace import READING_PACE
from storyreel.text.scene import SceneReading, away_clauses, read_scene
from storyreel.text.sentences import (
    TextSpan,
    display_width,
    ends_mid_sentence,
    split_sentences,
    split_to_width,
)

BACKEND_NAME = "planner"
# Longest narration per shot, in seconds of the default voice's speech (text.pace): about
# 150 letters of English, 25 Chinese characters; most shots end at a beat well before.
_SHOT_SPEECH_S = 8.8
_SHORT = 0.3  # a shot or sentence under this share of the limit (about 3 s) runs on across a
# weak beat: "小月说。" after the words she says stays in their shot
_DIALOGUE = re.compile(r"[\"“”「」『』]")
_INTIMATE = re.compile(
    r"\b(face|eyes?|tears?|smiled?|smiles|whisper(?:ed|s)?|hands?|cried|wept|heart)\b|"
    r"脸|眼|泪|笑|低声|手|哭|心",
    re.IGNORECASE,
)
_SPEECH_TAG = re.compile(
    r"\b(?:said|says|asked|asks|replied|whispered|shouted|cried|called|answered)\b|"
    r"说|问|喊|叫道|答|道",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_SIZE_CYCLE = (ShotSize.WIDE, ShotSize.MEDIUM, ShotSize.CLOSE_UP)


def shot_width_limit(language: Language) -> int:
    """Widest narration a shot may carry, in half-width units (about 9 s of the language's
    default voice). Its subtitles are paged (media.subtitles.cues_for_speech), so a shot may
    hold several pages."""
    return round(_SHOT_SPEECH_S * READING_PACE[language])


@dataclass(frozen=True)
class _Unit:
    """A sentence (or a clause of a long one) and what marks a beat at it."""

    span: TextSpan
    scene: SceneReading
    dialogue: bool
    new_paragraph: bool  # a blank line before it


def _beat(shot: list[_Unit], unit: _Unit) -> tuple[bool, bool]:
    """(strong, weak) beats between a shot so far and the next unit. Strong: a new paragraph,
    a change of place or of time. Weak: a change of weather, or speech after narration (or
    narration after speech)."""
    last = shot[-1]
    setting = next((u.scene.setting for u in reversed(shot) if u.scene.setting), None)
    place = next((u.scene.place for u in reversed(shot) if u.scene.place), None)
    time = next((u.scene.time for u in reversed(shot) if u.scene.time), None)
    weather = next((u.scene.weather for u in reversed(shot) if u.scene.weather), None)
    scene = unit.scene
    moved = scene.setting is not None and (
        (setting is not None and scene.setting != setting)
        or (place is not None and scene.place is not None and scene.place != place)
    )
    later = scene.time is not None and time is not None and scene.time != time
    strong = unit.new_paragraph or moved or later
    weak = (scene.weather is not None and weather is not None and scene.weather != weather) or (
        unit.dialogue != last.dialogue
    )
    return strong, weak


def _is_tag(last: _Unit, unit: _Unit, limit: int) -> bool:
    """Whether a unit only says who spoke the words before it ("小月说。", "she said.")."""
    return (
        last.dialogue
        and not unit.dialogue
        and display_width(unit.span.text) < limit * _SHORT
        and _SPEECH_TAG.search(unit.span.text) is not None
    )


def _cut_at_beats(
    units: list[TextSpan], story: str, limit: int, cast: list[CastMember]
) -> list[TextSpan]:
    """Group sentences into shots as a storyboard artist cuts: a shot runs on while the story
    stays in one place and time and its speech stays under the limit; it is cut at a new
    paragraph, place or time, and (unless the shot or the sentence is short) at a change of
    weather or at speech. Sentences are never split here (split_to_width did that to the
    long ones)."""
    read: list[_Unit] = []
    previous_end = 0
    for span in units:
        read.append(
            _Unit(
                span=span,
                scene=read_scene(without_names(span.text, cast)),
                dialogue=_DIALOGUE.search(span.text) is not None,
                new_paragraph=_PARAGRAPH_BREAK.search(story, previous_end, span.start) is not None,
            )
        )
        previous_end = span.end
    shots: list[list[_Unit]] = []
    for unit in read:
        if shots:
            shot = shots[-1]
            merged = display_width(story[shot[0].span.start : unit.span.end])
            strong, weak = _beat(shot, unit)
            short = (
                min(
                    display_width(story[shot[0].span.start : shot[-1].span.end]),
                    display_width(unit.span.text),
                )
                < limit * _SHORT
            )
            # "丫丫小声说。" after the words she says stays with them, past the limit if need be
            tag = _is_tag(shot[-1], unit, limit)
            if (merged <= limit or tag) and not strong and (short or not weak):
                shot.append(unit)
                continue
        shots.append([unit])
    return [
        TextSpan(
            shot[0].span.start, shot[-1].span.end, story[shot[0].span.start : shot[-1].span.end]
        )
        for shot in shots
    ]


_CLAUSE = re.compile(r"[^,.;!?，。；！？]+")
# someone going somewhere: "walked down to the dock", "走到河边", "回到了家"
_GOES_TO = re.compile(
    r"\b(?:walked|went|ran|hurried|climbed|drove|rode|sailed|rowed|came|headed|stepped|"
    r"wandered|marched|crossed)\b[^,.;!?]*?\b(?:to|into|onto|down to|up to|over to|back to|"
    r"towards?)\b|(?:走|跑|来|回|赶|爬|游|划|开|骑)(?:到|进|回|上)了?",
    re.IGNORECASE,
)


def _where_it_ends(text: str) -> SceneReading | None:
    """Where a shot whose people go somewhere ends up: the place of its last clause that
    takes them there, if an earlier clause named another."""
    places = [
        (clause, reading)
        for clause in _CLAUSE.findall(text)
        if (reading := read_scene(clause)).place is not None
    ]
    if len(places) < 2 or not _GOES_TO.search(places[-1][0]):
        return None
    return places[-1][1]


def _here(text: str, scene: SceneReading, reader: CastReader) -> str:
    """The text without what it says of someone not seen yet who is elsewhere day by day:
    "她叫阿花，七岁，爸爸在城里的工地上干活。" in the village shows her, not her father in the
    city ("All afternoon they worked in the orchard" is where they are)."""
    for start, end, place in away_clauses(text):
        if scene.place is not None and place != scene.place and reader.unseen_in(text[start:end]):
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _establishes(index: int, reading: SceneReading, earlier: SceneReading) -> bool:
    """Whether a shot shows a place for the first time: the first, or a new setting."""
    return index == 0 or (reading.setting is not None and reading.setting != earlier.setting)


def _choose_size(
    index: int,
    text: str,
    reading: SceneReading,
    earlier: SceneReading,
    chosen: list[ShotSize],
    people: int,
) -> ShotSize:
    if index == 0 or people == 0:
        return ShotSize.WIDE  # the first shot, and a place with nobody in it
    if _establishes(index, reading, earlier):
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
    limit = shot_width_limit(language)
    units: list[TextSpan] = []
    for sentence in split_sentences(story):
        units.extend(split_to_width(sentence, story, limit))
    if not units:
        raise ValueError("the story has no text to narrate")
    bible = story_bible(request, language)
    grouped = _cut_at_beats(units, story, limit, bible.cast)
    looks = {member.name: member for member in bible.cast}
    reader = CastReader(bible)

    shots: list[ShotSpec] = []
    sizes: list[ShotSize] = []
    # before the story says where, shots show its first place (a title, an opening line)
    # (the first the story names: "老杨在大山里 ..." opens in the mountains, not at the
    # waterfall it comes to later)
    opening = next(
        (
            reading
            for sentence in split_sentences(without_names(story, bible.cast))
            if (reading := read_scene(sentence.text)).place is not None
        ),
        read_scene(without_names(story, bible.cast)),
    )
    scene = SceneReading(setting=opening.setting, place=opening.place)
    previous: str | None = None
    for index, span in enumerate(grouped):
        here = _here(span.text, scene, reader) if index else span.text
        reading = read_scene(without_names(here, bible.cast))
        cast = reader.read(
            here,
            continues=index > 0 and ends_mid_sentence(grouped[index - 1].text),
            moved=reading.place is not None and reading.place != scene.place,
        )
        size = _choose_size(index, span.text, reading, scene, sizes, len(cast))
        establishing = _establishes(index, reading, scene)
        scene = reading.carried_from(scene)
        sizes.append(size)
        members = [looks[name] for name in cast]
        picture = None
        if describe is not None:
            picture = describe(
                ShotContext(
                    index=index, text=span.text, language=language, cast=members, bible=bible,
                    props=shot_props(here, bible.cast), scene=scene.describe(),
                    previous=previous,
                )
            )  # fmt: skip
            previous = picture or previous
        prompt, props = compose_prompt(
            size=size,
            cast=members,
            text=here,
            scene=scene,
            style=request.style,
            picture=picture,
            establishing=establishing,
            story_cast=bible.cast,
        )
        # the next shot goes on from where this one ends: "We drank cocoa in her kitchen,
        # then walked down to the dock" / "the engine would not start" is at the dock
        ending = _where_it_ends(without_names(here, bible.cast))
        if ending is not None and ending.place != scene.place:
            scene = replace(scene, setting=ending.setting, place=ending.place)
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
