"""List models for QML: projects, shots and a shot's versions (QAbstractListModel).

Images come from the media cache: the first time a row's image is asked for (its delegate
scrolls into view) it is downloaded on a worker thread, and the row updates when it lands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QThreadPool,
    QUrl,
    Signal,
    Slot,
)

from storyreel.client.core.state import AppState
from storyreel.contract import TaskStatus, TaskType
from storyreel.contract.api import ProjectInfo, ShotInfo, ShotVersionInfo

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[str, str], Path | None]  # (key, url) -> local file


class MediaLoader(QObject):
    """Local file URLs for media keys; downloads each missing key once, off the UI thread."""

    loaded = Signal(str)  # key, on the UI thread
    _done = Signal(str)  # key, from a download thread

    def __init__(self, fetch: Fetch, cached: Callable[[str], Path | None]) -> None:
        super().__init__()
        self._fetch = fetch
        self._cached = cached
        self._done.connect(self._landed)
        self._asked: set[str] = set()
        self.pending = 0  # downloads not finished (UI thread's count)
        self.hits = 0  # answers from the cache
        self.downloads = 0  # downloads started (each key at most once while it succeeds)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(4)

    def url(self, key: str, url: str) -> str:
        if not key:
            return ""
        path = self._cached(key)
        if path is not None:
            self.hits += 1
            return QUrl.fromLocalFile(str(path)).toString()
        if url and key not in self._asked:
            self._asked.add(key)
            self.pending += 1
            self.downloads += 1
            loader = self

            class Download(QRunnable):
                def run(self) -> None:
                    if loader._fetch(key, url) is None:
                        loader._asked.discard(key)  # try again next time it is shown
                    loader._done.emit(key)

            self._pool.start(Download())
        return ""

    @Slot(str)
    def _landed(self, key: str) -> None:
        self.pending -= 1
        if self._cached(key) is not None:
            self.loaded.emit(key)


class _ListModel(QAbstractListModel):
    ROLES: Sequence[str] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []

    def roleNames(self) -> dict[int, QByteArray]:
        return {256 + n: QByteArray(name.encode()) for n, name in enumerate(self.ROLES)}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        name = self.ROLES[role - 256] if 256 <= role < 256 + len(self.ROLES) else ""
        return self.value(self._items[index.row()], name) if name else None

    def value(self, item: Any, role: str) -> Any:
        return getattr(item, role, None)

    def replace(self, items: Sequence[Any], key: Callable[[Any], Any]) -> None:
        """New items. The same items (by key) in the same or another order update the rows
        in place, so the view keeps its scroll position and delegates (a reorder used to
        reset the model and scroll the grid to the top); other changes reset."""
        items = list(items)
        if len(items) == len(self._items) and {key(x) for x in items} == {
            key(x) for x in self._items
        }:
            changed = [row for row, (old, new) in enumerate(zip(self._items, items)) if old != new]
            self._items = items
            if changed:
                self.dataChanged.emit(self.index(changed[0]), self.index(changed[-1]))
            return
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def refresh_where(self, match: Callable[[Any], bool]) -> None:
        for row, item in enumerate(self._items):
            if match(item):
                index = self.index(row)
                self.dataChanged.emit(index, index)


class ProjectListModel(_ListModel):
    ROLES = ("projectId", "title", "subtitle", "assets", "thumbnail", "hasVideo")

    def __init__(self, media: MediaLoader) -> None:
        super().__init__()
        self.media = media
        media.loaded.connect(lambda key: self.refresh_where(lambda p: p.thumbnail_key == key))

    def value(self, item: ProjectInfo, role: str) -> Any:
        if role == "projectId":
            return item.id
        if role == "subtitle":
            return f"{item.aspect.value} · {item.created_at:%Y-%m-%d}"
        if role == "assets":
            counts = (
                self.tr("shots %1 · images %2 · narration %3")
                .replace("%1", str(item.shot_count))
                .replace("%2", str(item.image_count))
                .replace("%3", str(item.narration_count))
            )
            return counts + (" · " + self.tr("MP4") if item.video_key else "")
        if role == "thumbnail":
            return self.media.url(item.thumbnail_key, item.thumbnail_url)
        if role == "hasVideo":
            return bool(item.video_key)
        return getattr(item, role, None)

    def update(self, state: AppState) -> None:
        self.replace(state.projects, lambda x: x.id)


class ShotListModel(_ListModel):
    ROLES = (
        "shotId", "number", "prompt", "narration", "duration", "status", "image",
        "imageStatus", "narrationStatus", "error", "shotSize",
    )  # fmt: skip

    def __init__(self, media: MediaLoader) -> None:
        super().__init__()
        self.media = media
        self.state: AppState | None = None
        media.loaded.connect(lambda key: self.refresh_where(lambda s: s.image_key == key))

    def _task_status(self, shot: ShotInfo, kind: TaskType) -> str:
        task = self.state.task_for(shot.id, kind) if self.state else None
        return task.status.value if task else ""

    def value(self, item: ShotInfo, role: str) -> Any:
        if role == "shotId":
            return item.id
        if role == "number":
            return item.order + 1
        if role == "duration":
            return f"{item.duration_s:.1f} s" if item.duration_s else "—"
        if role == "status":
            return self.state.shot_status(item) if self.state else item.status.value
        if role == "image":
            return self.media.url(item.image_key, item.image_url)
        if role == "imageStatus":
            return self._task_status(item, TaskType.KEYFRAME)
        if role == "narrationStatus":
            return self._task_status(item, TaskType.NARRATION)
        if role == "error":
            for kind in (TaskType.KEYFRAME, TaskType.NARRATION, TaskType.MOTION):
                task = self.state.task_for(item.id, kind) if self.state else None
                if task and task.status is TaskStatus.FAILED:
                    return task.err_msg
            return ""
        if role == "shotSize":
            return item.shot_size.value
        return getattr(item, role, None)

    def update(self, state: AppState) -> None:
        tasks_changed = self.state is not None and self.state.tasks is not state.tasks
        self.state = state
        self.replace(state.shots, lambda x: x.id)
        if tasks_changed:
            self.refresh_where(lambda _s: True)


class VersionListModel(_ListModel):
    ROLES = ("versionId", "prompt", "narration", "reason", "when", "image")

    def __init__(self, media: MediaLoader) -> None:
        super().__init__()
        self.media = media
        media.loaded.connect(lambda key: self.refresh_where(lambda v: v.image_key == key))

    def value(self, item: ShotVersionInfo, role: str) -> Any:
        if role == "versionId":
            return item.id
        if role == "reason":
            return item.reason  # QML says it in words (ShotPage.reasonLabel)
        if role == "when":
            return f"{item.created_at:%Y-%m-%d %H:%M}"
        if role == "image":
            return self.media.url(item.image_key, item.image_url)
        return getattr(item, role, None)

    def update(self, state: AppState) -> None:
        self.replace(state.versions, lambda x: x.id)
