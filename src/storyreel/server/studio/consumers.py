"""`/ws/projects/{id}/`: task and shot events for one project, for its owner only."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from storyreel.server.studio.events import project_group


@database_sync_to_async
def _owner_of(token: str, project_id: int) -> bool:
    from rest_framework.authtoken.models import Token

    from storyreel.server.studio.models import Project

    found = Token.objects.filter(key=token).select_related("user").first()
    return (
        found is not None and Project.objects.filter(id=project_id, owner_id=found.user_id).exists()
    )


class ProjectEventsConsumer(AsyncJsonWebsocketConsumer):
    """Authenticated by the same token, as `?token=` or an `Authorization: Token` header."""

    async def connect(self) -> None:
        project_id = int(self.scope["url_route"]["kwargs"]["project_id"])
        query = parse_qs(self.scope.get("query_string", b"").decode())
        token = (query.get("token") or [""])[0]
        for name, value in self.scope.get("headers", []):
            if name == b"authorization" and value.startswith(b"Token "):
                token = value[6:].decode()
        if not token or not await _owner_of(token, project_id):
            await self.close(code=4404)
            return
        self.group = project_group(project_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def project_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
