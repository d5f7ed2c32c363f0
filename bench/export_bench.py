"""Export benchmarks, as ratios measured in one run (this machine is noisy; absolute times vary).
Every comparison prints wall time and CPU time (this process and the ffmpeg processes it
waited for), since our export runs pieces in parallel and a single graph does not.

1. Our export of a fixed 8-shot 720p timeline vs. one bare ffmpeg single-graph encode of the
   same content (same keyframes, motion, crossfades, subtitles, audio, encoder settings).
2. The physical floor: x264 alone (one thread) encoding the frames our export encodes (made
   beforehand into a raw file by the single graph, no filters timed); beside it, x264 on
   the frames decoded back from our MP4 (the frames of the floor before, which ffmpeg had
   also converted through RGB; tagged now, they cost x264 about what ours do), x264 with
   only the Ken Burns motion of each shot as we draw it (media.picture) and as ffmpeg's
   zoompan drew it until 2026-12-07; our export's CPU time over each.
3. The same timeline composed with moviepy 2 by us: zooming ImageClips, CrossFadeIn,
   caption TextClips (a fair use of moviepy, the library MoneyPrinterTurbo builds on; not
   MoneyPrinterTurbo's own pipeline).
4. Re-export after changing one of the 8 shots vs. a full export.
5. Story to MP4 end to end on the bundled sample, warm (models loaded, empty caches).

Run: .venv/bin/python bench/export_bench.py [--skip-moviepy]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyreel.contract import (
    ExportRequest,
    KeyframeRequest,
    Language,
    StoryboardRequest,
    VideoOrder,
)
from storyreel.keyframe.service import keyframe_render
from storyreel.keyframe.sketch import SketchRenderer
from storyreel.media.audio import narration_track, write_wav
from storyreel.media.compositor import (
    _FADE_S,
    Compositor,
    _shot_cues,
    _Sources,
    export_timeline,
    narration_clips,
    sound_rate,
)
from storyreel.media.ffmpeg import (
    BT709_OUT,
    BT709_TAGS,
    X264,
    Spliced,
    ffmpeg_executable,
    raw_video_input,
    run_ffmpeg,
    run_ffmpeg_fed,
)
from storyreel.media.fonts import fonts_environment, prepare_fonts_dir
from storyreel.media.motion import KenBurns, ken_burns_for
from storyreel.media.picture import FrameRing, piece_frames
from storyreel.media.subtitles import ass_text
from storyreel.media.timeline import Timeline
from storyreel.pipeline.story_to_video import StoryToVideo
from storyreel.samples import sample_story
from storyreel.settings import Settings
from storyreel.storyboard.planner import plan_storyboard
from storyreel.text.fonts import subtitle_font_path
from storyreel.text.subtitle_layout import SubtitleLayout

FPS = 24
SHOTS = 8


@dataclass(frozen=True)
class Cost:
    wall_s: float
    cpu_s: float  # this process and the child processes it waited for

    def __str__(self) -> str:
        return f"{self.wall_s:6.2f} s wall, {self.cpu_s:6.2f} CPU-s"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measured(work: Callable[[], object]) -> Cost:
    wall, cpu = time.perf_counter(), _cpu()
    work()
    return Cost(time.perf_counter() - wall, _cpu() - cpu)


def build_fixture(folder: Path) -> ExportRequest:
    """8 shots of the English sample, 720p, with real keyframes and real narration."""
    board = plan_storyboard(StoryboardRequest(story=sample_story(Language.EN))).storyboard
    shots = [
        shot.model_copy(update={"index": index})
        for index, shot in enumerate(board.shots[1 : SHOTS + 1])
    ]
    board = board.model_copy(update={"shots": shots})
    pipeline = StoryToVideo(Settings(cache_dir=folder / "fixture-cache"))
    keyframes = pipeline.render_keyframes(board, folder, 720)
    board, media = pipeline.narrate(board, keyframes, folder, "joe", FPS)
    return ExportRequest(
        storyboard=board, media=media, output_path=str(folder / "ours.mp4"), fps=FPS
    )


def write_narration_wav(request: ExportRequest, timeline: Timeline, path: Path) -> None:
    """The narration track, laid out exactly as the compositor lays it out."""
    clips = narration_clips(request, timeline)
    rate = sound_rate(clips, music=False)
    write_wav(narration_track(clips, timeline.duration_s, rate), rate, path)


def zoompan_chain(motion: KenBurns, frames: int, width: int, height: int) -> str:
    """A shot's Ken Burns motion in ffmpeg's own filters, as our export drew it until
    2026-12-07: the keyframe scaled to twice the frame (zoompan crops at whole pixels, on
    4:2:0 at even ones), then zoompan's crop and bicubic scale per frame."""
    span = max(1, frames - 1)
    progress = f"(on/{span})"
    eased = f"({progress}*{progress}*(3-2*{progress}))"
    zoom = f"{motion.zoom_start:.4f}+{motion.zoom_end - motion.zoom_start:.4f}*{eased}"
    x_frac = f"({motion.x_start:.4f}+{motion.x_end - motion.x_start:.4f}*{eased})"
    y_frac = f"({motion.y_start:.4f}+{motion.y_end - motion.y_start:.4f}*{eased})"
    return (
        f"scale={2 * width}:{2 * height}:force_original_aspect_ratio=increase:flags=bicubic"
        f":{BT709_OUT},crop={2 * width}:{2 * height},setsar=1,format=yuv420p,{BT709_TAGS},"
        f"zoompan=z='{zoom}':x='(iw-iw/zoom)*{x_frac}':y='(ih-ih/zoom)*{y_frac}'"
        f":d={frames}:s={width}x{height}:fps={FPS}"
    )


