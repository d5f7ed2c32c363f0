"""Narration services: speak a shot's narration to a WAV file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyreel.contract import NarrationRequest, NarrationResult
from storyreel.errors import VoiceNotFoundError
from storyreel.media.audio import resample, write_wav
from storyreel.narration.base import NarrationVoice, Speech, trim_silence
from storyreel.narration.voices import resolve_voice
from storyreel.text.language import language_runs, spoken_text

_PEAK = 0.89  # -1 dBFS: every voice equally loud, never clipping
_FRAGMENT_GAP_S = 0.08  # between a fragment in another language and the words around it


def trim_and_normalize(speech: Speech) -> Speech:
    """Cut leading/trailing silence and bring the peak to -1 dBFS."""
    trimmed = trim_silence(speech.samples, speech.sample_rate)
    if trimmed.size == 0:
        return Speech(np.zeros(0, np.float32), speech.sample_rate)
    peak = float(np.max(np.abs(trimmed)))
    return Speech((trimmed * (_PEAK / peak)).astype(np.float32), speech.sample_rate)


def speak_mixed(text: str, voice: NarrationVoice) -> Speech:
    """The text spoken by the voice, with each fragment in another language spoken by that
    language's default voice ("The sign said 灯笼" in English: joe cannot read 灯笼, he says
    "Chinese letter"); emoji are not spoken. Where no voice speaks a fragment's language,
    the story's voice reads it all."""
    said = spoken_text(text)
    if not any(char.isalnum() for char in said):
        said = text  # nothing but symbols: as before, the voice makes of it what it can
    runs = language_runs(said, voice.language)
    voices: list[NarrationVoice] = []
    for language, _part in runs:
        try:
            voices.append(voice if language is voice.language else resolve_voice(None, language))
        except VoiceNotFoundError:
            return voice.speak(said)
    if len(runs) == 1 and voices[0] is voice:
        return voice.speak(said)
    rate = 0
    parts: list[np.ndarray] = []
    for (_language, part), speaker in zip(runs, voices):
        if not any(char.isalnum() for char in part):
            continue  # punctuation between two fragments: the gap says it
        spoken = trim_and_normalize(speaker.speak(part.strip()))
        rate = rate or spoken.sample_rate
        if parts:
            parts.append(np.zeros(int(rate * _FRAGMENT_GAP_S), np.float32))
        parts.append(resample(spoken.samples, spoken.sample_rate, rate))
    if not parts:
        return voice.speak(said)
    return Speech(np.concatenate(parts), rate)


def narration_synthesize(
    *, request: NarrationRequest, out_path: Path, voice: NarrationVoice | None = None
) -> NarrationResult:
    """Speak a shot's narration with the chosen voice (fragments in another language with a
    voice of theirs) and write it as WAV."""
    if voice is None:
        voice = resolve_voice(request.voice, request.language)
    speech = trim_and_normalize(speak_mixed(request.text, voice))
    write_wav(speech.samples, speech.sample_rate, out_path)
    return NarrationResult(
        uri=str(out_path),
        duration_s=speech.duration_s,
        sample_rate=speech.sample_rate,
        voice=voice.name,
    )
