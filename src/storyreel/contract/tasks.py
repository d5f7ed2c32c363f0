"""Task types and statuses, identical on client, server and model node."""

from __future__ import annotations

from enum import Enum


class TaskType(str, Enum):
    """One long step of the pipeline."""

    STORYBOARD = "storyboard"
    KEYFRAME = "keyframe"
    MOTION = "motion"
    NARRATION = "narration"
    EXPORT = "export"
    DOCUMENT = "document"  # a storyboard PDF, an editor's timeline or the stems of an export

    @property
    def on_worker(self) -> bool:
        """Made by the server's worker from what the project has (not by a model node)."""
        return self in (TaskType.EXPORT, TaskType.DOCUMENT)


class TaskStatus(str, Enum):
    """Lifecycle of a task: exactly these four values everywhere."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SUCCESS = "SUCCESS"
    FAILED = "FAILED"

    @property
    def is_final(self) -> bool:
        """True when the task will not change any more."""
        return self in (TaskStatus.SUCCESS, TaskStatus.FAILED)
