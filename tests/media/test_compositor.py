"""The compositor with real ffmpeg, at a small frame size to keep the suite quick."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from storyreel.contract import (
    AspectRatio,
    ExportRequest,
    KeyframeRequest,
    Language,
    ShotMedia,
    ShotSize,
    ShotSpec,
    Storyboard,
)
from storyreel.errors import MediaToolError, OutputPathError
from storyreel.keyframe.service import keyframe_render
from storyreel.keyframe.sketch import SketchRenderer
from storyreel.media.audio import write_wav
from storyreel.media.compositor import _RUN_S, Compositor, _check_cuts, _PieceJob, _runs
from storyreel.media.probe import probe_media
from storyreel.media.timeline import Piece, PieceKind
from storyreel.settings import Settings

NARRATIONS = ['First: a quote\'s "edge".', "Second {brace} \\N 100%", "第三个镜头。"]


def _tone(path: Path, seconds: float, rate: int = 22050) -> None:
    t = np.arange(int(seconds * rate)) / rate
    write_wav((0.5 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), rate, path)


def make_request(
    folder: Path,
    out: Path,
    aspect: AspectRatio = AspectRatio.LANDSCAPE,
    prompts: list[str] | None = None,
) -> ExportRequest:
    prompts = prompts or ["the sea at night", "a forest at dawn", "a city in the rain"]
    width, height = aspect.frame_size(180)
    shots, media = [], []
    for index, (text, prompt) in enumerate(zip(NARRATIONS, prompts)):
        key = folder / f"k{index}-{abs(hash(prompt))}.png"
        keyframe_render(
            request=KeyframeRequest(prompt=prompt, seed=index, width=width, height=height),
            renderer=SketchRenderer(),
            out_path=key,
        )
        wav = folder / f"n{index}.wav"
        _tone(wav, 1.0 + 0.5 * index)
        shots.append(
            ShotSpec(
                index=index,
                narration=text,
                prompt=prompt,
                seed=index,
                shot_size=ShotSize.MEDIUM,
                source_start=index * 10,
                source_end=index * 10 + 5,
            )
        )
        media.append(
            ShotMedia(
                keyframe_uri=str(key),
                narration_uri=str(wav),
                narration_duration_s=1.0 + 0.5 * index,
            )
        )
    board = Storyboard(language=Language.EN, aspect=aspect, shots=shots)
    return ExportRequest(storyboard=board, media=media, output_path=str(out), short_side=180)


def test_export_streams_duration_and_subtitles(tmp_path: Path, settings: Settings) -> None:
    out = tmp_path / "out" / "video.mp4"
    result = Compositor(settings).export(make_request(tmp_path, out))
    info = probe_media(out, count_frames=True)
    assert info.video is not None and info.audio is not None
    assert (info.video.codec, info.video.width, info.video.height) == ("h264", 320, 180)
    assert info.audio.codec == "aac"
    assert info.audio.sample_rate == 22050  # the voices' own rate: narration alone
    assert info.video.frames == round(result.duration_s * 24)
    assert abs(info.duration_s - result.duration_s) < 0.1
    assert abs(info.audio.duration_s - result.duration_s) < 0.1
    srt = Path(result.subtitles_path).read_text(encoding="utf-8")
    for text in NARRATIONS:
        assert text in srt
    assert result.segments_encoded == result.segments_total == 5  # 3 bodies + 2 crossfades
    assert sorted(p.name for p in out.parent.iterdir()) == ["video.mp4", "video.srt"]


def test_reexport_after_one_shot_changed_encodes_only_its_pieces(
    tmp_path: Path, settings: Settings
) -> None:
    compositor = Compositor(settings)
    first = compositor.export(make_request(tmp_path, tmp_path / "a.mp4"))
    same = compositor.export(make_request(tmp_path, tmp_path / "b.mp4"))
    assert same.segments_encoded == 0
    changed = make_request(
        tmp_path,
        tmp_path / "c.mp4",
        prompts=["the sea at night", "a desert at noon", "a city in the rain"],
    )
    result = compositor.export(changed)
    assert result.segments_encoded == 3  # the middle body and the crossfades on either side
    assert result.duration_s == first.duration_s


@pytest.mark.parametrize(
    ("aspect", "size"), [(AspectRatio.PORTRAIT, (180, 320)), (AspectRatio.SQUARE, (180, 180))]
)
def test_other_aspect_ratios(
    aspect: AspectRatio, size: tuple[int, int], tmp_path: Path, settings: Settings
) -> None:
    out = tmp_path / "v.mp4"
    Compositor(settings).export(make_request(tmp_path, out, aspect))
    info = probe_media(out)
    assert info.video is not None and (info.video.width, info.video.height) == size


def test_missing_media_and_bad_output_fail_cleanly(tmp_path: Path, settings: Settings) -> None:
    request = make_request(tmp_path, tmp_path / "x.mp4")
    Path(request.media[1].keyframe_uri).unlink()
    with pytest.raises(MediaToolError, match="shot 2: keyframe file is missing"):
        Compositor(settings).export(request)
    broken = make_request(tmp_path, tmp_path / "x.mp4")
    Path(broken.media[1].keyframe_uri).write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 100)
    with pytest.raises(MediaToolError, match="shot 2: its keyframe cannot be read as a picture"):
        Compositor(settings).export(broken)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    good = make_request(tmp_path, blocker / "v.mp4")
    with pytest.raises(OutputPathError):
        Compositor(settings).export(good)
    with pytest.raises(OutputPathError):
        Compositor(settings).export(make_request(tmp_path, tmp_path / "video.avi"))
    assert not (tmp_path / "x.mp4").exists()


def test_chinese_subtitles_are_drawn_with_the_cjk_font(tmp_path: Path, settings: Settings) -> None:
    """Tofu boxes are narrower than real CJK glyphs (one em each): measure the burned-in line."""
    import av
    from PIL import Image, ImageFont

    from storyreel.text.fonts import subtitle_font_path
    from storyreel.text.subtitle_layout import SubtitleLayout

    text = "老爷爷笑着说灯笼"
    key = tmp_path / "grey.png"
    Image.new("RGB", (640, 360), (60, 60, 60)).save(key)
    wav = tmp_path / "n.wav"
    _tone(wav, 2.0)
    shot = ShotSpec(index=0, narration=text, prompt="p", seed=0, source_start=0, source_end=8)
    request = ExportRequest(
        storyboard=Storyboard(language=Language.ZH, shots=[shot]),
        media=[ShotMedia(keyframe_uri=str(key), narration_uri=str(wav), narration_duration_s=2.0)],
        output_path=str(tmp_path / "zh.mp4"),
        short_side=360,
    )
    Compositor(settings).export(request)
    with av.open(str(tmp_path / "zh.mp4")) as container:
        frame = next(f for f in container.decode(video=0) if f.time and f.time > 1.5)
        pixels = frame.to_ndarray(format="gray")
    band = pixels[int(360 * 0.7) :, :] > 200
    xs = np.nonzero(band.any(axis=0))[0]
    layout = SubtitleLayout(640, 360)
    expected = ImageFont.truetype(str(subtitle_font_path()), round(layout.em_px)).getlength(text)
    assert abs((xs.max() - xs.min()) - expected) < expected * 0.12


def test_keyframes_named_as_ffmpeg_patterns_or_in_another_format_export(
    tmp_path: Path, settings: Settings
) -> None:
    """A person's file names reach ffmpeg only as copies with plain names ("%03d" can name
    an image sequence to its reader, "a:b" a protocol); a JPEG keyframe is read as one."""
    from PIL import Image

    request = make_request(tmp_path, tmp_path / "named.mp4")
    odd = tmp_path / "odd"
    odd.mkdir()
    names = ["shot%03d.png", "concat:a|b.png", "photo.jpg"]
    media = []
    for shot_media, name in zip(request.media, names):
        target = odd / name
        Image.open(shot_media.keyframe_uri).convert("RGB").save(target, format=(
            "JPEG" if name.endswith(".jpg") else "PNG"
        ))  # fmt: skip
        media.append(shot_media.model_copy(update={"keyframe_uri": str(target)}))
    Compositor(settings).export(request.model_copy(update={"media": media}))
    info = probe_media(tmp_path / "named.mp4")
    assert info.video is not None and info.duration_s > 3


def test_a_long_storys_pictures_are_made_in_batches(tmp_path: Path) -> None:
    """More shots than one ffmpeg run takes: every picture is made, at its own size, from
    its own keyframe."""
    from PIL import Image

    from storyreel.media.compositor import _SOURCES_A_RUN, _ShotAssets, _Sources
    from storyreel.media.ffmpeg import ffmpeg_executable
    from storyreel.media.motion import ken_burns_for
    from storyreel.media.picture import read_source
    from storyreel.text.subtitle_layout import SubtitleLayout

    count = _SOURCES_A_RUN + 3
    assets = []
    for shot in range(count):
        keyframe = tmp_path / f"k{shot}.png"
        Image.new("RGB", (96, 54), (10 * shot, 100, 200 - 5 * shot)).save(keyframe)
        size = ShotSize.WIDE if shot % 2 else ShotSize.CLOSE_UP
        assets.append(_ShotAssets(keyframe, "", ken_burns_for(shot, size), 24))
    sources = _Sources(ffmpeg_executable(), assets, SubtitleLayout(64, 36), tmp_path)
    sources.make(list(range(count)))
    lumas = []
    for shot in range(count):
        picture = read_source(sources.path(shot), *sources.size(shot))
        assert picture.width >= 64 and picture.height >= 36
        lumas.append(int(picture.y.mean()))
    assert lumas == sorted(lumas) and len(set(lumas)) > count // 2  # each its own keyframe


def _piece(count: int, index: int = 0) -> _PieceJob:
    piece = Piece(PieceKind.BODY, shot=index, offset=0, count=count, start_frame=0)
    return _PieceJob(piece, str(index), Path(f"{index}.mp4"), "", False, False)


def _each_once_in_order(runs: list[list[_PieceJob]], pending: list[_PieceJob]) -> None:
    assert sorted(job.key for run in runs for job in run) == sorted(job.key for job in pending)
    for run in runs:
        assert run == [job for job in pending if job in run]  # as shown


def test_the_pieces_to_encode_go_in_a_run_per_worker_of_about_equal_length() -> None:
    pending = [_piece(12 if index % 2 else 100, index) for index in range(15)]
    runs = _runs(pending, workers=2, fps=24, one_each=False)
    assert len(runs) == 2
    _each_once_in_order(runs, pending)
    lengths = [sum(job.piece.count for job in run) for run in runs]
    assert abs(lengths[0] - lengths[1]) <= 12
    # a re-export's changed body and the crossfades on either side: as two workers share
    # them best, the body alone
    changed = [_piece(12, 0), _piece(100, 1), _piece(12, 2)]
    assert _runs(changed, workers=2, fps=24, one_each=False) == [[changed[1]], changed[::2]]
    assert _runs(pending[:1], workers=2, fps=24, one_each=False) == [pending[:1]]
    # hardware encoders: a stream per piece
    assert _runs(pending, workers=2, fps=24, one_each=True) == [[job] for job in pending]


def test_a_long_videos_runs_each_hold_about_a_minute_at_most() -> None:
    pending = [_piece(120, index) for index in range(100)]  # 500 s at 24 fps
    runs = _runs(pending, workers=2, fps=24, one_each=False)
    _each_once_in_order(runs, pending)
    assert len(runs) == 9
    assert all(sum(job.piece.count for job in run) <= _RUN_S * 24 for run in runs)


def test_pieces_cut_from_one_stream_show_the_frames_of_pieces_encoded_alone(
    tmp_path: Path, settings: Settings
) -> None:
    """One run for the whole video (one worker) against a stream per piece: the same frames
    (a piece cut a frame early or late would show its neighbour's)."""
    request = make_request(tmp_path, tmp_path / "runs.mp4")
    together = Compositor(replace(settings, export_jobs=1, cache_dir=tmp_path / "a"))
    together.export(request)
    alone = Compositor(replace(settings, export_jobs=1, cache_dir=tmp_path / "b"))
    alone._encode_run = _one_piece_at_a_time(alone._encode_run)  # type: ignore[method-assign]
    alone.export(request.model_copy(update={"output_path": str(tmp_path / "alone.mp4")}))
    first, second = _luma(tmp_path / "runs.mp4"), _luma(tmp_path / "alone.mp4")
    assert first.shape == second.shape
    matched = [
        int(np.argmin([np.abs(frame - other).mean() for other in second[max(0, i - 1) : i + 2]]))
        - min(i, 1)
        for i, frame in enumerate(first)
    ]
    assert matched == [0] * len(first)  # each frame is closest to its own, not a neighbour
    assert np.abs(first - second).mean() < 2


def _one_piece_at_a_time(encode_run):  # type: ignore[no-untyped-def]
    def each(run, *args):  # type: ignore[no-untyped-def]
        for job in run:
            encode_run([job], *args)

    return each


def _luma(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        return np.stack(
            [f.to_ndarray(format="gray").astype(np.float32) for f in container.decode(video=0)]
        )


def test_a_run_cut_in_the_wrong_places_is_refused(tmp_path: Path) -> None:
    from storyreel.media.ffmpeg import ffmpeg_executable, run_ffmpeg

    for number, frames in enumerate((3, 5)):
        run_ffmpeg(
            ffmpeg_executable(),
            ["-f", "lavfi", "-i", "testsrc2=s=64x36:r=24", "-frames:v", str(frames),
             "-c:v", "libx264", str(tmp_path / f"piece{number:05d}.mp4")],
        )  # fmt: skip
    _check_cuts(tmp_path, [_piece(3), _piece(5, 1)])  # as cut
    with pytest.raises(MediaToolError, match=r"into \[3, 5\] frames, not \[4, 4\]"):
        _check_cuts(tmp_path, [_piece(4), _piece(4, 1)])
