"""The project's WebSocket on the Redis channel layer (what a deployment runs): a socket left
idle stays open, and a client that reconnects gets the events it missed by their sequence."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import override_settings
from test_events import _setup

from storyreel.server.asgi import application
from storyreel.server.settings import redis_channel_layer
from storyreel.server.studio.models import Shot
from storyreel.server.studio.services import shots as services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.anyio,
    pytest.mark.once,  # Redis by name: run once, not again in the PostgreSQL and MariaDB passes
]

# its own Redis database: the PostgreSQL pass uses 14 and 15
REDIS = os.environ.get("STORYREEL_TEST_REDIS_URL", "redis://127.0.0.1:6379") + "/13"


@pytest.fixture()
def anyio_backend() -> str:
    return "asyncio"


def _layer(kind: str) -> dict[str, object]:
    if kind == "redis":
        return redis_channel_layer(REDIS)
    return {"BACKEND": "channels.layers.InMemoryChannelLayer"}


@pytest.fixture(params=["redis", "memory"])
def layer(request: pytest.FixtureRequest) -> Iterator[str]:
    with override_settings(CHANNEL_LAYERS={"default": _layer(request.param)}):
        channel_layers.backends.clear()
        yield request.param
    channel_layers.backends.clear()


@pytest.fixture()
def on_redis() -> Iterator[None]:
    with override_settings(CHANNEL_LAYERS={"default": _layer("redis")}):
        channel_layers.backends.clear()
        yield
    channel_layers.backends.clear()


async def test_an_idle_socket_stays_open_on_redis(on_redis: None) -> None:
    """redis-py 8's 5 s socket timeout equalled channels_redis's 5 s BRPOP: every socket
    died 5 s after its last event."""
    alice, _bob, project_id, shot_id = await sync_to_async(_setup)()
    socket = WebsocketCommunicator(application, f"/ws/projects/{project_id}/?token={alice}")
    connected, _ = await socket.connect()
    assert connected
    await asyncio.sleep(16)  # idle, longer than three BRPOP rounds
    shot = await sync_to_async(Shot.objects.get)(id=shot_id)
    await sync_to_async(services.shot_update_prompt)(shot=shot, prompt="after a while")
    event = await socket.receive_json_from(timeout=5)
    assert event["type"] == "shot" and event["shot_id"] == shot_id
    await socket.disconnect()


async def test_a_client_that_reconnects_gets_what_it_missed(layer: str) -> None:
    alice, _bob, project_id, shot_id = await sync_to_async(_setup)()
    url = f"/ws/projects/{project_id}/?token={alice}"
    socket = WebsocketCommunicator(application, url)
    assert (await socket.connect())[0]
    shot = await sync_to_async(Shot.objects.get)(id=shot_id)
    await sync_to_async(services.shot_update_prompt)(shot=shot, prompt="seen live")
    seen = (await socket.receive_json_from(timeout=5))["seq"]
    await socket.disconnect()

    # while it is away: two changes
    for prompt in ("missed one", "missed two"):
        await sync_to_async(services.shot_update_prompt)(shot=shot, prompt=prompt)
    back = WebsocketCommunicator(application, f"{url}&since={seen}")
    assert (await back.connect())[0]
    replayed = [await back.receive_json_from(timeout=5) for _ in range(2)]
    assert [e["seq"] for e in replayed] == sorted(e["seq"] for e in replayed)
    assert all(e["seq"] > seen and e["shot_id"] == shot_id for e in replayed)
    # and live ones follow
    await sync_to_async(services.shot_update_prompt)(shot=shot, prompt="live again")
    live = await back.receive_json_from(timeout=5)
    assert live["seq"] > replayed[-1]["seq"]
    assert await back.receive_nothing(timeout=0.3)
    await back.disconnect()

    # without ?since nothing is replayed; another project's events never are
    fresh = WebsocketCommunicator(application, url)
    assert (await fresh.connect())[0]
    assert await fresh.receive_nothing(timeout=0.3)
    await fresh.disconnect()


async def test_kept_events_are_forgotten_after_a_while() -> None:
    from storyreel.server.studio.events import events_forget, events_since

    _alice, _bob, project_id, shot_id = await sync_to_async(_setup)()
    shot = await sync_to_async(Shot.objects.get)(id=shot_id)
    await sync_to_async(services.shot_update_prompt)(shot=shot, prompt="kept")
    assert len(await sync_to_async(events_since)(project_id, 0)) == 1
    assert await sync_to_async(events_forget)(3600) == 0
    assert await sync_to_async(events_forget)(-1) == 1
    assert await sync_to_async(events_since)(project_id, 0) == []
