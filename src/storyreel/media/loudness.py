"""Loudness: every export's sound normalised to a target integrated loudness (EBU R128,
-16 LUFS by default, what podcasts and web video use) with its true peak under -1 dBTP.

Measured and applied in process on the mixed track (BS.1770 in numpy: a gain, and a
lookahead limiter at the true-peak ceiling). `measure` is ffmpeg's own ebur128 reading of
a file, what the tests check an MP4 with.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storyreel.media.ffmpeg import ffmpeg_report

TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -2.0  # under the -1 dBTP asked for: AAC at 128k mono overshoots up to 0.7 dB
_ROUNDS = 6  # gain and limit again while the result is short of the target


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float


def _biquad_power(
    b: tuple[float, float, float], a: tuple[float, float, float], cos: np.ndarray, sin: np.ndarray
) -> np.ndarray:
    """|H|^2 of a biquad at the frequencies w whose (cos w, sin w) are given: the real and
    imaginary parts of each polynomial in e^-jw, squared (no cancellation near w = 0)."""
    cos2, sin2 = 2 * cos * cos - 1, 2 * sin * cos

    def power(c: tuple[float, float, float]) -> np.ndarray:
        real = c[0] + c[1] * cos + c[2] * cos2
        imaginary = c[1] * sin + c[2] * sin2
        value: np.ndarray = real * real + imaginary * imaginary
        return value

    ratio: np.ndarray = power(b) / power(a)
    return ratio


@lru_cache(maxsize=4)
def _k_weighting(size: int, rate: int) -> np.ndarray:
    """The gain of BS.1770's K-weighting (a high shelf, then a high-pass) at the bins of an
    rfft of `size` samples. The filters' constants are libebur128's, which give the
    standard's 48 kHz coefficients and follow any other rate. Made once per process (80 ms
    at 2^20 samples here: a server or client exports many times), read-only."""
    k = math.tan(math.pi * 1681.974450955533 / rate)
    q = 0.7071752369554196
    vh = 10 ** (3.999843853973347 / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf_b = (
        (vh + vb * k / q + k * k) / a0,
        2 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
    )
    shelf_a = (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
    k = math.tan(math.pi * 38.13547087602444 / rate)
    q = 0.5003270373238773
    a0 = 1 + k / q + k * k
    high_a = (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
    w = np.linspace(0, math.pi, size // 2 + 1)
    cos, sin = np.cos(w), np.sin(w)
    power = _biquad_power(shelf_b, shelf_a, cos, sin) * _biquad_power(
        (1.0, -2.0, 1.0), high_a, cos, sin
    )
    gain: np.ndarray = np.sqrt(power)
    gain.flags.writeable = False
    return gain


# BS.1770's true peak: the track four times oversampled (a windowed sinc, 12 taps a phase)
_PHASES = 4
_TAPS = 12


def _interpolator() -> np.ndarray:
    taps = np.arange(-_TAPS // 2 + 1, _TAPS // 2 + 1, dtype=np.float64)
    phases = np.arange(1, _PHASES) / _PHASES
    t = taps[None, :] - phases[:, None]
    window = np.cos(math.pi * t / (_TAPS + 1)) ** 2  # the sinc's taper
    kernel: np.ndarray = np.sinc(t) * window
    phases_taps: np.ndarray = (kernel / kernel.sum(axis=1, keepdims=True)).astype(np.float32)
    return phases_taps


def peak_envelope(samples: np.ndarray) -> np.ndarray:
    """At each sample, the highest magnitude from it to the next one, the values four times
    oversampled between them included (the true peak is its maximum)."""
    signal = samples.astype(np.float32)
    peaks = np.abs(signal)
    following: np.ndarray = np.maximum(peaks, np.append(peaks[1:], np.float32(0)))
    for kernel in _interpolator():
        between = np.convolve(signal, kernel[::-1], mode="full")[_TAPS // 2 :]
        np.maximum(following, np.abs(between[: signal.size]), out=following)
    return following


def _window_max(values: np.ndarray, half: int) -> np.ndarray:
    """max(values[n-half .. n+half]) at every n (by doubling spans: log2(width) passes)."""
    width = 2 * half + 1
    pad = np.zeros(half, values.dtype)
    best = np.concatenate((pad, values, pad))
    span = 1
    while span * 2 <= width:
        best = np.maximum(best[:-span], best[span:])
        span *= 2
    result: np.ndarray = np.maximum(
        best[: values.size], best[width - span : width - span + values.size]
    )
    return result


def _limiter_gain(envelope: np.ndarray, rate: int, ceiling_dbtp: float) -> np.ndarray | None:
    """The gain (linear, <= 1) a lookahead limiter applies to a track with this peak
    envelope so that no peak passes the ceiling: it comes down over the 10 ms before a
    peak and back up over the 10 ms after, in straight ramps (a window maximum of the
    reduction each sample needs, smoothed by a moving mean of the same window, so the gain
    at a peak is never above what that peak needs). None: nothing passes the ceiling."""
    ceiling = 10 ** (ceiling_dbtp / 20)
    over = np.flatnonzero(envelope > ceiling)
    if over.size == 0:
        return None
    needed = np.zeros(envelope.size, np.float32)  # dB of reduction
    needed[over] = 20 * np.log10(envelope[over] / ceiling)
    half = round(0.01 * rate)
    pad = np.zeros(half + 1, np.float64)
    sums = np.cumsum(np.concatenate((pad, _window_max(needed, half), pad[:-1])))
    reduction = (sums[2 * half + 1 :] - sums[: -2 * half - 1]) / (2 * half + 1)
    gain: np.ndarray = np.exp(reduction.astype(np.float32) * np.float32(-math.log(10) / 20))
    return gain


# The track is read in passes of _FFT samples, each reaching _HALO beyond its own span on
# both sides (the K-filter's ring and the limiter's window settle well inside it), so the
# memory stays flat on a long track; a track up to _KEEP samples keeps each pass's
# K-weighted power and peak envelope for the next round instead of computing them again.
_FFT = 1 << 20
_HALO = 1 << 13
_KEEP = 15 * 60 * 48_000


class _Passes:
    """A mono track, in passes: its K-weighted energy per 100 ms step and its peak
    envelope, under a gain and the limiter that gain needs."""

    def __init__(self, samples: np.ndarray, rate: int) -> None:
        self.samples = samples
        self.rate = rate
        self.step = round(0.1 * rate)
        self.own = (_FFT - 2 * _HALO) // self.step * self.step  # whole steps per pass
        self.weighting = _k_weighting(_FFT, rate)
        self.keep = samples.size <= _KEEP
        self._kept: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(start, end, low, high): each pass's own samples and those it reads."""
        size = self.samples.size
        return [
            (start, min(size, start + self.own), max(0, start - _HALO),
             min(size, start + self.own + _HALO))
            for start in range(0, size, self.own)
        ]  # fmt: skip

    def _read(self, low: int, high: int) -> tuple[np.ndarray, np.ndarray]:
        if low in self._kept:
            return self._kept[low]
        segment = self.samples[low:high].astype(np.float32)
        # the K-weighting's gain on the segment's spectrum (no phase: block energies come
        # out as the two biquads' do, within 0.05 LU of ffmpeg's ebur128 on speech)
        spectrum = np.fft.rfft(segment, _FFT) * self.weighting
        power = (np.fft.irfft(spectrum, _FFT)[: segment.size] ** 2).astype(np.float32)
        read = (power, peak_envelope(segment))
        if self.keep:
            self._kept[low] = read
        return read

    def gains(self, gain: float, ceiling_dbtp: float | None) -> list[np.ndarray | None]:
        """Each pass's limiter gain for its own samples under `gain` (None: not needed)."""
        found: list[np.ndarray | None] = []
        for start, end, low, high in self.spans():
            limiter = None
            if ceiling_dbtp is not None:
                _power, envelope = self._read(low, high)
                limiter = _limiter_gain(envelope * gain, self.rate, ceiling_dbtp)
            found.append(None if limiter is None else limiter[start - low : end - low])
        return found

    def loudness(self, limiters: list[np.ndarray | None] | None = None) -> float:
        """Integrated loudness (BS.1770-4 / EBU R128: 400 ms blocks every 100 ms, gated at
        -70 LUFS and 10 LU under the mean of those; -inf when nothing is above), with the
        limiters' gains applied."""
        steps = np.zeros(-(-self.samples.size // self.step))
        for number, (start, end, low, high) in enumerate(self.spans()):
            power = self._read(low, high)[0][start - low : end - low]
            if limiters is not None and (limiter := limiters[number]) is not None:
                power = power * limiter * limiter
            padded = np.zeros(-(-power.size // self.step) * self.step, np.float64)
            padded[: power.size] = power
            steps[start // self.step : start // self.step + padded.size // self.step] = (
                padded.reshape(-1, self.step).sum(axis=1)
            )
        whole = self.samples.size // self.step  # 4 whole steps make a block
        if whole < 4:
            return -math.inf
        sums = np.concatenate(([0.0], np.cumsum(steps[:whole])))
        means = (sums[4:] - sums[:-4]) / (4 * self.step)
        loud = means[means > 10 ** ((-70 + 0.691) / 10)]
        if loud.size == 0:
            return -math.inf
        gated = loud[loud > loud.mean() * 0.1]  # 10 LU under
        return float(-0.691 + 10 * math.log10(gated.mean()))

    def peak(self) -> float:
        top = 0.0
        for start, end, low, high in self.spans():
            top = max(top, float(self._read(low, high)[1][start - low : end - low].max()))
        return top


def integrated_lufs(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness of a mono track (BS.1770-4; -inf when silent or under 400 ms)."""
    return _Passes(samples, rate).loudness()


def true_peak_dbtp(samples: np.ndarray, rate: int = 48_000) -> float:
    top = _Passes(samples, rate).peak() if samples.size else 0.0
    return 20 * math.log10(top) if top > 0 else -math.inf


def normalized(samples: np.ndarray, rate: int, lufs: float) -> np.ndarray | None:
    """The track at `lufs` integrated with its true peak under TRUE_PEAK_DBTP: a gain, and
    a lookahead limiter where the peaks need it. The limiter takes a little loudness back,
    so the gain is set anew from the limited track's loudness (a few rounds, the slope of
    loudness over gain from the last two). None when the track is silent.

    The limiter's gain moves slowly (10 ms ramps), so a round scales the K-weighted power
    by it instead of filtering again. In process, a 40 s track takes a quarter of a
    CPU-second where ffmpeg's loudnorm passes took over one (bench/export_bench.py)."""
    track = _Passes(samples, rate)
    measured = track.loudness()
    if not math.isfinite(measured) or measured < -70:
        return None
    ceiling = TRUE_PEAK_DBTP - 0.1
    gain_db = lufs - measured
    tried: list[tuple[float, float]] = []  # (gain, loudness it gave)
    for _ in range(_ROUNDS):
        limiters = track.gains(10 ** (gain_db / 20), ceiling)
        if all(limiter is None for limiter in limiters):
            break
        reached = track.loudness(limiters) + gain_db
        if abs(lufs - reached) < 0.05:
            break
        slope = 1.0  # LU per dB of gain: under 1 once the limiter works harder as it rises
        if tried and gain_db != tried[-1][0]:
            last_gain, last_reached = tried[-1]
            slope = min(1.0, max(0.2, (reached - last_reached) / (gain_db - last_gain)))
        tried.append((gain_db, reached))
        gain_db += (lufs - reached) / slope
    gain = 10 ** (gain_db / 20)
    limiters = track.gains(gain, ceiling)
    result = np.empty_like(samples)
    for (start, end, _low, _high), limiter in zip(track.spans(), limiters):
        part = samples[start:end] * gain
        result[start:end] = part if limiter is None else part * limiter
    return result


def measure(ffmpeg: str, media: Path) -> Loudness:
    """Integrated loudness and true peak of a file's sound, by ffmpeg's ebur128 filter."""
    text = ffmpeg_report(
        ffmpeg, ["-i", str(media), "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"]
    )
    summary = text[text.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if integrated is None or peak is None:
        raise ValueError("ffmpeg's ebur128 printed no summary")
    return Loudness(float(integrated.group(1)), float(peak.group(1)))
