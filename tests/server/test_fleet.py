"""Pull nodes, through the API as a node calls it: keys, registration, capability routing,
leases that run out and go to another node, uploads and outcomes, the sweep, the node list."""

from __future__ import annotations

import io
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone as django_tz
from PIL import Image
from rest_framework.test import APIClient
from test_storage_s3 import s3_storage  # noqa: F401  (the fixture)

from storyreel.contract import (
    BackendInfo,
    Capabilities,
    KeyframeResult,
    Language,
    TaskStatus,
    TaskType,
    VoiceInfo,
    WebhookPayload,
)
from storyreel.contract.fleet import LeaseOutcome
from storyreel.server.studio.models import Job, JobState, Node, Project, Shot, Task
from storyreel.server.studio.services import fleet

# transaction=True: leases run on threads of their own (with their own connections)
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("pull_mode")]

STORY = "The keeper lit the lamp. The storm came at dusk."


@pytest.fixture()
def pull_mode() -> Any:
    with override_settings(STORYREEL_NODE_URL=""):
        yield


def capabilities(*routes: str, voices: tuple[tuple[str, str], ...] = ()) -> Capabilities:
    """A node that runs these `stage.backend`s (the first of each stage its default)."""
    seen: set[str] = set()
    backends = []
    for route in routes:
        stage, name = route.split(".")
        backends.append(
            BackendInfo(
                stage=TaskType(stage), name=name, default=stage not in seen, available=True,
                loaded=False, device="cpu",
            )
        )  # fmt: skip
        seen.add(stage)
    return Capabilities(
        version="test",
        devices=["cpu"],
        backends=backends,
        voices=[v for v, _ in voices],
        voice_info=[VoiceInfo(name=v, language=Language(lang), label=v) for v, lang in voices],
    )


def node(name: str, *routes: str, voices: tuple[tuple[str, str], ...] = ()) -> APIClient:
    """A registered node's client, its key in every call."""
    _node, key = fleet.node_add(name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = {"capabilities": capabilities(*routes, voices=voices).model_dump(mode="json")}
    answer = client.post("/api/node/register", body, format="json")
    assert answer.status_code == 200, answer.content
    return client


def lease(client: APIClient, slots: int = 4) -> list[dict[str, Any]]:
    answer = client.post("/api/node/lease", {"slots": slots, "wait_s": 0}, format="json")
    assert answer.status_code == 200, answer.content
    jobs: list[dict[str, Any]] = answer.json()["jobs"]
    return jobs


def project_with_shots(user: APIClient, count: int = 2) -> Project:
    created = user.post("/api/projects/create", {"story": STORY}, format="json")
    assert created.status_code == 201, created.content
    project = Project.objects.get(id=created.json()["project"]["id"])
    Shot.objects.bulk_create(
        Shot(project=project, order=i, prompt=f"shot {i}", narration=f"Line {i}.", seed=i)
        for i in range(count)
    )
    return project


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 9), (40, 160, 60)).save(out, format="PNG")
    return out.getvalue()


def complete_keyframe(client: APIClient, job: dict[str, Any]) -> dict[str, Any]:
    upload = job["upload"]
    assert upload["server"] and upload["url"].endswith(f"/api/node/leases/{job['lease_id']}/result")
    put = client.put(upload["url"], png(), content_type="image/png")
    assert put.status_code == 200, put.content
    return complete_with(client, job, put.json()["key"])


def complete_with(client: APIClient, job: dict[str, Any], key: str) -> dict[str, Any]:
    """Complete a leased keyframe job with the image uploaded at `key`."""
    outcome = WebhookPayload(
        task_id=job["job_id"], task_type=TaskType.KEYFRAME, status=TaskStatus.SUCCESS,
        backend="sketch", result=KeyframeResult(uri=key, width=16, height=9, backend="sketch"),
        finished_at=datetime.now(timezone.utc),
    )  # fmt: skip
    answer = client.post(
        f"/api/node/leases/{job['lease_id']}/complete",
        LeaseOutcome(outcome=outcome).model_dump(mode="json"),
        format="json",
    )
    assert answer.status_code == 200, answer.content
    result: dict[str, Any] = answer.json()
    return result


