"""Tasks: created PENDING, RUNNING when a worker sends the job, then SUCCESS or FAILED."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string

from storyreel.contract import (
    ExportRequest,
    KeyframeRequest,
    KeyframeResult,
    MotionRequest,
    MotionResult,
    NarrationRequest,
    NarrationResult,
    StoryboardRequest,
    StoryboardResult,
    SubtitleStyle,
    TaskStatus,
    TaskType,
    Transition,
    WebhookPayload,
)
from storyreel.errors import StoryReelError
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.events import publish_shot, publish_task
from storyreel.server.studio.media import node_input_url
from storyreel.server.studio.models import Project, Shot, Task
from storyreel.server.studio.services.versions import shot_version_create

log = logging.getLogger(__name__)

DEFAULT_SHORT_SIDE = 720
DEFAULT_LOUDNESS_LUFS: float | None = ExportRequest.model_fields["loudness_lufs"].default
EXPORT_SIZES = (180, 360, 480, 720, 1080)


def _enqueue(task: Task) -> None:
    """Model work waits for a pull node in its queue (no STORYREEL_NODE_URL), or goes to a
    Celery worker that pushes it to a node; exports and documents always run on a worker."""
    from storyreel.server.studio.services import fleet
    from storyreel.server.studio.tasks import task_dispatch

    if not task.type.on_worker and fleet.pull_mode():
        fleet.job_offer(task=task)
        return
    transaction.on_commit(lambda: task_dispatch.delay(str(task.id)))


def task_create(
    *,
    project: Project,
    task_type: TaskType,
    shot: Shot | None = None,
    options: dict[str, Any] | None = None,
    backend: str = "",
) -> Task:
    """A PENDING task, dispatched to a worker once the transaction commits. Its payload is
    the stage's request as asked now (what a shot cannot do yet is refused here, as a 400)."""
    task = Task.objects.create(
        backend=backend,
        deadline=task_deadline(),
        owner_id=project.owner_id,
        project=project,
        shot=shot,
        type=task_type,
        payload=stage_request(project, shot, task_type, options or {}),
    )
    if shot is not None:
        shot.status = TaskStatus.PENDING
        shot.save(update_fields=["status", "updated_at"])
    _enqueue(task)
    publish_task(task)
    return task


def stage_request(
    project: Project, shot: Shot | None, task_type: TaskType, options: dict[str, Any]
) -> dict[str, Any]:
    """What a task asks its stage to do (`Task.payload`, one meaning): the node's request
    for a model stage, the export's size for an export."""
    if task_type is TaskType.EXPORT:
        loudness = options.get("loudness_lufs", DEFAULT_LOUDNESS_LUFS)
        return {
            "short_side": int(options.get("short_side", DEFAULT_SHORT_SIDE)),
            "loudness_lufs": None if loudness is None else float(loudness),
            # a bundled bed by name only: the server reads no file a request names
            "music": str(options.get("music") or ""),
            "music_volume_db": float(options.get("music_volume_db", -12.0)),
            "duck_db": float(options.get("duck_db", 12.0)),
            "transition": Transition(options.get("transition") or Transition.CROSSFADE).value,
            "subtitles": SubtitleStyle.model_validate(options.get("subtitles") or {}).model_dump(
                mode="json"
            ),
        }
    if task_type is TaskType.DOCUMENT:
        return {
            "format": str(options.get("format", "")),
            "paper": str(options.get("paper", "A4")),
            "portrait": bool(options.get("portrait", False)),
            "panels": int(options.get("panels", 6)),
        }
    if task_type is TaskType.STORYBOARD:
        return StoryboardRequest(
            story=project.story,
            topic=project.topic or None,
            story_length=options.get("story_length", "short"),
            title=project.title,
            language=project.language,
            style=project.style,
            aspect=project.aspect,
            seed=project.seed,
            cast=project.cast if project.cast_fixed else None,
        ).model_dump(mode="json")
    assert shot is not None
    width, height = project.aspect.frame_size(720)
    if task_type is TaskType.KEYFRAME:
        return KeyframeRequest(
            prompt=shot.prompt,
            seed=shot.seed,
            width=width,
            height=height,
            shot_size=shot.shot_size,
        ).model_dump(mode="json")
    if task_type is TaskType.NARRATION:
        return NarrationRequest(
            text=shot.narration, language=project.language, voice=project.voice or None
        ).model_dump(mode="json")
    if task_type is TaskType.MOTION:
        if not shot.image:
            raise ApplicationError("generate the shot's image first", code="no_image")
        return MotionRequest(
            image_uri=node_input_url(str(shot.image.name)),
            seed=shot.seed,
            width=width,
            height=height,
        ).model_dump(mode="json")
    raise ApplicationError(f"{task_type.value} tasks do not run on the model node", code="bad_task")


