"""Shots: edits keep the previous state as a version; each stage runs as a task."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from storyreel.contract import TaskType, Transition
from storyreel.contract.storyboard import MAX_PROMPT_CHARS
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.events import publish_shot
from storyreel.server.studio.models import Project, Shot, ShotVersion, Task
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


def shot_generate(*, shot: Shot, task_type: TaskType, backend: str = "") -> Task:
    with transaction.atomic():
        return task_create(project=shot.project, task_type=task_type, shot=shot, backend=backend)


# the longest a person may hold one shot (a still this long is already a slideshow)
MAX_SHOT_LENGTH_S = 120.0


def shot_update_length(*, shot: Shot, length_s: float | None) -> Shot:
    """Trim or extend a shot in the video; None gives it back the length its narration
    needs. Speech is never cut: the compositor makes a shot at least that long."""
    if length_s is not None and not 0.5 <= length_s <= MAX_SHOT_LENGTH_S:
        raise ApplicationError(
            f"a shot lasts between 0.5 and {MAX_SHOT_LENGTH_S:g} seconds", code="bad_length"
        )
    with transaction.atomic():
        shot.length_s = None if length_s is None else round(length_s, 3)
        shot.save(update_fields=["length_s", "updated_at"])
    publish_shot(shot)
    return shot


def shot_update_transition(*, shot: Shot, transition: str) -> Shot:
    """How the shot comes in after the one before ("": as the export says)."""
    if transition and transition not in {t.value for t in Transition}:
        raise ApplicationError(
            f"no transition {transition!r}; one of: {', '.join(t.value for t in Transition)}",
            code="invalid_request",
        )
    with transaction.atomic():
        shot.transition = transition
        shot.save(update_fields=["transition", "updated_at"])
    publish_shot(shot)
    return shot


def _renumber(project: Project) -> None:
    for order, remaining in enumerate(project.shots.order_by("order")):
        if remaining.order != order:
            Shot.objects.filter(id=remaining.id).update(order=order)


def shot_delete(*, shot: Shot) -> None:
    """Take the shot out of the storyboard; `shot_undelete` puts it back where it was."""
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=shot.project_id).first()
        shot.deleted_at = timezone.now()
        shot.save(update_fields=["deleted_at"])
        _renumber(shot.project)


def shot_undelete(*, shot: Shot) -> Shot:
    """Put a deleted shot back at the place it had (or last, if fewer shots are left)."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=shot.project_id)
        place = min(shot.order, project.shots.count())
        project.shots.filter(order__gte=place).update(order=F("order") + 1)
        shot.order = place
        shot.deleted_at = None
        shot.save(update_fields=["order", "deleted_at", "updated_at"])
        _renumber(project)
    publish_shot(shot)
    return shot


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
