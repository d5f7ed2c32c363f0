"""Every export is normalised to -16 LUFS integrated (EBU R128) with its true peak under
-1 dBTP, measured on the MP4 by ffmpeg's ebur128 filter; `loudness_lufs` changes the target
and None leaves the voices as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_compositor import make_request

from storyreel.contract import ExportRequest, Language, NarrationRequest
from storyreel.media.compositor import Compositor
from storyreel.media.loudness import measure
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