def task_start(*, task_id: str) -> Task | None:
    """Mark a task RUNNING and return it with its node job, or None when it is already final."""
    with transaction.atomic():
        task = _locked(Task.objects.select_related("project", "shot")).filter(id=task_id).first()
        if task is None or task.status.is_final:
            return None
        task.status = TaskStatus.RUNNING
        task.attempts += 1
        task.deadline = task_deadline()  # from this try: a node has that long to call back
        task.started_at = timezone.now()
        task.save(update_fields=["status", "attempts", "deadline", "started_at", "updated_at"])
        if task.shot is not None:
            task.shot.status = TaskStatus.RUNNING
            task.shot.save(update_fields=["status", "updated_at"])
    publish_task(task)
    return task


def task_ran_on(*, task_id: str, node: str) -> None:
    """Note which node took a task's job (a shot's details show who made it)."""
    Task.objects.filter(id=task_id).update(node=node[:100])


def task_fail(*, task_id: str, message: str, expire_before: datetime | None = None) -> bool:
    """End a task as FAILED with a message a person understands; other shots are untouched.

    With expire_before, only if its deadline passed before then (the sweep), saying so.
    Returns whether the task changed.
    """
    with transaction.atomic():
        task = _locked(Task.objects.select_related("shot")).filter(id=task_id).first()
        if task is None or task.status.is_final:
            return False
        if expire_before is not None:
            if task.deadline is None or task.deadline >= expire_before:
                return False
            message, task.expired = _expiry_message(task), True
        task.status = TaskStatus.FAILED
        task.err_msg = message
        task.save(update_fields=["status", "err_msg", "expired", "updated_at"])
        if task.shot is not None:
            task.shot.status = TaskStatus.FAILED
            task.shot.save(update_fields=["status", "updated_at"])
    # the shot first: a client that sees the task finish finds the shot already updated
    if task.shot is not None:
        publish_shot(task.shot)
    publish_task(task)
    return True


def task_deadline() -> datetime:
    return timezone.now() + timedelta(seconds=settings.STORYREEL_TASK_DEADLINE_S)


def _expiry_message(task: Task) -> str:
    waited = settings.STORYREEL_TASK_DEADLINE_S
    if task.status is TaskStatus.PENDING:
        return (
            f"no worker took the task in {waited} s; check that a worker is running, "
            "then retry this task"
        )
    if task.type.on_worker:
        return f"the {task.type.value} did not finish in {waited} s; retry this task"
    return f"the model node did not answer in {waited} s; retry this task"


def tasks_expire(*, now: datetime | None = None) -> int:
    """Fail every PENDING or RUNNING task past its deadline, saying why; how many.

    A task still PENDING at its first deadline is queued once more instead (its message may
    have been lost with a worker that died holding it: the filesystem broker deletes a
    message when it is fetched); it fails only if it is still waiting at the second.
    """
    moment = now or timezone.now()
    window = timedelta(seconds=settings.STORYREEL_TASK_DEADLINE_S)
    lost = Task.objects.filter(
        status=TaskStatus.PENDING, deadline__lt=moment, created_at__gt=moment - 2 * window
    )
    for task in list(lost):
        if task.jobs.exists():
            continue  # waiting for a pull node: the fleet's sweep sees to it
        waiting = Task.objects.filter(id=task.id, status=TaskStatus.PENDING)
        if waiting.update(deadline=moment + window):  # not picked up meanwhile
            _enqueue(task)
            log.info("task %s still waiting at its deadline: queued once more", task.id)
    overdue = Task.objects.filter(
        status__in=[TaskStatus.PENDING, TaskStatus.RUNNING], deadline__lt=moment
    ).values_list("id", flat=True)
    expired = 0
    for task_id in list(overdue):
        expired += task_fail(task_id=str(task_id), message="", expire_before=moment)
    if expired:
        log.warning("%d task(s) passed their deadline and were failed", expired)
    return expired


def task_retry(*, task: Task) -> Task:
    """Run a task again, as a new task of the same kind for the same shot: a FAILED one, or
    one still PENDING or RUNNING past its deadline (it is failed first)."""
    if not task.status.is_final and task.deadline is not None and task.deadline < timezone.now():
        task_fail(task_id=str(task.id), message="", expire_before=timezone.now())
        task.refresh_from_db()
    if task.status is not TaskStatus.FAILED:
        raise ApplicationError(
            "only a FAILED task, or one past its deadline, can be retried", code="not_failed"
        )
    return task_create(
        project=task.project,
        task_type=task.type,
        shot=task.shot,
        options=task.payload if task.type.on_worker else None,
        backend=task.backend,
    )