def motion_graph(request: ExportRequest, timeline: Timeline) -> tuple[list[str], list[str]]:
    """Each shot's keyframe as an input and its Ken Burns motion (zoompan) as a graph branch
    `[sN]`."""
    inputs: list[str] = []
    graph: list[str] = []
    for shot, media in zip(request.storyboard.shots, request.media):
        inputs += ["-i", media.keyframe_uri]
        frames = timeline.shots[shot.index].frames
        motion = ken_burns_for(shot.seed, shot.shot_size)
        graph.append(f"[{shot.index}:v]{zoompan_chain(motion, frames, 1280, 720)}[s{shot.index}]")
    return inputs, graph


@dataclass(frozen=True)
class SingleGraph:
    """The whole video as one ffmpeg filter graph (same keyframes, motion path, crossfades,
    fades and subtitles as our export, in ffmpeg's filters: zoompan, xfade, fade, ass), with
    the narration as the last input."""

    work: Path
    inputs: list[str]
    graph: str
    frames: int
    env: dict[str, str]


def single_graph(request: ExportRequest, folder: Path) -> SingleGraph:
    timeline = export_timeline(request)
    layout = SubtitleLayout(1280, 720)
    cues = [
        cue
        for shot, media in zip(request.storyboard.shots, request.media)
        for cue in _shot_cues(shot, timeline, layout, Path(media.narration_uri))
    ]
    work = folder / "bare"
    work.mkdir(exist_ok=True)
    (work / "all.ass").write_text(ass_text(cues, layout), encoding="utf-8")
    fonts = prepare_fonts_dir(work / "fonts")
    write_narration_wav(request, timeline, work / "narration.wav")
    inputs, graph = motion_graph(request, timeline)
    previous = "s0"
    elapsed = 0
    for index in range(1, len(request.media)):
        elapsed += timeline.shots[index - 1].frames - timeline.crossfade_frames
        graph.append(
            f"[{previous}][s{index}]xfade=transition=fade:duration={timeline.crossfade_s}"
            f":offset={elapsed / FPS:.4f}[x{index}]"
        )
        previous = f"x{index}"
    total = timeline.duration_s
    graph.append(
        f"[{previous}]fade=t=in:st=0:d={_FADE_S},fade=t=out:st={total - _FADE_S:.4f}:d={_FADE_S},"
        f"ass=all.ass,{BT709_TAGS}[v]"
    )
    return SingleGraph(
        work,
        [*inputs, "-i", "narration.wav"],
        ";".join(graph),
        timeline.total_frames,
        fonts_environment(fonts),
    )


def bare_ffmpeg(request: ExportRequest, folder: Path) -> Cost:
    """One ffmpeg process, one filter graph: the same video with no segmenting or caching."""
    bare = single_graph(request, folder)
    return measured(
        lambda: run_ffmpeg(
            ffmpeg_executable(),
            [
                *bare.inputs,
                "-filter_complex",
                bare.graph,
                "-map",
                "[v]",
                "-map",
                f"{len(request.media)}:a",
                "-frames:v",
                str(bare.frames),
                *X264,
                "-r",
                str(FPS),
                "-c:a",
                "aac",
                "-aac_coder",
                "fast",
                "-b:a",
                "128k",
                "-ac",
                "1",
                "-movflags",
                "+faststart",
                "bare.mp4",
            ],
            cwd=bare.work,
            env=bare.env,
        )
    )


