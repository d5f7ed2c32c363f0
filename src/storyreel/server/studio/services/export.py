"""Export: a task that composes the project's MP4 on a worker (the compositor, not a node)."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from storyreel.contract import (
    CastMember,
    ExportRequest,
    ExportResult,
    ShotMedia,
    SubtitleStyle,
    TaskStatus,
    TaskType,
    Transition,
    storyboard_from_shots,
)
from storyreel.errors import StoryReelError
from storyreel.media.compositor import Compositor, ProgressCallback
from storyreel.media.music import music_names
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.events import publish_task
from storyreel.server.studio.models import Project, Task
from storyreel.server.studio.services.tasks import (
    DEFAULT_LOUDNESS_LUFS,
    DEFAULT_SHORT_SIDE,
    EXPORT_SIZES,
    task_create,
    task_fail,
)
from storyreel.settings import Settings
from storyreel.text.filenames import file_stem


@dataclass(frozen=True)
class ExportOptions:
    """What an export is asked for (a bundled music bed by name, under the narration; the
    transition between shots that name none; the subtitles' style). An export task keeps
    them as its payload, which the documents made from that export read back."""

    short_side: int = DEFAULT_SHORT_SIDE
    loudness_lufs: float | None = DEFAULT_LOUDNESS_LUFS
    music: str = ""
    music_volume_db: float = -12.0
    duck_db: float = 12.0
    transition: Transition = Transition.CROSSFADE
    subtitles: SubtitleStyle = field(default_factory=SubtitleStyle)

    def payload(self) -> dict[str, object]:
        return {
            "short_side": self.short_side, "loudness_lufs": self.loudness_lufs,
            "music": self.music, "music_volume_db": self.music_volume_db,
            "duck_db": self.duck_db, "transition": self.transition.value,
            "subtitles": self.subtitles.model_dump(),
        }  # fmt: skip

    @classmethod
    def of(cls, task: Task) -> ExportOptions:
        """The options an export task was made with (defaults for what an older one lacks)."""
        asked = task.payload if isinstance(task.payload, dict) else {}
        default = cls()
        return cls(
            short_side=int(asked.get("short_side", default.short_side)),
            loudness_lufs=asked.get("loudness_lufs", default.loudness_lufs),
            music=str(asked.get("music") or ""),
            music_volume_db=float(asked.get("music_volume_db", default.music_volume_db)),
            duck_db=float(asked.get("duck_db", default.duck_db)),
            transition=Transition(asked.get("transition") or default.transition),
            subtitles=SubtitleStyle.model_validate(asked.get("subtitles") or {}),
        )


def project_export(*, project: Project, options: ExportOptions) -> Task:
    """A task that composes the project's MP4 on a worker."""
    if options.short_side not in EXPORT_SIZES:
        raise ApplicationError(f"short_side must be one of {', '.join(map(str, EXPORT_SIZES))}")
    if options.music and options.music not in music_names():
        raise ApplicationError(
            f"no music bed {options.music!r}; the server has: {', '.join(music_names())}",
            code="invalid_request",
        )
    with transaction.atomic():
        return task_create(project=project, task_type=TaskType.EXPORT, options=options.payload())


def export_run(*, task: Task) -> None:
    """Run an export task here (the worker): the compositor, not the model node.

    Progress goes out as RUNNING task events with `progress` (at most about 4 a second).
    """
    last = 0.0

    def on_progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if total and (done == total or now - last >= 0.25):
            last = now
            publish_task(task, progress=done / total)

    try:
        exported = project_export_video(
            project=task.project, options=ExportOptions.of(task), on_progress=on_progress
        )
    except StoryReelError as error:
        task_fail(task_id=str(task.id), message=error.message)
        return
    # the storyboard as composited: a client writes it beside the MP4
    result = {
        "storyboard": exported.storyboard.model_dump(mode="json"),
        "duration_s": exported.duration_s,
        "encoder": exported.encoder,  # and why not a hardware one, when none works there
        "encoder_note": exported.encoder_note,
    }
    with transaction.atomic():
        Task.objects.filter(id=task.id).update(
            status=TaskStatus.SUCCESS, result_data=result, updated_at=timezone.now()
        )
    task.refresh_from_db()
    publish_task(task)


def export_file_stem(project: Project) -> str:
    """The stored name of an export: random, never from the title (a person's text), so a
    name cannot climb out of the folder nor be guessed. Downloads are named by the title."""
    return f"{project.id}-{get_random_string(24)}"


def export_download_name(project: Project) -> str:
    """The name a download is saved under: the title, less what a file system or a browser
    would read as a path or refuse (separators, reserved and control characters)."""
    return f"{file_stem(project.title)}.mp4"


def _local_copy(name: str | None, folder: Path) -> Path:
    if not name:
        raise StoryReelError("a shot's file is missing; generate it again")
    target = folder / Path(name).name
    with default_storage.open(name, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)
    return target


def project_export_video(
    *, project: Project, options: ExportOptions, on_progress: ProgressCallback | None = None
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
    ).model_copy(
        update={
            "cast": [CastMember.model_validate(m) for m in project.cast],
            "places": list(project.places),
            "props": list(project.props),
        }
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
                storyboard=board,
                media=media,
                output_path=str(output),
                short_side=options.short_side,
                loudness_lufs=options.loudness_lufs,
                music=options.music if options.music in music_names() else None,
                music_volume_db=options.music_volume_db,
                duck_db=options.duck_db,
                transition=options.transition,
                subtitles=options.subtitles,
            ),
            on_progress=on_progress,
        )
        stem = export_file_stem(project)
        with Path(result.subtitles_path).open("rb") as handle:
            project.subtitles.save(f"{stem}.srt", File(handle), save=False)
        with output.open("rb") as handle:
            project.video.save(f"{stem}.mp4", File(handle))
        return result
