"""The bounded job pool and model lifetime, through a node served in-process over HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from pydantic import BaseModel

from nodekit import TOKEN, free_port
from storyreel.contract import KeyframeRequest, KeyframeResult, TaskType
from storyreel.node.app import create_app
from storyreel.node.backends.base import Backend
from storyreel.node.backends.registry import BackendRegistry
from storyreel.node.service import NodeService
from storyreel.node.settings import NodeSettings


class GatedBackend(Backend):
    """A keyframe backend that holds each job until the test opens the gate.

    A test double on purpose: the real renderers finish too fast to fill a queue on cue.
    """

    stage = TaskType.KEYFRAME
    name = "gated"

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self._loaded = False
        self.loads = 0

    @property
    def loaded(self) -> bool:
        return self._loaded

    def unload(self) -> None:
        self._loaded = False

    def run(self, payload: BaseModel, work: Path) -> KeyframeResult:
        assert isinstance(payload, KeyframeRequest)
        if not self._loaded:
            self._loaded = True
            self.loads += 1
        self.started.set()
        assert self.gate.wait(30)
        out = work / "k.png"
        out.write_bytes(b"png")
        return KeyframeResult(
            uri=str(out), width=payload.width, height=payload.height, backend=self.name
        )


@pytest.fixture()
def gated_node(tmp_path: Path) -> Iterator[tuple[str, GatedBackend, NodeService]]:
    port = free_port()
    settings = NodeSettings.from_env(
        {
            "STORYREEL_NODE_TOKEN": TOKEN,
            "STORYREEL_WEBHOOK_SECRET": "s",
            "STORYREEL_CACHE_DIR": str(tmp_path),
            "STORYREEL_NODE_QUEUE_LIMIT": "2",
            "STORYREEL_NODE_CALLBACK_ATTEMPTS": "1",
            "STORYREEL_NODE_IDLE_UNLOAD_S": "60",
            "STORYREEL_NODE_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "STORYREEL_KEYFRAME_BACKEND": "gated",
        }
    )
    backend = GatedBackend()
    registry = BackendRegistry([backend], {TaskType.KEYFRAME: "gated"})
    service = NodeService(settings, registry=registry)
    server = uvicorn.Server(uvicorn.Config(create_app(service), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", backend, service
    backend.gate.set()
    server.should_exit = True
    thread.join(10)


def _job(task_id: str) -> dict[str, object]:
    return {
        "task_id": task_id,
        "callback_url": "http://127.0.0.1:9/hook",
        "payload": {"prompt": "p", "seed": 1, "width": 64, "height": 64},
    }


def test_a_full_queue_answers_503_with_retry_after(
    gated_node: tuple[str, GatedBackend, NodeService],
) -> None:
    url, backend, _service = gated_node
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
    first = client.post("/keyframe", json=_job("q0"))
    assert first.status_code == 202 and first.json()["status"] == "RUNNING"
    assert backend.started.wait(10)
    queued = [client.post("/keyframe", json=_job(f"q{i}")) for i in (1, 2)]
    assert [a.json()["queue_position"] for a in queued] == [1, 2]
    assert all(a.json()["status"] == "PENDING" for a in queued)
    full = client.post("/keyframe", json=_job("q3"))
    assert full.status_code == 503
    assert full.json()["error"] == "queue_full"
    assert int(full.headers["Retry-After"]) >= 1
    assert client.get("/health").json()["queued"] == {"cpu": 3}

    backend.gate.set()
    deadline = time.monotonic() + 10
    while client.get("/health").json()["queued"].get("cpu") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.post("/keyframe", json=_job("q4")).status_code == 202


def test_idle_models_unload_and_reload_on_next_use(
    gated_node: tuple[str, GatedBackend, NodeService],
) -> None:
    url, backend, service = gated_node
    backend.gate.set()
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
    job = _job("idle-1") | {"callback_url": None}
    assert client.post("/keyframe", params={"wait": "true"}, json=job).json()["status"] == "SUCCESS"
    assert client.get("/health").json()["loaded"] == ["keyframe/gated"]
    assert service.unload_idle(now=time.monotonic() + 1) == []  # used a second ago: stays
    assert service.unload_idle(now=time.monotonic() + 61) == ["keyframe/gated"]
    assert client.get("/health").json()["loaded"] == []
    caps = client.get("/capabilities").json()["backends"]
    assert caps[0]["loaded"] is False
    client.post("/keyframe", params={"wait": "true"}, json=job)
    assert backend.loads == 2
