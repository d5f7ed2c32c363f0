"""Reads, always scoped to the owner: another user's things do not exist (404)."""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.models import Project, Shot, ShotVersion, Task


class User(Protocol):
    """Whoever asks: a Django user (its primary key is all the selectors need)."""

    @property
    def pk(self) -> Any: ...


def _not_found(what: str) -> ApplicationError:
    return ApplicationError(f"{what} not found", code="not_found")


def project_list(*, owner: User, search: str = "") -> QuerySet[Project]:
    """The owner's projects, newest first, each with `thumbnail` (the first shot's image)
    and `shot_count`, in one query."""
    first_image = (
        Shot.objects.filter(project_id=OuterRef("pk"))
        .exclude(image="")
        .order_by("order")
        .values("image")[:1]
    )
    live = Q(shots__deleted_at__isnull=True)  # a join does not go through Shot.objects
    projects = Project.objects.filter(owner_id=owner.pk).annotate(
        thumbnail=Subquery(first_image),
        shot_count=Count("shots", filter=live),
        image_count=Count("shots", filter=live & ~Q(shots__image="")),
        narration_count=Count("shots", filter=live & ~Q(shots__audio="")),
    )
    if search:
        projects = projects.filter(title__icontains=search)
    return projects


def project_get(*, owner: User, project_id: int) -> Project:
    project = Project.objects.filter(owner_id=owner.pk, id=project_id).first()
    if project is None:
        raise _not_found("project")
    return project


def project_shots(*, project: Project) -> QuerySet[Shot]:
    return project.shots.order_by("order")


def shot_get(*, owner: User, shot_id: int) -> Shot:
    shot = (
        Shot.objects.select_related("project")
        .filter(project__owner_id=owner.pk, id=shot_id)
        .first()
    )
    if shot is None:
        raise _not_found("shot")
    return shot


def deleted_shot_get(*, owner: User, shot_id: int) -> Shot:
    """A shot the owner deleted (what undo brings back)."""
    shot = (
        Shot.everything.select_related("project")
        .filter(project__owner_id=owner.pk, id=shot_id, deleted_at__isnull=False)
        .first()
    )
    if shot is None:
        raise _not_found("deleted shot")
    return shot


def shot_versions(*, shot: Shot) -> QuerySet[ShotVersion]:
    return shot.versions.all()


def shot_version_get(*, shot: Shot, version_id: int) -> ShotVersion:
    version = shot.versions.filter(id=version_id).first()
    if version is None:
        raise _not_found("version")
    return version


def task_get(*, owner: User, task_id: str) -> Task:
    try:
        key = uuid.UUID(str(task_id))
    except ValueError as error:
        raise _not_found("task") from error
    try:
        return Task.objects.get(owner_id=owner.pk, id=key)
    except Task.DoesNotExist as error:
        raise _not_found("task") from error
