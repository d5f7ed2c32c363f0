"""Everything that can happen to the client's state, as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyreel.client.core.state import Edit, ExportChoices, Fix, Page, TaskView
from storyreel.contract import VoiceInfo
from storyreel.contract.api import (
    EstimateInfo,
    ProjectInfo,
    ShotInfo,
    ShotVersionInfo,
    StoryboardView,
    TimingInfo,
)
from storyreel.contract.fleet import NodeInfo

if TYPE_CHECKING:
    from storyreel.pipeline.animatic import Animatic


@dataclass(frozen=True)
class Navigate:
    page: Page


@dataclass(frozen=True)
class ConnectionChanged:
    online: bool


@dataclass(frozen=True)
class SignedIn:
    username: str


@dataclass(frozen=True)
class SignedOut:
    pass


@dataclass(frozen=True)
class ProjectsLoaded:
    projects: tuple[ProjectInfo, ...]
    from_cache: bool = False
    search: str = ""


@dataclass(frozen=True)
class VoicesLoaded:
    voices: tuple[VoiceInfo, ...]


@dataclass(frozen=True)
class NodesLoaded:
    nodes: tuple[NodeInfo, ...]
    mode: str  # "push" or "pull"


@dataclass(frozen=True)
class LocalExportProgress:
    progress: float | None  # 0..1 while composing here; None when done or failed


@dataclass(frozen=True)
class EstimateReady:
    estimate: EstimateInfo | None  # how long the story on the Create page will take


@dataclass(frozen=True)
class TimingReady:
    project_id: int
    timing: TimingInfo  # how long the server worked on the project, per stage


@dataclass(frozen=True)
class ExportChoicesChanged:
    choices: ExportChoices  # the transition, subtitles and music the next export uses


@dataclass(frozen=True)
class LocalExportDone:
    video: str  # the MP4's path


@dataclass(frozen=True)
class PosterReady:
    video: str  # the video's path
    poster: str  # a PNG of a frame near its start


@dataclass(frozen=True)
class AnimaticReady:
    key: tuple[object, ...]  # state.animatic_key of the shots it shows
    animatic: Animatic


@dataclass(frozen=True)
class VoiceSampleReady:
    voice: str
    path: str  # a WAV on this computer


@dataclass(frozen=True)
class SelectionChanged:
    shot_ids: tuple[int, ...]


@dataclass(frozen=True)
class ProjectOpened:
    view: StoryboardView
    from_cache: bool = False


@dataclass(frozen=True)
class Edited:
    """A person changed something undo can take back (a new edit forgets the redo list)."""

    edit: Edit


@dataclass(frozen=True)
class Undone:
    edit: Edit


@dataclass(frozen=True)
class Redone:
    edit: Edit


@dataclass(frozen=True)
class ProjectCreated:
    """A new project, opened on its storyboard (where its shots will arrive)."""

    view: StoryboardView


@dataclass(frozen=True)
class ProjectDeleted:
    project_id: int


@dataclass(frozen=True)
class ShotChanged:
    shot: ShotInfo


@dataclass(frozen=True)
class ShotsReordered:
    shots: tuple[ShotInfo, ...]


@dataclass(frozen=True)
class ShotRemoved:
    shot_id: int


@dataclass(frozen=True)
class ShotSelected:
    shot_id: int


@dataclass(frozen=True)
class VersionsLoaded:
    shot_id: int
    versions: tuple[ShotVersionInfo, ...]


@dataclass(frozen=True)
class TaskChanged:
    """A task started, or its status (or progress) changed: from an answer or an event."""

    task: TaskView


@dataclass(frozen=True)
class Busy:
    what: str  # "" when done


@dataclass(frozen=True)
class Failed:
    message: str
    fix: Fix = Fix.NONE


@dataclass(frozen=True)
class Informed:
    message: str


@dataclass(frozen=True)
class NoticeDismissed:
    pass


@dataclass(frozen=True)
class PendingEdits:
    count: int


Action = (
    Navigate
    | ConnectionChanged
    | SignedIn
    | SignedOut
    | ProjectsLoaded
    | VoicesLoaded
    | NodesLoaded
    | LocalExportProgress
    | ExportChoicesChanged
    | EstimateReady
    | TimingReady
    | LocalExportDone
    | PosterReady
    | AnimaticReady
    | SelectionChanged
    | VoiceSampleReady
    | ProjectOpened
    | ProjectCreated
    | Edited
    | Undone
    | Redone
    | ProjectDeleted
    | ShotChanged
    | ShotsReordered
    | ShotRemoved
    | ShotSelected
    | VersionsLoaded
    | TaskChanged
    | Busy
    | Failed
    | Informed
    | NoticeDismissed
    | PendingEdits
)
