"""`/ws/projects/{id}/`: owner-only, pushes task and shot events as services change things."""

from __future__ import annotations

from unittest import mock

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework.authtoken.models import Token

from livestack import make_user
from storyreel.contract import TaskType
from storyreel.server.asgi import application
from storyreel.server.studio.models import Project, Shot
from storyreel.server.studio.services import shots as services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.anyio]


@pytest.fixture()
def anyio_backend() -> str:
    return "asyncio"


def _setup() -> tuple[str, str, int, int]:
    _client, alice_id = make_user("alice")
    _other, bob_id = make_user("bob")
    project = Project.objects.create(owner_id=alice_id, title="t", story="s.", language="en")
    shot = Shot.objects.create(project=project, order=0, prompt="p", narration="n")
    return (
        Token.objects.get(user_id=alice_id).key,
        Token.objects.get(user_id=bob_id).key,
        project.id,
        shot.id,
    )


async def test_owner_receives_task_and_shot_events() -> None:
    alice, _bob, project_id, shot_id = await sync_to_async(_setup)()
    socket = WebsocketCommunicator(application, f"/ws/projects/{project_id}/?token={alice}")
    connected, _ = await socket.connect()
    assert connected

    shot = await sync_to_async(Shot.objects.get)(id=shot_id)
    await sync_to_async(services.shot_update_prompt)(shot=shot, prompt="a new prompt")
    event = await socket.receive_json_from(timeout=5)
    edited = await sync_to_async(Shot.objects.get)(id=shot_id)
    assert event == {
        "type": "shot",
        "project_id": project_id,
        "shot_id": shot_id,
        "status": "PENDING",
        "updated_at": edited.updated_at.isoformat().replace("+00:00", "Z"),
        "seq": event["seq"],
    }
    assert isinstance(event["seq"], int) and event["seq"] > 0

    with mock.patch("storyreel.server.studio.tasks.task_dispatch.delay"):
        task = await sync_to_async(services.shot_generate)(shot=shot, task_type=TaskType.KEYFRAME)
    first_seq = event["seq"]
    event = await socket.receive_json_from(timeout=5)
    assert event["seq"] > first_seq  # numbered in the order they were sent
    assert (
        event["type"] == "task"
        and event["task_id"] == str(task.id)
        and event["status"] == "PENDING"
    )
    await socket.disconnect()


@pytest.mark.parametrize("who", ["bob", "nobody", "none"])
async def test_others_cannot_listen(who: str) -> None:
    _alice, bob, project_id, _shot = await sync_to_async(_setup)()
    token = {"bob": bob, "nobody": "not-a-token", "none": ""}[who]
    socket = WebsocketCommunicator(application, f"/ws/projects/{project_id}/?token={token}")
    connected, code = await socket.connect()
    assert not connected and code == 4404


def _edit_in_a_transaction(shot_id: int, roll_back: bool, seen: list[object]) -> int:
    """Edit a shot inside a transaction; returns how many events went out before it ended."""
    from django.db import transaction

    class RolledBack(Exception):
        pass

    try:
        with transaction.atomic():
            services.shot_update_prompt(shot=Shot.objects.get(id=shot_id), prompt="edited")
            during = len(seen)
            if roll_back:
                raise RolledBack
    except RolledBack:
        pass
    return during


async def test_events_go_out_on_commit_never_inside_the_transaction() -> None:
    _alice, _bob, _project_id, shot_id = await sync_to_async(_setup)()
    seen: list[object] = []
    with mock.patch(
        "storyreel.server.studio.events.publish", side_effect=lambda pid, event: seen.append(event)
    ):
        during = await sync_to_async(_edit_in_a_transaction)(shot_id, False, seen)
        assert during == 0 and len(seen) == 1  # sent once the edit committed
        seen.clear()
        during = await sync_to_async(_edit_in_a_transaction)(shot_id, True, seen)
        assert during == 0 and seen == []  # a rolled-back edit is never announced


async def test_a_page_on_another_site_cannot_open_the_socket() -> None:
    """A browser sends Origin: only the server's own hosts may; programs send none."""
    alice, _bob, project_id, _shot = await sync_to_async(_setup)()
    path = f"/ws/projects/{project_id}/?token={alice}"
    foreign = WebsocketCommunicator(
        application, path, headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await foreign.connect()
    assert not connected
    own = WebsocketCommunicator(application, path, headers=[(b"origin", b"http://127.0.0.1")])
    connected, _ = await own.connect()
    assert connected
    await own.disconnect()


async def test_the_token_can_come_in_a_header_or_a_subprotocol() -> None:
    """Not only ?token= (a URL ends up in logs): the header for programs, a subprotocol for
    browsers (which echo it back)."""
    alice, _bob, project_id, _shot = await sync_to_async(_setup)()
    path = f"/ws/projects/{project_id}/"
    by_header = WebsocketCommunicator(
        application, path, headers=[(b"authorization", f"Token {alice}".encode())]
    )
    connected, _ = await by_header.connect()
    assert connected
    await by_header.disconnect()
    by_protocol = WebsocketCommunicator(
        application, path, subprotocols=[f"storyreel.token.{alice}"]
    )
    connected, chosen = await by_protocol.connect()
    assert connected and chosen == f"storyreel.token.{alice}"
    await by_protocol.disconnect()
    nothing = WebsocketCommunicator(application, path)
    connected, _ = await nothing.connect()
    assert not connected
