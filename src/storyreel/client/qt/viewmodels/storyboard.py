"""The Storyboard page: one card per shot, generate all, retry, reorder."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from storyreel.client.core import actions as a
from storyreel.client.core.commands import Commands
from storyreel.client.core.state import AppState, Edit
from storyreel.client.core.store import Store
from storyreel.client.qt.bridge import Dispatcher
from storyreel.client.qt.models import (
    MediaLoader,
    ShotListModel,
)
from storyreel.client.qt.viewmodels.base import (  # QmlNamedElement reads the first two
    QML_IMPORT_MAJOR_VERSION,  # noqa: F401
    QML_IMPORT_NAME,  # noqa: F401
    ViewModel,
    instance_for,
)
from storyreel.contract import TaskType


@QmlNamedElement("Storyboard")
@QmlSingleton
class StoryboardViewModel(ViewModel):  # type: ignore[operator]
    changed = Signal()
    reveal = Signal(int)  # the grid scrolls so that this card shows

    def __init__(
        self, store: Store, dispatcher: Dispatcher, commands: Commands, media: MediaLoader
    ) -> None:
        super().__init__(store, dispatcher, commands)
        self._shots = ShotListModel(media)
        self._shots.update(self.state)

    def _on_state(self, old: AppState, new: AppState) -> None:
        if old.shots is not new.shots or old.tasks is not new.tasks:
            self._shots.update(new)
        super()._on_state(old, new)

    shots = Property(QObject, lambda self: self._shots, constant=True)
    title = Property(
        str, lambda self: self.state.project.title if self.state.project else "", notify=changed
    )
    count = Property(int, lambda self: len(self.state.shots), notify=changed)
    failedCount = Property(int, lambda self: len(self.state.failed_tasks()), notify=changed)
    running = Property(
        int,
        lambda self: sum(1 for t in self.state.tasks.values() if not t.finished),
        notify=changed,
    )
    # the current batch of shot tasks: "n of m done" while it runs, nothing once it is over
    progressDone = Property(int, lambda self: self.state.batch_progress()[0], notify=changed)
    progressTotal = Property(int, lambda self: self.state.batch_progress()[1], notify=changed)

    # the story bible's cast: [{"name", "look"}], as the storyboard read it or a person set it
    cast = Property(
        list,
        lambda self: [
            {"name": m.name, "look": m.look}
            for m in (self.state.project.cast if self.state.project else [])
        ],
        notify=changed,
    )

    @Slot(int, str, str)
    def editCast(self, index: int, name: str, look: str) -> None:
        """A person renames a cast member or changes their look; prompts that describe them
        follow (the server rewrites them)."""
        project = self.state.project
        if project is None or self.state.read_only or not 0 <= index < len(project.cast):
            return
        if not name.strip() or not look.strip():
            self.dispatcher.dispatch(a.Failed("A cast member needs a name and a look."))
            return
        cast = [
            {"name": m.name, "look": m.look, "story_names": list(m.story_names), "seed": m.seed}
            for m in project.cast
        ]
        was = cast[index]["name"]
        cast[index].update(name=name.strip()[:60], look=look.strip()[:300], was=was)
        pid = project.id
        self.dispatcher.run(lambda: self.commands.update_cast(pid, cast))

    def _project_id(self) -> int | None:
        return self.state.project.id if self.state.project else None

    @Slot()
    def generateAll(self) -> None:
        if (pid := self._project_id()) is not None:
            self.dispatcher.run(lambda: self.commands.generate_all(pid))

    @Slot()
    def retryFailed(self) -> None:
        failed = [t.task_id for t in self.state.failed_tasks()]
        if failed:
            self.dispatcher.run(lambda: self.commands.retry(failed))

    @Slot(int)
    def select(self, shot_id: int) -> None:
        self.dispatcher.dispatch(a.ShotSelected(shot_id))
        self.dispatcher.run(lambda: self.commands.versions(shot_id))

    @Slot(int)
    def show(self, index: int) -> None:
        self.reveal.emit(index)

    # --- several shots at once ----------------------------------------------------------

    selected = Property(list, lambda self: list(self.state.selection), notify=changed)
    _anchor: int | None = None  # the shot a Shift+click extends from

    @Slot(int, bool, bool)
    def pick(self, shot_id: int, toggle: bool, extend: bool) -> None:
        """Ctrl+click adds or takes away one shot; Shift+click picks every shot between the
        last one picked and this one."""
        ids = [s.id for s in self.state.shots]
        if shot_id not in ids:
            return
        picked = list(self.state.selection)
        if extend and self._anchor in ids:
            first, last = sorted((ids.index(self._anchor), ids.index(shot_id)))
            picked += [i for i in ids[first : last + 1] if i not in picked]
        elif shot_id in picked:
            picked.remove(shot_id)
        else:
            picked.append(shot_id)
        self._anchor = shot_id
        self.dispatcher.dispatch(a.SelectionChanged(tuple(i for i in ids if i in picked)))

    @Slot()
    def clearSelection(self) -> None:
        self._anchor = None
        self.dispatcher.dispatch(a.SelectionChanged(()))

    @Slot(str)
    def regenerateSelected(self, kind: str) -> None:
        """Draw again (or speak again) every picked shot."""
        picked = self.state.selection
        if picked and not self.state.read_only:
            self.dispatcher.run(lambda: self.commands.generate_many(picked, TaskType(kind)))

    @Slot(int)
    def regenerateImage(self, shot_id: int) -> None:
        """A new keyframe for one shot (R on the storyboard)."""
        if not self.state.read_only:
            self.dispatcher.run(lambda: self.commands.generate(shot_id, TaskType.KEYFRAME))

    @Slot(int, int)
    def move(self, source: int, target: int) -> None:
        ids = [s.id for s in self.state.shots]
        if self.state.read_only or not (0 <= source < len(ids) and 0 <= target < len(ids)):
            return
        before = tuple(ids)
        ids.insert(target, ids.pop(source))
        if (pid := self._project_id()) is not None:
            if tuple(ids) != before:
                self.dispatcher.dispatch(a.Edited(Edit(pid, "order", before, tuple(ids))))
            self.dispatcher.run(lambda: self.commands.reorder(pid, ids))

    @staticmethod
    def create(engine: QQmlEngine) -> StoryboardViewModel:
        """QML's singleton `Storyboard` for this engine."""
        return instance_for(StoryboardViewModel)
