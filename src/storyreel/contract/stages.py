"""Request and result shapes of each model stage (storyboard, keyframe, narration, export)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from storyreel.contract.look import SubtitleStyle, Transition
from storyreel.contract.storyboard import (
    MAX_PROMPT_CHARS,
    AspectRatio,
    CastMember,
    Language,
    ShotSize,
    Storyboard,
)

DEFAULT_MAX_STORY_CHARS = 20_000


StoryLength = Literal["short", "medium", "long"]
MAX_TOPIC_CHARS = 300


class StoryboardRequest(BaseModel):
    """Cut a story into shots; or, given a topic and no story, have an LLM write the story
    first (in `language`, `story_length` short, medium or long) and cut that."""

    model_config = ConfigDict(extra="forbid")

    story: str = ""
    topic: str | None = Field(default=None, max_length=MAX_TOPIC_CHARS)
    story_length: StoryLength = "short"
    title: str = Field(default="Untitled", max_length=200)
    language: Language | None = None  # None: detect from the text
    style: str = Field(default="", max_length=300)
    aspect: AspectRatio = AspectRatio.LANDSCAPE
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    # a cast a person wrote or edited: used as given (names, looks) instead of the one read
    # from the story; None: read it from the story
    cast: list[CastMember] | None = Field(default=None, max_length=24)

    @model_validator(mode="after")
    def _a_story_or_a_topic(self) -> StoryboardRequest:
        if not self.story.strip() and not (self.topic or "").strip():
            raise ValueError("a storyboard needs a story, or a topic to write one from")
        return self


class StoryboardResult(BaseModel):
    """A storyboard and which backend wrote it."""

    model_config = ConfigDict(extra="forbid")

    storyboard: Storyboard
    backend: str
    # Set when a model backend failed and the planner wrote the storyboard instead.
    fallback_reason: str | None = None
    story: str | None = None  # the story an LLM wrote from the request's topic


class KeyframeRequest(BaseModel):
    """Render one keyframe for a shot."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS)
    seed: int = Field(ge=0, le=2**32 - 1)
    width: int = Field(ge=64, le=4096)
    height: int = Field(ge=64, le=4096)
    shot_size: ShotSize = ShotSize.MEDIUM


class KeyframeResult(BaseModel):
    """A rendered keyframe image."""

    model_config = ConfigDict(extra="forbid")

    uri: str  # local path, or URL once stored remotely
    width: int
    height: int
    backend: str


class NarrationRequest(BaseModel):
    """Speak one shot's narration."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000)
    language: Language
    voice: str | None = None  # None: the language's default voice


class NarrationResult(BaseModel):
    """Speech audio for one shot."""

    model_config = ConfigDict(extra="forbid")

    uri: str
    duration_s: float = Field(ge=0)
    sample_rate: int
    voice: str


class ShotMedia(BaseModel):
    """The rendered assets of one shot, as the compositor needs them."""

    model_config = ConfigDict(extra="forbid")

    keyframe_uri: str
    narration_uri: str
    narration_duration_s: float = Field(ge=0)


class ExportRequest(BaseModel):
    """Compose a storyboard's shots into one MP4."""

    model_config = ConfigDict(extra="forbid")

    storyboard: Storyboard
    media: list[ShotMedia]
    output_path: str
    short_side: int = Field(default=720, ge=144, le=2160)
    fps: int = Field(default=24, ge=10, le=60)
    burn_subtitles: bool = True
    # integrated loudness of the sound (EBU R128, LUFS; true peak kept under -1 dBTP);
    # None leaves the narration as the voices made it
    loudness_lufs: float | None = Field(default=-16.0, ge=-40.0, le=-5.0)
    # a music bed under the narration: a bundled bed's name ("calm", "dusk"), a sound file
    # on the compositor's machine, or None for none
    music: str | None = Field(default=None, max_length=1000)
    music_volume_db: float = Field(default=-12.0, ge=-40.0, le=0.0)  # vs the speech, unducked
    duck_db: float = Field(default=12.0, ge=0.0, le=40.0)  # how far it goes down under speech
    # also write the mix's parts here: narration.wav and, with music, music.wav (the bed as
    # ducked), both before the mix's loudness gain
    stems_dir: str | None = None
    # between shots, unless a shot says otherwise (ShotSpec.transition)
    transition: Transition = Transition.CROSSFADE
    subtitles: SubtitleStyle = SubtitleStyle()


class ExportResult(BaseModel):
    """An exported video and its subtitles."""

    model_config = ConfigDict(extra="forbid")

    video_path: str
    subtitles_path: str
    duration_s: float
    shot_count: int
    segments_encoded: int  # segments re-encoded this time (the rest came from the cache)
    segments_total: int
    # The storyboard as composited: each shot's duration_s is its length in the video.
    storyboard: Storyboard
    encoder: str = "libx264"  # the H.264 encoder used (h264_nvenc, h264_vaapi, libx264)
    encoder_note: str = ""  # why not a hardware one, when none works here