def x264_alone(raw: Path, folder: Path) -> Cost:
    """x264 alone, with our encoder settings, on one thread (as our pieces encode: x264's
    threads spend more CPU on their hand-over, 4 % on a piece, up to a quarter on a long
    encode here), on raw frames: no decoding, no filters."""
    return measured(
        lambda: run_ffmpeg(
            ffmpeg_executable(),
            # a y4m file says no colour matrix: tagged as ours are, x264 gets the frames as
            # they are (untagged, ffmpeg 9 converts them through RGB first)
            [
                "-i",
                str(raw),
                "-vf",
                BT709_TAGS,
                *X264,
                "-threads",
                "1",
                "-an",
                str(folder / "floor.mp4"),
            ],
        )
    )


def our_frames(request: ExportRequest, folder: Path) -> Path:
    """The frames our export hands x264, made as our export makes them (each piece's
    pictures with its subtitles laid over) into a raw file (not timed): what the floor
    encodes."""
    timeline = export_timeline(request)
    layout = SubtitleLayout(1280, 720)
    compositor = Compositor(Settings(cache_dir=folder / "frames-cache"))
    jobs, assets, _ = compositor._piece_jobs(request, timeline, layout)
    work = folder / "frames"
    work.mkdir(exist_ok=True)
    fonts = prepare_fonts_dir(work / "fonts")
    sources = _Sources(compositor.ffmpeg, assets, layout, work)
    sources.make(list(range(len(assets))))
    subtitles = compositor.subtitle_states(jobs, layout, FPS, work, fonts)
    joined = work / "all.yuv"
    with joined.open("wb") as out:
        for job in jobs:
            shown = subtitles[job.key]
            for frame in compositor.piece_frames(job, sources, layout, FPS, shown):
                for chunk in frame.chunks():
                    out.write(chunk)
    raw = folder / "frames.y4m"
    run_ffmpeg(
        compositor.ffmpeg,
        [*raw_video_input(1280, 720, FPS)[:-2], "-i", str(joined), "-f", "yuv4mpegpipe",
         "-pix_fmt", "yuv420p", f"file:{raw}"],
    )  # fmt: skip
    joined.unlink()
    return raw


def x264_on_decoded(video: Path, folder: Path) -> Cost:
    """x264 alone on the frames decoded back from our MP4 (the frames of the floor this
    bench used before, which then also went through RGB; tagged, they cost x264 within a
    few per cent of what ours do)."""
    raw = folder / "decoded.y4m"
    run_ffmpeg(ffmpeg_executable(), ["-i", str(video), "-an", "-pix_fmt", "yuv420p", str(raw)])
    try:
        return x264_alone(raw, folder)
    finally:
        raw.unlink(missing_ok=True)


def best(costs: list[Cost]) -> Cost:
    """The least wall time and the least CPU time of repeated runs (what the work costs
    when the machine's other load gets least in its way)."""
    return Cost(min(c.wall_s for c in costs), min(c.cpu_s for c in costs))


def zoompan_floor(request: ExportRequest, folder: Path) -> Cost:
    """x264 (one thread) with only each shot's Ken Burns motion in ffmpeg's zoompan (our
    export's motion until 2026-12-07), shot after shot: no crossfades, fades or subtitles,
    no audio."""
    timeline = export_timeline(request)
    inputs, graph = motion_graph(request, timeline)
    joined = "".join(f"[s{i}]" for i in range(len(request.media)))
    graph.append(f"{joined}concat=n={len(request.media)}:v=1:a=0,{BT709_TAGS}[v]")
    return measured(
        lambda: run_ffmpeg(
            ffmpeg_executable(),
            [
                *inputs,
                "-filter_complex",
                ";".join(graph),
                "-map",
                "[v]",
                *X264,
                "-threads",
                "1",
                "-r",
                str(FPS),
                str(folder / "zoompan.mp4"),
            ],
        )
    )


