"""The compositor: keyframes + narration -> one H.264/AAC MP4 with burned-in subtitles.

Each piece of the timeline (a shot's body, or a crossfade between two shots) is encoded as
a file of its own, cached under the hash of everything that goes into it. The pieces to
encode go in a few runs, one per worker: each run is one encoder stream with a key frame at
every piece's start, cut there into the pieces' files (_runs). The pieces are joined by the
concat demuxer with stream copy, and the narration track is muxed in. Re-exporting after
one shot changed re-encodes only that shot's pieces.

A piece's frames are made here, not by ffmpeg's filters: its shots' motion, transition and
fades (media.picture), its subtitles laid over (media.overlay, drawn once per state by
libass); ffmpeg only encodes them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import math
import os
import queue
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from storyreel.contract import ExportRequest, ExportResult, ShotSpec, Storyboard, Transition
from storyreel.errors import MediaToolError, OutputPathError
from storyreel.media.audio import narration_track, read_wav, speech_clock, wav_rate, write_wav
from storyreel.media.encoders import Encoder, choose_encoder
from storyreel.media.ffmpeg import (
    BT709_TAGS,
    Spliced,
    ffmpeg_executable,
    ffmpeg_fingerprint,
    raw_video_input,
    run_ffmpeg,
    run_ffmpeg_fed,
)
from storyreel.media.fonts import fonts_environment, prepare_fonts_dir
from storyreel.media.loudness import normalized
from storyreel.media.motion import KenBurns, ken_burns_for
from storyreel.media.music import (
    MUSIC_VERSION,
    Ducking,
    load_music,
    music_under,
    speech_intervals,
)
from storyreel.media.overlay import Overlay, subtitle_overlays
from storyreel.media.picture import (
    FrameRing,
    Planes,
    ShotMotion,
    make_sources,
    piece_frames,
    read_source,
    source_size,
)
from storyreel.media.probe import mp4_video_frames
from storyreel.media.subtitles import SubtitleCue, ass_text, cues_for_speech, write_srt
from storyreel.media.timeline import (
    SUBTITLE_HOLD_S,
    Piece,
    PieceKind,
    Timeline,
    build_timeline,
    runs_on,
)
from storyreel.settings import Settings
from storyreel.text.subtitle_layout import SubtitleLayout

# Bump when the way a piece is encoded changes, so old cached segments are not reused.
_PIECE_FORMAT = 10  # 6: one source picture per shot; 7: mono sound; 8: overlay crossfade;
# 9: frames made in process (picture.py); 10: pieces cut from a run's stream
_FADE_S = 0.5
_SOURCES_A_RUN = 16
_RUN_S = 60.0  # the most video one encoder stream holds (what a failure there loses)
_MUSIC_RATE = 48_000  # the sound's rate with a music bed; narration alone keeps its voices'

ProgressCallback = Callable[[int, int], None]
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _ShotAssets:
    keyframe: Path
    keyframe_digest: str
    motion: KenBurns
    frames: int


@dataclass(frozen=True)
class _PieceJob:
    piece: Piece
    key: str
    segment: Path
    ass: str  # empty when the piece shows no subtitles
    fade_in: bool
    fade_out: bool


def _digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _check_inputs(request: ExportRequest) -> None:
    shots = request.storyboard.shots
    if len(request.media) != len(shots):
        raise MediaToolError(f"{len(shots)} shots but media for {len(request.media)}")
    for shot, media in zip(shots, request.media):
        for label, uri in (("keyframe", media.keyframe_uri), ("narration", media.narration_uri)):
            if not Path(uri).is_file():
                raise MediaToolError(f"shot {shot.index + 1}: {label} file is missing: {uri}")


def check_output_path(path: Path) -> None:
    """Fail early, with one clear line, when the video cannot be written there."""
    if path.suffix.lower() != ".mp4":
        raise OutputPathError(f"the output must be an .mp4 file, not {path.name!r}")
    if path.is_dir():
        raise OutputPathError(f"{path} is a folder; give a file name ending in .mp4")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputPathError(f"cannot create the folder {folder}: {error.strerror}") from error
    try:  # really write there: permissions alone say yes for root on /proc, a full disk, ...
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".storyreel-check-", suffix=".mp4"):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise OutputPathError(f"cannot write a file in {folder}: {reason}") from error


def _shot_cues(
    shot: ShotSpec, timeline: Timeline, layout: SubtitleLayout, narration: Path
) -> list[SubtitleCue]:
    """The shot's subtitles, timed by its speech: shown until the shot's picture starts to
    go, or, where its sentence runs on into the next shot, until the next voice starts."""
    timing = timeline.shots[shot.index]
    if timing.runs_on:
        until_s = timeline.shots[shot.index + 1].speech_start_s
    else:
        body = next(p for p in timeline.pieces if p.kind is PieceKind.BODY and p.shot == shot.index)
        until_s = (body.start_frame + body.count) / timeline.fps
    end = min(timing.speech_end_s + SUBTITLE_HOLD_S, until_s)
    samples, rate = read_wav(narration)
    return cues_for_speech(
        shot.narration,
        timing.speech_start_s,
        end,
        layout.units_per_line,
        speech_clock(samples, rate),
    )


def _music_recipe(request: ExportRequest) -> object:
    """What the bed depends on: its source (a bundled bed's own code, a file's contents)
    and its levels."""
    if not request.music:
        return None
    source = Path(request.music).expanduser()
    what = _digest(source) if source.is_file() else request.music
    return [what, MUSIC_VERSION, request.music_volume_db, request.duck_db]


def sound_rate(clips: list[tuple[Path, float]], music: bool) -> int:
    """The export's sample rate: 48 kHz under a music bed; narration alone at its voices'
    own rate (the highest of its clips'), since a voice made at 22.05 kHz holds nothing
    above 11 kHz that 48 kHz would keep, and the mix, its loudness and the AAC encoder then
    take half the CPU (0.4 CPU-s of a 40 s export here)."""
    if music or not clips:
        return _MUSIC_RATE
    return max(wav_rate(path) for path, _start in clips)


def narration_clips(request: ExportRequest, timeline: Timeline) -> list[tuple[Path, float]]:
    """Each shot's narration file and the time its speech starts in the video."""
    return [
        (Path(media.narration_uri), timeline.shots[index].speech_start_s)
        for index, media in enumerate(request.media)
    ]


def _local(cues: list[SubtitleCue], offset_s: float, length_s: float) -> list[SubtitleCue]:
    """The cues shown in a piece starting at offset_s, in the piece's own time."""
    return [
        cue.shifted(offset_s, length_s)
        for cue in cues
        if cue.start_s < offset_s + length_s and cue.end_s > offset_s
    ]


def transitions_of(request: ExportRequest) -> list[Transition]:
    """How each shot comes in: its own transition, else the export's."""
    return [shot.transition or request.transition for shot in request.storyboard.shots]


def export_timeline(request: ExportRequest) -> Timeline:
    """The export's layout of the request's shots: their lengths and speech, how each comes
    in, and where a sentence runs on across a cut."""
    durations = [shot.duration_s or 0.0 for shot in request.storyboard.shots]
    speech = [media.narration_duration_s for media in request.media]
    narrations = [shot.narration for shot in request.storyboard.shots]
    return build_timeline(
        durations, speech, request.fps, transitions_of(request), runs_on(narrations)
    )


def composited_storyboard(storyboard: Storyboard, timeline: Timeline) -> Storyboard:
    """The storyboard with each shot's duration as laid out in the video (whole frames)
    and the transition it comes in by (the first shot: none)."""
    shots = [
        shot.model_copy(
            update={
                "duration_s": round(timing.frames / timeline.fps, 4),
                "transition": timing.transition if timing.index else None,
            }
        )
        for shot, timing in zip(storyboard.shots, timeline.shots)
    ]
    return storyboard.model_copy(update={"shots": shots})


class _Sources:
    """Each shot's picture the motion moves over (picture.source_filter: the keyframe
    scaled to cover the frame at the shot's largest zoom, BT.709 YUV 4:2:0), made once per
    export for the pieces to encode (`make`) and read by every piece of the shot (a
    transition reads two)."""

    def __init__(
        self, ffmpeg: str, assets: list[_ShotAssets], layout: SubtitleLayout, folder: Path
    ) -> None:
        self.ffmpeg = ffmpeg
        self.assets = assets
        self.layout = layout
        self.folder = folder

    def size(self, shot: int) -> tuple[int, int]:
        return source_size(self.layout.width, self.layout.height, self.assets[shot].motion)

    def path(self, shot: int) -> Path:
        return self.folder / f"source{shot}.yuv"

    def make(self, shots: list[int]) -> None:
        """The shots' pictures, in one ffmpeg run for every _SOURCES_A_RUN of them (a long
        story's hundred keyframes are not all open in one process)."""
        for first in range(0, len(shots), _SOURCES_A_RUN):
            batch = shots[first : first + _SOURCES_A_RUN]
            try:
                make_sources(self.ffmpeg, [self._picture(shot) for shot in batch])
            except MediaToolError:
                for shot in batch:  # which keyframe: each alone
                    try:
                        make_sources(self.ffmpeg, [self._picture(shot)])
                    except MediaToolError as error:
                        raise MediaToolError(
                            f"shot {shot + 1}: its keyframe cannot be read as a picture "
                            f"({self.assets[shot].keyframe.name}: {error})"
                        ) from error
                raise

    def _picture(self, shot: int) -> tuple[Path, int, int, Path]:
        return (self.assets[shot].keyframe, *self.size(shot), self.path(shot))

    def motion(self, shot: int) -> ShotMotion:
        """The shot's motion over its picture (read from the file for each piece: a long
        story's pictures are not all held at once)."""
        picture = read_source(self.path(shot), *self.size(shot))
        asset = self.assets[shot]
        return ShotMotion(picture, asset.motion, asset.frames)


def _runs(
    pending: list[_PieceJob], workers: int, fps: int, one_each: bool
) -> list[list[_PieceJob]]:
    """The pieces to encode, in runs, each run one encoder stream (Compositor._encode_run):
    a stream of its own for every piece cost ffmpeg's and x264's start each time, about
    80 ms of CPU, 10-20 % of a 35 s export's 15 pieces here. A run per worker, of about
    equal frames (the longest pieces first, each to the shortest run: a re-export's body
    and its two crossfades go as the body and the crossfades), each about _RUN_S of video
    at most; a run's pieces in the order they are shown. one_each (hardware encoders,
    whose forced key frames this machine cannot check): a run per piece."""
    if one_each:
        return [[job] for job in pending]
    total = sum(job.piece.count for job in pending)
    count = min(len(pending), max(workers, math.ceil(total / (_RUN_S * fps))))
    runs: list[list[_PieceJob]] = [[] for _ in range(count)]
    lengths = [0] * count
    for job in sorted(pending, key=lambda job: -job.piece.count):
        shortest = lengths.index(min(lengths))
        runs[shortest].append(job)
        lengths[shortest] += job.piece.count
    order = {id(job): number for number, job in enumerate(pending)}
    return [sorted(run, key=lambda job: order[id(job)]) for run in runs if run]


def _check_cuts(work: Path, run: list[_PieceJob]) -> None:
    """That the segment muxer cut the run's stream where its pieces start, so each file
    holds its piece's frames (their count from each file's sample table)."""
    made = sorted(work.glob("piece*.mp4"))
    found = [mp4_video_frames(path) for path in made]
    expected = [job.piece.count for job in run]
    if found != expected:
        raise MediaToolError(
            f"the encoder cut a run of {len(run)} pieces into {found} frames, not {expected}"
        )


def _shots_of(piece: Piece) -> list[int]:
    return [piece.shot] if piece.kind is PieceKind.BODY else [piece.shot, piece.shot + 1]


@dataclass(frozen=True)
class _Prepared:
    """What the pieces to encode wait for: their shots' pictures and their subtitles."""

    pictures: Future[None]
    subtitles: Future[dict[str, list[Overlay | None] | None]]

    def subtitles_of(self, job: _PieceJob) -> list[Overlay | None] | None:
        self.pictures.result()
        return self.subtitles.result()[job.key]


def _laid_over(pictures: Iterator[Planes], overlays: list[Overlay | None]) -> Iterator[Planes]:
    for picture, overlay in zip(pictures, overlays):
        if overlay is not None:
            overlay.lay_over(picture)
        yield picture


class Compositor:
    """Exports storyboards to MP4 with ffmpeg, caching encoded pieces between exports."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ffmpeg = ffmpeg_executable(settings.ffmpeg)
        self.segments_dir = settings.cache_dir / "segments"
        self.jobs = settings.export_jobs or os.cpu_count() or 1

    def _encoder(self) -> Encoder:
        """The H.264 encoder (hardware when one works here; found once per process)."""
        return choose_encoder(self.ffmpeg, self.settings.encoder)

    # --- planning ----------------------------------------------------------------------

    def _piece_jobs(
        self, request: ExportRequest, timeline: Timeline, layout: SubtitleLayout
    ) -> tuple[list[_PieceJob], list[_ShotAssets], list[SubtitleCue]]:
        shots = request.storyboard.shots
        assets = [
            _ShotAssets(
                keyframe=Path(media.keyframe_uri),
                keyframe_digest=_digest(Path(media.keyframe_uri)),
                motion=ken_burns_for(shot.seed, shot.shot_size),
                frames=timeline.shots[shot.index].frames,
            )
            for shot, media in zip(shots, request.media)
        ]
        all_cues: list[SubtitleCue] = []
        cues_by_shot = []
        for shot, media in zip(shots, request.media):
            cues = _shot_cues(shot, timeline, layout, Path(media.narration_uri))
            cues_by_shot.append(cues)
            all_cues.extend(cues)
        jobs: list[_PieceJob] = []
        last = len(shots) - 1
        for piece in timeline.pieces:
            ass = ""
            if request.burn_subtitles:
                # a transition shows the words of the shot coming in (its speech starts
                # there), and the last of the shot going out when its sentence runs on
                shown = cues_by_shot[piece.shot]
                if piece.kind is PieceKind.TRANSITION:
                    shown = shown + cues_by_shot[piece.shot + 1]
                fps = timeline.fps
                local = _local(shown, piece.start_frame / fps, piece.count / fps)
                ass = ass_text(local, layout) if local else ""
            fade_in = piece.kind is PieceKind.BODY and piece.shot == 0
            fade_out = piece.kind is PieceKind.BODY and piece.shot == last
            involved = [assets[piece.shot]]
            if piece.kind is PieceKind.TRANSITION:
                involved.append(assets[piece.shot + 1])
            recipe = {
                "format": _PIECE_FORMAT,
                "ffmpeg": ffmpeg_fingerprint(self.ffmpeg),
                "encoder": [*self._encoder().args, BT709_TAGS, self._encoder().upload],
                "size": [layout.width, layout.height],
                "fps": timeline.fps,
                "kind": piece.kind.value,
                "transition": piece.transition.value if piece.transition else None,
                "offset": piece.offset,
                "count": piece.count,
                "shots": [[a.keyframe_digest, a.frames, a.motion.__dict__] for a in involved],
                "ass": ass,
                "fade": [fade_in, fade_out],
            }
            key = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:32]
            segment = self.segments_dir / f"{key}.mp4"
            jobs.append(_PieceJob(piece, key, segment, ass, fade_in, fade_out))
        return jobs, assets, all_cues

    # --- encoding ----------------------------------------------------------------------

    @staticmethod
    def piece_pictures(
        job: _PieceJob,
        sources: _Sources,
        layout: SubtitleLayout,
        fps: int,
        into: Iterator[Planes] | None = None,
    ) -> Iterator[Planes]:
        """The piece's frames before its subtitles: its shots' motion, its transition, the
        video's fades at its ends."""
        piece = job.piece
        involved = _shots_of(piece)
        fade_frames = round(_FADE_S * fps)
        return piece_frames(
            [sources.motion(shot) for shot in involved],
            piece.offset,
            piece.count,
            layout.width,
            layout.height,
            (piece.transition or Transition.CROSSFADE)
            if piece.kind is PieceKind.TRANSITION
            else None,
            fade_in_frames=fade_frames if job.fade_in else 0,
            fade_out_frames=fade_frames if job.fade_out else 0,
            into=into,
        )

    def subtitle_states(
        self, jobs: list[_PieceJob], layout: SubtitleLayout, fps: int, work: Path, fonts_dir: Path
    ) -> dict[str, list[Overlay | None] | None]:
        """Each job's subtitles (by its key), frame by frame (None: it shows none), libass
        drawing every distinct one of them once, all in one ffmpeg run (media.overlay)."""
        drawn = iter(
            subtitle_overlays(
                self.ffmpeg,
                [(job.ass, job.piece.count) for job in jobs if job.ass],
                fps,
                layout.width,
                layout.height,
                work,
                fonts_environment(fonts_dir),
            )
        )
        return {job.key: next(drawn) if job.ass else None for job in jobs}

    def piece_frames(
        self,
        job: _PieceJob,
        sources: _Sources,
        layout: SubtitleLayout,
        fps: int,
        subtitles: list[Overlay | None] | None,
        into: Iterator[Planes] | None = None,
    ) -> Iterator[Planes]:
        """The piece's frames as the encoder gets them: its pictures with its subtitles
        (subtitle_states) laid over; made into `into`'s frames (piece_frames)."""
        pictures = self.piece_pictures(job, sources, layout, fps, into)
        return pictures if subtitles is None else _laid_over(pictures, subtitles)

    def _encode_run(
        self,
        run: list[_PieceJob],
        sources: _Sources,
        layout: SubtitleLayout,
        fps: int,
        prepared: _Prepared,
        threads: int,
        finished: Callable[[_PieceJob], None],
    ) -> None:
        """The run's pieces' frames, made here (piece_frames), through one encoder stream
        with a key frame at each piece's start, cut there by the segment muxer into the
        pieces' files; each is said to be `finished` once its frames are in the encoder
        (the last once the run's files are in the cache)."""
        self.segments_dir.mkdir(parents=True, exist_ok=True)
        starts = list(itertools.accumulate((job.piece.count for job in run), initial=0))
        with (
            tempfile.TemporaryDirectory(dir=self.segments_dir, prefix="work-") as work_name,
            FrameRing(layout.width, layout.height) as ring,
        ):
            work = Path(work_name)
            slots = ring.frames()

            def chunks() -> Iterator[bytes | memoryview | Spliced]:
                for number, job in enumerate(run):
                    subtitles = prepared.subtitles_of(job)
                    frames = self.piece_frames(job, sources, layout, fps, subtitles, slots)
                    for frame in frames:
                        yield from frame.chunks()
                    if number < len(run) - 1:
                        finished(job)

            encoder = self._encoder()
            # runs go side by side, one per core: x264's own threads then only add their
            # hand-over (4 % of the export's CPU, measured with one thread each)
            software = [] if encoder.hardware else ["-threads", str(threads)]
            timescale = str(fps * 512)
            if len(run) == 1:
                output = ["-video_track_timescale", timescale, "piece00000.mp4"]
            else:
                cuts = starts[1:-1]
                output = [
                    # by frame number (times are rounded to the encoder's time base:
                    # a key frame came a frame late)
                    "-force_key_frames", "expr:" + "+".join(f"eq(n,{n})" for n in cuts),
                    "-f", "segment", "-segment_format", "mp4",
                    "-segment_format_options", f"video_track_timescale={timescale}",
                    "-segment_frames", ",".join(map(str, cuts)), "-reset_timestamps", "1",
                    "piece%05d.mp4",
                ]  # fmt: skip
            run_ffmpeg_fed(
                self.ffmpeg,
                [
                    *encoder.device_args,
                    *raw_video_input(layout.width, layout.height, fps),
                    "-vf",
                    f"{BT709_TAGS}{encoder.upload}",
                    "-frames:v",
                    str(starts[-1]),
                    *encoder.args,
                    *software,
                    "-r",
                    str(fps),
                    "-an",
                    *output,
                ],
                chunks(),
                cwd=work,
            )
            if len(run) > 1:
                _check_cuts(work, run)
            for number, job in enumerate(run):
                os.replace(work / f"piece{number:05d}.mp4", job.segment)
        finished(run[-1])

    def _narration_audio(self, request: ExportRequest, timeline: Timeline) -> Path:
        """The whole narration track as AAC at the asked loudness, cached under the hash of
        its clips, their times and that loudness."""
        clips = narration_clips(request, timeline)
        recipe = {
            "format": _PIECE_FORMAT,
            "ffmpeg": ffmpeg_fingerprint(self.ffmpeg),
            "clips": [[_digest(path), round(start, 6)] for path, start in clips],
            "duration": timeline.total_frames / timeline.fps,
            "loudness": request.loudness_lufs,
            "music": _music_recipe(request),
        }
        key = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:32]
        audio = self.segments_dir / f"{key}.m4a"
        stems = (
            {  # the mix's parts, kept only when asked for
                "narration.wav": self.segments_dir / f"{key}.narration.wav",
                **({"music.wav": self.segments_dir / f"{key}.music.wav"} if request.music else {}),
            }
            if request.stems_dir
            else {}
        )
        if audio.is_file() and all(path.is_file() for path in stems.values()):
            self._copy_stems(request, stems)
            return audio
        self.segments_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.segments_dir, prefix="work-") as work_name:
            work = Path(work_name)
            rate = sound_rate(clips, bool(request.music))
            track = narration_track(clips, timeline.duration_s, rate)
            if stems:
                write_wav(track, rate, work / "narration.wav")
                os.replace(work / "narration.wav", stems["narration.wav"])
            if request.music:
                bed = music_under(
                    track,
                    speech_intervals(clips),
                    load_music(request.music, timeline.duration_s, rate, self.ffmpeg),
                    rate,
                    request.music_volume_db,
                    Ducking(depth_db=request.duck_db),
                )
                if stems:
                    write_wav(bed, rate, work / "music.wav")
                    os.replace(work / "music.wav", stems["music.wav"])
                track = track + bed
            if request.loudness_lufs is not None:
                level = normalized(track, rate, request.loudness_lufs)
                track = track if level is None else level
            write_wav(track, rate, work / "mixed.wav")  # clipped to full scale there
            run_ffmpeg(
                self.ffmpeg,
                [
                    "-i",
                    "mixed.wav",
                    "-c:a",
                    "aac",
                    "-aac_coder",  # half the CPU of the default two-loop search; at this
                    "fast",  # rate speech and a music bed sound the same
                    "-b:a",
                    "128k",
                    "-ac",  # the mix is mono (voice and bed): one channel, not the same
                    "1",  # one twice, which took the encoder twice the CPU
                    "-f",
                    "mp4",
                    "narration.m4a",
                ],
                cwd=work,
            )
            os.replace(work / "narration.m4a", audio)
        self._copy_stems(request, stems)
        return audio

    @staticmethod
    def _copy_stems(request: ExportRequest, stems: dict[str, Path]) -> None:
        if request.stems_dir:
            for name, path in stems.items():
                shutil.copyfile(path, Path(request.stems_dir) / name)

    # --- export ------------------------------------------------------------------------

    def export(
        self, request: ExportRequest, on_progress: ProgressCallback | None = None
    ) -> ExportResult:
        """Export the storyboard; on any failure nothing is left at the output path."""
        output = Path(request.output_path)
        check_output_path(output)
        _check_inputs(request)
        width, height = request.storyboard.aspect.frame_size(request.short_side)
        layout = SubtitleLayout(width, height, request.subtitles)
        timeline = export_timeline(request)
        jobs, assets, cues = self._piece_jobs(request, timeline, layout)
        fonts_dir = prepare_fonts_dir(self.settings.cache_dir / "fonts")

        encoder = self._encoder()
        if encoder.note:
            _log.info("%s", encoder.note)
        pending = [job for job in jobs if not job.segment.is_file()]
        total = len(pending) + 2  # pieces to encode, then the narration track and the mux
        done = 0
        if on_progress:
            on_progress(done, total)
        self.segments_dir.mkdir(parents=True, exist_ok=True)
        with (
            tempfile.TemporaryDirectory(dir=self.segments_dir, prefix="sources-") as folder,
            # a worker per run, and one for the sound beside them
            ThreadPoolExecutor(max_workers=self.jobs + 1) as pool,
        ):
            sources = _Sources(self.ffmpeg, assets, layout, Path(folder))
            # first the pending pieces' pictures and subtitles (one ffmpeg run each), then
            # the sound beside the pieces
            involved = sorted({shot for job in pending for shot in _shots_of(job.piece)})
            prepared = _Prepared(
                pool.submit(sources.make, involved),
                pool.submit(
                    self.subtitle_states, pending, layout, timeline.fps, Path(folder), fonts_dir
                ),
            )
            sound = pool.submit(self._narration_audio, request, timeline)
            # the cores shared among the runs encoding at once
            runs = _runs(pending, self.jobs, timeline.fps, one_each=encoder.hardware)
            threads = max(1, (os.cpu_count() or 1) // max(1, min(self.jobs, len(runs))))
            finished: queue.SimpleQueue[_PieceJob] = queue.SimpleQueue()
            futures = [
                pool.submit(
                    self._encode_run, run, sources, layout, timeline.fps, prepared, threads,
                    finished.put,
                )
                for run in runs
            ]  # fmt: skip
            while futures:  # progress as pieces are done, here (the caller's thread)
                wait(futures, timeout=0.2, return_when=FIRST_EXCEPTION)
                while not finished.empty():
                    finished.get()
                    done += 1
                    if on_progress:
                        on_progress(done, total)
                for future in [f for f in futures if f.done()]:
                    future.result()  # a failed run fails the export
                    futures.remove(future)
            audio = sound.result()
        srt_path = output.with_suffix(".srt")
        done += 1
        if on_progress:
            on_progress(done, total)
        with tempfile.TemporaryDirectory(dir=self.settings.cache_dir, prefix="mux-") as mux_name:
            mux = Path(mux_name)
            (mux / "pieces.txt").write_text(
                "".join(f"file '{job.segment}'\n" for job in jobs), encoding="utf-8"
            )
            partial = output.with_name(f".{output.stem}.partial-{os.getpid()}.mp4")
            try:
                run_ffmpeg(
                    self.ffmpeg,
                    [
                        "-f",
                        "concat",
                        "-safe",
                        "0",
                        "-i",
                        "pieces.txt",
                        "-i",
                        str(audio),
                        "-map",
                        "0:v:0",
                        "-map",
                        "1:a:0",
                        "-c",
                        "copy",
                        "-movflags",
                        "+faststart",
                        "-f",
                        "mp4",
                        f"file:{partial.resolve()}",
                    ],
                    cwd=mux,
                )
                write_srt(cues, srt_path)
                os.replace(partial, output)
            finally:
                partial.unlink(missing_ok=True)
        done += 1
        if on_progress:
            on_progress(done, total)
        return ExportResult(
            video_path=str(output),
            subtitles_path=str(srt_path),
            duration_s=timeline.duration_s,
            shot_count=len(request.storyboard.shots),
            segments_encoded=len(pending),
            segments_total=len(jobs),
            storyboard=composited_storyboard(request.storyboard, timeline),
            encoder=self._encoder().name,
            encoder_note=self._encoder().note,
        )
