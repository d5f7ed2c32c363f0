"""Server figures from one bounded run against `storyreel up` on loopback.

- GET /api/tasks/{id}/status with 100 concurrent clients: p50/p99 (target p99 <= 50 ms).
- Webhook received -> WebSocket event delivered: p95 (target <= 100 ms). The bench plays the
  node: it marks a task RUNNING in the database and posts a signed FAILED outcome, so no
  model time is counted.
- 20 projects of 8 shots at once through the embedded stack: storyboards, then all 160
  images; every task must end SUCCESS (none lost).

Run: .venv/bin/python bench/server_load.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx
import websockets

from storyreel.contract.signing import signed_headers
from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port

CLIENTS = 100
REQUESTS_PER_CLIENT = 20
WEBHOOK_SAMPLES = 60
PROJECTS = 20
SENTENCES = [
    "The lighthouse keeper climbed the narrow stairs as the storm rolled in from the sea.",
    "Far below, the waves broke white against the black rocks of the northern point.",
    "He wiped the salt from the great lens and struck a match with cold fingers.",
    "The lamp caught, and a long beam of light swept out across the dark water.",
    "Somewhere beyond the rain a small fishing boat was searching for the harbour.",
    "Its captain saw the beam, turned hard to port and followed the light home.",
    "At dawn the keeper found a basket of fresh bread waiting at his door.",
    "He smiled, climbed the stairs again, and put out the lamp for the day.",
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


class RawHttpClient:
    """One keep-alive HTTP/1.1 connection doing GETs with hand-written requests.

    A load generator should cost far less than the server it measures: httpx's AsyncClient
    spends about as much CPU per request as the server does, and here both share 2 cores.
    """

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port, self.token = host, port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Authorization: Token {self.token}\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        body = await self.reader.readexactly(length)
        if b"connection: close" in head.lower():
            self.writer.close()
            self.writer = None
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def status_latency(url: str, token: str, task_id: str) -> None:
    """100 clients, each on its own connection, polling at 1 Hz (what a client does while
    its WebSocket is down), then the same clients as fast as they can, for throughput."""
    port = int(url.rsplit(":", 1)[1])
    clients = [RawHttpClient("127.0.0.1", port, token) for _ in range(CLIENTS)]
    path = f"/api/tasks/{task_id}/status"

    async def one_client(
        client: RawHttpClient, offset: float, period: float, out: list[float]
    ) -> None:
        await asyncio.sleep(offset)
        for _ in range(REQUESTS_PER_CLIENT):
            started = time.perf_counter()
            status, body = await client.get(path)
            elapsed = time.perf_counter() - started
            out.append(elapsed * 1000)
            assert status == 200, body
            await asyncio.sleep(max(0.0, period - elapsed))

    await asyncio.gather(*(c.get(path) for c in clients))  # connect everyone first
    polling: list[float] = []
    await asyncio.gather(*(one_client(c, i / CLIENTS, 1.0, polling) for i, c in enumerate(clients)))
    flood: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(*(one_client(c, 0.0, 0.0, flood) for c in clients))
    rate = len(flood) / (time.perf_counter() - started)
    for client in clients:
        client.close()
    p50, p99 = statistics.median(polling), _percentile(polling, 0.99)
    print(
        f"task status, {CLIENTS} clients polling at 1 Hz ({len(polling)} requests): "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms"
    )
    print(f"RATIO status p99 / 50 ms: {p99 / 50:.2f}  (target <= 1)")
    print(
        f"the same {CLIENTS} clients without pause: {rate:.0f} requests/s, "
        f"p50 {statistics.median(flood):.0f} ms (one ASGI process, 2 cores shared with the bench)"
    )


def _set_running(data_dir: str, task_id: str) -> None:
    os.environ["STORYREEL_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")
    import django

    django.setup()
    from storyreel.server.studio.models import Task

    Task.objects.filter(id=task_id).update(status="RUNNING")


async def webhook_to_event(
    url: str, token: str, secret: str, data_dir: str, project_id: int, shot_ids: list[int]
) -> None:
    headers = {"Authorization": f"Token {token}"}
    delays: list[float] = []
    ws_url = url.replace("http", "ws") + f"/ws/projects/{project_id}/?token={token}"
    async with (
        httpx.AsyncClient(base_url=url, headers=headers) as client,
        websockets.connect(ws_url) as socket_,
    ):
        for sample in range(WEBHOOK_SAMPLES):
            shot_id = shot_ids[sample % len(shot_ids)]
            # a task that never reaches the node: the bench answers for it
            with_node_off = await client.post(f"/api/shots/{shot_id}/generate_video")
            task_id = with_node_off.json()["task_id"]
            await asyncio.to_thread(_set_running, data_dir, task_id)
            body = json.dumps(
                {
                    "task_id": task_id,
                    "task_type": "motion",
                    "status": "FAILED",
                    "backend": "bench",
                    "err_msg": "bench",
                    "finished_at": datetime.now(timezone.utc).isoformat(),
                }
            ).encode()
            signed = {
                "Content-Type": "application/json",
                **signed_headers(secret=secret, body=body),
            }
            started = time.perf_counter()
            await client.post("/api/webhook/task_complete", content=body, headers=signed)
            while True:
                event = json.loads(await asyncio.wait_for(socket_.recv(), timeout=30))
                if event.get("task_id") == task_id and event.get("status") == "FAILED":
                    break
            delays.append((time.perf_counter() - started) * 1000)
    p95 = _percentile(delays, 0.95)
    print(
        f"webhook -> WebSocket event, {WEBHOOK_SAMPLES} samples: "
        f"p50 {statistics.median(delays):.1f} ms, p95 {p95:.1f} ms"
    )
    print(f"RATIO webhook->event p95 / 100 ms: {p95 / 100:.2f}  (target <= 1)")


def wait_all(client: httpx.Client, task_ids: list[str], timeout: float) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    final: dict[str, str] = {}
    while time.monotonic() < deadline and len(final) < len(task_ids):
        for task_id in task_ids:
            if task_id not in final:
                status = client.get(f"/api/tasks/{task_id}/status").json()["status"]
                if status in ("SUCCESS", "FAILED"):
                    final[task_id] = status
        time.sleep(0.5)
    return final


def many_projects(url: str, token: str) -> tuple[int, list[int]]:
    client = httpx.Client(base_url=url, headers={"Authorization": f"Token {token}"}, timeout=60)
    story = "\n\n".join(SENTENCES)
    started = time.perf_counter()
    created = [
        client.post("/api/projects/create", json={"title": f"load {n}", "story": story}).json()
        for n in range(PROJECTS)
    ]
    boards = wait_all(client, [c["task"]["task_id"] for c in created], 600)
    shots = 0
    image_tasks: list[str] = []
    for item in created:
        project_id = item["project"]["id"]
        shots += len(client.get(f"/api/projects/{project_id}/storyboard").json()["shots"])
        image_tasks += [
            t["task_id"] for t in client.post(f"/api/projects/{project_id}/generate_images").json()
        ]
    images = wait_all(client, image_tasks, 1200)
    elapsed = time.perf_counter() - started
    ok = sum(1 for s in [*boards.values(), *images.values()] if s == "SUCCESS")
    total = len(created) + len(image_tasks)
    print(
        f"{PROJECTS} projects, {shots} shots: {ok}/{total} tasks SUCCESS, "
        f"{total - len(boards) - len(images)} unfinished, in {elapsed:.1f} s"
    )
    print(f"RATIO tasks completed / tasks created: {ok / total:.2f}  (target 1.00, none lost)")
    first = created[0]["project"]["id"]
    shot_ids = [s["id"] for s in client.get(f"/api/projects/{first}/storyboard").json()["shots"]]
    return first, shot_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", choices=["status", "all"], default="all", help="status: skip the 20x8 run"
    )
    only = parser.parse_args().only
    data_dir = tempfile.mkdtemp(prefix="storyreel-load-")
    secret = secrets.token_urlsafe(16)
    stack = EmbeddedStack(
        StackPorts(server=free_port(), node=free_port()),
        extra_env={
            "STORYREEL_DATA_DIR": data_dir,
            "STORYREEL_CACHE_DIR": f"{data_dir}/cache",
            "STORYREEL_WEBHOOK_SECRET": secret,
            "STORYREEL_THROTTLE_USER": "1000000/minute",
        },
        log_path=Path(data_dir) / "stack.log",
    )
    with stack:
        url, token = stack.url, stack.token
        headers = {"Authorization": f"Token {token}"}
        if only == "status":
            client = httpx.Client(base_url=url, headers=headers)
            created = client.post("/api/projects/create", json={"story": SENTENCES[0]}).json()
            asyncio.run(status_latency(url, token, created["task"]["task_id"]))
            return
        project_id, shot_ids = many_projects(url, token)
        first_task = httpx.post(
            f"{url}/api/shots/{shot_ids[0]}/generate_image", headers=headers
        ).json()["task_id"]
        asyncio.run(status_latency(url, token, first_task))
        os.environ["STORYREEL_DATA_DIR"] = data_dir
        asyncio.run(webhook_to_event(url, token, secret, data_dir, project_id, shot_ids))


if __name__ == "__main__":
    main()
