"""Storyboard and shot specifications."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from storyreel.contract.look import Transition

MAX_PROMPT_CHARS = 1000


class Language(str, Enum):
    """Language of a story and its narration."""

    EN = "en"
    ZH = "zh"


class AspectRatio(str, Enum):
    """Frame shape of the exported video."""

    LANDSCAPE = "16:9"
    PORTRAIT = "9:16"
    SQUARE = "1:1"

    def frame_size(self, short_side: int = 720) -> tuple[int, int]:
        """Width and height in pixels for a given short side (even numbers, for H.264)."""
        short = short_side - short_side % 2
        long = (short * 16 // 9) // 2 * 2
        if self is AspectRatio.LANDSCAPE:
            return long, short
        if self is AspectRatio.PORTRAIT:
            return short, long
        return short, short


class ShotSize(str, Enum):
    """How much of the scene a shot frames."""

    WIDE = "wide"
    MEDIUM = "medium"
    CLOSE_UP = "close_up"


class CastMember(BaseModel):
    """A character of the story, drawn and described the same way in every shot."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=60)  # in English: how every prompt names them
    # how the story names them: "林小月", "小月", "the lantern-maker's daughter"
    story_names: list[str] = Field(default_factory=list, max_length=12)
    # fixed English look (age, build, hair, clothes and their colours), in every prompt
    look: str = Field(min_length=1, max_length=300)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)  # the same face shot after shot


class ShotSpec(BaseModel):
    """One shot of a storyboard: what is seen, what is said, for how long."""

    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=0)
    narration: str = Field(min_length=1)
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS)
    shot_size: ShotSize = ShotSize.MEDIUM
    seed: int = Field(ge=0, le=2**32 - 1)
    # Character offsets of the narration in the original story: [source_start, source_end).
    source_start: int = Field(ge=0)
    source_end: int = Field(ge=0)
    # Known once the narration audio exists; the shot lasts as long as its speech plus padding.
    duration_s: float | None = Field(default=None, gt=0)
    # who and what the shot shows (the cast's English names; props in English)
    cast: list[str] = Field(default_factory=list)
    props: list[str] = Field(default_factory=list)
    # how this shot comes in after the one before (None: the export's transition)
    transition: Transition | None = None

    @model_validator(mode="after")
    def _span_is_ordered(self) -> ShotSpec:
        if self.source_end <= self.source_start:
            raise ValueError("source_end must be after source_start")
        return self


class Storyboard(BaseModel):
    """A story cut into shots, in order."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="Untitled", max_length=200)
    language: Language
    style: str = Field(default="", max_length=300)
    aspect: AspectRatio = AspectRatio.LANDSCAPE
    shots: list[ShotSpec] = Field(min_length=1)
    # the story bible: its characters with their fixed looks, its places and key props
    cast: list[CastMember] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    props: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shots_are_in_order(self) -> Storyboard:
        for position, shot in enumerate(self.shots):
            if shot.index != position:
                raise ValueError(f"shot at position {position} has index {shot.index}")
        for before, after in zip(self.shots, self.shots[1:]):
            if after.source_start < before.source_end:
                raise ValueError(f"shot {after.index} overlaps shot {before.index} in the story")
        return self

    @property
    def total_narration_chars(self) -> int:
        """Number of narration characters across all shots."""
        return sum(len(shot.narration) for shot in self.shots)


class EditedShot(Protocol):
    """A shot as a project holds it after edits: a server row, or the client's ShotInfo."""

    narration: str
    prompt: str
    seed: int
    length_s: float | None  # trimmed by a person; None: as long as the narration needs

    @property
    def shot_size(self) -> str: ...

    @property
    def transition(self) -> str: ...  # how it comes in; "": the export's transition


def storyboard_from_shots(
    *,
    title: str,
    language: Language | str,
    style: str,
    aspect: AspectRatio | str,
    shots: Sequence[EditedShot],
) -> Storyboard:
    """The Storyboard of a project's shots in their current order, for the compositor and
    for the .json beside an MP4. Shots may have been reordered, edited or deleted, so the
    source offsets are those of the narrations joined in this order (one separator each);
    a duration is set only where a person trimmed the shot: the compositor makes each shot
    at least as long as its narration audio needs."""
    specs, offset = [], 0
    for position, shot in enumerate(shots):
        specs.append(
            ShotSpec(
                index=position,
                narration=shot.narration,
                prompt=shot.prompt,
                shot_size=ShotSize(shot.shot_size),
                seed=shot.seed,
                duration_s=shot.length_s or None,
                transition=Transition(shot.transition) if shot.transition else None,
                source_start=offset,
                source_end=offset + len(shot.narration),
            )
        )
        offset += len(shot.narration) + 1
    return Storyboard(
        title=title[:200] or "Untitled",
        language=Language(language),
        style=style,
        aspect=AspectRatio(aspect),
        shots=specs,
    )