def test_keys_are_per_node_shown_once_and_revocable(alice: APIClient) -> None:
    gpu = node("gpu-1", "keyframe.sketch")
    stored = Node.objects.get(name="gpu-1")
    key = gpu._credentials["HTTP_AUTHORIZATION"].split()[1]  # type: ignore[attr-defined]
    assert key.startswith("srn_") and key not in stored.key_hash  # only its hash is kept
    with pytest.raises(fleet.ApplicationError, match="exists"):
        fleet.node_add(name="gpu-1")
    # a person's token is not a node key, and a node key is not a person's token
    person = alice._credentials["HTTP_AUTHORIZATION"].split()[1]  # type: ignore[attr-defined]
    as_node = APIClient()
    as_node.credentials(HTTP_AUTHORIZATION=f"Bearer {person}")
    assert as_node.post("/api/node/lease", {"wait_s": 0}, format="json").status_code == 401
    as_person = APIClient()
    as_person.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert as_person.get("/api/projects/").status_code == 401
    assert APIClient().post("/api/node/register", {}, format="json").status_code == 401

    fleet.node_revoke(name="gpu-1")
    refused = gpu.post("/api/node/lease", {"wait_s": 0}, format="json")
    assert refused.status_code == 401 and "revoked" in refused.json()["message"]
    assert gpu.post("/api/node/register", {}, format="json").status_code == 401
    _again, new_key = fleet.node_add(name="gpu-1")  # a new key for the name; the old stays out
    assert new_key != key
    assert gpu.post("/api/node/lease", {"wait_s": 0}, format="json").status_code == 401
    with pytest.raises(fleet.ApplicationError, match="invalid node name"):
        fleet.node_add(name="../etc")


def test_a_job_goes_only_to_a_node_that_has_its_backend(alice: APIClient) -> None:
    speaker = node("speaker", "narration.piper", voices=(("joe", "en"),))
    drawer = node("drawer", "storyboard.planner", "keyframe.sketch")
    project = project_with_shots(alice, 2)
    assert lease(speaker) == []  # the storyboard job is not for it
    storyboard = lease(drawer)
    assert [j["stage"] for j in storyboard] == ["storyboard"]
    assert storyboard[0]["upload"] is None  # no file to upload
    shot = project.shots.first()
    assert shot is not None
    alice.post(f"/api/shots/{shot.id}/generate_image", format="json")
    alice.post(f"/api/shots/{shot.id}/generate_narration", format="json")
    assert [j["stage"] for j in lease(speaker)] == ["narration"]
    assert [j["stage"] for j in lease(drawer)] == ["keyframe"]

    # nobody has diffusers: the task fails at once, saying what to start
    asked = alice.post(
        f"/api/shots/{shot.id}/generate_image", {"backend": "diffusers"}, format="json"
    ).json()
    assert asked["status"] == "FAILED"
    assert "no node can run diffusers keyframe jobs (keyframe.diffusers)" in asked["err_msg"]
    assert "storyreel node --server" in asked["err_msg"]
    # nobody speaks Chinese
    project.language = Language.ZH
    project.save()
    spoken = alice.post(f"/api/shots/{shot.id}/generate_narration", format="json").json()
    assert spoken["status"] == "FAILED" and "a zh voice" in spoken["err_msg"]
    shot.refresh_from_db()
    assert shot.status is TaskStatus.FAILED
    # a backend name that could not be one is refused before anything is queued
    bad = alice.post(f"/api/shots/{shot.id}/generate_image", {"backend": "x y"}, format="json")
    assert bad.status_code == 400


