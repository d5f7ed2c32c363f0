"""Operating a real deployment: `storyreel doctor` passes a consistent configuration and
gives each misconfiguration the deployment guide warns of one line with its fix; a project
WebSocket through Nginx on the Redis channel layer stays open while idle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from unittest import mock

import pytest
from services import QUEUE, fresh_services

from deploykit import Deployment, deployment
from nodekit import free_port


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    database, broker, layer = fresh_services("postgresql", "redis")
    running = deployment(
        tmp_path_factory.mktemp("doctor"), database_url=database, broker_url=broker,
        redis_url=layer,
    )  # fmt: skip
    running.env["STORYREEL_TASK_QUEUE"] = QUEUE
    running.start()
    try:
        yield running
    finally:
        running.stop()


def _doctor(deployed: Deployment, **server_changes: str) -> tuple[int, list[str]]:
    server, node = deployed.write_env_files(**server_changes)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STORYREEL_", "DJANGO_"))}
    done = subprocess.run(
        [sys.executable, "-m", "storyreel.cli", "doctor", "--env-file", str(server),
         "--node-env-file", str(node)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    lines = done.stdout.splitlines()
    _doctor.last = lines  # type: ignore[attr-defined]
    return done.returncode, [line for line in lines if line.startswith("FAIL")]


def test_a_consistent_deployment_passes(deployed: Deployment) -> None:
    code, failed = _doctor(deployed)
    assert (code, failed) == (0, [])
    said = "\n".join(_doctor.last)  # type: ignore[attr-defined]
    for check in ("database: postgresql", "broker:", "channel layer: RedisChannelLayer",
                  "node token: accepted", "callback: the node reaches"):  # fmt: skip
        assert f"ok    {check}" in said, said


def test_each_misconfiguration_gets_one_line_with_its_fix(deployed: Deployment) -> None:
    web = deployed.ports["web"]
    # the node may call back only 127.0.0.1; the server asks it to call localhost
    code, failed = _doctor(deployed, STORYREEL_PUBLIC_URL=f"http://localhost:{web}")
    assert code == 1 and any(
        line.startswith("FAIL  callback host") and "STORYREEL_NODE_CALLBACK_ALLOW" in line
        for line in failed
    ), failed
    # a public URL nothing listens on
    nowhere = f"http://127.0.0.1:{free_port()}"
    _code, failed = _doctor(deployed, STORYREEL_PUBLIC_URL=nowhere)
    assert any(line.startswith("FAIL  public URL: the node cannot reach") for line in failed)
    # Django answers only the public name, not the internal address the node calls
    _code, failed = _doctor(deployed, STORYREEL_ALLOWED_HOSTS="localhost")
    assert any("add 127.0.0.1 to STORYREEL_ALLOWED_HOSTS" in line for line in failed), failed
    # a token the node does not hold
    _code, failed = _doctor(deployed, STORYREEL_NODE_TOKEN="not-the-nodes-token")
    assert any("differs between the server and the node" in line for line in failed)
    assert any(line.startswith("FAIL  node token: the node refuses") for line in failed)
    # no node where the server looks for it
    _code, failed = _doctor(deployed, STORYREEL_NODE_URL=nowhere)
    assert any(line.startswith("FAIL  node:") and "cannot be reached" in line for line in failed)
    # the node signs with another webhook secret: the server refuses its signature
    right = deployed.node_env["STORYREEL_WEBHOOK_SECRET"]
    deployed.restart_node(STORYREEL_WEBHOOK_SECRET="another-webhook-secret")
    try:
        _code, failed = _doctor(deployed)
        assert any(line.startswith("FAIL  webhook secret: the server refuses") for line in failed)
    finally:
        deployed.restart_node(STORYREEL_WEBHOOK_SECRET=right)
    assert _doctor(deployed) == (0, [])


def test_a_websocket_idle_for_a_minute_stays_open(deployed: Deployment) -> None:
    """Through Nginx (wss) on the Redis channel layer: redis-py's 5 s read timeout once
    closed every idle socket; Nginx's proxy_read_timeout would close one after its limit."""
    from websockets.sync.client import connect

    from storyreel.client.core.api import ApiClient
    from storyreel.client.core.events import events_url

    with mock.patch.dict(os.environ, {"SSL_CERT_FILE": str(deployed.ca)}):
        api = ApiClient(deployed.url)
        api.register("idler", "correct horse battery")
        created = api.create_project(story="The lamp was lit. The ship turned away.")
        url = events_url(deployed.url, created.project.id)
        with connect(url, additional_headers={"Authorization": f"Token {api.token}"},
                     ssl=deployed.tls()) as socket:  # fmt: skip
            drained_until = time.monotonic() + 65
            while time.monotonic() < drained_until:  # the storyboard's events, then silence
                try:
                    socket.recv(timeout=drained_until - time.monotonic())
                except TimeoutError:
                    break
            api.update_prompt(api.storyboard(created.project.id).shots[0].id, "after a minute")
            event = json.loads(socket.recv(timeout=10))  # the same socket, still open
        assert event["type"] == "shot" and event["seq"] > 0
