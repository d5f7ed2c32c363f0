"""Tasks: created PENDING, RUNNING when a worker sends the job, then SUCCESS or FAILED."""

from __future__ import annotations

import logging
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.crypto import get_random_string

from storyreel.contract import (
    KeyframeRequest,
    KeyframeResult,
    MotionRequest,
    MotionResult,
    NarrationRequest,
    NarrationResult,
    StoryboardRequest,
    StoryboardResult,
    TaskStatus,
    TaskType,
    WebhookPayload,
)
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.events import publish_shot, publish_task
from storyreel.server.studio.models import Project, Shot, Task
from storyreel.server.studio.services.versions import shot_version_create

log = logging.getLogger(__name__)

DEFAULT_SHORT_SIDE = 720
EXPORT_SIZES = (180, 360, 480, 720, 1080)


def _enqueue(task: Task) -> None:
    from storyreel.server.studio.tasks import task_dispatch

    transaction.on_commit(lambda: task_dispatch.delay(str(task.id)))


def task_create(
    *,
    project: Project,
    task_type: TaskType,
    shot: Shot | None = None,
    options: dict[str, Any] | None = None,
) -> Task:
    """A PENDING task, dispatched to a worker once the transaction commits. Its payload is
    the stage's request as asked now (what a shot cannot do yet is refused here, as a 400)."""
    task = Task.objects.create(
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
        return {"short_side": int(options.get("short_side", DEFAULT_SHORT_SIDE))}
    if task_type is TaskType.STORYBOARD:
        return StoryboardRequest(
            story=project.story,
            title=project.title,
            language=project.language,
            style=project.style,
            aspect=project.aspect,
            seed=project.seed,
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
            image_uri=settings.STORYREEL_PUBLIC_URL + shot.image.url,
            seed=shot.seed,
            width=width,
            height=height,
        ).model_dump(mode="json")
    raise ApplicationError(f"{task_type.value} tasks do not run on the model node", code="bad_task")


def task_start(*, task_id: str) -> Task | None:
    """Mark a task RUNNING and return it with its node job, or None when it is already final."""
    with transaction.atomic():
        task = (
            Task.objects.select_for_update(of=("self",))
            .select_related("project", "shot")
            .filter(id=task_id)
            .first()
        )
        if task is None or task.status.is_final:
            return None
        task.status = TaskStatus.RUNNING
        task.attempts += 1
        task.save(update_fields=["status", "attempts", "updated_at"])
        if task.shot is not None:
            task.shot.status = TaskStatus.RUNNING
            task.shot.save(update_fields=["status", "updated_at"])
    publish_task(task)
    return task


def task_fail(*, task_id: str, message: str) -> None:
    """End a task as FAILED with a message a person understands; other shots are untouched."""
    with transaction.atomic():
        task = (
            Task.objects.select_for_update(of=("self",))
            .select_related("shot")
            .filter(id=task_id)
            .first()
        )
        if task is None or task.status.is_final:
            return
        task.status = TaskStatus.FAILED
        task.err_msg = message
        task.save(update_fields=["status", "err_msg", "updated_at"])
        if task.shot is not None:
            task.shot.status = TaskStatus.FAILED
            task.shot.save(update_fields=["status", "updated_at"])
    # the shot first: a client that sees the task finish finds the shot already updated
    if task.shot is not None:
        publish_shot(task.shot)
    publish_task(task)


def task_retry(*, task: Task) -> Task:
    """Run a FAILED task again, as a new task of the same kind for the same shot."""
    if task.status != TaskStatus.FAILED:
        raise ApplicationError("only a FAILED task can be retried", code="not_failed")
    return task_create(
        project=task.project,
        task_type=task.type,
        shot=task.shot,
        options=task.payload if task.type is TaskType.EXPORT else None,
    )


def webhook_task_complete(*, payload: WebhookPayload, fetch: Any) -> bool:
    """Apply a node's outcome once. Unknown, not RUNNING, duplicate or late: changes nothing.

    Returns True when the outcome was applied.
    """
    with transaction.atomic():
        task = (
            Task.objects.select_for_update(of=("self",))
            .select_related("project", "shot")
            .filter(id=payload.task_id)
            .first()
        )
        if task is None or task.status is not TaskStatus.RUNNING:
            return False
        if payload.status is TaskStatus.FAILED:
            task.status = TaskStatus.FAILED
            task.err_msg = payload.err_msg or "the model node failed without a message"
            if task.shot is not None:
                task.shot.status = TaskStatus.FAILED
                task.shot.save(update_fields=["status", "updated_at"])
        else:
            _apply_result(task, payload, fetch)
            task.status = TaskStatus.SUCCESS
        task.result_data = payload.model_dump(mode="json")
        task.save(update_fields=["status", "err_msg", "result_data", "updated_at"])
    # the shot first: a client that sees the task finish finds the shot already updated
    if task.shot is not None:
        publish_shot(task.shot)
    publish_task(task)
    return True


def _file_name(url: str, fallback: str) -> str:
    suffix = PurePosixPath(urlsplit(url).path).suffix or fallback
    return f"{get_random_string(12)}{suffix}"


def _apply_result(task: Task, payload: WebhookPayload, fetch: Any) -> None:
    result = payload.result
    task_type = task.type
    if isinstance(result, StoryboardResult):
        project = task.project
        project.shots.all().delete()
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
        return
    shot = task.shot
    if shot is None or result is None:
        raise ApplicationError(f"a {task_type.value} result needs a shot", code="bad_result")
    data = fetch(result.uri)
    shot_version_create(shot=shot, reason=f"before_{task_type.value}")
    if isinstance(result, KeyframeResult):
        shot.image.save(_file_name(result.uri, ".png"), ContentFile(data), save=False)
    elif isinstance(result, NarrationResult):
        shot.audio.save(_file_name(result.uri, ".wav"), ContentFile(data), save=False)
        shot.duration_s = result.duration_s
    elif isinstance(result, MotionResult):
        shot.video.save(_file_name(result.uri, ".mp4"), ContentFile(data), save=False)
    shot.status = TaskStatus.SUCCESS
    shot.save()
