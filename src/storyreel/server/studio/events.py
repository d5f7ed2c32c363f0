"""Publishing task and shot events to the project's WebSocket group."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import httpx
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import BaseModel

from storyreel.contract import ShotEvent, TaskEvent
from storyreel.contract.signing import signed_headers
from storyreel.server.studio.models import EventRecord, Shot, Task

log = logging.getLogger(__name__)


def publish_task(task: Task, progress: float | None = None) -> None:
    """A task's state as it is now, sent once the current transaction commits (at once
    outside one): nobody hears of a change that could still roll back."""
    event = TaskEvent(
        task_id=str(task.id),
        task_type=task.type,
        status=task.status,
        project_id=task.project_id,
        shot_id=task.shot_id,
        err_msg=task.err_msg,
        progress=progress,
    )
    project_id = task.project_id
    transaction.on_commit(lambda: publish(project_id, event))


def publish_shot(shot: Shot) -> None:
    """A shot's status as it is now, sent once the current transaction commits (nothing
    for a deleted shot: no client shows it)."""
    if shot.deleted_at is not None:
        return
    event = ShotEvent(
        project_id=shot.project_id,
        shot_id=shot.id,
        status=shot.status,
        updated_at=shot.updated_at,
    )
    project_id = shot.project_id
    transaction.on_commit(lambda: publish(project_id, event))


def project_group(project_id: int) -> str:
    return f"project.{project_id}"


def publish(project_id: int, event: BaseModel) -> None:
    """Number the event (kept for replay), then send it to everyone watching the project; a
    missing layer never fails a write.

    A worker in another process than the server cannot reach an in-memory channel layer, so
    embedded workers relay events through the server (STORYREEL_EVENT_RELAY_URL, signed).
    """
    data = event.model_dump(mode="json")
    try:
        record = EventRecord.objects.create(project_id=project_id, payload=data)
    except IntegrityError:
        return  # the project was deleted meanwhile: nobody watches it
    data["seq"] = record.id
    if settings.STORYREEL_EVENT_RELAY_URL:
        _relay(project_id, data)
        return
    group_publish(project_id, data)


def events_since(project_id: int, since: int, limit: int = 1000) -> list[dict[str, object]]:
    """The project's events after `since` (oldest first), each with its `seq`."""
    records = EventRecord.objects.filter(project_id=project_id, id__gt=since)[:limit]
    return [{**record.payload, "seq": record.id} for record in records]


def events_forget(older_than_s: float) -> int:
    """Drop kept events older than this (a client away longer refetches the project)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_s)
    deleted, _ = EventRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _relay(project_id: int, data: dict[str, object]) -> None:
    body = json.dumps({"project_id": project_id, "event": data}).encode()
    headers = {"Content-Type": "application/json"}
    headers.update(signed_headers(secret=settings.STORYREEL_WEBHOOK_SECRET, body=body))
    try:
        httpx.post(settings.STORYREEL_EVENT_RELAY_URL, content=body, headers=headers, timeout=5.0)
    except httpx.HTTPError:
        log.warning("could not relay a %s event for project %s", data.get("type"), project_id)


def group_publish(project_id: int, event: dict[str, object]) -> None:
    """Send an event (as JSON data) to the project's WebSocket group in this process."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            project_group(project_id),
            {"type": "project.event", "event": event},
        )
    except Exception:
        log.exception("could not publish an event for project %s", project_id)
