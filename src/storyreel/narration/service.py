"""Narration services: speak a shot's narration to a WAV file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyreel.contract import NarrationRequest, NarrationResult
from storyreel.media.audio import write_wav
from storyreel.narration.base import NarrationVoice, Speech, trim_silence
from storyreel.narration.voices import resolve_voice

_PEAK = 0.89  # -1 dBFS: every voice equally loud, never clipping


def trim_and_normalize(speech: Speech) -> Speech:
    """Cut leading/trailing silence and bring the peak to -1 dBFS."""
    trimmed = trim_silence(speech.samples, speech.sample_rate)
    if trimmed.size == 0:
        return Speech(np.zeros(0, np.float32), speech.sample_rate)
    peak = float(np.max(np.abs(trimmed)))
    return Speech((trimmed * (_PEAK / peak)).astype(np.float32), speech.sample_rate)


def narration_synthesize(
    *, request: NarrationRequest, out_path: Path, voice: NarrationVoice | None = None
) -> NarrationResult:
    """Speak a shot's narration with the chosen voice and write it as WAV."""
    if voice is None:
        voice = resolve_voice(request.voice, request.language)
    speech = trim_and_normalize(voice.speak(request.text))
    write_wav(speech.samples, speech.sample_rate, out_path)
    return NarrationResult(
        uri=str(out_path),
        duration_s=speech.duration_s,
        sample_rate=speech.sample_rate,
        voice=voice.name,
    )
