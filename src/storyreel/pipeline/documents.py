"""What editors and directors get beside the MP4 (`--formats`): so far the printable
storyboard (`NAME.pdf`). Each format is written next to the video, named after it."""

from __future__ import annotations

from pathlib import Path

from storyreel.contract import Storyboard, VideoSummary
from storyreel.errors import StoryReelError
from storyreel.media.pdf import PdfLayout, storyboard_pdf

FORMATS = ("pdf",)


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
    if "pdf" in formats:
        board = Storyboard.model_validate_json(summary.storyboard.read_text(encoding="utf-8"))
        pictures: list[Path | None] = list(summary.keyframes) or [None] * len(board.shots)
        written.append(storyboard_pdf(board, pictures, summary.video.with_suffix(".pdf"), layout))
    return written
