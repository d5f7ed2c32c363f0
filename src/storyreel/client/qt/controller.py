"""Follow-ups to what happens: task events into the state, a finished storyboard brings the
shots, the server going away turns the window offline and coming back reloads it and sends
the edits kept meanwhile. The open project's WebSocket follows the state."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from storyreel.client.core import actions as a
from storyreel.client.core.commands import OFFLINE, Commands
from storyreel.client.core.events import ProjectEvent
from storyreel.client.core.state import AppState, Fix, TaskView
from storyreel.client.core.store import Store, task_view
from storyreel.client.qt.bridge import Dispatcher, subscribe_while_alive
from storyreel.client.qt.events import QtProjectEvents
from storyreel.contract import ShotEvent, TaskEvent, TaskStatus, TaskType


class Controller(QObject):
    """Follow-ups: events into state, the storyboard task done -> the shots, the server back
    -> send kept edits; the open project's WebSocket follows the state."""

    def __init__(self, store: Store, dispatcher: Dispatcher, commands: Commands) -> None:
        super().__init__()
        self.store = store
        self.dispatcher = dispatcher
        self.commands = commands
        self.events = QtProjectEvents(
            commands.api.base_url,
            lambda: commands.api.token,
            self.on_event,
            self.poll,
            on_drop=self.check_server,
        )
        self._watch = QTimer(self)  # while offline: is the server back?
        self._watch.setInterval(3000)
        self._watch.timeout.connect(self.check_server)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(150)  # a burst of shot events becomes one refetch
        self._refresh.timeout.connect(self.refresh_project)
        self._shot_events: list[ShotEvent] = []
        self._task_finished = False
        subscribe_while_alive(store, self, self.on_state)

    def on_state(self, old: AppState, new: AppState) -> None:
        watching = new.project.id if new.project and new.signed_in and not new.from_cache else None
        self.events.watch(watching)
        if new.offline and not self._watch.isActive():
            self._watch.start()
        elif not new.offline and self._watch.isActive():
            self._watch.stop()
        if old.offline and new.connection.value == "online" and new.pending_edits:
            self.dispatcher.run(self.commands.send_pending)
        for task_id, task in new.tasks.items():
            before = old.tasks.get(task_id)
            if task.finished and (before is None or not before.finished):
                self.task_finished(task)

    def check_server(self) -> None:
        """Ask the server whether it is there; coming back reloads what is on screen (and
        sends kept edits), going away turns the window offline."""
        state = self.store.state
        if not state.signed_in:
            return

        def check() -> list[a.Action]:
            if not self.commands.api.health():
                if state.offline:
                    return []
                return [a.ConnectionChanged(False), a.Failed(OFFLINE, Fix.RETRY)]
            if not state.offline and not state.read_only:
                return []
            done: list[a.Action] = [a.ConnectionChanged(True), a.NoticeDismissed()]
            done += self.commands.load_projects(state.search)
            if state.project is not None:
                done += self.commands.open_project(state.project.id)
            return done

        self.dispatcher.run(check)

    def task_finished(self, task: TaskView) -> None:
        if task.type is TaskType.STORYBOARD:
            self.dispatcher.dispatch(a.Busy(""))
            if task.status is TaskStatus.FAILED:
                self.dispatcher.dispatch(a.Failed(f"The storyboard failed: {task.err_msg}"))
        self._task_finished = True
        self._refresh.start()

    def on_event(self, event: ProjectEvent) -> None:
        if isinstance(event, TaskEvent):
            self.dispatcher.dispatch(a.TaskChanged(task_view(event)))
        elif isinstance(event, ShotEvent):
            # the echo of our own edit may arrive before the edit's answer: decide later
            self._shot_events.append(event)
            self._refresh.start()

    def _seen(self, event: ShotEvent) -> bool:
        """The change is already here (the answer to our own edit brought it): no refetch."""
        shot = next((s for s in self.store.state.shots if s.id == event.shot_id), None)
        return (
            shot is not None
            and event.updated_at is not None
            and shot.updated_at >= event.updated_at
            and shot.status is event.status
        )

    def poll(self) -> None:
        running = [t.task_id for t in self.store.state.tasks.values() if not t.finished]
        if running:
            self.dispatcher.run(lambda: self.commands.poll(running))

    def refresh_project(self) -> None:
        events, self._shot_events = self._shot_events, []
        finished, self._task_finished = self._task_finished, False
        if not finished and events:
            if self.dispatcher.pending:  # an answer is on its way; look again once it is here
                self._shot_events, self._task_finished = events, finished
                self._refresh.start()
                return
            if all(self._seen(event) for event in events):
                return  # every change is here already (the answers to our own edits)
        project, shot_id = self.store.state.project, self.store.state.shot_id
        if project is None:
            return

        def again() -> list[a.Action]:
            done = self.commands.open_project(project.id)
            if shot_id is not None and not self.store.state.read_only:
                done += self.commands.versions(shot_id)
            return done

        self.dispatcher.run(again)
