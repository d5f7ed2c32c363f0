"""`storyreel up` as a new user runs it: three processes, driven over HTTP and WebSocket."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import websockets

from livestack import wait_task
from nodekit import free_port
from storyreel.client.core.api import ApiClient
from storyreel.client.core.events import ProjectEvents, wait_for_tasks

# no particular database or broker: run once, not again in the PostgreSQL and MariaDB passes
pytestmark = pytest.mark.once

STORY = "Mei found a paper lantern by the river. She carried it home through the rain."


@dataclass
class Stack:
    url: str
    token: str
    process: subprocess.Popen[str]
    data: Path
    printed: list[str]

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Token {self.token}"}, timeout=30
        )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data = tmp_path_factory.mktemp("up")
    port, node_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STORYREEL_", "DJANGO_"))}
    env.update(
        {
            "STORYREEL_DATA_DIR": str(data),
            "STORYREEL_CACHE_DIR": str(data / "cache"),
            "STORYREEL_SWEEP_S": "1",  # the sweep test below waits for it
        }
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "storyreel.cli",
            "up",
            "--port",
            str(port),
            "--node-port",
            str(node_port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    token = ""
    printed: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "Ctrl+C stops everything.\n" not in printed:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise AssertionError("storyreel up exited")
        printed.append(line)
        if line.startswith("token: "):
            token = line.split()[1]
    assert token, "storyreel up printed no token"
    yield Stack(f"http://127.0.0.1:{port}", token, process, data, printed)
    process.terminate()
    process.wait(30)


def test_up_prints_its_own_summary_and_logs_the_rest(stack: Stack) -> None:
    """Celery's banner and warnings go to the log, not the terminal."""
    text = "".join(stack.printed)
    assert "celery@" not in text and "superuser" not in text and "-------------- " not in text
    assert f"--server {stack.url} --token {stack.token}" in text  # how the client signs in
    log = stack.data / "stack.log"
    assert f"log: {log}" in text
    deadline = time.monotonic() + 30
    while "celery@" not in log.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "celery@" in log.read_text(errors="replace")


