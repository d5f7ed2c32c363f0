"""ViewModels: QObjects with properties and slots that QML binds to.

They read the store's state and send commands through the Dispatcher; they hold no state
of their own beyond what a page is editing (controller.py reacts to events and to the
server going and coming).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot

from storyreel.client.core import actions as a
from storyreel.client.core.commands import Commands
from storyreel.client.core.state import AppState, Page, TaskView
from storyreel.client.core.store import Store
from storyreel.client.qt.bridge import Dispatcher
from storyreel.client.qt.models import (
    MediaLoader,
    ProjectListModel,
    ShotListModel,
    VersionListModel,
)
from storyreel.contract import AspectRatio, Language, TaskStatus, TaskType


class _ViewModel(QObject):
    """Each subclass declares its own `changed` signal (the NOTIFY of all its properties):
    PySide does not link a NOTIFY to a signal inherited under the same name."""

    changed: Any

    def __init__(self, store: Store, dispatcher: Dispatcher, commands: Commands) -> None:
        super().__init__()
        self.store = store
        self.dispatcher = dispatcher
        self.commands = commands
        store.subscribe(self._on_state)

    @property
    def state(self) -> AppState:
        return self.store.state

    def _on_state(self, old: AppState, new: AppState) -> None:
        self.changed.emit()


class AppViewModel(_ViewModel):
    """Pages, the session, the connection and the one-line notice."""

    images_loading = 0  # images being decoded in the window (QML's Thumb counts)

    changed = Signal()

    page = Property(str, lambda self: self.state.page.value, notify=changed)
    offline = Property(bool, lambda self: self.state.offline, notify=changed)
    readOnly = Property(bool, lambda self: self.state.read_only, notify=changed)
    signedIn = Property(bool, lambda self: self.state.signed_in, notify=changed)
    username = Property(str, lambda self: self.state.username, notify=changed)
    busy = Property(str, lambda self: self.state.busy, notify=changed)
    notice = Property(
        str, lambda self: self.state.notice.message if self.state.notice else "", notify=changed
    )
    noticeFix = Property(
        str, lambda self: self.state.notice.fix.value if self.state.notice else "", notify=changed
    )
    noticeIsError = Property(
        bool, lambda self: bool(self.state.notice and self.state.notice.error), notify=changed
    )
    pendingEdits = Property(int, lambda self: self.state.pending_edits, notify=changed)
    hasProject = Property(bool, lambda self: self.state.project is not None, notify=changed)
    hasShot = Property(bool, lambda self: self.state.shot is not None, notify=changed)
    server = Property(str, lambda self: self.commands.api.base_url, notify=changed)

    @Slot(int)
    def imageLoading(self, delta: int) -> None:
        self.images_loading += delta

    @Slot(str)
    def navigate(self, page: str) -> None:
        self.dispatcher.dispatch(a.Navigate(Page(page)))

    @Slot(str, str, bool)
    def signIn(self, username: str, password: str, register: bool) -> None:
        if not username.strip() or not password:
            self.dispatcher.dispatch(a.Failed("Enter a user name and a password."))
            return
        self.dispatcher.run(
            lambda: self.commands.sign_in(username.strip(), password, register=register)
        )

    @Slot()
    def signOut(self) -> None:
        self.dispatcher.run(self.commands.sign_out)

    @Slot()
    def retry(self) -> None:
        """The notice's Retry: reach the server again and reload what is on screen."""
        self.dispatcher.dispatch(a.NoticeDismissed())
        project = self.state.project

        def again() -> list[a.Action]:
            done = self.commands.load_projects(self.state.search)
            if project is not None:
                done += self.commands.open_project(project.id)
            return done

        self.dispatcher.run(again)

    @Slot()
    def dismiss(self) -> None:
        self.dispatcher.dispatch(a.NoticeDismissed())