def test_the_whole_lease_upload_and_outcome(alice: APIClient) -> None:
    drawer = node("drawer", "storyboard.planner", "keyframe.sketch")
    project = project_with_shots(alice, 3)
    lease(drawer)  # the storyboard: left to run out, it does not matter here
    tasks = alice.post(f"/api/projects/{project.id}/generate_images", format="json").json()
    jobs = lease(drawer, slots=2)
    assert len(jobs) == 2  # no more than its free slots
    statuses = {t["task_id"]: alice.get(f"/api/tasks/{t['task_id']}/status").json() for t in tasks}
    assert sorted(s["status"] for s in statuses.values()) == ["PENDING", "RUNNING", "RUNNING"]
    assert {s["node"] for s in statuses.values() if s["status"] == "RUNNING"} == {"drawer"}

    assert complete_keyframe(drawer, jobs[0]) == {"applied": True}
    task = Task.objects.get(jobs__id=jobs[0]["job_id"])
    assert task.status is TaskStatus.SUCCESS and task.node == "drawer"
    shot = task.shot
    assert shot is not None and shot.made_by == {"keyframe": "drawer"}
    assert shot.image.name.startswith("keyframes/")
    from django.core.files.storage import default_storage

    assert not default_storage.exists(f"node-results/{jobs[0]['lease_id']}.png")  # moved
    shown = alice.get(f"/api/projects/{project.id}/storyboard").json()["shots"]
    assert {"keyframe": "drawer"} in [s["made_by"] for s in shown]
    # the same lease again: it is done
    again = drawer.post(f"/api/node/leases/{jobs[0]['lease_id']}/heartbeat")
    assert again.status_code == 409 and again.json()["error"] == "lease_lost"
    # an outcome pointing at another file than its own upload is refused
    other = jobs[1]
    drawer.put(other["upload"]["url"], png(), content_type="image/png")
    forged = WebhookPayload(
        task_id=other["job_id"], task_type=TaskType.KEYFRAME, status=TaskStatus.SUCCESS,
        backend="sketch", result=KeyframeResult(uri="keyframes/someone-else.png", width=1,
                                                height=1, backend="sketch"),
        finished_at=datetime.now(timezone.utc),
    )  # fmt: skip
    refused = drawer.post(
        f"/api/node/leases/{other['lease_id']}/complete",
        LeaseOutcome(outcome=forged).model_dump(mode="json"),
        format="json",
    )
    assert refused.status_code == 400
    # a failure the node reports ends the task with its message
    failed = WebhookPayload(
        task_id=other["job_id"], task_type=TaskType.KEYFRAME, status=TaskStatus.FAILED,
        backend="sketch", err_msg="CUDA out of memory", finished_at=datetime.now(timezone.utc),
    )  # fmt: skip
    drawer.post(
        f"/api/node/leases/{other['lease_id']}/complete",
        LeaseOutcome(outcome=failed).model_dump(mode="json"),
        format="json",
    )
    assert Task.objects.get(jobs__id=other["job_id"]).err_msg == "CUDA out of memory"
    registered = Node.objects.get(name="drawer")
    assert (registered.jobs_done, registered.failures) == (1, 1)

    listed = alice.get("/api/nodes").json()
    assert listed["mode"] == "pull"
    (info,) = listed["nodes"]
    assert info["name"] == "drawer" and info["live"] and "keyframe.sketch" in info["routes"]
    assert info["jobs_done"] == 1 and info["failures"] == 1
    assert listed["queues"] == {"keyframe.default": 1}  # the third keyframe waits


def complete_in_one(client: APIClient, job: dict[str, Any], uri: str, body: bytes) -> Any:
    """Complete a leased keyframe job with its PNG in the same request (multipart)."""
    outcome = WebhookPayload(
        task_id=job["job_id"], task_type=TaskType.KEYFRAME, status=TaskStatus.SUCCESS,
        backend="sketch", result=KeyframeResult(uri=uri, width=16, height=9, backend="sketch"),
        finished_at=datetime.now(timezone.utc),
    )  # fmt: skip
    return client.post(
        f"/api/node/leases/{job['lease_id']}/complete",
        {
            "outcome": LeaseOutcome(outcome=outcome).model_dump_json(),
            "result": io.BytesIO(body),
        },
        format="multipart",
    )


