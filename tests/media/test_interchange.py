"""The editors' timeline is cut exactly as the MP4: written as OTIO, FCP 7 XML, FCPXML and a
CMX 3600 EDL, each read back by its OpenTimelineIO adapter with the same clips, lengths and
total as the export (within a frame), the narration where the MP4 speaks it, the subtitles
as markers and each clip's StoryReel metadata."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio
import pytest
from test_compositor import make_request

from storyreel.media.compositor import Compositor
from storyreel.media.interchange import ADAPTERS, build_timeline, read_srt, write_timeline
from storyreel.media.timeline import CROSSFADE_S
from storyreel.settings import Settings

FRAME = 1 / 24


@pytest.fixture
def exported(tmp_path: Path, settings: Settings) -> tuple[otio.schema.Timeline, object, Path]:
    request = make_request(tmp_path, tmp_path / "cut.mp4")
    result = Compositor(settings).export(request)
    pictures = [Path(m.keyframe_uri) for m in request.media]
    voices = [Path(m.narration_uri) for m in request.media]
    cues = read_srt(Path(result.subtitles_path))
    timeline = build_timeline(result.storyboard, pictures, voices, cues, tmp_path / "cut.media")
    return timeline, result, tmp_path


def test_each_format_reads_back_with_the_exports_cut(
    exported: tuple[otio.schema.Timeline, object, Path],
) -> None:
    timeline, result, folder = exported
    lengths = [s.duration_s for s in result.storyboard.shots]  # type: ignore[attr-defined]
    total = result.duration_s  # type: ignore[attr-defined]
    fade = CROSSFADE_S
    # each shot's clip on the track: from one cut (the middle of a crossfade) to the next
    starts = [0.0]
    for length in lengths[:-1]:
        starts.append(starts[-1] + length - fade)
    cuts = [s + fade / 2 for s in starts[1:]] + [total]
    expected = [cut - before for cut, before in zip(cuts, [0.0, *cuts[:-1]])]
    for kind, (adapter, suffix) in ADAPTERS.items():
        path = write_timeline(timeline, kind, folder / f"cut{suffix}")
        options = {"rate": 24} if adapter == "cmx_3600" else {}
        back = otio.adapters.read_from_file(str(path), adapter_name=adapter, **options)
        assert back.duration().to_seconds() == pytest.approx(total, abs=FRAME), kind
        clips = list(back.video_tracks()[0].find_clips())
        if kind == "edl":  # an EDL splits dissolves into events: the total is what it keeps
            text = path.read_text()
            assert all(f"CLIP NAME:  Shot {n + 1}" in text for n in range(len(lengths)))
            assert text.count(" D 012 ") == len(lengths) - 1  # each crossfade, 12 frames
            continue
        durations = [c.duration().to_seconds() for c in clips]
        if kind == "kdenlive":  # its reader moves each cut by half a crossfade; melt is the
            # judge of a Kdenlive project (test_melt_renders_...): here the total and the clips
            assert len(durations) == len(expected) and sum(durations) == pytest.approx(total)
            continue
        assert durations == pytest.approx(expected, abs=FRAME), kind
        assert len(back.audio_tracks()) == 1, kind
        narration = list(back.audio_tracks()[0].find_clips())
        assert len(narration) == len(lengths)
        assert narration[0].range_in_parent().start_time.to_seconds() == pytest.approx(
            0.5, abs=FRAME
        )  # the MP4 speaks after the crossfade's length
        assert all(Path(c.media_reference.target_url.removeprefix("file://")).is_file()
                   for c in [*clips, *narration])  # fmt: skip


def test_markers_transitions_and_metadata(
    exported: tuple[otio.schema.Timeline, object, Path],
) -> None:
    timeline, result, folder = exported
    path = write_timeline(timeline, "otio", folder / "cut.otio")
    back = otio.adapters.read_from_file(str(path))
    video = back.video_tracks()[0]
    cues = read_srt(Path(result.subtitles_path))  # type: ignore[attr-defined]
    assert [m.name for m in video.markers] == [c.text for c in cues]
    assert video.markers[0].marked_range.start_time.to_seconds() == pytest.approx(
        cues[0].start_s, abs=FRAME
    )
    transitions = [item for item in video if isinstance(item, otio.schema.Transition)]
    assert len(transitions) == len(result.storyboard.shots) - 1  # type: ignore[attr-defined]
    first = next(iter(video.find_clips()))
    shot = result.storyboard.shots[0]  # type: ignore[attr-defined]
    assert first.metadata["storyreel"]["prompt"] == shot.prompt
    assert first.metadata["storyreel"]["shot_size"] == shot.shot_size.value


def test_melt_renders_the_kdenlive_project_cut_as_the_mp4(
    exported: tuple[otio.schema.Timeline, object, Path],
) -> None:
    """MLT (the engine of Kdenlive and Shotcut) plays the exported project: as long as the
    MP4 and cut where it cuts (the middle of each crossfade), within a frame."""
    import subprocess

    import av
    import numpy as np

    from storyreel.media.probe import probe_media

    timeline, result, folder = exported
    made = probe_media(Path(result.video_path)).video  # type: ignore[attr-defined]
    assert made is not None
    project = write_timeline(
        timeline, "kdenlive", folder / "cut.kdenlive", (made.width, made.height), 24
    )
    rendered = folder / "melt.mp4"
    subprocess.run(
        ["melt", str(project), "-quiet", "-consumer", f"avformat:{rendered}", "vcodec=libx264",
         "an=1", "preset=ultrafast"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    played = probe_media(rendered).video
    assert played is not None and (played.width, played.height) == (made.width, made.height)
    assert played.duration_s == pytest.approx(made.duration_s, abs=FRAME)
    # which shot each of melt's frames shows: the keyframe it is nearest to
    from PIL import Image

    size = (made.width, made.height)
    stills = [
        np.asarray(Image.open(Path(clip.media_reference.target_url.removeprefix("file://")))
                   .convert("L").resize(size), dtype=np.int16)
        for clip in timeline.video_tracks()[0].find_clips()
    ]  # fmt: skip
    with av.open(str(rendered)) as container:
        shown = [
            int(np.argmin([np.abs(frame.to_ndarray(format="gray") - still).mean()
                           for still in stills]))
            for frame in container.decode(video=0)
        ]  # fmt: skip
    changes = [index for index in range(1, len(shown)) if shown[index] != shown[index - 1]]
    lengths = [s.duration_s for s in result.storyboard.shots]  # type: ignore[attr-defined]
    starts = [0.0]
    for length in lengths[:-1]:
        starts.append(starts[-1] + length - CROSSFADE_S)
    cuts = [(start + CROSSFADE_S / 2) * 24 for start in starts[1:]]
    assert shown[0] == 0 and shown[-1] == len(lengths) - 1
    assert len(changes) == len(cuts), (changes, cuts)
    for seen, cut in zip(changes, cuts):
        assert abs(seen - cut) <= 1, (changes, cuts)
    # and KDE's adapter reads it back with the same clips
    back = otio.adapters.read_from_file(str(project), adapter_name="kdenlive")
    assert [c.name for c in back.video_tracks()[0].find_clips()] == [
        f"Shot {n + 1}" for n in range(len(lengths))
    ]
