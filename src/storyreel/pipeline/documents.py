"""What editors and directors get beside the MP4 (`--formats`): the printable storyboard
(`NAME.pdf`) and the timeline for editors: OpenTimelineIO (`NAME.otio`), FCP 7 XML
(`NAME.xml`), FCPXML (`NAME.fcpxml`) and a CMX 3600 EDL (`NAME.edl`), their media in
`NAME.media/`. Each is written next to the video, named after it."""

from __future__ import annotations

from pathlib import Path

from storyreel.contract import Storyboard, VideoSummary
from storyreel.errors import StoryReelError
from storyreel.media.interchange import ADAPTERS, build_timeline, read_srt, write_timeline
from storyreel.media.pdf import PdfLayout, storyboard_pdf

FORMATS = ("pdf", *ADAPTERS)


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
    formats: tuple[str, ...], summary: VideoSummary, layout: PdfLayout | None = None
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
        for kind in timelines:
            target = summary.video.with_suffix(ADAPTERS[kind][1])
            written.append(write_timeline(timeline, kind, target))
    return written
