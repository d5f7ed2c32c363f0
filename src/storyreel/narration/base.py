"""The narration voice interface that every TTS backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from storyreel.contract import Language


@dataclass(frozen=True)
class Speech:
    """Mono speech audio: float32 samples in [-1, 1]."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


SILENCE = 0.01  # under -40 dBFS counts as silence
_EDGE_S = 0.03  # kept either side of the speech, so no consonant is clipped


def trim_silence(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """The samples without their leading and trailing silence (a little edge kept)."""
    loud = np.flatnonzero(np.abs(samples) > SILENCE)
    if loud.size == 0:
        return samples[:0]
    keep = int(sample_rate * _EDGE_S)
    return samples[max(0, int(loud[0]) - keep) : min(len(samples), int(loud[-1]) + keep)]


class NarrationVoice(ABC):
    """One voice that speaks text in one language."""

    name: str
    language: Language
    description: str
    family: str  # the engine: "piper", "espeak", "baker", "kokoro", "cosyvoice"

    @property
    def loaded(self) -> bool:
        """True while the voice's model is held in memory."""
        return False

    def unload(self) -> None:
        """Release the model; the next speak() loads it again."""
        return None

    @abstractmethod
    def speak(self, text: str) -> Speech:
        """Synthesize text to speech."""
