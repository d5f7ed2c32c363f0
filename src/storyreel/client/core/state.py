"""The client's state: one immutable value, changed only by the reducer (store.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from storyreel.contract import SubtitleStyle, TaskStatus, TaskType, Transition, VoiceInfo
from storyreel.contract.api import EstimateInfo, ProjectInfo, ShotInfo, ShotVersionInfo, TimingInfo
from storyreel.contract.fleet import NodeInfo

if TYPE_CHECKING:
    from storyreel.pipeline.animatic import Animatic


class Page(str, Enum):
    ASSETS = "assets"
    CREATE = "create"
    STORYBOARD = "storyboard"
    SHOT = "shot"
    PREVIEW = "preview"


class Connection(str, Enum):
    UNKNOWN = "unknown"
    ONLINE = "online"
    OFFLINE = "offline"


class Fix(str, Enum):
    """What a person can do about a notice."""

    NONE = ""
    RETRY = "retry"
    LOG_IN = "log_in"
    EDIT = "edit"


@dataclass(frozen=True)
class Notice:
    """One line shown inline (never a dialog with a stack trace), and what to do about it."""

    message: str
    fix: Fix = Fix.NONE
    error: bool = True


@dataclass(frozen=True)
class TaskView:
    task_id: str
    type: TaskType
    status: TaskStatus
    project_id: int
    shot_id: int | None = None
    err_msg: str = ""
    progress: float | None = None

    @property
    def finished(self) -> bool:
        return self.status in (TaskStatus.SUCCESS, TaskStatus.FAILED)


EditValue = str | tuple[int, ...] | float | bool | None


@dataclass(frozen=True)
class Edit:
    """One change a person made that undo takes back and redo makes again.

    field       before / after
    prompt      the text (str)
    narration   the text (str)
    order       the project's shot ids in order (tuple)
    length      the shot's trimmed length in seconds (float; None = as its narration needs)
    transition  how the shot comes in (a Transition's value; "" = the export's)
    deleted     whether the shot is deleted (bool)
    version     the version whose state the shot has (int: the snapshot kept before a
                restore, and the version restored)
    """

    project_id: int
    field: str
    before: EditValue
    after: EditValue
    shot_id: int | None = None


@dataclass(frozen=True)
class ExportChoices:
    """How a person wants the export to look and sound (the Preview page's choices): the
    transition between shots that name none, the subtitles' style, a bundled music bed."""

    transition: Transition = Transition.CROSSFADE
    subtitles: SubtitleStyle = field(default_factory=SubtitleStyle)
    music: str = ""  # a bundled bed's name; "": none


def animatic_key(
    shots: tuple[ShotInfo, ...], transition: Transition = Transition.CROSSFADE
) -> tuple[object, ...]:
    """What the animatic of these shots is made from: another key, another animatic."""
    fields = ("id", "image_key", "audio_key", "duration_s", "length_s", "seed", "narration")
    return (
        transition.value,
        *(tuple(getattr(s, f) for f in (*fields, "shot_size", "transition")) for s in shots),
    )


@dataclass(frozen=True)
class AppState:
    page: Page = Page.ASSETS
    connection: Connection = Connection.UNKNOWN
    signed_in: bool = False
    username: str = ""
    projects: tuple[ProjectInfo, ...] = ()
    search: str = ""
    project: ProjectInfo | None = None  # the open project
    shots: tuple[ShotInfo, ...] = ()
    from_cache: bool = False  # what is shown came from the cache, not the server
    shot_id: int | None = None  # the shot on the detail page
    versions: tuple[ShotVersionInfo, ...] = ()
    tasks: dict[str, TaskView] = field(default_factory=dict)  # replaced, never mutated
    # the open project's tasks started since all before them had finished: what the
    # storyboard's "n of m done" counts (it starts again with the next one after a batch)
    batch: tuple[str, ...] = ()
    undo: tuple[Edit, ...] = ()  # the open project's edits, newest last
    redo: tuple[Edit, ...] = ()  # what undo took back, newest last
    busy: str = ""  # what is running that the person waits for ("" = nothing)
    notice: Notice | None = None
    pending_edits: int = 0  # edits kept while the server was away, sent when it is back
    voices: tuple[VoiceInfo, ...] = ()  # the narration voices the server's model node offers
    nodes: tuple[NodeInfo, ...] = ()  # the server's model nodes (GET /api/nodes)
    node_mode: str = ""  # how the server drives them: "push" or "pull"
    # "Export here": progress 0..1 while it runs (None otherwise), then the MP4 it made
    local_export_progress: float | None = None
    local_video: str = ""  # a local file path
    posters: dict[str, str] = field(default_factory=dict)  # video path -> poster PNG path
    voice_samples: dict[str, str] = field(default_factory=dict)  # voice -> WAV path here
    selection: tuple[int, ...] = ()  # shot ids picked on the storyboard (Ctrl/Shift+click)
    # the open project's animatic, and the animatic_key of the shots it was made from
    animatic: Animatic | None = None
    animatic_key: tuple[object, ...] = ()
    export_choices: ExportChoices = field(default_factory=ExportChoices)
    estimate: EstimateInfo | None = None  # the Create page's story, as the server prices it
    # what the server expected for the projects made here (its estimate when each was
    # created, where it had measured something), and how long it then worked on them
    expected: dict[int, EstimateInfo] = field(default_factory=dict)
    timings: dict[int, TimingInfo] = field(default_factory=dict)

    @property
    def animatic_current(self) -> bool:
        """The animatic shows the shots as they are now."""
        key = animatic_key(self.shots, self.export_choices.transition)
        return self.animatic is not None and self.animatic_key == key

    @property
    def offline(self) -> bool:
        return self.connection is Connection.OFFLINE

    @property
    def read_only(self) -> bool:
        return self.offline or self.from_cache

    @property
    def shot(self) -> ShotInfo | None:
        return next((s for s in self.shots if s.id == self.shot_id), None)

    def task_for(self, shot_id: int, kind: TaskType) -> TaskView | None:
        """The newest task of this kind for the shot (tasks keep insertion order)."""
        found = None
        for task in self.tasks.values():
            if task.shot_id == shot_id and task.type is kind:
                found = task
        return found

    def shot_status(self, shot: ShotInfo) -> str:
        """What a shot's badge says: the status of its unfinished task if it has one, else
        the shot's own, and NEW for a shot nothing was ever made for (the server calls it
        PENDING until its first task ends)."""
        for kind in (TaskType.KEYFRAME, TaskType.NARRATION, TaskType.MOTION):
            task = self.task_for(shot.id, kind)
            if task is not None and not task.finished:
                return task.status.value
        if shot.status is TaskStatus.PENDING and not (
            shot.image_key or shot.audio_key or shot.video_key
        ):
            return "NEW"
        return shot.status.value

    def batch_progress(self) -> tuple[int, int]:
        """(done, total) of the current batch of shot tasks; (0, 0) when none runs."""
        tasks = [self.tasks[t] for t in self.batch if t in self.tasks]
        done = sum(1 for t in tasks if t.finished)
        return (0, 0) if done == len(tasks) else (done, len(tasks))

    def failed_tasks(self) -> list[TaskView]:
        return [t for t in self.tasks.values() if t.status is TaskStatus.FAILED]

    def export_task(self) -> TaskView | None:
        found = None
        for task in self.tasks.values():
            if self.project and task.project_id == self.project.id and task.type is TaskType.EXPORT:
                found = task
        return found
