"""Every export is normalised to -16 LUFS integrated (EBU R128) with its true peak under
-1 dBTP, measured on the MP4 by ffmpeg's ebur128 filter; `loudness_lufs` changes the target
and None leaves the voices as they are."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from test_compositor import make_request

from storyreel.contract import ExportRequest, Language, NarrationRequest
from storyreel.media.audio import write_wav
from storyreel.media.compositor import Compositor
from storyreel.media.loudness import (
    TRUE_PEAK_DBTP,
    integrated_lufs,
    measure,
    normalized,
    true_peak_dbtp,
)
from storyreel.narration.service import narration_synthesize
from storyreel.settings import Settings


@pytest.mark.parametrize("target", [-16.0, -23.0])
def test_an_export_measures_its_target_loudness(
    tmp_path: Path, settings: Settings, target: float
) -> None:
    request = make_request(tmp_path, tmp_path / "loud.mp4")  # 220 Hz tones at half scale
    request = request.model_copy(update={"loudness_lufs": target})
    Compositor(settings).export(request)
    found = measure(Compositor(settings).ffmpeg, tmp_path / "loud.mp4")
    assert found.integrated_lufs == pytest.approx(target, abs=1.0)
    assert found.true_peak_dbtp <= -1.0


def test_none_leaves_the_narration_as_it_was(tmp_path: Path, settings: Settings) -> None:
    request: ExportRequest = make_request(tmp_path, tmp_path / "raw.mp4")
    Compositor(settings).export(request.model_copy(update={"loudness_lufs": None}))
    found = measure(Compositor(settings).ffmpeg, tmp_path / "raw.mp4")
    assert found.integrated_lufs > -12  # half-scale tones are far louder than -16 LUFS


def test_spoken_narration_reaches_the_target_too(tmp_path: Path, settings: Settings) -> None:
    """Real voices (Piper in English, espeak-ng in Chinese): pause-rich speech, on which
    ffmpeg's loudnorm alone ended more than a LU under the target."""
    request = make_request(tmp_path, tmp_path / "speech.mp4")
    texts = [
        (Language.EN, "The storm came at dusk, and the keeper climbed the stairs to the lamp."),
        (Language.ZH, "灯笼匠住在河边。她的女儿把纸涂成红色，一笔一笔，直到天黑。"),
        (Language.EN, "At dawn the fisherman left a basket of bread at the door."),
    ]
    media = []
    for index, (shot_media, (language, text)) in enumerate(zip(request.media, texts)):
        spoken = narration_synthesize(
            request=NarrationRequest(text=text, language=language),
            out_path=tmp_path / f"speech{index}.wav",
        )
        media.append(shot_media.model_copy(
            update={"narration_uri": spoken.uri, "narration_duration_s": spoken.duration_s}
        ))  # fmt: skip
    Compositor(settings).export(request.model_copy(update={"media": media}))
    found = measure(Compositor(settings).ffmpeg, tmp_path / "speech.mp4")
    assert found.integrated_lufs == pytest.approx(-16.0, abs=1.0)
    assert found.true_peak_dbtp <= -1.0


def _bursts(rate: int, seconds: float, seed: int) -> np.ndarray:
    """Speech-like: noise bursts with 1/f-ish colour, loud and quiet, with pauses."""
    rng = np.random.default_rng(seed)
    track = np.zeros(round(rate * seconds), np.float32)
    at = 0
    while at < track.size:
        length = int(rng.uniform(0.2, 1.2) * rate)
        burst = np.cumsum(rng.standard_normal(length)).astype(np.float32)
        burst -= np.convolve(burst, np.ones(64) / 64, mode="same").astype(np.float32)
        burst *= np.float32(rng.uniform(0.05, 0.6) / (np.abs(burst).max() + 1e-9))
        track[at : at + length] = burst[: track.size - at]
        at += length + int(rng.uniform(0.05, 0.8) * rate)
    return track


@pytest.mark.parametrize("rate", [48_000, 22_050])
def test_loudness_measured_in_process_agrees_with_ffmpegs_ebur128(
    tmp_path: Path, settings: Settings, rate: int
) -> None:
    ffmpeg = Compositor(settings).ffmpeg
    t = np.arange(rate * 4) / rate
    signals = {
        "1 kHz at -6 dBFS": (0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32),
        "60 Hz (the high-pass)": (0.5 * np.sin(2 * np.pi * 60 * t)).astype(np.float32),
        "speech-like bursts": _bursts(rate, 12, seed=rate),
    }
    for name, samples in signals.items():
        write_wav(samples, rate, tmp_path / "s.wav")
        expected = measure(ffmpeg, tmp_path / "s.wav")
        assert integrated_lufs(samples, rate) == pytest.approx(
            expected.integrated_lufs, abs=0.15
        ), name
        assert true_peak_dbtp(samples) == pytest.approx(expected.true_peak_dbtp, abs=0.3), name
    assert integrated_lufs(np.zeros(rate * 2, np.float32), rate) == -math.inf
    assert integrated_lufs(signals["1 kHz at -6 dBFS"][: rate // 4], rate) == -math.inf


def test_true_peak_finds_what_lies_between_samples() -> None:
    """A quarter-rate sine sampled at 45 degrees: every sample at 0.354, the wave at 0.5."""
    t = np.arange(48_000) / 48_000
    samples = (0.5 * np.sin(2 * np.pi * 12_000 * t + np.pi / 4)).astype(np.float32)
    assert 20 * math.log10(float(np.abs(samples).max())) == pytest.approx(-9.03, abs=0.05)
    assert true_peak_dbtp(samples) == pytest.approx(-6.02, abs=0.2)


@pytest.mark.parametrize("target", [-16.0, -23.0, -14.0])
def test_normalized_reaches_the_target_with_peaks_under_the_ceiling(
    tmp_path: Path, settings: Settings, target: float
) -> None:
    """Checked by ffmpeg's own reading of the written file, not by the code that set it."""
    rate = 48_000
    samples = _bursts(rate, 20, seed=7)
    samples[rate : rate + 40] = 0.99  # a click far above the rest: the limiter's work
    result = normalized(samples, rate, target)
    assert result is not None and result.shape == samples.shape
    write_wav(result, rate, tmp_path / "n.wav")
    found = measure(Compositor(settings).ffmpeg, tmp_path / "n.wav")
    assert found.integrated_lufs == pytest.approx(target, abs=0.3)
    assert found.true_peak_dbtp <= TRUE_PEAK_DBTP + 0.1
    assert normalized(np.zeros(rate, np.float32), rate, target) is None


def test_a_track_read_in_many_passes_measures_and_levels_as_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Long tracks are read a million samples at a time: passes 40 times smaller give the
    same loudness, peak and levelled samples."""
    from storyreel.media import loudness

    rate = 48_000
    samples = _bursts(rate, 20, seed=11)
    samples[5 * rate : 5 * rate + 30] = 0.95
    whole = (
        integrated_lufs(samples, rate),
        true_peak_dbtp(samples),
        normalized(samples, rate, -16),
    )
    monkeypatch.setattr(loudness, "_FFT", 1 << 15)
    monkeypatch.setattr(loudness, "_HALO", 1 << 11)
    passes = loudness._Passes(samples, rate)
    assert len(passes.spans()) > 30
    assert integrated_lufs(samples, rate) == pytest.approx(whole[0], abs=0.01)
    assert true_peak_dbtp(samples) == pytest.approx(whole[1], abs=0.01)
    levelled = normalized(samples, rate, -16)
    assert levelled is not None and whole[2] is not None
    assert np.abs(levelled - whole[2]).max() < 2e-3