def test_the_result_and_its_outcome_in_one_request(alice: APIClient) -> None:
    from django.core.files.storage import default_storage

    _node, key = fleet.node_add(name="one-call")
    drawer = APIClient()
    drawer.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = {"capabilities": capabilities("keyframe.sketch").model_dump(mode="json")}
    registered = drawer.post("/api/node/register", body, format="json").json()
    assert registered["result_with_outcome"] is True  # how a node knows it may
    project = project_with_shots(alice, 4)
    alice.post(f"/api/projects/{project.id}/generate_images", format="json")
    first, second, third, fourth = lease(drawer)
    image = png()

    answer = complete_in_one(drawer, first, first["upload"]["key"], image)
    assert answer.status_code == 200 and answer.json() == {"applied": True}, answer.content
    shot = Task.objects.get(jobs__id=first["job_id"]).shot
    assert shot is not None and shot.made_by == {"keyframe": "one-call"}
    with shot.image.open("rb") as kept:
        assert kept.read() == image  # the file that came with the outcome
    # nothing was written where an upload goes, so nothing is left behind
    written = (
        default_storage.listdir("node-results")[1] if default_storage.exists("node-results") else []
    )
    assert not [name for name in written if first["lease_id"] in name]

    # the file must be the lease's own: an outcome naming another is refused, and so is a
    # form without the file, and a file over the limit; none of them changes the shot
    forged = complete_in_one(drawer, second, "keyframes/someone-else.png", image)
    assert forged.status_code == 400 and forged.json()["error"] == "bad_result"
    no_file = drawer.post(
        f"/api/node/leases/{second['lease_id']}/complete",
        {"outcome": "{}"},
        format="multipart",
    )
    assert no_file.status_code == 400, no_file.content
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fleet, "MAX_UPLOAD_BYTES", len(image) - 1)
        too_big = complete_in_one(drawer, third, third["upload"]["key"], image)
    assert too_big.status_code == 413 and too_big.json()["error"] == "too_large"
    unchanged = Task.objects.filter(jobs__id__in=[second["job_id"], third["job_id"]])
    assert {t.status for t in unchanged} == {TaskStatus.RUNNING}
    # the lease still holds: the right file then goes through
    assert complete_in_one(drawer, second, second["upload"]["key"], image).status_code == 200
    # and the two-request way (upload, then outcome) still works for older nodes
    assert complete_keyframe(drawer, fourth) == {"applied": True}
    assert Node.objects.get(name="one-call").jobs_done == 3


