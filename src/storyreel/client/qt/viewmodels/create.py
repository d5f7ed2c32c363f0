"""The Create page: a story (pasted or opened) and how the video should look."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QUrl, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from storyreel.client.core import actions as a
from storyreel.client.core.state import AppState, Page
from storyreel.client.qt.viewmodels.base import (  # QmlNamedElement reads the first two
    QML_IMPORT_MAJOR_VERSION,  # noqa: F401
    QML_IMPORT_NAME,  # noqa: F401
    ViewModel,
    instance_for,
    stage_seconds,
)
from storyreel.contract import AspectRatio, Language


@QmlNamedElement("Create")
@QmlSingleton
class CreateViewModel(ViewModel):  # type: ignore[operator]
    changed = Signal()
    created = Signal()  # the story became a project: the form empties (no duplicate by accident)
    playSample = Signal(str)  # a voice sample's file URL, to play now

    ASPECTS = tuple(x.value for x in AspectRatio)

    aspects = Property(list, lambda self: list(self.ASPECTS), constant=True)
    # the voices the server's model node offers, by readable label and language (the page
    # shows those of the chosen language, after "the language's default voice")
    voices = Property(
        list,
        lambda self: [
            {"value": v.name, "text": v.label, "language": v.language.value}
            for v in self.state.voices
        ],
        notify=changed,
    )
    busy = Property(str, lambda self: self.state.busy, notify=changed)

    def _estimate(self) -> dict[str, Any]:
        """How long the story will take on the server ({} until it says; the page words
        it). `seconds` is -1 while the server has measured nothing yet: then only its note
        says so (not "about 0 s")."""
        made = self.state.estimate
        if made is None:
            return {}
        return {
            "seconds": round(made.total_s) if made.total_s > 0 else -1,
            "shots": made.shots,
            "video": round(made.video_s),
            "stages": stage_seconds(made.stages),
            "note": made.note,
        }

    expected = Property(dict, _estimate, notify=changed)

    @Slot(str, str, str)
    def estimate(self, story: str, language: str, aspect: str) -> None:
        """Ask the server how long the story will take (quietly: no notice on failure)."""
        if not story.strip() or self.state.offline or not self.state.signed_in:
            self.dispatcher.dispatch(a.EstimateReady(None))
            return
        lang = Language(language) if language in {x.value for x in Language} else None
        shape = AspectRatio(aspect) if aspect in self.ASPECTS else AspectRatio.LANDSCAPE
        self.dispatcher.run(lambda: self.commands.estimate(story, lang, shape))

    @Slot(str, str, str, str, str, str, str)
    @Slot(str, str, str, str, str, str, str, str)
    def createStoryboard(
        self,
        title: str,
        story: str,
        language: str,
        aspect: str,
        voice: str,
        style: str,
        cast: str = "",
        topic: str = "",
    ) -> None:
        if not story.strip() and not topic.strip():
            self.dispatcher.dispatch(
                a.Failed(
                    "The story is empty: write or paste at least one sentence, or give a topic."
                )
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
                cast=cast,
                topic=topic,
            )
        )

    _wanted_sample = ""  # the voice whose sample was asked for and plays when it arrives

    @Slot(str)
    def playVoice(self, voice: str) -> None:
        """Hear a voice before choosing it (made by the model node once, then cached)."""
        if not voice:
            return
        self._wanted_sample = voice
        if voice in self.state.voice_samples:
            self._play_wanted()
        else:
            self.dispatcher.run(lambda: self.commands.voice_sample(voice))

    def _play_wanted(self) -> None:
        path = self.state.voice_samples.get(self._wanted_sample)
        if path:
            self._wanted_sample = ""
            self.playSample.emit(QUrl.fromLocalFile(path).toString())

    def _on_state(self, old: AppState, new: AppState) -> None:
        super()._on_state(old, new)
        if self._wanted_sample and new.voice_samples is not old.voice_samples:
            self._play_wanted()
        if (
            new.project is not None
            and new.project is not old.project
            and (old.page is Page.CREATE and new.page is Page.STORYBOARD)
        ):
            self.created.emit()

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

    @staticmethod
    def create(engine: QQmlEngine) -> CreateViewModel:
        """QML's singleton `Create` for this engine."""
        return instance_for(CreateViewModel)
