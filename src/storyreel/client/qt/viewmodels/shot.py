"""The Shot page: edit a shot, regenerate a stage, versions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from storyreel.client.core import actions as a
from storyreel.client.core.commands import Commands
from storyreel.client.core.state import AppState, Edit, TaskView
from storyreel.client.core.store import Store
from storyreel.client.qt.bridge import Dispatcher
from storyreel.client.qt.models import (
    MediaLoader,
    VersionListModel,
)
from storyreel.client.qt.viewmodels.base import (  # QmlNamedElement reads the first two
    QML_IMPORT_MAJOR_VERSION,  # noqa: F401
    QML_IMPORT_NAME,  # noqa: F401
    ViewModel,
    instance_for,
)
from storyreel.contract import TaskStatus, TaskType, Transition


@QmlNamedElement("Shot")
@QmlSingleton
class ShotViewModel(ViewModel):  # type: ignore[operator]
    changed = Signal()

    def __init__(
        self, store: Store, dispatcher: Dispatcher, commands: Commands, media: MediaLoader
    ) -> None:
        super().__init__(store, dispatcher, commands)
        self.media = media
        self._versions = VersionListModel(media)
        media.loaded.connect(lambda _key: self.changed.emit())

    def _on_state(self, old: AppState, new: AppState) -> None:
        if old.versions is not new.versions:
            self._versions.update(new)
        super()._on_state(old, new)

    def _shot(self, field: str, default: Any = "") -> Any:
        shot = self.state.shot
        return getattr(shot, field) if shot is not None else default

    def _task(self, kind: TaskType) -> TaskView | None:
        shot = self.state.shot
        return self.state.task_for(shot.id, kind) if shot else None

    versions = Property(QObject, lambda self: self._versions, constant=True)
    number = Property(int, lambda self: self._shot("order", -1) + 1, notify=changed)
    prompt = Property(str, lambda self: self._shot("prompt"), notify=changed)
    narration = Property(str, lambda self: self._shot("narration"), notify=changed)
    duration = Property(
        float, lambda self: float(self._shot("duration_s", 0.0) or 0.0), notify=changed
    )
    status = Property(
        str,
        lambda self: self.state.shot_status(self.state.shot) if self.state.shot else "",
        notify=changed,
    )
    image = Property(
        str,
        lambda self: self.media.url(self._shot("image_key"), self._shot("image_url")),
        notify=changed,
    )
    audio = Property(
        str,
        lambda self: self.media.url(self._shot("audio_key"), self._shot("audio_url")),
        notify=changed,
    )
    error = Property(
        str,
        lambda self: next(
            (t.err_msg for k in TaskType if (t := self._task(k)) and t.status is TaskStatus.FAILED),
            "",
        ),
        notify=changed,
    )
    working = Property(
        str,
        lambda self: ", ".join(
            k.value for k in TaskType if (t := self._task(k)) and not t.finished
        ),
        notify=changed,
    )

    # which node made the shot's image, narration and motion: [{stage, node}] (the page
    # says it in words)
    madeBy = Property(
        list,
        lambda self: [
            {"stage": stage, "node": node}
            for stage, node in sorted((self._shot("made_by", {}) or {}).items())
        ],
        notify=changed,
    )

    # how the shot comes in after the one before ("": as the export says)
    transition = Property(str, lambda self: self._shot("transition"), notify=changed)

    @Slot(str)
    def setTransition(self, value: str) -> None:
        shot = self.state.shot
        if shot is None or self.state.read_only or value == shot.transition:
            return
        if value and value not in {t.value for t in Transition}:
            return
        edit = Edit(shot.project_id, "transition", shot.transition, value, shot_id=shot.id)
        self.dispatcher.dispatch(a.Edited(edit))  # Ctrl+Z takes it back
        self.dispatcher.run(lambda: self.commands.set_transition(shot.id, value))

    @Slot(str)
    def savePrompt(self, text: str) -> None:
        self._edit("prompt", text)

    @Slot(str)
    def saveNarration(self, text: str) -> None:
        self._edit("narration", text)

    def _edit(self, field: str, text: str) -> None:
        shot = self.state.shot
        if shot is None:
            return
        if not text.strip():
            self.dispatcher.dispatch(a.Failed(f"The {field} is empty: write something first."))
            return
        before = str(getattr(shot, field))
        if before != text:
            edit = Edit(shot.project_id, field, before, text, shot_id=shot.id)
            self.dispatcher.dispatch(a.Edited(edit))  # Ctrl+Z takes it back
        self.dispatcher.run(lambda: self.commands.edit(shot.id, field, text))

    @Slot(str)
    def regenerate(self, kind: str) -> None:
        shot = self.state.shot
        if shot is not None:
            self.dispatcher.run(lambda: self.commands.generate(shot.id, TaskType(kind)))

    @Slot(int)
    def restore(self, version_id: int) -> None:
        shot = self.state.shot
        if shot is not None:
            self.dispatcher.run(lambda: self.commands.restore(shot.id, version_id))

    @Slot()
    def remove(self) -> None:
        shot = self.state.shot
        if shot is not None and not self.state.read_only:
            edit = Edit(shot.project_id, "deleted", False, True, shot_id=shot.id)
            self.dispatcher.dispatch(a.Edited(edit))  # Ctrl+Z brings it back
            self.dispatcher.run(lambda: self.commands.delete_shot(shot.id))

    @staticmethod
    def create(engine: QQmlEngine) -> ShotViewModel:
        """QML's singleton `Shot` for this engine."""
        return instance_for(ShotViewModel)
