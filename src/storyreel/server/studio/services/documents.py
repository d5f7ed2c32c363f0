"""What editors and directors get from a project, made on a worker after its export: the
storyboard PDF, an editor's timeline (OpenTimelineIO, FCP 7 XML, FCPXML, EDL, Kdenlive; a
zip with its media) or the stems (a zip), one task per kind, downloadable by the owner.

Each follows the project's last export exactly (its cut, its transitions, its sound), as
`storyreel render --formats` does beside a video made in process (`media.documents`)."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from storyreel.contract import (
    Storyboard,
    TaskStatus,
    TaskType,
    VideoOrder,
    VideoSummary,
)
from storyreel.errors import StoryReelError
from storyreel.media.documents import FORMATS, write_formats
from storyreel.media.interchange import ADAPTERS
from storyreel.media.pdf import PdfLayout
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.events import publish_task
from storyreel.server.studio.models import Project, Task
from storyreel.server.studio.services.export import ExportOptions, export_download_name
from storyreel.server.studio.services.tasks import task_create, task_fail

PAPERS = ("A4", "Letter")
PANELS = (1, 2, 3, 4, 6, 8, 9, 12)


def project_documents(
    *,
    project: Project,
    formats: list[str],
    paper: str = "A4",
    portrait: bool = False,
    panels: int = 6,
) -> list[Task]:
    """One task per asked format (pdf, otio, fcp7, fcpxml, edl, kdenlive, stems; or all)."""
    asked = list(FORMATS) if formats == ["all"] else list(dict.fromkeys(formats))
    unknown = [kind for kind in asked if kind not in FORMATS]
    if not asked or unknown:
        raise ApplicationError(
            f"formats: some of {', '.join(FORMATS)} (or all)"
            + (f"; not {', '.join(unknown)}" if unknown else ""),
            code="invalid_request",
        )
    if paper not in PAPERS or panels not in PANELS:
        raise ApplicationError(
            f"paper: {' or '.join(PAPERS)}; panels: one of {', '.join(map(str, PANELS))}",
            code="invalid_request",
        )
    with transaction.atomic():
        return [
            task_create(
                project=project,
                task_type=TaskType.DOCUMENT,
                options={"format": kind, "paper": paper, "portrait": portrait, "panels": panels},
            )
            for kind in asked
        ]


def _copy(name: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)
    return target


def _zipped(paths: list[Path], archive: Path) -> Path:
    """The files and folders, by their names, in one zip."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in paths:
            items = sorted(path.rglob("*")) if path.is_dir() else [path]
            for item in items:
                if item.is_file():
                    bundle.write(item, item.relative_to(path.parent).as_posix())
    return archive


def _made(project: Project, kind: str, options: dict[str, object], work: Path) -> Path:
    """The document of the project's last export, in `work`: a PDF or a zip."""
    exported = (
        Task.objects.filter(project=project, type=TaskType.EXPORT, status=TaskStatus.SUCCESS)
        .order_by("-updated_at")
        .first()
    )
    if exported is None or not project.video or not project.subtitles:
        raise StoryReelError("export the video first: the documents follow its cut")
    board = Storyboard.model_validate(exported.result_data["storyboard"])
    shots = list(project.shots.order_by("order"))
    if [s.narration for s in shots] != [s.narration for s in board.shots] or not all(
        s.image and s.audio for s in shots
    ):
        raise StoryReelError("the storyboard changed since the last export; export it again")
    stem = export_download_name(project).removesuffix(".mp4")
    video = _copy(str(project.video.name), work / f"{stem}.mp4")
    subtitles = _copy(str(project.subtitles.name), work / f"{stem}.srt")
    storyboard = work / f"{stem}.json"
    storyboard.write_text(board.model_dump_json(indent=2), encoding="utf-8")
    files = work / "shots"
    pictures = [
        _copy(str(s.image.name), files / f"{n:03d}{Path(str(s.image.name)).suffix}")
        for n, s in enumerate(shots)
    ]
    voices = [_copy(str(s.audio.name), files / f"{n:03d}.wav") for n, s in enumerate(shots)]
    summary = VideoSummary(
        video=video, subtitles=subtitles, storyboard=storyboard, shots=len(shots),
        duration_s=float(exported.result_data.get("duration_s") or 0), elapsed_s=0.0,
        keyframes=pictures, narrations=voices,
    )  # fmt: skip
    asked = ExportOptions.of(exported)
    order = VideoOrder(
        story="-",
        loudness_lufs=asked.loudness_lufs,
        music=asked.music or None,
        music_volume_db=asked.music_volume_db,
        duck_db=asked.duck_db,
        transition=asked.transition,
        subtitles=asked.subtitles,
    )
    layout = PdfLayout(
        paper=str(options.get("paper", "A4")),
        landscape=not options.get("portrait", False),
        panels_per_page=int(str(options.get("panels", 6))),
    )
    (written,) = write_formats((kind,), summary, layout, order)
    if kind == "pdf":
        return written
    parts = [written, video.with_suffix(".media")] if kind in ADAPTERS else [written]
    label = "stems" if kind == "stems" else kind
    return _zipped(parts, work / f"{stem}.{label}.zip")


def documents_run(*, task: Task) -> None:
    """Make a DOCUMENT task's file here (the worker) and keep it for download."""
    kind = str(task.payload.get("format", ""))
    root = Path(django_settings.DATA_DIR) / "export-work"
    root.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=root) as work_name:
            made = _made(task.project, kind, task.payload, Path(work_name))
            stored = f"{task.project_id}-{get_random_string(24)}{''.join(made.suffixes[-1:])}"
            with made.open("rb") as handle:
                task.output.save(stored, File(handle), save=False)
    except StoryReelError as error:
        task_fail(task_id=str(task.id), message=error.message)
        return
    result = {"format": kind, "file": made.name, "bytes": task.output.size}
    with transaction.atomic():
        Task.objects.filter(id=task.id).update(
            status=TaskStatus.SUCCESS, result_data=result, output=task.output.name,
            updated_at=timezone.now(),
        )  # fmt: skip
    task.refresh_from_db()
    publish_task(task)
