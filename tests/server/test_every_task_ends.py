"""Every task ends: the eight ways a task used to stay RUNNING or PENDING forever, each done
for real to the processes of `storyreel up` (server, Celery worker with beat, model node),
each ending every task SUCCESS or FAILED with a reason, and `retry` then bringing the shot to
SUCCESS. scripts/test.sh runs this module on SQLite with the filesystem broker, on PostgreSQL
with Redis, and on MariaDB with RabbitMQ (scenario 8 is about MariaDB)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import httpx
import pytest

from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port

DEADLINE_S = 15  # short, so that the sweep (every second here) ends a lost task in the test
STORY = "\n\n".join(
    [
        "The lighthouse keeper climbed the narrow stairs as the storm rolled in from the sea.",
        "Far below, the grey waves broke white against the black rocks of the point all night.",
        "He wiped the salt from the great lens and struck a match with his cold, tired fingers.",
        "The lamp caught at last, and a long beam swept out across the dark and angry water.",
        "Somewhere beyond the rain a small fishing boat was searching for the harbour mouth.",
        "Its captain saw the beam through the spray and turned his bow towards the light.",
    ]
)
ENDED = ("SUCCESS", "FAILED")


@pytest.fixture(scope="module")
def up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStack]:
    data = tmp_path_factory.mktemp("every-task-ends")
    settings = {
        "STORYREEL_DATA_DIR": str(data),
        "STORYREEL_CACHE_DIR": str(data / "cache"),
        "STORYREEL_TASK_DEADLINE_S": str(DEADLINE_S),
        "STORYREEL_SWEEP_S": "1",
        "STORYREEL_NODE_RETRIES": "2",
        "STORYREEL_NODE_DRAIN_S": "30",
        # the node gives up calling back after about a second (scenario 2)
        "STORYREEL_NODE_CALLBACK_ATTEMPTS": "2",
        "STORYREEL_NODE_CALLBACK_BACKOFF_S": "0.2",
        "STORYREEL_THROTTLE_USER": "1000000/minute",
    }
    # the stack's own settings, not this test process's (Celery eager, test secrets)
    with mock.patch.dict(os.environ):
        for key in [k for k in os.environ if k.startswith(("STORYREEL_", "DJANGO_"))]:
            del os.environ[key]
        stack = EmbeddedStack(
            StackPorts(server=free_port(), node=free_port()),
            extra_env=settings,
            log_path=data / "stack.log",
        )
    with stack:
        yield stack


@pytest.fixture()
def api(up: EmbeddedStack) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=up.url, headers={"Authorization": f"Token {up.token}"}, timeout=60
    ) as client:
        yield client
    for name in ("node", "worker", "server"):  # a scenario that failed half-way
        if up.processes[name].poll() is not None:
            up.revive(name)


def _status(api: httpx.Client, task_id: str) -> dict[str, object]:
    for _ in range(120):  # the server may be restarting
        try:
            answer: dict[str, object] = api.get(f"/api/tasks/{task_id}/status").json()
            return answer
        except httpx.HTTPError:
            time.sleep(0.5)
    raise AssertionError("the server did not come back")


def _wait_ended(api: httpx.Client, task_ids: list[str], timeout: float = 120) -> dict[str, dict]:
    deadline = time.monotonic() + timeout
    while True:
        states = {task_id: _status(api, task_id) for task_id in task_ids}
        if all(s["status"] in ENDED for s in states.values()):
            return states
        if time.monotonic() > deadline:
            stuck = {t: s["status"] for t, s in states.items() if s["status"] not in ENDED}
            raise AssertionError(f"stuck tasks: {stuck}")
        time.sleep(0.5)


def _wait_until(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def _project(
    api: httpx.Client, title: str = "every task ends", voice: str = ""
) -> tuple[int, list[dict]]:
    body = {"title": title, "story": STORY, "voice": voice}
    created = api.post("/api/projects/create", json=body).json()
    board = _wait_ended(api, [created["task"]["task_id"]])
    assert next(iter(board.values()))["status"] == "SUCCESS"
    project_id = created["project"]["id"]
    shots = api.get(f"/api/projects/{project_id}/storyboard").json()["shots"]
    assert len(shots) >= 4
    return project_id, shots


def _narrate_all(api: httpx.Client, shots: list[dict]) -> list[str]:
    return [api.post(f"/api/shots/{s['id']}/generate_narration").json()["task_id"] for s in shots]


def _retry_to_success(api: httpx.Client, states: dict[str, dict], project_id: int) -> None:
    """Every FAILED task, retried once, ends SUCCESS, and so do their shots. One at a time:
    six Kokoro jobs queued at once on a node that has just started (loading the model
    first) can outlast the test's short DEADLINE_S, which would be a failed test of
    nothing."""
    failed = [task_id for task_id, state in states.items() if state["status"] == "FAILED"]
    for task_id in failed:
        answer = api.post(f"/api/tasks/{task_id}/retry")
        assert answer.status_code == 202, answer.text
        again = _wait_ended(api, [answer.json()["task_id"]])
        assert [s["status"] for s in again.values()] == ["SUCCESS"], again
    shots = api.get(f"/api/projects/{project_id}/storyboard").json()["shots"]
    assert all(s["status"] == "SUCCESS" for s in shots if s["id"] in _shot_ids(states)), shots


def _shot_ids(states: dict[str, dict]) -> set[object]:
    return {s.get("shot_id") for s in states.values()}


def _processes() -> dict[int, tuple[str, int]]:
    """Every process: its state letter and its parent."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        found[int(stat.parent.name)] = (fields[0], int(fields[1]))
    return found


