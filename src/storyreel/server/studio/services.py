"""Writes: every change to projects, shots and tasks goes through these functions."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.crypto import get_random_string

from storyreel.contract import (
    AspectRatio,
    KeyframeRequest,
    KeyframeResult,
    Language,
    MotionRequest,
    MotionResult,
    NarrationRequest,
    NarrationResult,
    ShotEvent,
    StoryboardRequest,
    StoryboardResult,
    TaskEvent,
    TaskStatus,
    TaskType,
    WebhookPayload,
)
from storyreel.contract.storyboard import MAX_PROMPT_CHARS
from storyreel.errors import StoryInputError, StoryReelError
from storyreel.server.studio.errors import ApiError
from storyreel.server.studio.events import publish
from storyreel.server.studio.models import Project, Shot, ShotVersion, Task
from storyreel.server.studio.selectors import User
from storyreel.text.language import detect_language
from storyreel.text.story import check_story

log = logging.getLogger(__name__)

DEFAULT_SHORT_SIDE = 720
EXPORT_SIZES = (180, 360, 480, 720, 1080)


# --- tasks --------------------------------------------------------------------------------


def _enqueue(task: Task) -> None:
    from storyreel.server.studio.tasks import task_dispatch

    transaction.on_commit(lambda: task_dispatch.delay(str(task.id)))


def _task_event(task: Task, progress: float | None = None) -> None:
    publish(
        task.project_id,
        TaskEvent(
            task_id=str(task.id),
            task_type=TaskType(task.type),
            status=TaskStatus(task.status),
            project_id=task.project_id,
            shot_id=task.shot_id,
            err_msg=task.err_msg,
            progress=progress,
        ),
    )


def _shot_event(shot: Shot) -> None:
    publish(
        shot.project_id,
        ShotEvent(project_id=shot.project_id, shot_id=shot.id, status=TaskStatus(shot.status)),
    )


def task_create(
    *,
    project: Project,
    task_type: TaskType,
    shot: Shot | None = None,
    options: dict[str, Any] | None = None,
) -> Task:
    """A PENDING task, dispatched to a worker once the transaction commits."""
    task = Task.objects.create(
        owner_id=project.owner_id,
        project=project,
        shot=shot,
        type=task_type.value,
        payload=options or {},
    )
    if shot is not None:
        shot.status = TaskStatus.PENDING.value
        shot.save(update_fields=["status", "updated_at"])
    _enqueue(task)
    _task_event(task)
    return task


def _job_payload(task: Task) -> dict[str, Any]:
    project = task.project
    shot = task.shot
    task_type = TaskType(task.type)
    if task_type is TaskType.EXPORT:
        return {"short_side": int(task.payload.get("short_side", DEFAULT_SHORT_SIDE))}
    if task_type is TaskType.STORYBOARD:
        return StoryboardRequest(
            story=project.story,
            title=project.title,
            language=Language(project.language),
            style=project.style,
            aspect=AspectRatio(project.aspect),
            seed=project.seed,
        ).model_dump(mode="json")
    assert shot is not None
    width, height = AspectRatio(project.aspect).frame_size(720)
    if task_type is TaskType.KEYFRAME:
        return KeyframeRequest(
            prompt=shot.prompt, seed=shot.seed, width=width, height=height, shot_size=shot.shot_size
        ).model_dump(mode="json")
    if task_type is TaskType.NARRATION:
        return NarrationRequest(
            text=shot.narration, language=Language(project.language), voice=project.voice or None
        ).model_dump(mode="json")
    if task_type is TaskType.MOTION:
        if not shot.image:
            raise ApiError("generate the shot's image first", code="no_image")
        return MotionRequest(
            image_uri=settings.STORYREEL_PUBLIC_URL + shot.image.url,
            seed=shot.seed,
            width=width,
            height=height,
        ).model_dump(mode="json")
    raise ApiError(f"{task_type.value} tasks do not run on the model node", code="bad_task")


def project_export(*, project: Project, short_side: int = DEFAULT_SHORT_SIDE) -> Task:
    """A task that composes the project's MP4 on a worker."""
    if short_side not in EXPORT_SIZES:
        raise ApiError(f"short_side must be one of {', '.join(map(str, EXPORT_SIZES))}")
    with transaction.atomic():
        return task_create(
            project=project, task_type=TaskType.EXPORT, options={"short_side": short_side}
        )


