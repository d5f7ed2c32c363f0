"""The server's REST shapes as the client reads them (`/api/...` answers).

The server's serializers produce these; a test validates every answer against them, so the
two cannot drift apart silently.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from storyreel.contract.fleet import NodeInfo
from storyreel.contract.node import VoiceInfo
from storyreel.contract.storyboard import AspectRatio, CastMember, Language, ShotSize
from storyreel.contract.tasks import TaskStatus, TaskType


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class TokenInfo(_Answer):
    user_id: int
    token: str


class TaskInfo(_Answer):
    task_id: str
    type: TaskType
    status: TaskStatus
    err_msg: str = ""
    result_data: dict[str, Any] = Field(default_factory=dict)
    project_id: int
    shot_id: int | None = None
    attempts: int = 0
    backend: str = ""  # "": the node's default
    node: str = ""  # the node that ran it: a pull node's name, or a push node's URL
    created_at: datetime
    updated_at: datetime

    @property
    def finished(self) -> bool:
        return self.status in (TaskStatus.SUCCESS, TaskStatus.FAILED)


class ProjectInfo(_Answer):
    id: int
    title: str
    style: str = ""
    language: Language
    aspect: AspectRatio
    voice: str = ""
    seed: int = 0
    topic: str = ""  # what an LLM wrote the story from ("" for a story a person gave)
    # the story bible: who is in it with their fixed looks; where; the key props
    cast: list[CastMember] = Field(default_factory=list)
    cast_fixed: bool = False  # a person set the cast
    places: list[str] = Field(default_factory=list)
    props: list[str] = Field(default_factory=list)
    video_url: str = ""
    subtitles_url: str = ""
    thumbnail_url: str = ""
    thumbnail_key: str = ""  # media keys name a file for good: a client caches by them
    video_key: str = ""
    shot_count: int = 0
    image_count: int = 0
    narration_count: int = 0
    created_at: datetime
    updated_at: datetime


class ShotInfo(_Answer):
    id: int
    project_id: int
    order: int
    prompt: str
    narration: str
    shot_size: ShotSize
    seed: int
    source_start: int = 0
    source_end: int = 0
    image_url: str = ""
    video_url: str = ""
    audio_url: str = ""
    image_key: str = ""
    video_key: str = ""
    audio_key: str = ""
    duration_s: float | None = None  # the narration's length
    length_s: float | None = None  # the length a person trimmed the shot to (None: as needed)
    transition: str = ""  # how the shot comes in (a Transition); "": the export's
    status: TaskStatus
    made_by: dict[str, str] = Field(default_factory=dict)  # stage -> the node that made it
    updated_at: datetime


class StoryboardView(_Answer):
    project: ProjectInfo
    shots: list[ShotInfo]


class ProjectCreated(_Answer):
    project: ProjectInfo
    task: TaskInfo


class VoiceList(_Answer):
    """The narration voices the server's model node offers: names, and for each its
    language and a readable description (`details`)."""

    voices: list[str]
    details: list[VoiceInfo] = []


class NodeList(_Answer):
    """`GET /api/nodes`: every model node the server knows, and the jobs waiting per queue."""

    nodes: list[NodeInfo]
    queues: dict[str, int] = Field(default_factory=dict)
    mode: str = "push"


class ShotVersionInfo(_Answer):
    id: int
    prompt: str
    narration: str
    seed: int
    image_url: str = ""
    audio_url: str = ""
    image_key: str = ""
    audio_key: str = ""
    duration_s: float | None = None
    reason: str
    created_at: datetime


class EstimateInfo(_Answer):
    """How long a story will take on the server, stage by stage, before anything is made."""

    shots: int
    video_s: float
    stages: dict[str, float]  # storyboard, keyframes, narration, export: expected seconds
    total_s: float
    samples: dict[str, int] = Field(default_factory=dict)  # finished tasks behind each speed
    note: str = ""  # what has no measured speed yet on this server


class TimingInfo(_Answer):
    """How long the server worked on a project, stage by stage (what EstimateInfo foretold)."""

    stages: dict[str, float]  # storyboard, keyframes, narration, export: seconds
    total_s: float