def webhook_task_complete(*, payload: WebhookPayload, fetch: Any) -> bool:
    """Apply a node's outcome once. Unknown, duplicate or finished: changes nothing.

    A late outcome, for a task the sweep failed at its deadline, is kept (the work was
    done) unless a newer attempt at the same thing exists; then it changes nothing.
    Returns True when the outcome was applied.
    """
    with transaction.atomic():
        task = (  # the project is read only for a storyboard's result
            _locked(Task.objects.select_related("shot")).filter(id=payload.task_id).first()
        )
        if task is None or not (task.status is TaskStatus.RUNNING or _late_but_kept(task)):
            return False
        task.expired = False
        if payload.status is TaskStatus.FAILED:
            task.status = TaskStatus.FAILED
            task.err_msg = payload.err_msg or "the model node failed without a message"
            if task.shot is not None:
                task.shot.status = TaskStatus.FAILED
                task.shot.save(update_fields=["status", "updated_at"])
        else:
            try:
                _apply_result(task, payload, fetch)
                task.status = TaskStatus.SUCCESS
            except StoryReelError as error:  # the result file could not be fetched or stored
                task.status = TaskStatus.FAILED
                task.err_msg = f"the result could not be kept: {error.message}; retry this task"
                if task.shot is not None:
                    task.shot.status = TaskStatus.FAILED
                    task.shot.save(update_fields=["status", "updated_at"])
        task.result_data = payload.model_dump(mode="json")
        task.save(update_fields=["status", "err_msg", "result_data", "expired", "updated_at"])
    # the shot first: a client that sees the task finish finds the shot already updated
    if task.shot is not None:
        publish_shot(task.shot)
    publish_task(task)
    return True


def _late_but_kept(task: Task) -> bool:
    """An outcome arriving after the sweep failed the task, with no newer attempt since."""
    if not (task.status is TaskStatus.FAILED and task.expired):
        return False
    newer = Task.objects.filter(
        project_id=task.project_id, shot_id=task.shot_id, type=task.type,
        created_at__gt=task.created_at,
    )  # fmt: skip
    return not newer.exists()


def _locked(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """The rows locked for this transaction; only the task's own row where the database can
    say so (MariaDB and MySQL cannot: `of=` raises NotSupportedError there)."""
    if connection.features.has_select_for_update_of:
        return tasks.select_for_update(of=("self",))
    return tasks.select_for_update()


def _file_name(url: str, fallback: str) -> str:
    suffix = PurePosixPath(urlsplit(url).path).suffix or fallback
    return f"{get_random_string(12)}{suffix}"


def _apply_result(task: Task, payload: WebhookPayload, fetch: Any) -> None:
    result = payload.result
    task_type = task.type
    if isinstance(result, StoryboardResult):
        project = task.project
        Shot.everything.filter(project=project).delete()  # deleted ones too: a new storyboard
        Shot.objects.bulk_create(
            Shot(
                project=project,
                order=spec.index,
                prompt=spec.prompt,
                narration=spec.narration,
                shot_size=spec.shot_size,
                seed=spec.seed,
                source_start=spec.source_start,
                source_end=spec.source_end,
            )
            for spec in result.storyboard.shots
        )
        board = result.storyboard
        if result.story and not project.story:  # written from the topic: the project's now
            project.story = result.story
            project.save(update_fields=["story", "updated_at"])
        if not project.cast_fixed:
            project.cast = [member.model_dump(mode="json") for member in board.cast]
        project.places, project.props = board.places, board.props
        project.save(update_fields=["cast", "places", "props", "updated_at"])
        return
    shot = task.shot
    if shot is None or result is None:
        raise ApplicationError(f"a {task_type.value} result needs a shot", code="bad_result")
    data = fetch(result.uri)
    replaced = {
        KeyframeResult: shot.image,
        NarrationResult: shot.audio,
        MotionResult: shot.video,
    }.get(type(result))
    if replaced:  # a first image (narration, clip) replaces nothing: nothing to keep
        shot_version_create(shot=shot, reason=f"before_{task_type.value}")
    changed = ["status", "made_by", "updated_at"]
    if isinstance(result, KeyframeResult):
        shot.image.save(_file_name(result.uri, ".png"), ContentFile(data), save=False)
        changed.append("image")
    elif isinstance(result, NarrationResult):
        shot.audio.save(_file_name(result.uri, ".wav"), ContentFile(data), save=False)
        shot.duration_s = result.duration_s
        changed += ["audio", "duration_s"]
    elif isinstance(result, MotionResult):
        shot.video.save(_file_name(result.uri, ".mp4"), ContentFile(data), save=False)
        changed.append("video")
    shot.status = TaskStatus.SUCCESS
    # only what this result changes: the shot's image, voice and clip come from jobs that
    # finish side by side on different nodes, and an edit may land meanwhile; who made what
    # is read again under the shot's lock, so one result never drops another's node
    made_by = (
        Shot.everything.select_for_update().filter(pk=shot.pk).values_list("made_by", flat=True)
    )
    shot.made_by = dict(made_by[0]) if made_by else {}
    if task.node:
        shot.made_by[task_type.value] = task.node
    shot.save(update_fields=changed)