class AssetsViewModel(_ViewModel):
    changed = Signal()

    def __init__(
        self, store: Store, dispatcher: Dispatcher, commands: Commands, media: MediaLoader
    ) -> None:
        super().__init__(store, dispatcher, commands)
        self._projects = ProjectListModel(media)
        self._projects.update(self.state)

    def _on_state(self, old: AppState, new: AppState) -> None:
        if old.projects is not new.projects:
            self._projects.update(new)
        super()._on_state(old, new)

    projects = Property(QObject, lambda self: self._projects, constant=True)
    count = Property(int, lambda self: len(self.state.projects), notify=changed)
    search = Property(str, lambda self: self.state.search, notify=changed)

    @Slot(str)
    def find(self, text: str) -> None:
        self.dispatcher.run(lambda: self.commands.load_projects(text.strip()))

    @Slot()
    def reload(self) -> None:
        self.dispatcher.run(lambda: self.commands.load_projects(self.state.search))

    @Slot(int)
    def open(self, project_id: int) -> None:
        self.dispatcher.dispatch(a.Navigate(Page.STORYBOARD))
        self.dispatcher.run(lambda: self.commands.open_project(project_id))

    @Slot(int)
    def remove(self, project_id: int) -> None:
        self.dispatcher.run(lambda: self.commands.delete_project(project_id))


class CreateViewModel(_ViewModel):
    changed = Signal()

    LANGUAGES = ("auto", "en", "zh")
    ASPECTS = tuple(x.value for x in AspectRatio)

    languages = Property(list, lambda self: list(self.LANGUAGES), constant=True)
    aspects = Property(list, lambda self: list(self.ASPECTS), constant=True)
    # "" is the language's default voice; the rest come from the server's model node
    voices = Property(list, lambda self: ["", *self.state.voices], notify=changed)
    busy = Property(str, lambda self: self.state.busy, notify=changed)

    @Slot(str, str, str, str, str, str)
    def create(
        self, title: str, story: str, language: str, aspect: str, voice: str, style: str
    ) -> None:
        if not story.strip():
            self.dispatcher.dispatch(
                a.Failed("The story is empty: write or paste at least one sentence.")
            )
            return
        self.dispatcher.dispatch(a.Busy("Sending the story…"))
        self.dispatcher.run(
            lambda: self.commands.create_project(
                story=story,
                title=title,
                language=None if language in ("", "auto") else Language(language),
                aspect=AspectRatio(aspect or AspectRatio.LANDSCAPE.value),
                voice=voice,
                style=style,
            )
        )

    @Slot(str, result=str)
    def readStory(self, url: str) -> str:
        """The text of a story file chosen in the file dialog ("" and a notice if unreadable)."""
        path = Path(QUrl(url).toLocalFile() or url)
        try:
            return path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = "it is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else str(error)
            self.dispatcher.dispatch(a.Failed(f"Cannot open {path.name}: {reason}."))
            return ""


class StoryboardViewModel(_ViewModel):
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
    progressText = Property(str, lambda self: self._progress(), notify=changed)

    def _progress(self) -> str:
        tasks = [t for t in self.state.tasks.values() if t.type is not TaskType.STORYBOARD]
        if not tasks:
            return ""
        done = sum(1 for t in tasks if t.finished)
        return f"{done}/{len(tasks)} tasks done" if done < len(tasks) else ""

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

    @Slot(int, int)
    def move(self, source: int, target: int) -> None:
        ids = [s.id for s in self.state.shots]
        if self.state.read_only or not (0 <= source < len(ids) and 0 <= target < len(ids)):
            return
        ids.insert(target, ids.pop(source))
        if (pid := self._project_id()) is not None:
            self.dispatcher.run(lambda: self.commands.reorder(pid, ids))


class ShotViewModel(_ViewModel):
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
        str, lambda self: self._shot("status").value if self.state.shot else "", notify=changed
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
        if shot is not None:
            self.dispatcher.run(lambda: self.commands.delete_shot(shot.id))


class PreviewViewModel(_ViewModel):
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
