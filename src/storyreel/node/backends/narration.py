"""Narration backends: one per voice family (piper, espeak, baker, kokoro, cosyvoice)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import NarrationRequest, NarrationResult, TaskType
from storyreel.narration.base import NarrationVoice
from storyreel.narration.service import narration_synthesize
from storyreel.node.backends.base import Backend, as_request


class VoiceFamilyBackend(Backend):
    """The voices of one TTS engine; the request's voice name picks one of them."""

    stage = TaskType.NARRATION

    def __init__(
        self,
        name: str,
        description: str,
        resolve: Callable[[NarrationRequest], NarrationVoice],
        reason: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.name = name
        self.description = description
        self._resolve = resolve
        self._reason = reason
        self._used: set[NarrationVoice] = set()

    def unavailable_reason(self) -> str | None:
        return self._reason()

    @property
    def loaded(self) -> bool:
        return any(voice.loaded for voice in self._used)

    def unload(self) -> None:
        for voice in self._used:
            voice.unload()

    def run(self, payload: BaseModel, work: Path) -> NarrationResult:
        request = as_request(payload, NarrationRequest)
        voice = self._resolve(request)
        self._used.add(voice)
        return narration_synthesize(request=request, voice=voice, out_path=work / "narration.wav")