def _still_running(pids: list[int]) -> list[int]:
    table = _processes()
    return [pid for pid in pids if pid in table and table[pid][0] not in "ZX"]


@contextmanager
def _restarted_with(up: EmbeddedStack, name: str, setting: str, value: str) -> Iterator[None]:
    """One of the stack's processes restarted with a setting changed, then as it was."""
    right = up.env[setting]
    up.kill(name)
    up.env[setting] = value
    try:
        up.revive(name)
        yield
    finally:
        up.kill(name)
        up.env[setting] = right
        up.revive(name)


def _node_holds(up: EmbeddedStack) -> int:
    """How many jobs the node has queued or running."""
    health = httpx.get(f"http://127.0.0.1:{up.ports.node}/health", timeout=5).json()
    return int(sum(health["queued"].values()))


def _all_sent(up: EmbeddedStack, api: httpx.Client, task_ids: list[str]) -> bool:
    """The node took every task: it holds the rest (queued or running), some are back."""
    done = sum(_status(api, t)["status"] == "SUCCESS" for t in task_ids)
    return done + _node_holds(up) == len(task_ids)


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["killed", "stopped"])
def test_1_a_node_stopped_while_it_holds_jobs(
    up: EmbeddedStack, api: httpx.Client, stop: signal.Signals
) -> None:
    """SIGKILL: the jobs it held end at their deadline, saying the node did not answer.
    SIGTERM: it drains, finishing the running job and handing back the queued ones.
    Kokoro speaks them (seconds a job, where Piper takes a fraction of one): the node still
    holds jobs when it is stopped, on a fast machine too."""
    project_id, shots = _project(api, voice="kokoro-jm_kumo")
    tasks = _narrate_all(api, shots)
    _wait_until(lambda: _all_sent(up, api, tasks))  # the node holds them
    node = up.processes["node"]
    node.send_signal(stop)
    node.wait(60)
    up.revive("node")  # a new node knows nothing of the old one's jobs
    states = _wait_ended(api, tasks, DEADLINE_S * 3 + 60)
    failed = [s for s in states.values() if s["status"] == "FAILED"]
    assert failed, "the node finished every job before it was stopped: nothing was tested"
    expected = (
        "the model node did not answer in"
        if stop is signal.SIGKILL
        else "the model node stopped before running it"
    )
    assert all(str(s["err_msg"]).startswith(expected) for s in failed), failed
    _retry_to_success(api, states, project_id)


def test_2_the_server_down_longer_than_the_node_calls_back(
    up: EmbeddedStack, api: httpx.Client
) -> None:
    # Kokoro: the node still holds jobs when the server goes (Piper could finish them first)
    project_id, shots = _project(api, voice="kokoro-jm_kumo")
    tasks = _narrate_all(api, shots)
    _wait_until(lambda: _all_sent(up, api, tasks))
    up.kill("server")
    _wait_until(lambda: _node_holds(up) == 0, 120)  # the node finishes every job ...
    time.sleep(2)  # ... and gives up calling back (two tries, 0.2 s apart)
    up.revive("server")
    states = _wait_ended(api, tasks, DEADLINE_S * 3 + 60)
    failed = [s for s in states.values() if s["status"] == "FAILED"]
    assert failed and all("did not answer in" in str(s["err_msg"]) for s in failed), states
    _retry_to_success(api, states, project_id)


