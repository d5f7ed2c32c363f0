"""Push mode with several nodes (STORYREEL_NODE_URL="http://a,http://b"): jobs go round-robin
to the nodes that answer, a node that is down is skipped until its /health answers again,
and with every node down the task fails saying why for each."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from django.test import override_settings
from test_flow import STORY, _client

from livestack import wait_task
from nodekit import free_port, start_node, stop_node
from storyreel.server.studio import node_client

# no particular database or broker: run once, not again in the PostgreSQL and MariaDB passes
pytestmark = pytest.mark.once

NODE_ENV = {
    "STORYREEL_NODE_TOKEN": "test-node-token",
    "STORYREEL_WEBHOOK_SECRET": "test-webhook-secret",
    "STORYREEL_NODE_CALLBACK_ALLOW": "127.0.0.1,localhost",
}


@pytest.fixture(autouse=True)
def fresh_turns() -> None:
    node_client._down.clear()


@pytest.mark.django_db(transaction=True)
def test_jobs_spread_over_the_nodes_and_skip_one_that_is_down(
    live_server: object, tmp_path: Path
) -> None:
    url = str(live_server.url)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first, second = (start_node(tmp_path / name, NODE_ENV) for name in ("a", "b"))
    nowhere = f"http://127.0.0.1:{free_port()}"
    used: list[str] = []
    submit = node_client.node_submit

    def recorded(**kwargs: object) -> str:
        used.append(submit(**kwargs))  # type: ignore[arg-type]
        return used[-1]

    try:
        nodes = f"{first.url}, {second.url},{nowhere}"
        with (
            override_settings(STORYREEL_NODE_URL=nodes, STORYREEL_PUBLIC_URL=url),
            mock.patch("storyreel.server.studio.tasks.node_submit", side_effect=recorded),
        ):
            client = _client(url)
            created = client.post("/api/projects/create", json={"story": STORY * 2}).json()
            assert wait_task(client, created["task"]["task_id"])["status"] == "SUCCESS"
            project = created["project"]["id"]
            shots = client.get(f"/api/projects/{project}/storyboard").json()["shots"]
            tasks = client.post(f"/api/projects/{project}/generate_images").json()
            tasks += [client.post(f"/api/shots/{s['id']}/generate_narration").json() for s in shots]
            for task in tasks:
                done = wait_task(client, task["task_id"])
                assert done["status"] == "SUCCESS", done["err_msg"]
            health = client.get("/api/health").json()["checks"]["node"]
    finally:
        stop_node(first)
        stop_node(second)
    assert set(used) == {first.url, second.url}  # both took jobs; the dead one none
    assert abs(used.count(first.url) - used.count(second.url)) <= 2  # in turn
    assert health["ok"] and health["detail"].startswith("2 of 3 model nodes answer")


@pytest.mark.django_db(transaction=True)
def test_with_every_node_down_the_task_says_why_for_each(live_server: object) -> None:
    url = str(live_server.url)
    nodes = [f"http://127.0.0.1:{free_port()}" for _ in range(2)]
    with override_settings(
        STORYREEL_NODE_URL=",".join(nodes), STORYREEL_PUBLIC_URL=url, STORYREEL_NODE_RETRIES=1
    ):
        client = _client(url)
        created = client.post("/api/projects/create", json={"story": STORY}).json()
        done = wait_task(client, created["task"]["task_id"])
    assert done["status"] == "FAILED"
    assert all(f"the model node at {n} cannot be reached" in str(done["err_msg"]) for n in nodes)
