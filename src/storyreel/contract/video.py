"""A video as a person orders it, and what a run made: the same for the in-process pipeline
(`storyreel render`) and the flow through a server (`storyreel demo`, the client)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from storyreel.contract.look import SubtitleStyle, Transition
from storyreel.contract.storyboard import AspectRatio, Language


class VideoOrder(BaseModel):
    """What a person asks for: a story and how the video should look and sound."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    story: str
    title: str = Field(default="Untitled", max_length=200)
    language: Language | None = None  # None: detect from the text
    aspect: AspectRatio = AspectRatio.LANDSCAPE
    voice: str | None = None  # None: the language's default voice
    style: str = Field(default="", max_length=300)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    short_side: int = Field(default=720, ge=144, le=2160)
    fps: int = Field(default=24, ge=10, le=60)  # film rate: a 0.5 s crossfade is 12 frames
    # EBU R128 integrated loudness of the video's sound; None: as the voices made it
    loudness_lufs: float | None = Field(default=-16.0, ge=-40.0, le=-5.0)
    music: str | None = Field(default=None, max_length=1000)  # a bundled bed's name, or a file
    music_volume_db: float = Field(default=-12.0, ge=-40.0, le=0.0)
    duck_db: float = Field(default=12.0, ge=0.0, le=40.0)
    transition: Transition = Transition.CROSSFADE  # between shots
    subtitles: SubtitleStyle = SubtitleStyle()


class VideoSummary(BaseModel):
    """What a run made: the MP4, its subtitles and storyboard (.srt and .json beside it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    video: Path
    subtitles: Path
    storyboard: Path
    shots: int
    duration_s: float
    elapsed_s: float
    stage_seconds: dict[str, float] = Field(default_factory=dict)
    project_id: int | None = None  # set when a server made it
    keyframes: list[Path] = Field(default_factory=list)  # each shot's picture, when kept here
    narrations: list[Path] = Field(default_factory=list)  # each shot's narration (WAV), idem
    encoder: str = ""  # the H.264 encoder the export used, when known here
    encoder_note: str = ""  # why not a hardware encoder, when none works here
    # what the server expected before the run (its estimate), and what it could not price
    expected_s: float | None = None
    expected_note: str = ""