def export_run(*, task: Task) -> None:
    """Run an export task here (the worker): the compositor, not the model node.

    Progress goes out as RUNNING task events with `progress` (at most about 4 a second).
    """
    from storyreel.server.studio.export import project_export_video

    last = 0.0

    def on_progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if total and (done == total or now - last >= 0.25):
            last = now
            _task_event(task, progress=done / total)

    try:
        exported = project_export_video(
            project=task.project,
            short_side=int(task.payload.get("short_side", DEFAULT_SHORT_SIDE)),
            on_progress=on_progress,
        )
    except StoryReelError as error:
        task_fail(task_id=str(task.id), message=error.message)
        return
    # the storyboard as composited: a client writes it beside the MP4
    result = {
        "storyboard": exported.storyboard.model_dump(mode="json"),
        "duration_s": exported.duration_s,
    }
    with transaction.atomic():
        Task.objects.filter(id=task.id).update(status=TaskStatus.SUCCESS.value, result_data=result)
    task.refresh_from_db()
    _task_event(task)


def task_start(*, task_id: str) -> Task | None:
    """Mark a task RUNNING and return it with its node job, or None when it is already final."""
    with transaction.atomic():
        task = (
            Task.objects.select_for_update(of=("self",))
            .select_related("project", "shot")
            .filter(id=task_id)
            .first()
        )
        if task is None or TaskStatus(task.status).is_final:
            return None
        task.payload = _job_payload(task)
        task.status = TaskStatus.RUNNING.value
        task.attempts += 1
        task.save(update_fields=["payload", "status", "attempts", "updated_at"])
        if task.shot is not None:
            task.shot.status = TaskStatus.RUNNING.value
            task.shot.save(update_fields=["status", "updated_at"])
    _task_event(task)
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
        if task is None or TaskStatus(task.status).is_final:
            return
        task.status = TaskStatus.FAILED.value
        task.err_msg = message
        task.save(update_fields=["status", "err_msg", "updated_at"])
        if task.shot is not None:
            task.shot.status = TaskStatus.FAILED.value
            task.shot.save(update_fields=["status", "updated_at"])
    # the shot first: a client that sees the task finish finds the shot already updated
    if task.shot is not None:
        _shot_event(task.shot)
    _task_event(task)


