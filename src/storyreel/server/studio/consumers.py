"""`/ws/projects/{id}/`: task and shot events for one project, for its owner only."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from storyreel.server.studio.events import project_group

TOKEN_SUBPROTOCOL = "storyreel.token."  # a browser's way: new WebSocket(url, [prefix + key])


@database_sync_to_async
def _events_since(project_id: int, since: int) -> list[dict[str, Any]]:
    from storyreel.server.studio.events import events_since

    return events_since(project_id, since)


@database_sync_to_async
def _owner_of(token: str, project_id: int) -> bool:
    from storyreel.server.studio.models import Project
    from storyreel.server.studio.services.accounts import token_user

    user = token_user(token)
    return user is not None and Project.objects.filter(id=project_id, owner_id=user.pk).exists()


class ProjectEventsConsumer(AsyncJsonWebsocketConsumer):
    """Authenticated by the same token as the REST API: an `Authorization: Token` header
    (programs), a `storyreel.token.<key>` subprotocol (browsers, which cannot set headers),
    or, for older clients, `?token=` (a URL ends up in logs: not recommended).

    Every event carries `seq`, its number in the project; `?since=N` replays the kept events
    after N first (a client that reconnects gets what it missed; it drops any it has seen)."""

    async def connect(self) -> None:
        project_id = int(self.scope["url_route"]["kwargs"]["project_id"])
        query = parse_qs(self.scope.get("query_string", b"").decode())
        token = (query.get("token") or [""])[0]
        subprotocol = None
        for offered in self.scope.get("subprotocols", []):
            if offered.startswith(TOKEN_SUBPROTOCOL):
                token, subprotocol = offered[len(TOKEN_SUBPROTOCOL) :], offered
        for name, value in self.scope.get("headers", []):
            if name == b"authorization" and value.startswith(b"Token "):
                token = value[6:].decode()
        if not token or not await _owner_of(token, project_id):
            await self.close(code=4404)
            return
        self.group = project_group(project_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept(subprotocol=subprotocol)
        since = (query.get("since") or [""])[0]
        if since.isdigit():  # joined first, so nothing falls between the replay and live ones
            for event in await _events_since(project_id, int(since)):
                await self.send_json(event)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def project_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
