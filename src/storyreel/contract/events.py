"""Realtime events the server pushes to clients over the project's WebSocket."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storyreel.contract.tasks import TaskStatus, TaskType


class TaskEvent(BaseModel):
    """A task changed status."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["task"] = "task"
    task_id: str
    task_type: TaskType
    status: TaskStatus
    project_id: int
    shot_id: int | None = None
    err_msg: str = ""
    progress: float | None = None  # 0..1 while RUNNING, where the stage can tell (export)
    seq: int | None = None  # its number among the project's events (replay: ?since=seq)


class ShotEvent(BaseModel):
    """A shot changed (new image, narration, prompt, order); a client that has not seen this
    change yet (its copy is older than `updated_at`) refetches it."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["shot"] = "shot"
    project_id: int
    shot_id: int
    status: TaskStatus
    updated_at: datetime | None = None  # the shot's updated_at after the change
    seq: int | None = None  # its number among the project's events (replay: ?since=seq)
