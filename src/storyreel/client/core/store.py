"""One store, one reducer: `reduce(state, action)` is the only way the state changes.

The views read the state and send actions; nothing else writes. The reducer is pure, so
every transition is a plain function call in the tests.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

from storyreel.client.core import actions as a
from storyreel.client.core.state import (
    AppState,
    Connection,
    Notice,
    Page,
    TaskView,
    animatic_key,
)
from storyreel.contract import TaskType
from storyreel.contract.api import ShotInfo

Listener = Callable[[AppState, AppState], None]  # (old, new)


def _replace(state: AppState, **changes: object) -> AppState:
    return dataclasses.replace(state, **changes)  # type: ignore[arg-type]


def _merge_shot(shots: tuple[ShotInfo, ...], shot: ShotInfo) -> tuple[ShotInfo, ...]:
    if any(s.id == shot.id for s in shots):
        return tuple(shot if s.id == shot.id else s for s in shots)
    return tuple(sorted((*shots, shot), key=lambda s: s.order))


def _track(state: AppState, task: TaskView) -> dict[str, TaskView]:
    tasks = dict(state.tasks)
    old = tasks.get(task.task_id)
    if old is not None and old.finished and not task.finished:
        return tasks  # a late RUNNING after SUCCESS/FAILED changes nothing
    if old is not None and task.progress is None and task.status is old.status:
        task = dataclasses.replace(task, progress=old.progress)
    tasks[task.task_id] = task
    return tasks


def _batch(state: AppState, task: TaskView) -> tuple[str, ...]:
    """A new shot task of the open project joins the running batch, or starts the next."""
    new = task.task_id not in state.tasks and task.type is not TaskType.STORYBOARD
    if not new or state.project is None or task.project_id != state.project.id:
        return state.batch
    running = any(t in state.tasks and not state.tasks[t].finished for t in state.batch)
    return (*state.batch, task.task_id) if running else (task.task_id,)


def reduce(state: AppState, action: a.Action) -> AppState:
    if isinstance(action, a.Navigate):
        notice = state.notice
        if action.page is not state.page and notice is not None and not notice.error:
            notice = None  # "Prompt saved." belongs to the page it was said on
        return _replace(state, page=action.page, notice=notice)
    if isinstance(action, a.ConnectionChanged):
        online = Connection.ONLINE if action.online else Connection.OFFLINE
        notice = state.notice
        if action.online and notice is not None and state.offline:
            notice = None  # the offline notice goes when the server is back
        return _replace(state, connection=online, notice=notice)
    if isinstance(action, a.SignedIn):
        return _replace(state, signed_in=True, username=action.username, notice=None)
    if isinstance(action, a.SignedOut):
        return AppState(connection=state.connection)
    if isinstance(action, a.ProjectsLoaded):
        return _replace(
            state,
            projects=action.projects,
            search=action.search,
            connection=Connection.OFFLINE if action.from_cache else Connection.ONLINE,
        )
    if isinstance(action, a.VoicesLoaded):
        return _replace(state, voices=action.voices)
    if isinstance(action, a.NodesLoaded):
        return _replace(state, nodes=action.nodes, node_mode=action.mode)
    if isinstance(action, a.LocalExportProgress):
        return _replace(state, local_export_progress=action.progress)
    if isinstance(action, a.LocalExportDone):
        return _replace(state, local_export_progress=None, local_video=action.video)
    if isinstance(action, a.PosterReady):
        return _replace(state, posters={**state.posters, action.video: action.poster})
    if isinstance(action, a.AnimaticReady):
        if action.key != animatic_key(state.shots, state.export_choices.transition):
            return state  # made from shots that have changed since: a newer one is coming
        return _replace(state, animatic=action.animatic, animatic_key=action.key)
    if isinstance(action, a.EstimateReady):
        return _replace(state, estimate=action.estimate)
    if isinstance(action, a.TimingReady):
        return _replace(state, timings={**state.timings, action.project_id: action.timing})
    if isinstance(action, a.ExportChoicesChanged):
        return _replace(state, export_choices=action.choices)
    if isinstance(action, a.VoiceSampleReady):
        return _replace(state, voice_samples={**state.voice_samples, action.voice: action.path})
    if isinstance(action, a.SelectionChanged):
        live = {s.id for s in state.shots}
        return _replace(state, selection=tuple(i for i in action.shot_ids if i in live))
    if isinstance(action, a.ProjectOpened):
        same = state.project is not None and state.project.id == action.view.project.id
        return _replace(
            state,
            project=action.view.project,
            shots=tuple(action.view.shots),
            from_cache=action.from_cache,
            shot_id=state.shot_id if same else None,
            versions=state.versions if same else (),
            batch=state.batch if same else (),
            undo=state.undo if same else (),
            redo=state.redo if same else (),
            selection=state.selection if same else (),
            animatic=state.animatic if same else None,
            animatic_key=state.animatic_key if same else (),
            page=state.page if same or state.page is not Page.ASSETS else Page.STORYBOARD,
        )
    if isinstance(action, a.ProjectCreated):
        estimate = state.estimate  # the story just sent, as the server priced it
        return _replace(
            state,
            expected=(
                {**state.expected, action.view.project.id: estimate}
                if estimate is not None and estimate.total_s > 0
                else state.expected
            ),
            project=action.view.project,
            shots=tuple(action.view.shots),
            from_cache=False,
            shot_id=None,
            versions=(),
            batch=(),
            undo=(),
            redo=(),
            selection=(),
            animatic=None,
            animatic_key=(),
            page=Page.STORYBOARD,
        )
    if isinstance(action, a.Edited):
        return _replace(state, undo=(*state.undo[-99:], action.edit), redo=())
    if isinstance(action, a.Undone):
        if not state.undo or state.undo[-1] != action.edit:
            return state
        return _replace(state, undo=state.undo[:-1], redo=(*state.redo, action.edit))
    if isinstance(action, a.Redone):
        if not state.redo or state.redo[-1] != action.edit:
            return state
        return _replace(state, redo=state.redo[:-1], undo=(*state.undo, action.edit))
    if isinstance(action, a.ProjectDeleted):
        projects = tuple(p for p in state.projects if p.id != action.project_id)
        if state.project is not None and state.project.id == action.project_id:
            return _replace(state, projects=projects, project=None, shots=(), page=Page.ASSETS)
        return _replace(state, projects=projects)
    if isinstance(action, a.ShotChanged):
        if state.project is None or action.shot.project_id != state.project.id:
            return state
        return _replace(state, shots=_merge_shot(state.shots, action.shot))
    if isinstance(action, a.ShotsReordered):
        return _replace(state, shots=tuple(action.shots))
    if isinstance(action, a.ShotRemoved):
        shots = tuple(s for s in state.shots if s.id != action.shot_id)
        state = _replace(state, selection=tuple(i for i in state.selection if i != action.shot_id))
        page = Page.STORYBOARD if state.shot_id == action.shot_id else state.page
        shot_id = None if state.shot_id == action.shot_id else state.shot_id
        return _replace(state, shots=shots, page=page, shot_id=shot_id)
    if isinstance(action, a.ShotSelected):
        return _replace(state, shot_id=action.shot_id, versions=(), page=Page.SHOT)
    if isinstance(action, a.VersionsLoaded):
        if action.shot_id != state.shot_id:
            return state
        return _replace(state, versions=action.versions)
    if isinstance(action, a.TaskChanged):
        return _replace(state, tasks=_track(state, action.task), batch=_batch(state, action.task))
    if isinstance(action, a.Busy):
        return _replace(state, busy=action.what)
    if isinstance(action, a.Failed):
        return _replace(state, notice=Notice(action.message, action.fix), busy="")
    if isinstance(action, a.Informed):
        return _replace(state, notice=Notice(action.message, error=False))
    if isinstance(action, a.NoticeDismissed):
        return _replace(state, notice=None)
    if isinstance(action, a.PendingEdits):
        return _replace(state, pending_edits=action.count)
    raise TypeError(f"unknown action {action!r}")


def task_view(task: object) -> TaskView:
    """A TaskInfo (REST answer) or TaskEvent (WebSocket) as the state's TaskView."""
    from storyreel.contract import TaskEvent
    from storyreel.contract.api import TaskInfo

    if isinstance(task, TaskEvent):
        return TaskView(
            task_id=task.task_id,
            type=task.task_type,
            status=task.status,
            project_id=task.project_id,
            shot_id=task.shot_id,
            err_msg=task.err_msg,
            progress=task.progress,
        )
    if isinstance(task, TaskInfo):
        return TaskView(
            task_id=task.task_id,
            type=task.type,
            status=task.status,
            project_id=task.project_id,
            shot_id=task.shot_id,
            err_msg=task.err_msg,
        )
    raise TypeError(f"not a task: {task!r}")


class Store:
    """Holds the state; `dispatch` runs the reducer and tells every listener.

    Dispatch from one thread (the UI thread in the app); a lock guards against mistakes.
    """

    def __init__(self, state: AppState | None = None) -> None:
        self.state = state or AppState()
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self.history: list[a.Action] = []  # the last actions, for debugging and tests

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def dispatch(self, action: a.Action) -> AppState:
        with self._lock:
            old = self.state
            self.state = reduce(old, action)
            self.history = [*self.history[-199:], action]
        if self.state is not old:
            for listener in list(self._listeners):
                listener(old, self.state)
        return self.state
