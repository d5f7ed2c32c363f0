"""What editors and directors get beside the MP4 (`--formats`): the printable storyboard
(`NAME.pdf`), the timeline for editors: OpenTimelineIO (`NAME.otio`), FCP 7 XML
(`NAME.xml`), FCPXML (`NAME.fcpxml`), a CMX 3600 EDL (`NAME.edl`) and a Kdenlive project
(`NAME.kdenlive`), their media in
`NAME.media/`, and the stems (`NAME.stems/`: the picture without burned subtitles, the
sound alone, the subtitles). Each is written next to the video, named after it."""

from __future__ import annotations

import shutil
from pathlib import Path

from storyreel.contract import ExportRequest, ShotMedia, Storyboard, VideoOrder, VideoSummary
from storyreel.errors import StoryReelError
from storyreel.media.audio import read_wav
from storyreel.media.compositor import Compositor
from storyreel.media.ffmpeg import ffmpeg_executable, run_ffmpeg
from storyreel.media.interchange import ADAPTERS, build_timeline, read_srt, write_timeline
from storyreel.media.pdf import PdfLayout, storyboard_pdf
from storyreel.media.probe import probe_media
from storyreel.settings import Settings

FORMATS = ("pdf", *ADAPTERS, "stems")


def parse_formats(text: str) -> tuple[str, ...]:
    """`pdf`, a comma list, or `all`; anything else is one clear error."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    if asked == ["all"]:
        return FORMATS
    unknown = [part for part in asked if part not in FORMATS]
    if unknown:
        raise StoryReelError(
            f"unknown format {', '.join(unknown)}; this version writes: {', '.join(FORMATS)} "
            "(or all)"
        )
    return tuple(dict.fromkeys(asked))


def write_formats(
    formats: tuple[str, ...],
    summary: VideoSummary,
    layout: PdfLayout | None = None,
    order: VideoOrder | None = None,
) -> list[Path]:
    """Write each asked format beside the summary's video; the paths written."""
    written: list[Path] = []
    board = Storyboard.model_validate_json(summary.storyboard.read_text(encoding="utf-8"))
    pictures: list[Path | None] = list(summary.keyframes) or [None] * len(board.shots)
    if "pdf" in formats:
        written.append(storyboard_pdf(board, pictures, summary.video.with_suffix(".pdf"), layout))
    timelines = [kind for kind in formats if kind in ADAPTERS]
    if timelines:
        media = summary.video.with_suffix(".media")
        voices: list[Path | None] = list(summary.narrations)
        timeline = build_timeline(board, pictures, voices, read_srt(summary.subtitles), media)
        made = probe_media(summary.video).video
        frame = (made.width, made.height) if made else (1280, 720)
        fps = round(made.fps) if made else 24
        for kind in timelines:
            target = summary.video.with_suffix(ADAPTERS[kind][1])
            written.append(write_timeline(timeline, kind, target, frame, fps))
    if "stems" in formats:
        written.append(write_stems(board, summary, order or VideoOrder(story="-")))
    return written


def _seconds(wav: Path) -> float:
    samples, rate = read_wav(wav)
    return len(samples) / rate


def write_stems(board: Storyboard, summary: VideoSummary, order: VideoOrder) -> Path:
    """`NAME.stems/`: `video.mp4` (the same cut with no subtitles burned in: the same
    compositor, the same timeline), `sound.wav` (the MP4's own sound), `narration.wav` (the
    voices alone), `music.wav` (the bed alone, ducked as in the mix; with --music) and
    `subtitles.srt`."""
    if not summary.keyframes or not summary.narrations:
        raise StoryReelError("the stems need each shot's picture and narration here")
    folder = summary.video.with_suffix(".stems")
    folder.mkdir(exist_ok=True)
    made = probe_media(summary.video)
    if made.video is None:
        raise StoryReelError(f"{summary.video} has no picture")
    media = [
        ShotMedia(
            keyframe_uri=str(picture), narration_uri=str(voice),
            narration_duration_s=_seconds(voice),
        )
        for picture, voice in zip(summary.keyframes, summary.narrations, strict=True)
    ]  # fmt: skip
    clean = folder / "video.mp4"
    Compositor(Settings.from_env()).export(
        ExportRequest(
            storyboard=board,
            media=media,
            output_path=str(clean),
            short_side=min(made.video.width, made.video.height),
            fps=round(made.video.fps),
            burn_subtitles=False,
            loudness_lufs=order.loudness_lufs,
            music=order.music,
            music_volume_db=order.music_volume_db,
            duck_db=order.duck_db,
            transition=order.transition,
            stems_dir=str(folder),
        )
    )
    clean.with_suffix(".srt").unlink(missing_ok=True)  # the same as subtitles.srt
    run_ffmpeg(
        ffmpeg_executable(),
        ["-i", str(summary.video), "-vn", "-c:a", "pcm_s16le", str(folder / "sound.wav")],
    )
    shutil.copyfile(summary.subtitles, folder / "subtitles.srt")
    return folder
