"""Export a project's shots to an MP4 with the compositor, on the worker."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files import File
from django.core.files.storage import default_storage

from storyreel.contract import ExportRequest, ExportResult, ShotMedia, storyboard_from_shots
from storyreel.errors import StoryReelError
from storyreel.media.compositor import Compositor, ProgressCallback
from storyreel.server.studio.models import Project
from storyreel.settings import Settings


def _local_copy(name: str, folder: Path) -> Path:
    target = folder / Path(name).name
    with default_storage.open(name, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)
    return target


def project_export_video(
    *,
    project: Project,
    short_side: int = 720,
    on_progress: ProgressCallback | None = None,
) -> ExportResult:
    """Compose every shot (keyframe + narration) into the project's MP4 and store it; the
    result carries the storyboard as composited (each shot's length in the video)."""
    shots = list(project.shots.order_by("order"))
    if not shots:
        raise StoryReelError("the project has no shots yet; wait for the storyboard")
    missing = [str(s.order + 1) for s in shots if not (s.image and s.audio and s.duration_s)]
    if missing:
        raise StoryReelError(
            f"generate the image and narration of shot(s) {', '.join(missing)} first"
        )
    board = storyboard_from_shots(
        title=project.title,
        language=project.language,
        style=project.style,
        aspect=project.aspect,
        shots=shots,
    )
    work_root = Path(django_settings.DATA_DIR) / "export-work"
    work_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_root) as work_name:
        work = Path(work_name)
        media = [
            ShotMedia(
                keyframe_uri=str(_local_copy(shot.image.name, work)),
                narration_uri=str(_local_copy(shot.audio.name, work)),
                narration_duration_s=float(shot.duration_s or 0),
            )
            for shot in shots
        ]
        output = work / "video.mp4"
        compositor = Compositor(Settings.from_env())
        result = compositor.export(
            ExportRequest(
                storyboard=board, media=media, output_path=str(output), short_side=short_side
            ),
            on_progress=on_progress,
        )
        stem = f"{project.id}-{project.title[:40] or 'video'}"
        with Path(result.subtitles_path).open("rb") as handle:
            project.subtitles.save(f"{stem}.srt", File(handle), save=False)
        with output.open("rb") as handle:
            project.video.save(f"{stem}.mp4", File(handle))
        return result
