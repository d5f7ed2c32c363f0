"""WAV reading and writing, and the narration track laid under the whole video."""

from __future__ import annotations

import os
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

from storyreel.atomic import partial_path

# how far into its speech a voice has said a share of its text: (0..1) -> seconds
SpeechClock = Callable[[float], float]


def write_wav(samples: np.ndarray, sample_rate: int, path: Path) -> None:
    """Write float mono samples in [-1, 1] as 16-bit PCM, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(path)
    pcm = np.clip(samples * 32767.0, -32768, 32767).astype("<i2")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    os.replace(partial, path)  # the same rename as storyreel.atomic, for a binary file


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Read a 16-bit PCM WAV as float mono samples and its sample rate."""
    with wave.open(str(path), "rb") as source:
        rate = source.getframerate()
        channels = source.getnchannels()
        if source.getsampwidth() != 2:
            raise ValueError(f"{path} is not 16-bit PCM")
        raw = np.frombuffer(source.readframes(source.getnframes()), dtype="<i2")
    samples = raw.astype(np.float32) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def wav_rate(path: Path) -> int:
    """A WAV file's sample rate, from its header."""
    with wave.open(str(path), "rb") as source:
        return source.getframerate()


def resample(samples: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    """Linear-interpolation resampling (speech only, so this is transparent enough)."""
    if source_rate == target_rate or samples.size == 0:
        return samples
    count = round(samples.size * target_rate / source_rate)
    positions = np.arange(count, dtype=np.float64) * (source_rate / target_rate)
    resampled: np.ndarray = np.interp(positions, np.arange(samples.size), samples)
    return resampled.astype(np.float32)


def narration_track(
    clips: list[tuple[Path, float]], duration_s: float, sample_rate: int
) -> np.ndarray:
    """Mix narration clips, each placed at its start time, into one track of duration_s."""
    track = np.zeros(round(duration_s * sample_rate), np.float32)
    for path, start_s in clips:
        samples, rate = read_wav(path)
        samples = resample(samples, rate, sample_rate)
        begin = round(start_s * sample_rate)
        end = min(track.size, begin + samples.size)
        if end > begin:
            track[begin:end] += samples[: end - begin]
    return np.clip(track, -1.0, 1.0)


_CLOCK_STEP_S = 0.01


def speech_clock(samples: np.ndarray, rate: int, min_pause_s: float = 0.15) -> SpeechClock:
    """When a voice has said a share of its words: the share of its voiced time, so the
    clock stands still in its pauses (silences of min_pause_s or more, 20 dB under the
    voice). What subtitle pages and highlighted words are timed by."""
    step = max(1, round(rate * _CLOCK_STEP_S))
    count = len(samples) // step
    if count == 0:
        return lambda share: 0.0
    frames = samples[: count * step].astype(np.float64).reshape(count, step)
    level = np.sqrt(np.mean(frames**2, axis=1))
    voiced = level > 0.1 * float(np.percentile(level, 90))
    # a short dip (a stop consonant, a breath between words) is not a pause
    quiet = 0
    shortest = round(min_pause_s / _CLOCK_STEP_S)
    for index in range(count + 1):
        if index < count and not voiced[index]:
            quiet += 1
            continue
        if 0 < quiet < shortest and index - quiet > 0 and index < count:
            voiced[index - quiet : index] = True
        quiet = 0
    spoken = np.flatnonzero(voiced)
    if spoken.size == 0:
        return lambda share: share * count * step / rate
    seconds = step / rate

    def clock(share: float) -> float:
        if share >= 1.0:
            return float(spoken[-1] + 1) * seconds
        return float(spoken[min(spoken.size - 1, int(max(0.0, share) * spoken.size))]) * seconds

    return clock
