"""espeak-ng voices (Mandarin with tones, and other languages) via `espeakng-loader`.

We call the bundled libespeak-ng 1.52 through ctypes; Debian's espeak-ng 1.51 reads
Mandarin without tones, so the system binary is never used.
"""

from __future__ import annotations

import ctypes
import threading

import numpy as np

from storyreel.contract import Language
from storyreel.errors import StoryReelError
from storyreel.narration.base import NarrationVoice, Speech

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_CHARS_UTF8 = 1
_ESPEAK_RATE = 1
_PHONEMES_IPA = 0x02
_PHONEMES_TIE = 0x80  # bits 8-23 then hold the tie character
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _EspeakLibrary:
    """The process-wide espeak-ng engine; it holds global state, so every call takes the lock."""

    _instance: _EspeakLibrary | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        import espeakng_loader

        self.lock = threading.Lock()
        self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        data_path = espeakng_loader.get_data_path().encode()
        self.sample_rate = int(
            self._lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, 0)
        )
        if self.sample_rate <= 0:
            raise StoryReelError("espeak-ng could not start: reinstall espeakng-loader")
        self._chunks: list[np.ndarray] = []
        self._callback = _CALLBACK(self._collect)  # kept referenced for the library's lifetime
        self._lib.espeak_SetSynthCallback(self._callback)

    @classmethod
    def get(cls) -> _EspeakLibrary:
        with cls._instance_lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    def phonemes(self, code: str, text: str, tie: str = "^") -> str:
        """IPA phonemes of text (clause by clause, joined by spaces); `tie` joins diphthongs."""
        self._lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        self._lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.c_int,
            ctypes.c_int,
        ]
        mode = _PHONEMES_IPA | _PHONEMES_TIE | (ord(tie) << 8)
        buffer = ctypes.create_string_buffer(text.encode("utf-8") + b"\0")
        pointer = ctypes.c_char_p(ctypes.addressof(buffer))
        clauses: list[str] = []
        with self.lock:
            if int(self._lib.espeak_SetVoiceByName(code.encode())) != 0:
                raise StoryReelError(f"espeak-ng has no voice {code!r}")
            while pointer.value:
                chunk = self._lib.espeak_TextToPhonemes(
                    ctypes.byref(pointer), _ESPEAK_CHARS_UTF8, mode
                )
                if chunk:
                    clauses.append(chunk.decode("utf-8", "replace").strip())
        return " ".join(clause for clause in clauses if clause)

    def has_voice(self, code: str) -> bool:
        with self.lock:
            return int(self._lib.espeak_SetVoiceByName(code.encode())) == 0

    def synthesize(self, code: str, text: str, words_per_minute: int) -> np.ndarray:
        data = text.encode("utf-8") + b"\0"
        with self.lock:
            if int(self._lib.espeak_SetVoiceByName(code.encode())) != 0:
                raise StoryReelError(f"espeak-ng has no voice {code!r}")
            self._lib.espeak_SetParameter(_ESPEAK_RATE, words_per_minute, 0)
            self._chunks = []
            buffer = ctypes.create_string_buffer(data)
            status = self._lib.espeak_Synth(
                buffer, len(data), 0, 0, 0, _ESPEAK_CHARS_UTF8, None, None
            )
            self._lib.espeak_Synchronize()
            chunks, self._chunks = self._chunks, []
        if status != 0:
            raise StoryReelError(f"espeak-ng failed to speak (error {status})")
        if not chunks:
            return np.zeros(0, np.int16)
        return np.concatenate(chunks)


class EspeakNarrationVoice(NarrationVoice):
    """An espeak-ng voice such as `cmn` (Mandarin) or `en-us`."""

    family = "espeak"

    def __init__(
        self, code: str, language: Language, description: str, rate_wpm: int = 165
    ) -> None:
        self.name = f"espeak-{code}"
        self.code = code
        self.language = language
        self.description = description
        self.rate_wpm = rate_wpm

    def speak(self, text: str) -> Speech:
        engine = _EspeakLibrary.get()
        samples = engine.synthesize(self.code, text, self.rate_wpm)
        return Speech(samples.astype(np.float32) / 32768.0, engine.sample_rate)


def espeak_available() -> bool:
    """True when the bundled espeak-ng library is installed."""
    try:
        import espeakng_loader  # noqa: F401
    except ImportError:
        return False
    return True
