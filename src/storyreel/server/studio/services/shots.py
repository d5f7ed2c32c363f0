"""Shots: edits keep the previous state as a version; each stage runs as a task."""

from __future__ import annotations

from django.db import transaction

from storyreel.contract import TaskType
from storyreel.contract.storyboard import MAX_PROMPT_CHARS
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.events import publish_shot
from storyreel.server.studio.models import Shot, ShotVersion, Task
from storyreel.server.studio.services.tasks import task_create
from storyreel.server.studio.services.versions import shot_version_create


def shot_update_prompt(*, shot: Shot, prompt: str) -> Shot:
    prompt = " ".join(prompt.split())
    if not prompt:
        raise ApplicationError("the prompt is empty", code="empty_prompt")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise ApplicationError(
            f"the prompt is over {MAX_PROMPT_CHARS} characters", code="prompt_too_long"
        )
    with transaction.atomic():
        shot_version_create(shot=shot, reason="prompt_edit")
        shot.prompt = prompt
        shot.save(update_fields=["prompt", "updated_at"])
    publish_shot(shot)
    return shot


def shot_update_narration(*, shot: Shot, narration: str) -> Shot:
    narration = narration.strip()
    if not narration:
        raise ApplicationError("the narration is empty", code="empty_narration")
    with transaction.atomic():
        shot_version_create(shot=shot, reason="narration_edit")
        shot.narration = narration
        shot.save(update_fields=["narration", "updated_at"])
    publish_shot(shot)
    return shot


def shot_generate(*, shot: Shot, task_type: TaskType) -> Task:
    with transaction.atomic():
        return task_create(project=shot.project, task_type=task_type, shot=shot)


def shot_delete(*, shot: Shot) -> None:
    project = shot.project
    with transaction.atomic():
        shot.delete()
        for order, remaining in enumerate(project.shots.order_by("order")):
            if remaining.order != order:
                Shot.objects.filter(id=remaining.id).update(order=order)


def shot_restore_version(*, shot: Shot, version: ShotVersion) -> Shot:
    with transaction.atomic():
        shot_version_create(shot=shot, reason="restore")
        shot.prompt = version.prompt
        shot.narration = version.narration
        shot.seed = version.seed
        shot.image.name = version.image
        shot.video.name = version.video
        shot.audio.name = version.audio
        shot.duration_s = version.duration_s
        shot.save()
    publish_shot(shot)
    return shot
