"""The Preview page: the animatic (play the storyboard at once, trim shots), the exported
video, export on the server or here, save frames."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QUrl, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from storyreel.client.core import actions as a
from storyreel.client.core.commands import Commands
from storyreel.client.core.state import AppState, Edit, Page, animatic_key
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
    stage_seconds,
)
from storyreel.contract import AspectRatio, SubtitlePreset, TaskStatus, Transition
from storyreel.contract.api import StoryboardView
from storyreel.text.filenames import file_stem


def bundled_music() -> list[str]:
    """The beds an export can lay under the narration (imported when first asked: the
    compositor is not needed to start the client)."""
    from storyreel.pipeline.export_here import bundled_music as names

    return names()


def _file_url(path: str) -> str:
    return QUrl.fromLocalFile(path).toString() if path else ""


@QmlNamedElement("Preview")
@QmlSingleton
class PreviewViewModel(ViewModel):  # type: ignore[operator]
    """The exported video (downloaded once into the cache), export with progress, frames.

    Everything it shows comes from the store; decoding and composing run as commands off the
    UI thread, and their results come back as actions.
    """

    changed = Signal()
    animaticChanged = Signal()  # a new animatic (the strip is drawn again only then)
    playRequested = Signal()
    pauseRequested = Signal()

    def __init__(
        self, store: Store, dispatcher: Dispatcher, commands: Commands, media: MediaLoader
    ) -> None:
        super().__init__(store, dispatcher, commands)
        self.media = media
        self._posters_asked: set[str] = set()  # videos whose poster is being made (UI thread)
        self._animatic_asked: tuple[object, ...] = ()  # the shots of the animatic being made
        self._strip: list[dict[str, Any]] = []
        media.loaded.connect(self._media_loaded)

    def _media_loaded(self, _key: str) -> None:
        self._ask_poster()
        self.changed.emit()

    def _on_state(self, old: AppState, new: AppState) -> None:
        self._ask_poster()
        self._ask_timing(old, new)
        self._ask_animatic()
        if old.animatic is not new.animatic or old.project is not new.project:
            self._strip = self._strip_of(new)
            self.animaticChanged.emit()
        super()._on_state(old, new)

    def _ask_timing(self, old: AppState, new: AppState) -> None:
        """When an export ends well, ask how long the server worked on the project."""
        task = new.export_task()
        if task is None or task.status is not TaskStatus.SUCCESS or new.project is None:
            return
        before = old.tasks.get(task.task_id)
        if before is not None and before.status is TaskStatus.SUCCESS:
            return
        project_id = new.project.id
        self.dispatcher.run(lambda: self.commands.timing(project_id))

    def _made_in(self) -> dict[str, Any]:
        """How long the server worked on the open project, beside what it expected when the
        project was made here ({} until an export has ended; the page words it)."""
        project = self.state.project
        timing = self.state.timings.get(project.id) if project else None
        if project is None or timing is None:
            return {}
        made: dict[str, Any] = {
            "seconds": round(timing.total_s),
            "stages": stage_seconds(timing.stages),
        }
        expected = self.state.expected.get(project.id)
        if expected is not None:
            made["expected"] = round(expected.total_s)
            made["off"] = round(100 * (timing.total_s / expected.total_s - 1))
        return made

    madeIn = Property(dict, _made_in, notify=changed)

    # --- the animatic ---------------------------------------------------------------------

    def _ask_animatic(self) -> None:
        """Make the animatic when the page shows and whenever its shots change."""
        state = self.state
        if state.page is not Page.PREVIEW or state.project is None or not state.shots:
            return
        transition = state.export_choices.transition
        key = animatic_key(state.shots, transition)
        if state.animatic_current or key == self._animatic_asked:
            return
        self._animatic_asked = key
        view = StoryboardView(project=state.project, shots=list(state.shots))
        self.dispatcher.run(lambda: self.commands.animatic(view, transition))

    @staticmethod
    def _strip_of(state: AppState) -> list[dict[str, Any]]:
        animatic = state.animatic
        if animatic is None or state.project is None:
            return []
        by_index = {i: s for i, s in enumerate(state.shots)}
        return [
            {
                "shot": by_index[shot.index].id if shot.index in by_index else -1,
                "number": shot.index + 1,
                "start": shot.start_s,
                "length": shot.length_s,
                "span": shot.span_s,
                "min": shot.min_length_s,
                "trimmed": bool(
                    shot.index in by_index and by_index[shot.index].length_s is not None
                ),
                "image": _file_url(shot.image),
                "peaks": list(shot.peaks),
            }
            for shot in animatic.shots
        ]

    animaticShots = Property(list, lambda self: self._strip, notify=animaticChanged)
    animaticDuration = Property(
        float,
        lambda self: self.state.animatic.duration_s if self.state.animatic else 0.0,
        notify=animaticChanged,
    )
    animaticAudio = Property(
        str,
        lambda self: _file_url(self.state.animatic.audio) if self.state.animatic else "",
        notify=animaticChanged,
    )

    def _aspect(self) -> float:
        project = self.state.project
        if project is None:
            return 16 / 9
        width, height = (int(n) for n in AspectRatio(project.aspect).value.split(":"))
        return width / height

    aspectRatio = Property(float, _aspect, notify=changed)

    _mode = ""  # "" = the animatic until there is a video, then the video

    mode = Property(
        str,
        lambda self: self._mode or ("video" if self._video_path() else "animatic"),
        notify=changed,
    )

    @Slot(str)
    def setMode(self, mode: str) -> None:
        """Show "animatic" or "video" ("" = the video once there is one)."""
        self._mode = mode if mode in ("animatic", "video") else ""
        self.changed.emit()

    @Slot(float, result="QVariantMap")
    def frameAt(self, ms: float) -> dict[str, Any]:
        """What the animatic shows at `ms`: the shot's picture and its Ken Burns view (and
        the next one's in a transition, with its effect), the subtitle while it speaks."""
        animatic = self.state.animatic
        if animatic is None or not animatic.shots:
            return {"index": -1, "image": "", "blend": 0.0, "next": -1, "effect": "",
                    "subtitle": ""}  # fmt: skip
        frame = animatic.frame_at(ms / 1000)
        shot = animatic.shots[frame.index]
        following = animatic.shots[frame.next_index] if frame.next_index >= 0 else None
        return {
            "index": frame.index,
            "image": _file_url(shot.image),
            "zoom": frame.view[0],
            "x": frame.view[1],
            "y": frame.view[2],
            "next": frame.next_index,
            "nextImage": _file_url(following.image) if following else "",
            "nextZoom": frame.next_view[0],
            "nextX": frame.next_view[1],
            "nextY": frame.next_view[2],
            "blend": frame.blend,
            "effect": frame.effect,
            "subtitle": shot.narration if frame.speaking else "",
        }

    @Slot(int, float)
    def trim(self, shot_id: int, seconds: float) -> None:
        """Set a shot's length in the video (never shorter than its narration needs; at
        that minimum it follows the narration again). Undo takes it back."""
        shot = next((s for s in self.state.shots if s.id == shot_id), None)
        strip = next((s for s in self._strip if s["shot"] == shot_id), None)
        if shot is None or strip is None or self.state.read_only:
            return
        wanted = round(min(120.0, max(float(strip["min"]), seconds)), 2)
        length = None if wanted <= float(strip["min"]) + 0.02 else wanted
        if length == shot.length_s:
            return
        edit = Edit(shot.project_id, "length", shot.length_s, length, shot_id=shot_id)
        self.dispatcher.dispatch(a.Edited(edit))
        self.dispatcher.run(lambda: self.commands.set_length(shot_id, length))

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

    # --- how the export looks and sounds ---------------------------------------------------

    def _choose(self, **changes: Any) -> None:
        choices = dataclasses.replace(self.state.export_choices, **changes)
        self.dispatcher.dispatch(a.ExportChoicesChanged(choices))

    transition = Property(
        str, lambda self: self.state.export_choices.transition.value, notify=changed
    )
    subtitlePreset = Property(
        str, lambda self: self.state.export_choices.subtitles.preset.value, notify=changed
    )
    highlightWords = Property(
        bool, lambda self: self.state.export_choices.subtitles.highlight_words, notify=changed
    )
    music = Property(str, lambda self: self.state.export_choices.music, notify=changed)
    musicNames = Property(list, lambda self: bundled_music(), constant=True)

    @Slot(str)
    def setTransition(self, value: str) -> None:
        """Between shots that name none of their own (the animatic shows it too)."""
        if value in {t.value for t in Transition}:
            self._choose(transition=Transition(value))

    @Slot(str)
    def setSubtitlePreset(self, value: str) -> None:
        if value in {p.value for p in SubtitlePreset}:
            subtitles = self.state.export_choices.subtitles
            self._choose(subtitles=subtitles.model_copy(update={"preset": SubtitlePreset(value)}))

    @Slot(bool)
    def setHighlightWords(self, on: bool) -> None:
        subtitles = self.state.export_choices.subtitles
        self._choose(subtitles=subtitles.model_copy(update={"highlight_words": bool(on)}))

    @Slot(str)
    def setMusic(self, name: str) -> None:
        """A bundled bed under the narration ("": none)."""
        if name == "" or name in bundled_music():
            self._choose(music=name)

    # what editors and directors get from the last export (made on the server)
    DOCUMENT_KINDS = ("pdf", "otio", "fcp7", "fcpxml", "edl", "kdenlive", "stems", "all")
    documentKinds = Property(list, lambda self: list(self.DOCUMENT_KINDS), constant=True)

    @Slot(str)
    def makeDocuments(self, kind: str) -> None:
        """Saved in STORYREEL_DOCUMENTS_DIR (default ~/StoryReel), a folder per project."""
        project = self.state.project
        if project is None or self.state.read_only or kind not in self.DOCUMENT_KINDS:
            return
        kinds = list(self.DOCUMENT_KINDS[:-1]) if kind == "all" else [kind]
        root = Path(os.environ.get("STORYREEL_DOCUMENTS_DIR") or Path.home() / "StoryReel")
        folder = root / f"{file_stem(project.title, 'project')}-{project.id}"
        pid = project.id
        self.dispatcher.run(lambda: self.commands.documents(pid, kinds, folder))

    @Slot(int)
    def export(self, short_side: int) -> None:
        if self.state.project is not None:
            pid = self.state.project.id
            choices = self.state.export_choices
            self.dispatcher.run(lambda: self.commands.export(pid, short_side or 720, choices))

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
        choices = self.state.export_choices
        self.dispatcher.run(
            lambda: self.commands.export_here(view, out, on_progress=progress, choices=choices)
        )

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