def test_a_result_changes_only_what_it_made(
    alice: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shot's picture and voice come from jobs that finish side by side on two nodes, and
    a person may edit the shot meanwhile: the picture's outcome, applied while the voice's
    lands, keeps the voice, the edit and the voice's node."""
    drawer = node("drawer", "keyframe.sketch")
    project = project_with_shots(alice, 1)
    shot = Shot.objects.get(project=project)
    alice.post(f"/api/projects/{project.id}/generate_images", format="json")
    (job,) = lease(drawer)
    read_upload = fleet._read_upload

    def meanwhile(uri: str) -> bytes:  # after the shot was read, before it is written
        Shot.objects.filter(id=shot.id).update(
            audio="narration/spoken.wav", duration_s=4.2, prompt="edited meanwhile",
            made_by={"narration": "speaker"},
        )  # fmt: skip
        return read_upload(uri)

    monkeypatch.setattr(fleet, "_read_upload", meanwhile)
    assert complete_keyframe(drawer, job) == {"applied": True}
    shot.refresh_from_db()
    assert shot.image.name.startswith("keyframes/") and shot.status is TaskStatus.SUCCESS
    assert (shot.audio.name, shot.duration_s, shot.prompt) == (
        "narration/spoken.wav", 4.2, "edited meanwhile",
    )  # fmt: skip
    assert shot.made_by == {"narration": "speaker", "keyframe": "drawer"}


def test_a_lease_that_runs_out_goes_to_the_next_node(alice: APIClient) -> None:
    first = node("first", "storyboard.planner")
    second = node("second", "storyboard.planner")
    with override_settings(STORYREEL_LEASE_TTL_S=0.3):
        project_with_shots(alice, 0)
        (held,) = lease(first)
        assert first.post(f"/api/node/leases/{held['lease_id']}/heartbeat").status_code == 200
        assert lease(second) == []  # renewed: still the first node's
        time.sleep(0.4)
        (taken,) = lease(second)  # ran out: the second node takes it
    assert taken["job_id"] == held["job_id"] and taken["lease_id"] != held["lease_id"]
    lost = first.post(f"/api/node/leases/{held['lease_id']}/heartbeat")
    assert lost.status_code == 409
    assert Task.objects.get(jobs__id=held["job_id"]).attempts == 2
    # a stopping node hands its job back: waiting again at once, for anyone
    assert second.post(f"/api/node/leases/{taken['lease_id']}/release").status_code == 200
    task = Task.objects.get(jobs__id=held["job_id"])
    assert task.status is TaskStatus.PENDING
    assert [j["job_id"] for j in lease(first)] == [held["job_id"]]


def test_a_waiting_node_takes_a_job_the_moment_it_is_offered(alice: APIClient) -> None:
    """The long poll asks the queue every STORYREEL_LEASE_POLL_S; a job offered in the same
    process wakes it at once (here the poll is 5 s, so only the wake-up can be quick)."""
    drawer = node("waiter", "keyframe.sketch")
    project = project_with_shots(alice, 1)
    answers: list[tuple[float, list[dict[str, Any]]]] = []

    def long_poll() -> None:
        asked = time.monotonic()
        answer = drawer.post("/api/node/lease", {"slots": 1, "wait_s": 20}, format="json")
        answers.append((time.monotonic() - asked, answer.json()["jobs"]))

    with override_settings(STORYREEL_LEASE_POLL_S=5.0):
        waiting = threading.Thread(target=long_poll)
        waiting.start()
        time.sleep(0.5)  # the poll found nothing and waits
        offered = time.monotonic()
        alice.post(f"/api/projects/{project.id}/generate_images", format="json")
        waiting.join(30)
        took_after_offer = time.monotonic() - offered
    ((took, jobs),) = answers
    assert len(jobs) == 1 and took > 0.5
    assert took_after_offer < 2.0, f"the node waited {took_after_offer:.1f} s for the job"


def test_jobs_for_busy_slots_only_while_more_wait_than_the_fleet_has_slots(
    alice: APIClient,
) -> None:
    first = node("first", "storyboard.planner")
    node("second", "storyboard.planner")  # the live fleet: 2 slots
    for _ in range(4):
        project_with_shots(alice, 0)  # 4 storyboard jobs wait

    def ahead(client: APIClient) -> tuple[int, float]:
        started = time.monotonic()
        answer = client.post("/api/node/lease", {"slots": 1, "ahead": 1, "wait_s": 5}, "json")
        assert answer.status_code == 200, answer.content
        return len(answer.json()["jobs"]), time.monotonic() - started

    assert ahead(first)[0] == 1  # 4 wait: more than 2 slots + the 1 asked
    assert ahead(first)[0] == 1  # 3 wait
    taken, took = ahead(first)  # 2 wait: they go to free slots; no long poll for busy ones
    assert taken == 0 and took < 2
    assert len(lease(first, slots=1)) == 1  # a free slot takes one whatever the depth
    refused = first.post("/api/node/lease", {"slots": 1, "ahead": 2}, format="json")
    assert refused.status_code == 400


def test_while_jobs_are_being_made_a_busy_node_waits_a_moment_for_one_ahead(
    alice: APIClient,
) -> None:
    """At the start of a run the queue is shallow because its jobs are still being made: a
    request for busy slots waits (up to half a second) for it to deepen, instead of being
    refused and asking again only when a slot frees."""
    filler = node("filler", "keyframe.sketch")  # the live fleet: 1 slot
    first = project_with_shots(alice, 1)
    alice.post(f"/api/projects/{first.id}/generate_images", format="json")
    assert len(lease(filler, slots=1)) == 1  # its slot is busy; nothing waits
    answers: list[tuple[int, float]] = []

    def ahead() -> None:
        started = time.monotonic()
        answer = filler.post("/api/node/lease", {"slots": 1, "ahead": 1, "wait_s": 5}, "json")
        answers.append((len(answer.json()["jobs"]), time.monotonic() - started))

    asking = threading.Thread(target=ahead)
    asking.start()
    time.sleep(0.2)  # it found the queue empty and waits
    more = project_with_shots(alice, 3)
    alice.post(f"/api/projects/{more.id}/generate_images", format="json")  # 3 wait: deep
    asking.join(10)
    ((taken, took),) = answers
    assert taken == 1 and took < 2
    # when no job has been offered for a while, a shallow queue refuses at once, as before
    assert len(lease(filler, slots=1)) == 1  # 1 waits now: fewer than 1 slot + 1 asked
    time.sleep(1.1)
    started = time.monotonic()
    refused = filler.post("/api/node/lease", {"slots": 1, "ahead": 1, "wait_s": 5}, "json")
    assert refused.json()["jobs"] == [] and time.monotonic() - started < 0.4


def test_the_sweep_requeues_and_ends_what_no_node_can_run(alice: APIClient) -> None:
    drawer = node("drawer", "storyboard.planner", "keyframe.sketch")
    project_with_shots(alice, 0)
    (held,) = lease(drawer)
    later = django_tz.now() + timedelta(seconds=120)
    requeued, failed = fleet.jobs_sweep(now=later)
    assert (requeued, failed) == (1, 0)
    job = Job.objects.get(id=held["job_id"])
    assert job.state == JobState.WAITING and job.node is None
    # the node is still live: the task's deadline is pushed out rather than failed
    task = Task.objects.get(jobs__id=held["job_id"])
    Task.objects.filter(id=task.id).update(deadline=django_tz.now())
    fleet.jobs_sweep()
    task.refresh_from_db()
    assert task.status is TaskStatus.PENDING and task.deadline > django_tz.now()
    # the node goes away for longer than STORYREEL_NODE_LIVE_S: the task ends, saying why
    Node.objects.update(last_seen=django_tz.now() - timedelta(hours=1))
    Task.objects.filter(id=task.id).update(deadline=django_tz.now())
    assert fleet.jobs_sweep() == (0, 1)
    task.refresh_from_db()
    assert task.status is TaskStatus.FAILED and "no node can run" in task.err_msg
    assert lease(drawer) == []  # and it is not handed out any more


def test_voices_and_health_come_from_the_live_nodes(alice: APIClient) -> None:
    assert alice.get("/api/voices").status_code == 503  # no node yet: says how to start one
    node("a", "narration.piper", voices=(("joe", "en"),))
    node("b", "narration.espeak", voices=(("zh", "zh"), ("en", "en")))
    voices = alice.get("/api/voices").json()
    assert voices["voices"] == ["en", "joe", "zh"]
    health = alice.get("/api/health").json()["checks"]["node"]
    assert health["ok"] and health["detail"].startswith("2 pull node(s) live")


def test_with_object_storage_the_node_uploads_straight_to_the_bucket(
    alice: APIClient,
    s3_storage: str,  # noqa: F811  (the fixture imported above)
) -> None:
    import httpx
    from django.core.files.storage import default_storage

    drawer = node("drawer", "storyboard.planner", "keyframe.sketch")
    project = project_with_shots(alice, 1)
    lease(drawer)
    shot = project.shots.get()
    alice.post(f"/api/shots/{shot.id}/generate_image", format="json")
    (job,) = lease(drawer)
    upload = job["upload"]
    assert not upload["server"] and upload["url"].startswith(s3_storage)  # presigned PUT
    assert httpx.put(upload["url"], content=png()).status_code == 200  # no node key there
    assert complete_with(drawer, job, upload["key"]) == {"applied": True}
    shot.refresh_from_db()
    assert shot.image.name.startswith("keyframes/") and default_storage.exists(shot.image.name)
    assert not default_storage.exists(upload["key"])  # the upload was kept as the shot's


def test_a_voice_for_another_language_is_refused_when_the_project_is_made(
    alice: APIClient,
) -> None:
    node("speaker", "storyboard.planner", "narration.piper", "narration.espeak",
         voices=(("joe", "en"), ("espeak-cmn", "zh")))  # fmt: skip
    refused = alice.post(
        "/api/projects/create", {"story": "灯笼匠的女儿住在河边。", "voice": "joe"}, format="json"
    )
    assert refused.status_code == 400
    body = refused.json()
    assert body["error"] == "voice_language"
    assert "'joe' speaks English" in body["message"] and "espeak-cmn" in body["message"]
    assert not Project.objects.exists()  # nothing made
    made = alice.post(
        "/api/projects/create", {"story": "灯笼匠的女儿住在河边。", "voice": "espeak-cmn"},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201