def motion_floor(request: ExportRequest, folder: Path) -> Cost:
    """x264 (one thread) with only each shot's Ken Burns motion as our export draws it
    (media.picture: each shot's picture made once, warped per frame), shot after shot."""
    timeline = export_timeline(request)
    compositor = Compositor(Settings(cache_dir=folder / "motion-cache"))
    _, assets, _ = compositor._piece_jobs(request, timeline, SubtitleLayout(1280, 720))
    work = folder / "motion"
    work.mkdir(exist_ok=True)
    sources = _Sources(compositor.ffmpeg, assets, SubtitleLayout(1280, 720), work)

    def frames(ring: FrameRing) -> Iterator[bytes | memoryview | Spliced]:
        sources.make(list(range(len(assets))))
        for shot in range(len(assets)):
            motion = sources.motion(shot)
            made = piece_frames([motion], 0, assets[shot].frames, 1280, 720, into=ring.frames())
            for frame in made:
                yield from frame.chunks()

    encode = [*raw_video_input(1280, 720, FPS), "-vf", BT709_TAGS, *X264, "-threads", "1"]
    with FrameRing(1280, 720) as ring:
        return measured(
            lambda: run_ffmpeg_fed(
                compositor.ffmpeg, [*encode, str(folder / "motion.mp4")], frames(ring)
            )
        )


def moviepy_export(request: ExportRequest, folder: Path) -> Cost:
    """The same timeline in moviepy: zooming ImageClips, crossfades, caption TextClips."""
    from moviepy import (
        AudioFileClip,
        CompositeVideoClip,
        ImageClip,
        TextClip,
        vfx,
    )

    timeline = export_timeline(request)
    layout = SubtitleLayout(1280, 720)
    write_narration_wav(request, timeline, folder / "mp-narration.wav")
    wall, cpu = time.perf_counter(), _cpu()
    clips = []
    for shot, media in zip(request.storyboard.shots, request.media):
        timing = timeline.shots[shot.index]
        duration = timing.frames / FPS
        motion = ken_burns_for(shot.seed, shot.shot_size)
        span = motion.zoom_end - motion.zoom_start

        def zoom(
            t: float, start: float = motion.zoom_start, d: float = duration, s: float = span
        ) -> float:
            return start + s * t / d

        clip = (
            ImageClip(media.keyframe_uri, duration=duration)
            .resized(zoom)
            .with_position("center")
            .with_start(timing.start_frame / FPS)
        )
        if shot.index:
            clip = clip.with_effects([vfx.CrossFadeIn(timeline.crossfade_s)])
        clips.append(clip)
        for cue in _shot_cues(shot, timeline, layout, Path(media.narration_uri)):
            text = (
                TextClip(
                    font=str(subtitle_font_path()),
                    text=cue.text,
                    font_size=round(layout.em_px),
                    color="white",
                    stroke_color="black",
                    stroke_width=2,
                    method="label",
                )
                .with_start(cue.start_s)
                .with_duration(cue.end_s - cue.start_s)
                .with_position(("center", 720 - layout.margin_v - 2 * layout.em_px * 1.3))
            )
            clips.append(text)
    video = CompositeVideoClip(clips, size=(1280, 720)).with_duration(timeline.duration_s)
    video = video.with_audio(AudioFileClip(str(folder / "mp-narration.wav")))
    video.write_videofile(
        str(folder / "moviepy.mp4"),
        fps=FPS,
        codec="libx264",
        preset="superfast",
        audio_codec="aac",
        ffmpeg_params=["-crf", "21", "-pix_fmt", "yuv420p"],
        logger=None,
    )
    return Cost(time.perf_counter() - wall, _cpu() - cpu)