def test_3_a_worker_killed_holding_messages(up: EmbeddedStack, api: httpx.Client) -> None:
    """The filesystem broker deletes a message when the worker fetches it: a worker killed
    while it holds one (here, waiting to try a node that is down again) loses it."""
    project_id, shots = _project(api)
    up.kill("node")
    tasks = _narrate_all(api, shots)
    # each waits for its next try of the node, its message held by the worker
    _wait_until(lambda: all(_status(api, t)["attempts"] == 2 for t in tasks))
    worker = up.processes["worker"].pid
    beat = [pid for pid, (_state, parent) in _processes().items() if parent == worker]
    assert beat  # the worker forks its beat
    up.kill("worker")
    _wait_until(lambda: not _still_running(beat), 10)  # ... which goes with it: one sweeper
    up.revive("node")
    up.revive("worker")
    states = _wait_ended(api, tasks, DEADLINE_S * 3 + 60)
    _retry_to_success(api, states, project_id)


def test_4_a_result_the_server_cannot_fetch(up: EmbeddedStack, api: httpx.Client) -> None:
    """A node whose public URL is not the one the server reaches it by."""
    project_id, shots = _project(api)
    with _restarted_with(
        up, "node", "STORYREEL_NODE_PUBLIC_URL", f"http://127.0.0.1:{free_port()}"
    ):
        task_id = api.post(f"/api/shots/{shots[0]['id']}/generate_image").json()["task_id"]
        states = _wait_ended(api, [task_id])
    assert states[task_id]["status"] == "FAILED"
    assert str(states[task_id]["err_msg"]).startswith("the result could not be kept: ")
    _retry_to_success(api, states, project_id)


def test_5_generate_video_on_a_shot_with_no_image(up: EmbeddedStack, api: httpx.Client) -> None:
    project_id, shots = _project(api)
    refused = api.post(f"/api/shots/{shots[0]['id']}/generate_video")
    assert refused.status_code == 400 and refused.json()["error"] == "no_image"
    assert "generate the shot's image first" in refused.json()["message"]
    image = api.post(f"/api/shots/{shots[0]['id']}/generate_image").json()["task_id"]
    assert _wait_ended(api, [image])[image]["status"] == "SUCCESS"
    video = api.post(f"/api/shots/{shots[0]['id']}/generate_video").json()["task_id"]
    assert _wait_ended(api, [video], 180)[video]["status"] == "SUCCESS"
    shot = api.get(f"/api/projects/{project_id}/storyboard").json()["shots"][0]
    assert shot["status"] == "SUCCESS" and shot["video_url"]


def test_6_a_title_that_is_a_path(up: EmbeddedStack, api: httpx.Client, tmp_path: Path) -> None:
    project_id, shots = _project(api, title="a/../../etc/passwd")
    images = [t["task_id"] for t in api.post(f"/api/projects/{project_id}/generate_images").json()]
    done = _wait_ended(api, images + _narrate_all(api, shots), 180)
    assert {s["status"] for s in done.values()} == {"SUCCESS"}
    export = api.post(f"/api/projects/{project_id}/export", json={"short_side": 180})
    task_id = export.json()["task_id"]
    ended = _wait_ended(api, [task_id], 240)[task_id]
    assert ended["status"] == "SUCCESS", ended["err_msg"]
    video = api.get(f"/api/projects/{project_id}/download", follow_redirects=True)
    assert video.status_code == 200 and video.content[4:8] == b"ftyp"
    assert video.headers["content-disposition"] == 'attachment; filename="a-..-..-etc-passwd.mp4"'


def test_7_an_unexpected_error_in_the_worker(up: EmbeddedStack, api: httpx.Client) -> None:
    """A node URL the HTTP library cannot parse: the worker's error ends the task, saying so."""
    project_id, shots = _project(api)
    with _restarted_with(up, "worker", "STORYREEL_NODE_URL", "http://[::1"):
        task_id = api.post(f"/api/shots/{shots[0]['id']}/generate_image").json()["task_id"]
        states = _wait_ended(api, [task_id])
    assert states[task_id]["status"] == "FAILED"
    assert str(states[task_id]["err_msg"]).startswith("the worker failed: "), states
    _retry_to_success(api, states, project_id)


@pytest.mark.django_db
def test_8_tasks_are_locked_on_this_database() -> None:
    """On MariaDB `select_for_update(of=...)` raised NotSupportedError, and every task stayed
    PENDING with no message. The locking query runs on whichever database this run uses (the
    stack above used it for every task too)."""
    from django.db import connection, transaction

    from storyreel.server.studio.models import Task
    from storyreel.server.studio.services.tasks import _locked

    with transaction.atomic():
        locked = _locked(Task.objects.select_related("project", "shot")).filter(status="PENDING")
        assert list(locked[:1]) == []  # the query ran (and found nothing in an empty database)
    assert connection.vendor in ("sqlite", "postgresql", "mysql")
