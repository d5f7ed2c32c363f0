"""Publishing task and shot events to the project's WebSocket group."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from pydantic import BaseModel

log = logging.getLogger(__name__)


def project_group(project_id: int) -> str:
    return f"project.{project_id}"


def publish(project_id: int, event: BaseModel) -> None:
    """Send an event to everyone watching the project; a missing layer never fails a write."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            project_group(project_id),
            {"type": "project.event", "event": event.model_dump(mode="json")},
        )
    except Exception:
        log.exception("could not publish %s for project %s", type(event).__name__, project_id)