def changed_one_shot(request: ExportRequest, folder: Path) -> ExportRequest:
    media = list(request.media)
    key = folder / "key3-changed.png"
    keyframe_render(
        request=KeyframeRequest(prompt="a desert at noon, a fox", seed=9, width=1280, height=720),
        renderer=SketchRenderer(),
        out_path=key,
    )
    media[3] = media[3].model_copy(update={"keyframe_uri": str(key)})
    return request.model_copy(update={"media": media, "output_path": str(folder / "re.mp4")})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-moviepy", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of our export and floor")
    parser.add_argument(
        "--floor-only", action="store_true", help="only our export, the floor and the motion"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="storyreel-bench-"))
    try:
        request = build_fixture(folder)
        duration = export_timeline(request).duration_s
        print(f"timeline: {SHOTS} shots, {duration:.1f} s of 1280x720 at {FPS} fps")

        # our export and the floor, alternately, each from scratch: these machines'
        # load swings a single measurement by 15 %
        raw = our_frames(request, folder)
        exports, floors, motions, zoompans = [], [], [], []
        for run in range(args.repeat):
            compositor = Compositor(Settings(cache_dir=folder / f"cache{run}"))
            exports.append(measured(lambda c=compositor: c.export(request)))
            floors.append(x264_alone(raw, folder))
            motions.append(motion_floor(request, folder))
            if not args.floor_only:
                zoompans.append(zoompan_floor(request, folder))
        raw.unlink()
        ours, floor, motion = best(exports), best(floors), best(motions)
        # each round's export over the floor that ran beside it: the spread a best-of hides
        rounds = ", ".join(f"{e.cpu_s / f.cpu_s:.2f}" for e, f in zip(exports, floors))
        paired = statistics.median(e.cpu_s / f.cpu_s for e, f in zip(exports, floors))
        if args.floor_only:
            print(f"our export:                {ours}  (best of {args.repeat})")
            print(f"x264 alone, our frames:    {floor}  (the floor; best of {args.repeat})")
            print(f"x264 + our Ken Burns only: {motion}  (best of {args.repeat})")
            print(f"RATIO export CPU-s / x264 floor:        {ours.cpu_s / floor.cpu_s:.2f}")
            print(f"RATIO export / floor, round by round:   {paired:.2f} median ({rounds})")
            print(f"RATIO x264 + our Ken Burns / floor:     {motion.cpu_s / floor.cpu_s:.2f}")
            return 0
        zoompan = best(zoompans)
        bare = bare_ffmpeg(request, folder)
        decoded = x264_on_decoded(Path(request.output_path), folder)
        changed = changed_one_shot(request, folder)
        again = measured(lambda: compositor.export(changed))
        result = compositor.export(changed)  # from the cache: what the re-export encoded
        print(f"our export:                {ours}  (best of {args.repeat})")
        print(f"bare ffmpeg single graph:  {bare}")
        print(f"x264 alone, our frames:    {floor}  (the floor; best of {args.repeat})")
        print(f"x264 alone, MP4 decoded:   {decoded}  (the old floor's frames)")
        print(f"x264 + our Ken Burns only: {motion}  (the warp in process; best of {args.repeat})")
        print(f"x264 + zoompan only:       {zoompan}  (ffmpeg's; best of {args.repeat})")
        print(
            f"re-export, 1 of 8 shots:   {again} (3 of {result.segments_total} pieces re-encoded)"
        )
        print(
            f"RATIO export throughput vs bare ffmpeg: {bare.wall_s / ours.wall_s:.2f}  "
            f"(target >= 0.9; CPU time bare / ours {bare.cpu_s / ours.cpu_s:.2f})"
        )
        print(
            f"RATIO export CPU-s / x264 floor:        {ours.cpu_s / floor.cpu_s:.2f}  "
            "(target <= 1.3)"
        )
        print(f"RATIO export / floor, round by round:   {paired:.2f} median ({rounds})")
        print(f"RATIO export CPU-s / x264 + Ken Burns:  {ours.cpu_s / motion.cpu_s:.2f}")
        print(
            f"RATIO x264 + our Ken Burns / floor:     {motion.cpu_s / floor.cpu_s:.2f}  "
            f"(zoompan's: {zoompan.cpu_s / floor.cpu_s:.2f})"
        )
        print(f"RATIO export CPU-s / x264 on decoded:   {ours.cpu_s / decoded.cpu_s:.2f}")
        print(
            f"RATIO re-export / full export:          {again.wall_s / ours.wall_s:.2f}  "
            f"(target <= 0.25; CPU {again.cpu_s / ours.cpu_s:.2f})"
        )
        if not args.skip_moviepy:
            mp = moviepy_export(request, folder)
            print(f"moviepy 2 (our use of it): {mp}")
            print(
                f"RATIO moviepy / ours, wall time:        {mp.wall_s / ours.wall_s:.1f}  "
                "(target >= 5)"
            )
            print(f"RATIO moviepy / ours, CPU time:         {mp.cpu_s / ours.cpu_s:.1f}")

        pipeline = StoryToVideo(Settings(cache_dir=folder / "e2e-cold"))
        pipeline.run(VideoOrder(story=sample_story(Language.EN)), folder / "cold.mp4")
        # Warm: models loaded, but every cache empty, so nothing is reused from the cold run.
        pipeline.settings = Settings(cache_dir=folder / "e2e-warm")
        pipeline.compositor = Compositor(pipeline.settings)
        summary = pipeline.run(VideoOrder(story=sample_story(Language.EN)), folder / "warm.mp4")
        stages = ", ".join(f"{name} {secs:.1f}s" for name, secs in summary.stage_seconds.items())
        print(
            f"end to end (sample, warm): {summary.elapsed_s:.1f} s for {summary.duration_s:.1f} s "
            f"of video ({stages})"
        )
        print(
            f"RATIO end-to-end time / video duration:  {summary.elapsed_s / summary.duration_s:.2f}"
            "  (target <= 0.5)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