def task_retry(*, task: Task) -> Task:
    """Run a FAILED task again, as a new task of the same kind for the same shot."""
    if task.status != TaskStatus.FAILED.value:
        raise ApiError("only a FAILED task can be retried", code="not_failed", status_code=409)
    return task_create(
        project=task.project,
        task_type=TaskType(task.type),
        shot=task.shot,
        options=task.payload if task.type == TaskType.EXPORT.value else None,
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
        if task is None or task.status != TaskStatus.RUNNING.value:
            return False
        if payload.status is TaskStatus.FAILED:
            task.status = TaskStatus.FAILED.value
            task.err_msg = payload.err_msg or "the model node failed without a message"
            if task.shot is not None:
                task.shot.status = TaskStatus.FAILED.value
                task.shot.save(update_fields=["status", "updated_at"])
        else:
            _apply_result(task, payload, fetch)
            task.status = TaskStatus.SUCCESS.value
        task.result_data = payload.model_dump(mode="json")
        task.save(update_fields=["status", "err_msg", "result_data", "updated_at"])
    # the shot first: a client that sees the task finish finds the shot already updated
    if task.shot is not None:
        _shot_event(task.shot)
    _task_event(task)
    return True


def _file_name(url: str, fallback: str) -> str:
    suffix = PurePosixPath(urlsplit(url).path).suffix or fallback
    return f"{get_random_string(12)}{suffix}"


def _apply_result(task: Task, payload: WebhookPayload, fetch: Any) -> None:
    result = payload.result
    task_type = TaskType(task.type)
    if isinstance(result, StoryboardResult):
        project = task.project
        project.shots.all().delete()
        Shot.objects.bulk_create(
            Shot(
                project=project,
                order=spec.index,
                prompt=spec.prompt,
                narration=spec.narration,
                shot_size=spec.shot_size.value,
                seed=spec.seed,
                source_start=spec.source_start,
                source_end=spec.source_end,
            )
            for spec in result.storyboard.shots
        )
        return
    shot = task.shot
    if shot is None or result is None:
        raise ApiError(f"a {task_type.value} result needs a shot", code="bad_result")
    data = fetch(result.uri)
    _version(shot, reason=f"before_{task_type.value}")
    if isinstance(result, KeyframeResult):
        shot.image.save(_file_name(result.uri, ".png"), ContentFile(data), save=False)
    elif isinstance(result, NarrationResult):
        shot.audio.save(_file_name(result.uri, ".wav"), ContentFile(data), save=False)
        shot.duration_s = result.duration_s
    elif isinstance(result, MotionResult):
        shot.video.save(_file_name(result.uri, ".mp4"), ContentFile(data), save=False)
    shot.status = TaskStatus.SUCCESS.value
    shot.save()


# --- projects and shots ---------------------------------------------------------------------


def project_create(
    *,
    owner: User,
    title: str,
    story: str,
    style: str = "",
    language: Language | None = None,
    aspect: AspectRatio = AspectRatio.LANDSCAPE,
    voice: str = "",
    seed: int = 0,
) -> tuple[Project, Task]:
    """A project and its storyboard task."""
    try:
        story = check_story(story.strip(), settings.STORYREEL_MAX_STORY_CHARS)
    except StoryInputError as error:
        raise ApiError(error.message, code=error.code) from error
    with transaction.atomic():
        project = Project.objects.create(
            owner_id=owner.pk,
            title=title.strip() or "Untitled",
            story=story,
            style=style.strip(),
            language=(language or detect_language(story)).value,
            aspect=aspect.value,
            voice=voice,
            seed=seed,
        )
        task = task_create(project=project, task_type=TaskType.STORYBOARD)
    return project, task


def project_delete(*, project: Project) -> None:
    project.delete()


def _version(shot: Shot, *, reason: str) -> ShotVersion:
    return ShotVersion.objects.create(
        shot=shot,
        prompt=shot.prompt,
        narration=shot.narration,
        seed=shot.seed,
        image=shot.image.name or "",
        video=shot.video.name or "",
        audio=shot.audio.name or "",
        duration_s=shot.duration_s,
        reason=reason,
    )


def shot_update_prompt(*, shot: Shot, prompt: str) -> Shot:
    prompt = " ".join(prompt.split())
    if not prompt:
        raise ApiError("the prompt is empty", code="empty_prompt")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise ApiError(f"the prompt is over {MAX_PROMPT_CHARS} characters", code="prompt_too_long")
    with transaction.atomic():
        _version(shot, reason="prompt_edit")
        shot.prompt = prompt
        shot.save(update_fields=["prompt", "updated_at"])
    _shot_event(shot)
    return shot


def shot_update_narration(*, shot: Shot, narration: str) -> Shot:
    narration = narration.strip()
    if not narration:
        raise ApiError("the narration is empty", code="empty_narration")
    with transaction.atomic():
        _version(shot, reason="narration_edit")
        shot.narration = narration
        shot.save(update_fields=["narration", "updated_at"])
    _shot_event(shot)
    return shot


def shot_generate(*, shot: Shot, task_type: TaskType) -> Task:
    with transaction.atomic():
        return task_create(project=shot.project, task_type=task_type, shot=shot)


def project_generate_images(*, project: Project) -> list[Task]:
    with transaction.atomic():
        return [
            task_create(project=project, task_type=TaskType.KEYFRAME, shot=s)
            for s in project.shots.all()
        ]


def shots_reorder(*, project: Project, shot_ids: Iterable[int]) -> None:
    ids = list(shot_ids)
    existing = set(project.shots.values_list("id", flat=True))
    if set(ids) != existing or len(ids) != len(existing):
        raise ApiError("give every shot of the project exactly once", code="bad_order")
    with transaction.atomic():
        for order, shot_id in enumerate(ids):
            Shot.objects.filter(id=shot_id).update(order=order)


def shot_delete(*, shot: Shot) -> None:
    project = shot.project
    with transaction.atomic():
        shot.delete()
        for order, remaining in enumerate(project.shots.order_by("order")):
            if remaining.order != order:
                Shot.objects.filter(id=remaining.id).update(order=order)


def shot_restore_version(*, shot: Shot, version: ShotVersion) -> Shot:
    with transaction.atomic():
        _version(shot, reason="restore")
        shot.prompt = version.prompt
        shot.narration = version.narration
        shot.seed = version.seed
        shot.image.name = version.image
        shot.video.name = version.video
        shot.audio.name = version.audio
        shot.duration_s = version.duration_s
        shot.save()
    _shot_event(shot)
    return shot
