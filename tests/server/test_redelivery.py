"""A worker killed mid-task: with acks_late on Redis or RabbitMQ the task is delivered to the
next worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from django.db import connection

from nodekit import free_port
from storyreel.server import celery_app
from storyreel.server.studio.services import projects as services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL", "").startswith(("redis://", "amqp://")),
        reason="needs a Redis or RabbitMQ broker: scripts/test.sh runs it on both when they are"
        " up on 127.0.0.1",
    ),
]


class SlowFirstNode(BaseHTTPRequestHandler):
    """Holds the first job for 30 s (so the worker is mid-task when killed), then accepts."""

    seen: ClassVar[list[float]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        SlowFirstNode.seen.append(time.monotonic())
        if len(SlowFirstNode.seen) == 1:
            time.sleep(30)
        self.send_response(202)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture()
def node_url() -> Iterator[str]:
    SlowFirstNode.seen = []
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), SlowFirstNode)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "storyreel.server", "worker",
         "--pool", "threads", "--concurrency", "1", "--loglevel", "INFO"],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.2)
    return False


def test_a_killed_worker_loses_no_task(node_url: str, tmp_path: Path) -> None:
    db = connection.settings_dict
    scheme = "mysql" if connection.vendor == "mysql" else "postgres"
    login = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYREEL_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "storyreel.server.settings",
            "DATABASE_URL": f"{scheme}://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "STORYREEL_DATA_DIR": str(tmp_path),
            "STORYREEL_NODE_URL": node_url,
            "STORYREEL_BROKER_VISIBILITY_S": "3",
            "STORYREEL_BROKER_RESTORE_S": "1",
            "STORYREEL_NODE_TOKEN": "t",
        }
    )
    first = _worker(env, tmp_path / "worker1.log")
    celery_app.conf.task_always_eager = False
    try:
        from django.contrib.auth import get_user_model

        owner = get_user_model().objects.create_user(username="w", password="correct horse")
        _project, task = services.project_create(owner=owner, title="t", story="One. Two.")
        assert _wait_for(lambda: len(SlowFirstNode.seen) == 1, 60), (
            tmp_path / "worker1.log"
        ).read_text()
        first.send_signal(signal.SIGKILL)  # dies holding the unacknowledged message
        first.wait(10)
        second = _worker(env, tmp_path / "worker2.log")
        try:
            assert _wait_for(lambda: len(SlowFirstNode.seen) == 2, 60), (
                tmp_path / "worker2.log"
            ).read_text()
        finally:
            second.terminate()
            second.wait(20)
    finally:
        celery_app.conf.task_always_eager = True
        if first.poll() is None:
            first.kill()
    task.refresh_from_db()
    assert task.status == "RUNNING" and task.attempts == 2  # sent again, waiting for its webhook
