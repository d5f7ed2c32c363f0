"""The live Django test server (Celery eager) with a real model node process, and users with
tokens: what server tests and client tests against a server share."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from nodekit import RunningNode, free_port, start_node, stop_node
from storyreel.contract.signing import signed_headers

# what a real node needs to work for the live test server
NODE_ENV = {
    "STORYREEL_NODE_TOKEN": "test-node-token",
    "STORYREEL_WEBHOOK_SECRET": "test-webhook-secret",
    "STORYREEL_NODE_CALLBACK_ALLOW": "127.0.0.1,localhost",
}


def wait_task(client: httpx.Client, task_id: str, timeout: float = 60) -> dict[str, object]:
    """A task's status once it has ended (SUCCESS or FAILED), as a client polls it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status: dict[str, object] = client.get(f"/api/tasks/{task_id}/status").json()
        if status["status"] in ("SUCCESS", "FAILED"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} did not finish")


def make_user(name: str) -> tuple[APIClient, int]:
    client = APIClient()
    answer = client.post(
        "/api/auth/register", {"username": name, "password": "correct horse"}, format="json"
    )
    assert answer.status_code == 201, answer.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    return client, answer.json()["user_id"]


@pytest.fixture()
def stack(live_server: object, tmp_path: Path) -> Iterator[tuple[str, RunningNode]]:
    """The live test server (Celery eager) and a real model node process."""
    url = str(live_server.url)
    node = start_node(tmp_path, NODE_ENV)
    try:
        with override_settings(STORYREEL_NODE_URL=node.url, STORYREEL_PUBLIC_URL=url):
            yield url, node
    finally:
        stop_node(node)


def post_webhook(
    client: APIClient,
    body: dict[str, object],
    *,
    secret: str = "test-webhook-secret",
    now: float | None = None,
) -> Any:
    """Deliver a node's outcome to the webhook, signed as the node signs it."""
    raw = json.dumps(body).encode()
    headers = signed_headers(secret=secret, body=raw, now=now)
    return client.post(
        "/api/webhook/task_complete",
        raw,
        content_type="application/json",
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    )


def registered_client(url: str, username: str) -> httpx.Client:
    """An HTTP client for a new account on the live server, its token in every request."""
    client = httpx.Client(base_url=url, timeout=30)
    answer = client.post(
        "/api/auth/register", json={"username": username, "password": "correct horse"}
    )
    client.headers["Authorization"] = f"Token {answer.json()['token']}"
    return client


@contextmanager
def scripted_node(answers: list[int], retry_after: str | None = None) -> Iterator[ScriptedNode]:
    """A stand-in model node that answers job POSTs with the given status codes in order
    (202 once they run out; 503s carry Retry-After when given), recording each path."""
    node = ScriptedNode(url=f"http://127.0.0.1:{free_port()}")
    remaining = list(answers)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            node.seen.append(self.path)
            code = remaining.pop(0) if remaining else 202
            self.send_response(code)
            if code == 503 and retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", int(node.url.rsplit(":", 1)[1])), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield node
    finally:
        server.shutdown()


@dataclass
class ScriptedNode:
    url: str
    seen: list[str] = field(default_factory=list)