def test_a_busy_port_is_one_line_naming_the_option(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STORYREEL_", "DJANGO_"))}
        env["STORYREEL_DATA_DIR"] = str(tmp_path)
        done = subprocess.run(
            [sys.executable, "-m", "storyreel.cli", "up", "--port", str(port)],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"storyreel: error: port {port} is in use")
    assert "try --port " in lines[0]


def test_the_first_users_token_works(stack: Stack) -> None:
    assert stack.client().get("/api/projects/").status_code == 200
    assert httpx.get(f"{stack.url}/api/projects/").status_code == 401


def test_story_to_images_over_http_with_events_on_the_websocket(stack: Stack) -> None:
    client = stack.client()
    created = client.post("/api/projects/create", json={"title": "Lantern", "story": STORY}).json()
    project_id = created["project"]["id"]
    assert wait_task(client, created["task"]["task_id"])["status"] == "SUCCESS"
    shots = client.get(f"/api/projects/{project_id}/storyboard").json()["shots"]
    assert shots

    async def watch() -> list[dict[str, object]]:
        ws_url = stack.url.replace("http", "ws") + f"/ws/projects/{project_id}/?token={stack.token}"
        events: list[dict[str, object]] = []
        async with websockets.connect(ws_url) as socket:
            tasks = await asyncio.to_thread(
                client.post, f"/api/shots/{shots[0]['id']}/generate_image"
            )
            task_id = tasks.json()["task_id"]
            while True:
                event = json.loads(await asyncio.wait_for(socket.recv(), timeout=60))
                events.append(event)
                if event.get("task_id") == task_id and event["status"] == "SUCCESS":
                    return events

    events = asyncio.run(watch())
    statuses = [e["status"] for e in events if e["type"] == "task"]
    assert statuses == ["PENDING", "RUNNING", "SUCCESS"]
    assert any(e["type"] == "shot" and e["shot_id"] == shots[0]["id"] for e in events)
    shot = client.get(f"/api/projects/{project_id}/storyboard").json()["shots"][0]
    assert httpx.get(shot["image_url"]).content[:4] == b"\x89PNG"
    # generate_video on the default stack: the node fetches the keyframe by signed link
    motion = client.post(f"/api/shots/{shots[0]['id']}/generate_video").json()
    assert wait_task(client, motion["task_id"])["status"] == "SUCCESS"
    shot = client.get(f"/api/projects/{project_id}/storyboard").json()["shots"][0]
    assert httpx.get(shot["video_url"]).content[4:8] == b"ftyp"


def test_client_core_events_follow_tasks_and_reconnect(stack: Stack) -> None:
    """ProjectEvents (the command line's WebSocket transport) drives wait_for_tasks; the
    safety poll is set far out, so the tasks can only finish through events."""
    with ApiClient(stack.url, stack.token) as api:
        created = api.create_project(story=STORY, title="Events")
        project_id = created.project.id
        with ProjectEvents(api.base_url, api.token, project_id) as events:
            assert events.wait_connected(10)
            wait_for_tasks(api, [created.task], events=events, timeout=60)
            shots = api.storyboard(project_id).shots
            tasks = [api.generate_narration(shot.id) for shot in shots]
            seen: list[int] = []
            state = wait_for_tasks(
                api,
                tasks,
                events=events,
                on_change=lambda s: seen.append(s.done),
                timeout=60,
                safety_poll_s=3600,
            )
        assert state.finished and not state.failed
        assert seen[-1] == len(tasks) and seen == sorted(seen)
        with ProjectEvents(api.base_url, "wrong-token", project_id) as refused:
            deadline = time.monotonic() + 10
            while not refused.refused and time.monotonic() < deadline:
                time.sleep(0.05)
            assert refused.refused and not refused.connected.is_set()


def test_the_sweep_runs_inside_storyreel_up(stack: Stack) -> None:
    """A task left RUNNING past its deadline (a node that died holding it) ends FAILED by
    itself, with a reason, because `storyreel up` runs the sweep (Celery beat)."""
    client = stack.client()
    created = client.post("/api/projects/create", json={"story": STORY}).json()
    task_id = created["task"]["task_id"]
    assert wait_task(client, task_id)["status"] == "SUCCESS"
    _make_stuck(stack, task_id)
    assert client.get(f"/api/tasks/{task_id}/status").json()["status"] == "RUNNING"
    ended = wait_task(client, task_id)
    assert ended["status"] == "FAILED"
    assert ended["err_msg"].startswith("the model node did not answer in ")


def _make_stuck(stack: Stack, task_id: str) -> None:
    """Put the task back to RUNNING past its deadline, in whichever database the stack uses
    (scripts/test.sh runs the server tests on SQLite, PostgreSQL and MariaDB)."""
    sql = "UPDATE studio_task SET status = 'RUNNING', deadline = '2000-01-01 00:00:00' "
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as pg:
            pg.execute(sql + "WHERE id = %s", [task_id])
    elif url.startswith("mysql"):
        import dj_database_url
        import pymysql

        db = dj_database_url.parse(url)
        with pymysql.connect(
            host=db["HOST"], port=int(db["PORT"] or 3306), user=db["USER"],
            password=db["PASSWORD"] or "", database=db["NAME"], autocommit=True,
        ) as my, my.cursor() as cursor:  # fmt: skip
            cursor.execute(sql + "WHERE id = %s", [task_id.replace("-", "")])
    else:
        with sqlite3.connect(stack.data / "storyreel.sqlite3", timeout=30) as lite:
            lite.execute(sql + "WHERE id = ?", [task_id.replace("-", "")])


def test_up_without_a_node_and_a_pull_node_that_joins(tmp_path: Path) -> None:
    """`storyreel up --no-node`: no node process, no node port; `storyreel nodes add` with
    the same data folder prints a key, and `storyreel node --server --node-key` does the
    work."""
    from nodekit import start_pull_node, stop_pull_node

    port, node_port = free_port(), free_port()
    # the embedded defaults, as a new user's `storyreel up`: not the service passes'
    # database and broker (`storyreel nodes add` must find the same SQLite file)
    service = ("STORYREEL_", "DJANGO_", "DATABASE_URL", "CELERY_", "REDIS_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(service)}
    env.update({"STORYREEL_DATA_DIR": str(tmp_path), "STORYREEL_CACHE_DIR": str(tmp_path / "c")})
    process = subprocess.Popen(
        [sys.executable, "-m", "storyreel.cli", "up", "--no-node", "--port", str(port),
         "--node-port", str(node_port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    printed: list[str] = []
    node = None
    try:
        while "Ctrl+C stops everything.\n" not in printed:
            line = process.stdout.readline()
            assert line or process.poll() is None, "storyreel up --no-node exited"
            printed.append(line)
        text = "".join(printed)
        assert "starting server and worker (no node)" in text
        assert "storyreel nodes add NAME" in text
        token = next(line.split()[1] for line in printed if line.startswith("token: "))
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{node_port}/health", timeout=2)  # no node there
        added = subprocess.run(
            [sys.executable, "-m", "storyreel.cli", "nodes", "add", "laptop"],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        assert "storyreel node --server" in added.stderr
        url = f"http://127.0.0.1:{port}"
        client = httpx.Client(base_url=url, headers={"Authorization": f"Token {token}"}, timeout=30)
        created = client.post("/api/projects/create", json={"story": STORY}).json()
        assert created["task"]["status"] == "FAILED"  # no node yet: says what to start
        assert "storyreel node --server" in created["task"]["err_msg"]

        def live() -> bool:
            return any(n["live"] for n in client.get("/api/nodes").json()["nodes"])

        node = start_pull_node(url, added.stdout.strip(), tmp_path, name="laptop", registered=live)
        retried = client.post(f"/api/tasks/{created['task']['task_id']}/retry").json()
        done = wait_task(client, retried["task_id"])
        assert done["status"] == "SUCCESS" and done["node"] == "laptop"
        listed = subprocess.run(
            [sys.executable, "-m", "storyreel.cli", "nodes", "list"],
            env={**env, "STORYREEL_NODE_URL": ""}, capture_output=True, text=True,
            timeout=60, check=False,
        )  # fmt: skip
        assert listed.returncode == 0, listed.stderr
        (row,) = [line for line in listed.stdout.splitlines() if line.startswith("laptop")]
        assert row.split()[1:4] == ["pull", "live", "1"]
    finally:
        if node is not None:
            stop_pull_node(node)
        process.terminate()
        process.wait(30)
