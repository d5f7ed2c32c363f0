"""`hold`: a backend for measuring the fleet, never for making anything.

It holds each job for a fixed pretend model time (STORYREEL_NODE_HOLD_S) and answers with a
tiny real file (a grey PNG, a silent WAV), so that scheduling, leases and uploads can be
measured with many nodes on a machine whose cores could not run that many models. It exists
only on a node started with STORYREEL_NODE_HOLD_S > 0, is never a stage's default, and says
so in its description and in every result (backend "hold").
"""

from __future__ import annotations

import struct
import time
import wave
from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import (
    KeyframeRequest,
    KeyframeResult,
    NarrationRequest,
    NarrationResult,
    StageResult,
    TaskType,
)
from storyreel.node.backends.base import Backend, as_request

_RATE = 16000


def _grey_png(path: Path, width: int, height: int) -> None:
    from PIL import Image

    Image.new("RGB", (width, height), (128, 128, 128)).save(path)


def _silent_wav(path: Path, seconds: float) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        out.writeframes(struct.pack("<h", 0) * int(_RATE * seconds))


class HoldBackend(Backend):
    """Sleeps `hold_s` per job (no model, no CPU), then writes a placeholder result."""

    name = "hold"
    parallel = True  # it only sleeps

    def __init__(self, stage: TaskType, hold_s: float) -> None:
        self.stage = stage
        self.hold_s = hold_s
        self.description = (
            f"TEST ONLY: holds each job {hold_s:g} s of pretend model time and makes a "
            "placeholder (for the fleet bench; STORYREEL_NODE_HOLD_S)"
        )

    def run(self, payload: BaseModel, work: Path) -> StageResult:
        time.sleep(self.hold_s)
        if self.stage is TaskType.KEYFRAME:
            request = as_request(payload, KeyframeRequest)
            width, height = max(8, request.width // 16), max(8, request.height // 16)
            path = work / "keyframe.png"
            _grey_png(path, width, height)
            return KeyframeResult(uri=str(path), width=width, height=height, backend=self.name)
        narration = as_request(payload, NarrationRequest)
        seconds = min(10.0, 0.5 + 0.06 * len(narration.text))
        path = work / "narration.wav"
        _silent_wav(path, seconds)
        return NarrationResult(
            uri=str(path), duration_s=seconds, sample_rate=_RATE, voice=narration.voice or "hold"
        )
