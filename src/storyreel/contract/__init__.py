"""The one contract every tier shares: storyboard, shots, tasks and stage messages.

No other module re-declares these shapes; client, server and model node import them here.
"""

from storyreel.contract.events import ShotEvent, TaskEvent
from storyreel.contract.node import (
    BackendInfo,
    Capabilities,
    ErrorBody,
    FieldError,
    JobAccepted,
    KeyframeJob,
    MotionJob,
    MotionRequest,
    MotionResult,
    NarrationJob,
    NodeHealth,
    NodeJob,
    StageResult,
    StoryboardJob,
    VoiceInfo,
    WebhookPayload,
)
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
    CastMember,
    Language,
    ShotSize,
    ShotSpec,
    Storyboard,
    storyboard_from_shots,
)
from storyreel.contract.tasks import TaskStatus, TaskType
from storyreel.contract.video import VideoOrder, VideoSummary

__all__ = [
    "MAX_PROMPT_CHARS",
    "AspectRatio",
    "BackendInfo",
    "Capabilities",
    "CastMember",
    "ErrorBody",
    "ExportRequest",
    "ExportResult",
    "FieldError",
    "JobAccepted",
    "KeyframeJob",
    "KeyframeRequest",
    "KeyframeResult",
    "Language",
    "MotionJob",
    "MotionRequest",
    "MotionResult",
    "NarrationJob",
    "NarrationRequest",
    "NarrationResult",
    "NodeHealth",
    "NodeJob",
    "ShotEvent",
    "ShotMedia",
    "ShotSize",
    "ShotSpec",
    "StageResult",
    "Storyboard",
    "StoryboardJob",
    "StoryboardRequest",
    "StoryboardResult",
    "TaskEvent",
    "TaskStatus",
    "TaskType",
    "VideoOrder",
    "VideoSummary",
    "VoiceInfo",
    "WebhookPayload",
    "storyboard_from_shots",
]
