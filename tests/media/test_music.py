"""The music bed: bundled beds made by code, ducking keyed on the speech (measured in a real
export), a person's own file, and the bad inputs."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from test_compositor import make_request

from storyreel.errors import StoryReelError
from storyreel.media.audio import write_wav
from storyreel.media.compositor import Compositor
from storyreel.media.ffmpeg import ffmpeg_executable
from storyreel.media.loudness import measure
from storyreel.media.music import Ducking, bundled_bed, duck_gain, load_music, music_names
from storyreel.media.probe import probe_media
from storyreel.settings import Settings

RATE = 48_000


def _db(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(samples, dtype=np.float64))) + 1e-12))


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        return data.reshape(-1, wav.getnchannels()).mean(axis=1).astype(np.float64) / 32768


@pytest.mark.parametrize("name", music_names())
def test_a_bundled_bed_is_the_same_every_time_and_even(name: str) -> None:
    bed = bundled_bed(name, 24.0, RATE)
    assert np.array_equal(bed, bundled_bed(name, 24.0, RATE))
    assert bed.size == 24 * RATE and np.max(np.abs(bed)) <= 0.5 + 1e-6
    levels = [_db(bed[i : i + RATE // 2]) for i in range(0, 20 * RATE, RATE // 2)]
    assert max(levels) - min(levels) < 5, levels  # glides between chords, no holes


def test_the_gain_ducks_ahead_of_speech_bridges_short_pauses_and_comes_back() -> None:
    ducking = Ducking(depth_db=12, attack_s=0.25, release_s=0.8, bridge_s=1.5)
    gain = duck_gain([(1.0, 2.0), (2.5, 3.5), (6.0, 7.0)], 8 * RATE, RATE, ducking)
    floor = 10 ** (-12 / 20)

    def at(seconds: float) -> float:
        return float(gain[round(seconds * RATE)])

    assert at(0.5) == 1.0 and at(0.9) < 1.0  # going down before the first word
    assert at(1.0) == pytest.approx(floor) and at(2.25) == pytest.approx(floor)  # no pumping
    assert floor < at(3.9) < 1.0 and at(4.4) == 1.0  # released over 0.8 s
    assert at(6.5) == pytest.approx(floor) and at(7.9) == 1.0


def test_music_is_at_least_10_db_lower_while_the_narration_speaks(
    tmp_path: Path, settings: Settings
) -> None:
    """A real export: three shots held 6 s, each speaking 1 to 2 s; the bed as mixed (the
    music stem) is measured where the voice speaks and where it does not."""
    request = make_request(tmp_path, tmp_path / "out.mp4")
    board = request.storyboard.model_copy(
        update={
            "shots": [s.model_copy(update={"duration_s": 6.0}) for s in request.storyboard.shots]
        }
    )
    stems = tmp_path / "stems"
    stems.mkdir()
    request = request.model_copy(
        update={"storyboard": board, "music": "calm", "stems_dir": str(stems)}
    )
    Compositor(settings).export(request)
    sound = probe_media(tmp_path / "out.mp4").audio
    assert sound is not None and sound.sample_rate == RATE  # a bed keeps its highs
    music, voice = _read(stems / "music.wav"), _read(stems / "narration.wav")
    window = RATE // 10
    speaking, quiet = [], []
    frames = np.abs(voice[: voice.size // window * window]).reshape(-1, window).max(axis=1)
    for index in range(len(frames)):
        start = index * window
        if start < 2 * RATE or start > music.size - 3 * RATE:
            continue  # the fades
        near = frames[max(0, index - 10) : index + 11]  # 1 s either side
        level = _db(music[start : start + window])
        if frames[index] > 0.05:
            speaking.append(level)
        elif near.max() < 0.01:
            quiet.append(level)
    assert len(speaking) > 10 and len(quiet) > 10
    gap = np.median(quiet) - np.median(speaking)
    assert gap >= 10, f"the bed is only {gap:.1f} dB lower under speech"
    # and the mix still meets the loudness target
    assert measure(ffmpeg_executable(), tmp_path / "out.mp4").integrated_lufs == pytest.approx(
        -16, abs=1
    )


def test_a_persons_own_file_is_looped_and_a_missing_one_is_refused(tmp_path: Path) -> None:
    own = tmp_path / "loop.wav"
    t = np.arange(RATE) / RATE
    write_wav((0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32), RATE, own)
    looped = load_music(str(own), 3.5, RATE, ffmpeg_executable())
    assert looped.size == round(3.5 * RATE)
    assert _db(looped[-RATE // 2 :]) == pytest.approx(_db(looped[: RATE // 2]), abs=0.5)
    with pytest.raises(StoryReelError, match="calm, dusk"):
        load_music(str(tmp_path / "nothing.mp3"), 3, RATE, ffmpeg_executable())
