"""Every export is normalised to -16 LUFS integrated (EBU R128) with its true peak under
-1 dBTP, measured on the MP4 by ffmpeg's ebur128 filter; `loudness_lufs` changes the target
and None leaves the voices as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_compositor import make_request

from storyreel.contract import ExportRequest
from storyreel.media.compositor import Compositor
from storyreel.media.loudness import measure
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
