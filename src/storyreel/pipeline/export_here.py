"""Compose an MP4 on this computer from shots whose files are here already (the desktop
client's "Export here", which works offline): the compositor the server's worker uses."""

from __future__ import annotations

from pathlib import Path

from storyreel.contract import (
    ExportRequest,
    ExportResult,
    ShotMedia,
    Storyboard,
    SubtitleStyle,
    Transition,
)
from storyreel.media.compositor import Compositor, ProgressCallback
from storyreel.media.music import music_names
from storyreel.settings import Settings


def bundled_music() -> list[str]:
    """The music beds an export can lay under the narration (made by StoryReel's own code;
    a server of this version offers the same)."""
    return music_names()


def export_here(
    storyboard: Storyboard,
    media: list[ShotMedia],
    output: Path,
    on_progress: ProgressCallback | None = None,
    settings: Settings | None = None,
    transition: Transition = Transition.CROSSFADE,
    subtitles: SubtitleStyle | None = None,
    music: str | None = None,
) -> ExportResult:
    """The MP4 (and its .srt) at output; raises StoryReelError for what a person can fix."""
    compositor = Compositor(settings or Settings.from_env())
    request = ExportRequest(
        storyboard=storyboard,
        media=media,
        output_path=str(output),
        transition=transition,
        subtitles=subtitles or SubtitleStyle(),
        music=music,
    )
    return compositor.export(request, on_progress=on_progress)
