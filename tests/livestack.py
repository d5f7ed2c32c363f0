"""The live Django test server (Celery eager) with a real model node process, and users with
tokens: what server tests and client tests against a server share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from nodekit import RunningNode, start_node, stop_node
from storyreel.contract.signing import signed_headers


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
    node = start_node(
        tmp_path,
        {
            "STORYREEL_NODE_TOKEN": "test-node-token",
            "STORYREEL_WEBHOOK_SECRET": "test-webhook-secret",
            "STORYREEL_NODE_CALLBACK_ALLOW": "127.0.0.1,localhost",
        },
    )
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
