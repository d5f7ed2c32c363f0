"""`/api/health` reports the database, the broker, the channel layer and the node, each
with its state; a needed part down answers 503 (a load balancer takes the server out)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from channels.layers import channel_layers
from django.db import OperationalError
from django.test import Client, override_settings

from nodekit import free_port, start_node, stop_node
from storyreel.server.settings import redis_channel_layer

pytestmark = pytest.mark.django_db

REDIS = os.environ.get("STORYREEL_TEST_REDIS_URL", "redis://127.0.0.1:6379") + "/13"


def _health(client: Client) -> tuple[int, dict[str, Any]]:
    answer = client.get("/api/health")
    return answer.status_code, answer.json()


def test_a_missing_node_leaves_the_server_up_but_says_so() -> None:
    down = f"http://127.0.0.1:{free_port()}"
    with override_settings(STORYREEL_NODE_URL=down):
        status, report = _health(Client())
    assert status == 200 and report["status"] == "degraded"
    checks = report["checks"]
    assert checks["database"]["ok"] and checks["broker"]["ok"] and checks["channel_layer"]["ok"]
    assert not checks["node"]["ok"] and "ConnectError" in checks["node"]["detail"]
    assert checks["database"]["needed"] and not checks["node"]["needed"]
    assert Client().get("/api/health/live").json() == {"status": "ok"}


def test_every_part_up_is_ok(tmp_path: Path) -> None:
    node = start_node(tmp_path)
    try:
        with override_settings(STORYREEL_NODE_URL=node.url):
            channel_layers.backends.clear()
            with override_settings(CHANNEL_LAYERS={"default": redis_channel_layer(REDIS)}):
                status, report = _health(Client())
            channel_layers.backends.clear()
    finally:
        stop_node(node)
    assert status == 200 and report["status"] == "ok", report
    assert report["checks"]["channel_layer"]["detail"] == "RedisChannelLayer"


def test_a_broker_that_is_down_answers_503() -> None:
    # Celery reads CELERY_BROKER_URL from the environment before its settings (patching its
    # settings instead left them changed for the tests after this one)
    with mock.patch.dict(os.environ, {"CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}):
        status, report = _health(Client())
    assert status == 503 and report["status"] == "down"
    assert not report["checks"]["broker"]["ok"] and report["checks"]["broker"]["detail"]


def test_a_redis_channel_layer_that_is_down_is_reported() -> None:
    channel_layers.backends.clear()
    with override_settings(
        CHANNEL_LAYERS={"default": redis_channel_layer("redis://127.0.0.1:1/0")}
    ):
        status, report = _health(Client())
    channel_layers.backends.clear()
    assert status == 200 and not report["checks"]["channel_layer"]["ok"]


def test_a_database_that_is_down_answers_503() -> None:
    """The test database cannot be stopped under the test: its cursor fails instead."""
    from django.db import connection

    with mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")):
        status, report = _health(Client())
    assert status == 503 and report["checks"]["database"]["detail"] == "OperationalError: gone"
