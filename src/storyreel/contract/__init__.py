"""The one contract every tier shares: storyboard, shots, tasks and stage messages.

No other module re-declares these shapes; client, server and model node import them here.
"""

from storyreel.contract.stages import (
    ExportRequest,
    ExportResult,
    KeyframeRequest,
    KeyframeResult,
    NarrationRequest,
    NarrationResult,
    ShotMedia,
    StoryboardRequest,
    StoryboardResult,
)
from storyreel.contract.storyboard import (
    MAX_PROMPT_CHARS,
    AspectRatio,
    Language,
    ShotSize,
    ShotSpec,
    Storyboard,
)
from storyreel.contract.tasks import TaskStatus, TaskType

__all__ = [
    "MAX_PROMPT_CHARS",
    "AspectRatio",
    "ExportRequest",
    "ExportResult",
    "KeyframeRequest",
    "KeyframeResult",
    "Language",
    "NarrationRequest",
    "NarrationResult",
    "ShotMedia",
    "ShotSize",
    "ShotSpec",
    "Storyboard",
    "StoryboardRequest",
    "StoryboardResult",
    "TaskStatus",
    "TaskType",
]
