"""Helpers for node tests: start a real `storyreel node` process, receive its callbacks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

TOKEN = "test-node-token"
SECRET = "test-webhook-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Delivery:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, object]:
        data: dict[str, object] = json.loads(self.body)
        return data


@dataclass
class CallbackReceiver:
    """A real HTTP server standing in for the StoryReel server's webhook endpoint.

    `answers` is the list of status codes to give, in order (200 once it runs out).
    """

    url: str
    deliveries: list[Delivery] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Delivery]:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.deliveries) >= count, timeout):
                raise AssertionError(f"{len(self.deliveries)} callbacks arrived, wanted {count}")
            return list(self.deliveries)

    def reset(self, answers: list[int] | None = None) -> None:
        with self.arrived:
            self.deliveries.clear()
            self.answers = list(answers or [])


@dataclass
class RunningNode:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, token: str | None = TOKEN) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120.0)


def start_node(tmp: Path, extra_env: dict[str, str] | None = None) -> RunningNode:
    """Start `storyreel node` as its own process and wait until /health answers."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "STORYREEL_NODE_TOKEN": TOKEN,
            "STORYREEL_WEBHOOK_SECRET": SECRET,
            "STORYREEL_CACHE_DIR": str(tmp / "cache"),
            "STORYREEL_NODE_CALLBACK_ALLOW": "127.0.0.1",
            "STORYREEL_NODE_CALLBACK_BACKOFF_S": "0.05",
            "STORYREEL_NODE_CALLBACK_ATTEMPTS": "4",
        }
    )
    env.update(extra_env or {})
    log = tmp / f"node-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "storyreel.cli", "node", "--port", str(port)],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"node exited: {log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return RunningNode(url, process, log)
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"node did not start: {log.read_text()}")


def stop_node(node: RunningNode) -> None:
    node.process.terminate()
    try:
        node.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        node.process.kill()


@dataclass
class PullNodeProcess:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def start_pull_node(
    server: str,
    key: str,
    tmp: Path,
    *,
    name: str,
    slots: int = 1,
    extra_env: dict[str, str] | None = None,
    registered: Callable[[], bool] | None = None,
) -> PullNodeProcess:
    """`storyreel node --server URL --node-key K` as its own process (it opens no port);
    waits until `registered()` says the server has heard from it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYREEL_")}
    env.update(
        {
            "STORYREEL_CACHE_DIR": str(tmp / f"cache-{name}"),
            "STORYREEL_NODE_LEASE_WAIT_S": "2",
            "STORYREEL_NODE_DRAIN_S": "5",
        }
    )
    env.update(extra_env or {})
    log = tmp / f"pull-node-{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "storyreel.cli", "node", "--server", server, "--node-key", key,
         "--slots", str(slots)],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    node = PullNodeProcess(name, process, log)
    deadline = time.monotonic() + 60
    while registered is not None and not registered():
        if process.poll() is not None:
            raise AssertionError(f"pull node {name} exited: {node.output()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"pull node {name} did not register: {node.output()}")
        time.sleep(0.2)
    return node


def stop_pull_node(node: PullNodeProcess) -> None:
    if node.process.poll() is None:
        node.process.terminate()
    try:
        node.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        node.process.kill()
        node.process.wait()
