"""Model node messages: jobs in, accepted/outcome out, the webhook payload and capabilities."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from storyreel.contract.stages import (
    KeyframeRequest,
    KeyframeResult,
    NarrationRequest,
    NarrationResult,
    StoryboardRequest,
    StoryboardResult,
)
from storyreel.contract.storyboard import Language, ShotSize
from storyreel.contract.tasks import TaskStatus, TaskType

TaskId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
BackendName = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_.-]+$")]


class MotionRequest(BaseModel):
    """Animate one keyframe into a short clip (image-to-video)."""

    model_config = ConfigDict(extra="forbid")

    image_uri: str = Field(min_length=1, max_length=2000)  # a URL or a path on the node
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    frames: int = Field(default=14, ge=2, le=128)
    fps: int = Field(default=7, ge=1, le=60)
    width: int = Field(default=1024, ge=64, le=4096)
    height: int = Field(default=576, ge=64, le=4096)
    shot_size: ShotSize = ShotSize.MEDIUM
    motion_bucket_id: int = Field(
        default=127, ge=1, le=255
    )  # how much Stable Video Diffusion moves


class MotionResult(BaseModel):
    """An animated clip of a shot (MP4, H.264)."""

    model_config = ConfigDict(extra="forbid")

    uri: str
    frames: int
    fps: int
    width: int
    height: int
    backend: str


P = TypeVar("P", bound=BaseModel)


class NodeJob(BaseModel, Generic[P]):
    """One unit of model work the server sends to a node."""

    model_config = ConfigDict(extra="forbid")

    task_id: TaskId
    # Where the node reports the outcome; None with ?wait=true (the response carries it).
    callback_url: str | None = Field(default=None, max_length=2000)
    backend: BackendName | None = None  # None: the node's configured default for the stage
    payload: P


StoryboardJob = NodeJob[StoryboardRequest]
KeyframeJob = NodeJob[KeyframeRequest]
MotionJob = NodeJob[MotionRequest]
NarrationJob = NodeJob[NarrationRequest]

StageResult = StoryboardResult | KeyframeResult | MotionResult | NarrationResult

# What each stage's job carries (a pull node reads a leased job's payload with these).
STAGE_REQUESTS: dict[TaskType, type[BaseModel]] = {
    TaskType.STORYBOARD: StoryboardRequest,
    TaskType.KEYFRAME: KeyframeRequest,
    TaskType.MOTION: MotionRequest,
    TaskType.NARRATION: NarrationRequest,
}


# A stage has one name from the UI to the node; the original draft's routes stay as aliases.
STAGE_ROUTES = {
    TaskType.STORYBOARD: "/storyboard",
    TaskType.KEYFRAME: "/keyframe",
    TaskType.MOTION: "/motion",
    TaskType.NARRATION: "/narration",
}
ROUTE_ALIASES = {
    TaskType.STORYBOARD: "/llm/storyboard",
    TaskType.KEYFRAME: "/sd_generate",
    TaskType.MOTION: "/svd_generate",
    TaskType.NARRATION: "/tts",
}


class JobAccepted(BaseModel):
    """The node's answer when it queued a job (HTTP 202)."""

    model_config = ConfigDict(extra="forbid")

    task_id: str
    task_type: TaskType
    status: TaskStatus
    backend: str
    queue_position: int = Field(ge=0)  # jobs ahead of this one on its device


class CallbackProbe(BaseModel):
    """`POST /probe` on a node: can it call this URL back, and does the server there accept
    its signature? (`storyreel doctor` asks.)"""

    model_config = ConfigDict(extra="forbid")

    callback_url: str = Field(max_length=2000)


class CallbackProbeResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allowed: bool  # the URL's host is in the node's STORYREEL_NODE_CALLBACK_ALLOW
    status: int | None = None  # what the server answered (None: not reached)
    detail: str = ""


PROBE_BODY = b'{"probe":true}'  # what a probe posts, signed like a result


class WebhookPayload(BaseModel):
    """A job's outcome: posted to the callback URL, or returned by ?wait=true."""

    model_config = ConfigDict(extra="forbid")

    task_id: str
    task_type: TaskType
    status: Literal[TaskStatus.SUCCESS, TaskStatus.FAILED]
    backend: str
    result: StageResult | None = None
    err_msg: str | None = None
    model_ms: float = Field(default=0.0, ge=0)  # time spent in the model, load included
    finished_at: datetime


class BackendInfo(BaseModel):
    """One backend of one stage, as `/capabilities` reports it."""

    model_config = ConfigDict(extra="forbid")

    stage: TaskType
    name: str
    default: bool
    available: bool
    loaded: bool
    device: str
    # Why it cannot run, in words, with what to install or set; None when available.
    reason: str | None = None
    description: str = ""


class VoiceInfo(BaseModel):
    """One narration voice, as a person chooses it: its name (what a request names), the
    language it speaks and a readable description."""

    name: str
    language: Language
    label: str


class Capabilities(BaseModel):
    """What a node can do. `voices` are the names alone (older servers read those);
    `voice_info` says the language and a readable description of each."""

    model_config = ConfigDict(extra="forbid")

    version: str
    devices: list[str]
    backends: list[BackendInfo]
    voices: list[str]
    voice_info: list[VoiceInfo] = Field(default_factory=list)


class NodeHealth(BaseModel):
    """Liveness, queue depth per device and the models held in memory."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["ok"] = "ok"
    queued: dict[str, int]
    loaded: list[str]


class FieldError(BaseModel):
    """One invalid field of a request."""

    model_config = ConfigDict(extra="forbid")

    field: str
    message: str


class ErrorBody(BaseModel):
    """The one JSON error shape of every 4xx/5xx answer."""

    model_config = ConfigDict(extra="forbid")

    error: str  # a stable code, e.g. "invalid_request", "queue_full"
    message: str  # one line a person can act on
    fields: list[FieldError] = Field(default_factory=list)
