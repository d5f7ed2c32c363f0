"""Every task ends: deadlines and the sweep, retry past a deadline, late outcomes kept once,
a worker's unexpected error, and a busy node that is waited for rather than given up on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from unittest import mock

import httpx
import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from livestack import post_webhook, registered_client, scripted_node
from nodekit import free_port
from storyreel.contract import TaskStatus
from storyreel.server.studio.models import Project, Shot, Task
from storyreel.server.studio.tasks import tasks_sweep

STORY = "The storm came at dusk. The keeper lit the lamp."


@pytest.fixture()
def no_dispatch() -> Iterator[mock.Mock]:
    """Tasks stay where the test puts them (the real flow is below, with a live server)."""
    with mock.patch("storyreel.server.studio.tasks.task_dispatch.delay") as delay:
        yield delay


def _running_past_deadline(client: APIClient) -> Task:
    created = client.post("/api/projects/create", {"story": STORY}, format="json").json()
    task = Task.objects.get(id=created["task"]["task_id"])
    task.status = TaskStatus.RUNNING
    task.deadline = timezone.now() - timedelta(seconds=1)
    task.save()
    return task


def _storyboard_outcome(task: Task) -> dict[str, object]:
    return {
        "task_id": str(task.id),
        "task_type": "storyboard",
        "status": "SUCCESS",
        "backend": "planner",
        "result": {
            "storyboard": {
                "title": "t",
                "language": "en",
                "shots": [
                    {"index": 0, "narration": "The storm came at dusk.", "prompt": "a storm",
                     "seed": 1, "source_start": 0, "source_end": 23},
                ],
            },
            "backend": "planner",
        },
        "finished_at": "2026-11-28T00:00:00Z",
    }  # fmt: skip


def test_the_sweep_fails_a_task_past_its_deadline_saying_what_to_do(
    alice: APIClient, no_dispatch: mock.Mock, django_capture_on_commit_callbacks: Any
) -> None:
    stuck = _running_past_deadline(alice)
    waiting = Task.objects.create(
        owner_id=stuck.owner_id, project=stuck.project, type="keyframe",
        deadline=timezone.now() - timedelta(seconds=1),
    )  # fmt: skip
    on_time = Task.objects.create(
        owner_id=stuck.owner_id, project=stuck.project, type="narration",
        deadline=timezone.now() + timedelta(minutes=5),
    )  # fmt: skip
    no_dispatch.reset_mock()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks_sweep() == 1
    stuck.refresh_from_db()
    assert stuck.status is TaskStatus.FAILED and stuck.expired
    assert stuck.err_msg == "the model node did not answer in 720 s; retry this task"
    waiting.refresh_from_db()  # its message may have died with a worker: queued once more
    assert waiting.status is TaskStatus.PENDING and waiting.deadline > timezone.now()
    no_dispatch.assert_called_once_with(str(waiting.id))
    Task.objects.filter(id=waiting.id).update(
        created_at=timezone.now() - timedelta(hours=1),
        deadline=timezone.now() - timedelta(seconds=1),
    )
    assert tasks_sweep() == 1  # still waiting at its second deadline: failed, saying why
    waiting.refresh_from_db()
    assert waiting.err_msg.startswith("no worker took the task in 720 s")
    on_time.refresh_from_db()
    assert on_time.status is TaskStatus.PENDING  # not yet due
    assert tasks_sweep() == 0  # ended once
    again = alice.post(f"/api/tasks/{stuck.id}/retry")
    assert again.status_code == 202 and again.json()["status"] == "PENDING"


def test_retry_takes_a_task_past_its_deadline_but_not_one_still_on_time(
    alice: APIClient, no_dispatch: mock.Mock
) -> None:
    stuck = _running_past_deadline(alice)
    assert alice.post(f"/api/tasks/{stuck.id}/retry").status_code == 202
    stuck.refresh_from_db()
    assert stuck.status is TaskStatus.FAILED and stuck.expired
    Task.objects.filter(id=stuck.id).update(
        status="RUNNING", expired=False, deadline=timezone.now() + timedelta(minutes=5)
    )
    answer = alice.post(f"/api/tasks/{stuck.id}/retry")
    assert answer.status_code == 409 and answer.json()["error"] == "not_failed"


def test_a_late_outcome_is_kept_once_unless_a_newer_attempt_exists(
    alice: APIClient, no_dispatch: mock.Mock
) -> None:
    stuck = _running_past_deadline(alice)
    tasks_sweep()
    node = APIClient()
    first = post_webhook(node, _storyboard_outcome(stuck))
    assert first.json() == {"applied": True}  # the work was done: kept
    stuck.refresh_from_db()
    assert stuck.status is TaskStatus.SUCCESS and not stuck.expired
    assert Shot.objects.filter(project=stuck.project).count() == 1
    assert post_webhook(node, _storyboard_outcome(stuck)).json() == {"applied": False}

    other = _running_past_deadline(alice)
    tasks_sweep()
    newer = alice.post(f"/api/tasks/{other.id}/retry").json()  # a newer attempt exists
    assert post_webhook(node, _storyboard_outcome(other)).json() == {"applied": False}
    other.refresh_from_db()
    assert other.status is TaskStatus.FAILED
    assert Task.objects.get(id=newer["task_id"]).status is TaskStatus.PENDING


def _client(url: str) -> httpx.Client:
    return registered_client(url, "r")


@pytest.mark.django_db(transaction=True)
def test_an_unexpected_error_in_the_worker_ends_the_task_with_the_reason(
    live_server: object,
) -> None:
    """A node URL the HTTP library cannot parse (once: any error the worker did not expect)
    used to leave the task RUNNING forever."""
    url = str(live_server.url)
    with override_settings(STORYREEL_NODE_URL="http://[::1", STORYREEL_PUBLIC_URL=url):
        client = _client(url)
        created = client.post("/api/projects/create", json={"story": STORY}).json()
        done = client.get(f"/api/tasks/{created['task']['task_id']}/status").json()
    assert done["status"] == "FAILED"
    assert done["err_msg"].startswith("the worker failed: InvalidURL")


@pytest.mark.django_db(transaction=True)
def test_a_full_queue_is_waited_for_without_using_up_the_tries(live_server: object) -> None:
    """503 with Retry-After four times, with one try allowed for a node that is down: the
    worker waits each time and the job lands; back-pressure is not failure."""
    url = str(live_server.url)
    with (
        scripted_node([503, 503, 503, 503, 202], retry_after="1") as node,
        override_settings(
            STORYREEL_NODE_URL=node.url, STORYREEL_PUBLIC_URL=url, STORYREEL_NODE_RETRIES=1
        ),
    ):
        client = _client(url)
        created = client.post("/api/projects/create", json={"story": STORY}).json()
        status = client.get(f"/api/tasks/{created['task']['task_id']}/status").json()
    seen = node.seen
    assert len(seen) == 5 and status["status"] == "RUNNING"  # accepted; the webhook will end it
    assert status["attempts"] == 5 and status["err_msg"] == ""


@pytest.mark.django_db
def test_export_storage_names_never_come_from_the_title(alice: APIClient) -> None:
    """A title with '/../' used to make the export fail with SuspiciousFileOperation."""
    from storyreel.server.studio.services.export import export_file_stem

    created = alice.post(
        "/api/projects/create", {"title": "a/../../etc/passwd", "story": STORY}, format="json"
    ).json()
    project = Project.objects.get(id=created["project"]["id"])
    stem = export_file_stem(project)
    assert "/" not in stem and ".." not in stem and "passwd" not in stem
    assert export_file_stem(project) != stem  # unguessable: a new name each export


def test_a_result_the_server_cannot_fetch_ends_the_task_with_the_reason(
    alice: APIClient, no_dispatch: mock.Mock
) -> None:
    """It used to answer the node 4xx (so the node stopped retrying) and stay RUNNING."""
    created = alice.post("/api/projects/create", {"story": STORY}, format="json").json()
    project = Project.objects.get(id=created["project"]["id"])
    shot = Shot.objects.create(project=project, order=0, prompt="a storm", narration="Rain.")
    task_id = alice.post(f"/api/shots/{shot.id}/generate_image").json()["task_id"]
    Task.objects.filter(id=task_id).update(status="RUNNING")
    port = free_port()  # the node's own address, where nothing answers now
    outcome = {
        "task_id": task_id,
        "task_type": "keyframe",
        "status": "SUCCESS",
        "backend": "sketch",
        "result": {"uri": f"http://127.0.0.1:{port}/files/k.png", "width": 64,
                   "height": 64, "backend": "sketch"},
        "finished_at": "2026-11-28T00:00:00Z",
    }  # fmt: skip
    with override_settings(STORYREEL_NODE_URL=f"http://127.0.0.1:{port}"):
        answer = post_webhook(APIClient(), outcome)
    assert answer.status_code == 200 and answer.json() == {"applied": True}
    task = Task.objects.get(id=task_id)
    assert task.status is TaskStatus.FAILED
    assert task.err_msg.startswith("the result could not be kept: cannot download the result")
    assert Shot.objects.get(id=shot.id).status is TaskStatus.FAILED and not shot.image


def test_a_webhook_cannot_make_the_server_fetch_another_host(
    alice: APIClient, no_dispatch: mock.Mock
) -> None:
    """Were the webhook secret to leak, result.uri still could not point the server at an
    address of someone's choosing: only the node's own hosts are fetched from."""
    asked: list[str] = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"hi")

        def log_message(self, *args: object) -> None:
            return None

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Elsewhere)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        created = alice.post("/api/projects/create", {"story": STORY}, format="json").json()
        project = Project.objects.get(id=created["project"]["id"])
        shot = Shot.objects.create(project=project, order=0, prompt="p", narration="Rain.")
        task_id = alice.post(f"/api/shots/{shot.id}/generate_image").json()["task_id"]
        Task.objects.filter(id=task_id).update(status="RUNNING")
        outcome = {
            "task_id": task_id, "task_type": "keyframe", "status": "SUCCESS",
            "backend": "sketch", "finished_at": "2026-11-28T00:00:00Z",
            "result": {"uri": f"http://127.0.0.1:{port}/secret", "width": 64, "height": 64,
                       "backend": "sketch"},
        }  # fmt: skip
        with override_settings(STORYREEL_NODE_URL=f"http://127.0.0.1:{free_port()}"):
            assert post_webhook(APIClient(), outcome).json() == {"applied": True}
    finally:
        server.shutdown()
    assert asked == []  # never asked
    task = Task.objects.get(id=task_id)
    assert task.status is TaskStatus.FAILED and "not a host of the model node" in task.err_msg
