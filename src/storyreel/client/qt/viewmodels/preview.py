"""The Preview page: play the export, export on the server or here, save frames."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Property, QUrl, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from storyreel.client.core import actions as a
from storyreel.client.core.commands import Commands
from storyreel.client.core.state import AppState
from storyreel.client.core.store import Store
from storyreel.client.qt.bridge import Dispatcher
from storyreel.client.qt.models import (
    MediaLoader,
)
from storyreel.client.qt.viewmodels.base import (  # QmlNamedElement reads the first two
    QML_IMPORT_MAJOR_VERSION,  # noqa: F401
    QML_IMPORT_NAME,  # noqa: F401
    ViewModel,
    instance_for,
)
from storyreel.contract import TaskStatus


@QmlNamedElement("Preview")
@QmlSingleton
class PreviewViewModel(ViewModel):  # type: ignore[operator]
    """The exported video (downloaded once into the cache), export with progress, frames.

    Everything it shows comes from the store; decoding and composing run as commands off the
    UI thread, and their results come back as actions.
    """

    changed = Signal()
    playRequested = Signal()
    pauseRequested = Signal()

    def __init__(
        self, store: Store, dispatcher: Dispatcher, commands: Commands, media: MediaLoader
    ) -> None:
        super().__init__(store, dispatcher, commands)
        self.media = media
        self._posters_asked: set[str] = set()  # videos whose poster is being made (UI thread)
        media.loaded.connect(self._media_loaded)

    def _media_loaded(self, _key: str) -> None:
        self._ask_poster()
        self.changed.emit()

    def _on_state(self, old: AppState, new: AppState) -> None:
        self._ask_poster()
        super()._on_state(old, new)

    def _video_path(self) -> str:
        """The local file of the video on show ("" while there is none, or it downloads)."""
        if self.state.local_video:
            return self.state.local_video
        project = self.state.project
        if project is None or not project.video_key:
            return ""
        url = self.media.url(project.video_key, project.video_url)
        return QUrl(url).toLocalFile() if url else ""

    def _ask_poster(self) -> None:
        video = self._video_path()
        if video and video not in self.state.posters and video not in self._posters_asked:
            self._posters_asked.add(video)
            self.dispatcher.run(lambda: self.commands.poster(Path(video)))

    def _progress(self) -> float:
        if self.state.local_export_progress is not None:
            return self.state.local_export_progress
        task = self.state.export_task()
        if task is None or task.finished:
            return -1.0
        return task.progress or 0.0

    video = Property(
        str,
        lambda self: QUrl.fromLocalFile(v).toString() if (v := self._video_path()) else "",
        notify=changed,
    )
    poster = Property(
        str,
        lambda self: (
            QUrl.fromLocalFile(p).toString()
            if (p := self.state.posters.get(self._video_path(), ""))
            else ""
        ),
        notify=changed,
    )
    exportProgress = Property(float, _progress, notify=changed)
    exportError = Property(
        str,
        lambda self: (
            t.err_msg if (t := self.state.export_task()) and t.status is TaskStatus.FAILED else ""
        ),
        notify=changed,
    )

    position_ms = 0  # where the player is (QML reports it)

    @Slot()
    def play(self) -> None:
        self.playRequested.emit()

    @Slot()
    def pause(self) -> None:
        self.pauseRequested.emit()

    @Slot(int)
    def reportPosition(self, ms: int) -> None:
        self.position_ms = ms

    @Slot(int)
    def export(self, short_side: int) -> None:
        if self.state.project is not None:
            pid = self.state.project.id
            self.dispatcher.run(lambda: self.commands.export(pid, short_side or 720))

    @Slot()
    def exportHere(self) -> None:
        """Compose the MP4 on this computer from the cached images and narration."""
        view = self.commands.cache.storyboard(self.state.project.id) if self.state.project else None
        if view is None:
            return
        out = (
            Path(tempfile.mkdtemp(prefix="storyreel-export-"))
            / f"{view.project.title or 'video'}.mp4"
        )

        def progress(done: int, total: int) -> None:  # on the worker thread
            self.dispatcher.post([a.LocalExportProgress(done / total if total else 0.0)])

        self.dispatcher.dispatch(a.LocalExportProgress(0.0))
        self.dispatcher.run(lambda: self.commands.export_here(view, out, on_progress=progress))

    @Slot(str)
    def saveFrame(self, seconds: str) -> None:
        """Save the frame at `seconds` as a PNG next to the video (a notice gives its path)."""
        try:
            at = float(seconds or 0)
        except ValueError:
            at = 0.0
        video = Path(self._video_path())
        self.dispatcher.run(lambda: self.commands.save_frame(video, at))

    @staticmethod
    def create(engine: QQmlEngine) -> PreviewViewModel:
        """QML's singleton `Preview` for this engine."""
        return instance_for(PreviewViewModel)
