"""A music bed under the narration, ducked while speech plays.

The bundled beds are made here, by code, from sine partials: no recording, no sample, nothing
to license (CC0, as this file). A person's own file works too (any format ffmpeg reads,
looped to the video's length). The ducking is keyed on the speech itself, as a sidechain
compressor keyed on the voice is, but from the narration clips' known times rather than a
level detector: the bed starts going down `attack` before a clip speaks (so the first
syllable is never masked), stays down across pauses shorter than `bridge` (so it does not
pump between sentences) and comes back over `release` after the speech ends.
"""

from __future__ import annotations

import math
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyreel.errors import StoryReelError
from storyreel.media.ffmpeg import run_ffmpeg_output

# each bed: chords (MIDI notes) of `chord_s` seconds each, played in a loop
BUNDLED: dict[str, tuple[tuple[tuple[int, ...], ...], float]] = {
    "calm": (((48, 55, 64, 67), (45, 52, 60, 64), (41, 48, 57, 60), (43, 50, 59, 62)), 4.0),
    "dusk": (((45, 52, 60, 64), (41, 48, 57, 60), (48, 55, 60, 64), (43, 50, 55, 59)), 5.0),
}
MUSIC_VERSION = 1  # bump when the bundled beds or the mixing change (the export cache)
FADE_IN_S = 1.5
FADE_OUT_S = 2.5


@dataclass(frozen=True)
class Ducking:
    """How far the bed goes down under speech, and how it moves."""

    depth_db: float = 12.0
    attack_s: float = 0.25
    release_s: float = 0.8
    bridge_s: float = 1.5  # pauses shorter than this stay ducked


def music_names() -> list[str]:
    return sorted(BUNDLED)


def _note_hz(midi: int) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def bundled_bed(name: str, seconds: float, rate: int) -> np.ndarray:
    """A soft pad, deterministic, `seconds` long (mono float32, peak about 0.5)."""
    chords, chord_s = BUNDLED[name]
    total = max(1, round(seconds * rate))
    t = np.arange(total, dtype=np.float64) / rate
    out = np.zeros(total, dtype=np.float64)
    chord_n = round(chord_s * rate)
    # each chord fades in over the last quarter of the one before and out over the first
    # quarter of the next (sine and cosine ramps), so the bed glides between chords at an
    # even level
    overlap = chord_n // 4
    for start in range(0, total, chord_n):
        chord = chords[(start // chord_n) % len(chords)]
        lo, hi = max(0, start - overlap), min(total, start + chord_n + overlap)
        span = hi - lo
        ramp = np.sin(0.5 * math.pi * np.arange(2 * overlap) / (2 * overlap)) ** 2
        envelope = np.ones(span)
        head = min(span, 2 * overlap) if start > 0 else 0
        envelope[:head] = ramp[:head]
        tail = min(span, 2 * overlap)
        envelope[span - tail :] = np.minimum(envelope[span - tail :], ramp[::-1][-tail:])
        segment = np.zeros(span)
        for voice, midi in enumerate(chord):
            hz = _note_hz(midi)
            for harmonic, weight in ((1, 1.0), (2, 0.35), (3, 0.12)):
                detune = 1 + 0.0015 * (voice - 1.5)
                segment += weight * np.sin(2 * math.pi * hz * harmonic * detune * t[lo:hi])
        out[lo:hi] += envelope * segment / len(chord)
    peak = float(np.max(np.abs(out))) or 1.0
    return (0.5 * out / peak).astype(np.float32)


def load_music(source: str, seconds: float, rate: int, ffmpeg: str) -> np.ndarray:
    """A bundled bed by name, or a file looped (or cut) to `seconds` (mono float32)."""
    if source in BUNDLED:
        return bundled_bed(source, seconds, rate)
    path = Path(source).expanduser()
    if not path.is_file():
        raise StoryReelError(
            f"no music {source!r}: give a sound file, or one of: {', '.join(music_names())}"
        )
    raw = run_ffmpeg_output(
        ffmpeg,
        ["-stream_loop", "-1", "-i", str(path), "-t", f"{seconds:.3f}", "-vn",
         "-ac", "1", "-ar", str(rate), "-f", "f32le", "-"],
    )  # fmt: skip
    samples = np.frombuffer(raw, dtype=np.float32)
    if samples.size == 0:
        raise StoryReelError(f"{path} holds no sound ffmpeg can read")
    needed = max(1, round(seconds * rate))
    return np.resize(samples, needed).astype(np.float32)


def speech_intervals(clips: list[tuple[Path, float]]) -> list[tuple[float, float]]:
    """When each narration clip speaks: (start, end) in seconds."""
    spans = []
    for path, start in clips:
        with wave.open(str(path)) as clip:
            spans.append((start, start + clip.getnframes() / clip.getframerate()))
    return sorted(spans)


def duck_gain(
    intervals: list[tuple[float, float]], samples: int, rate: int, ducking: Ducking
) -> np.ndarray:
    """The bed's gain, sample by sample: 1 between speech, 10^(-depth/20) under it, with
    linear ramps (attack before each spoken stretch, release after it)."""
    merged: list[list[float]] = []
    for start, end in intervals:
        if merged and start - merged[-1][1] < ducking.bridge_s:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    amount = np.zeros(samples, dtype=np.float32)  # 0: full level, 1: fully ducked
    for start, end in merged:
        a0 = max(0, round((start - ducking.attack_s) * rate))
        a1 = max(0, min(samples, round(start * rate)))
        r0 = max(0, min(samples, round(end * rate)))
        r1 = max(0, min(samples, round((end + ducking.release_s) * rate)))
        if a1 > a0:
            ramp = np.linspace(0, 1, a1 - a0, endpoint=False, dtype=np.float32)
            amount[a0:a1] = np.maximum(amount[a0:a1], ramp)
        amount[a1:r0] = 1.0
        if r1 > r0:
            ramp = np.linspace(1, 0, r1 - r0, endpoint=False, dtype=np.float32)
            amount[r0:r1] = np.maximum(amount[r0:r1], ramp)
    floor = 10 ** (-ducking.depth_db / 20)
    gain: np.ndarray = 1.0 - amount * (1.0 - floor)
    return gain


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0


def music_under(
    speech: np.ndarray,
    intervals: list[tuple[float, float]],
    bed: np.ndarray,
    rate: int,
    volume_db: float,
    ducking: Ducking,
) -> np.ndarray:
    """The bed as it plays under this speech: `volume_db` relative to the speech's level
    where nothing is said, ducked under it, faded in and out (mono float32)."""
    bed = np.resize(bed, speech.size).astype(np.float32)
    spoken = np.concatenate(
        [speech[round(a * rate) : round(b * rate)] for a, b in intervals] or [speech]
    )
    reference = _rms(spoken) or 0.1
    level = reference * 10 ** (volume_db / 20) / (_rms(bed) or 1.0)
    shaped = bed * level * duck_gain(intervals, speech.size, rate, ducking)
    fade_in, fade_out = round(FADE_IN_S * rate), round(FADE_OUT_S * rate)
    shaped[: min(fade_in, shaped.size)] *= np.linspace(0, 1, min(fade_in, shaped.size))
    tail = min(fade_out, shaped.size)
    shaped[shaped.size - tail :] *= np.linspace(1, 0, tail)
    result: np.ndarray = shaped.astype(np.float32)
    return result
