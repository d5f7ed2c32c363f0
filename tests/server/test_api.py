"""The API without a model node: auth, validation, isolation between users, the webhook."""

from __future__ import annotations

import time
import uuid
from unittest import mock

import pytest
from rest_framework.test import APIClient

from livestack import post_webhook
from storyreel.contract import KeyframeRequest, TaskStatus
from storyreel.server.studio.models import Project, Shot, Task

STORY = "The storm came at dusk. The keeper lit the lamp. A ship turned away from the rocks."


@pytest.fixture(autouse=True)
def no_dispatch() -> object:
    """Tasks stay PENDING here: the flow with a real node is in test_flow.py."""
    with mock.patch("storyreel.server.studio.tasks.task_dispatch.delay") as delay:
        yield delay


def _project_with_shot(client: APIClient) -> tuple[int, int, str]:
    created = client.post("/api/projects/create", {"title": "Storm", "story": STORY}, format="json")
    assert created.status_code == 201, created.content
    project_id = created.json()["project"]["id"]
    project = Project.objects.get(id=project_id)
    shot = Shot.objects.create(
        project=project, order=0, prompt="a lighthouse", narration="The storm came."
    )
    return project_id, shot.id, created.json()["task"]["task_id"]


def test_register_login_and_token_required(db: None) -> None:
    client = APIClient()
    assert client.get("/api/projects/").status_code == 401
    assert (
        client.post(
            "/api/auth/register", {"username": "u", "password": "short"}, format="json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/auth/register", {"username": "u", "password": "long enough"}, format="json"
        ).status_code
        == 201
    )
    taken = client.post(
        "/api/auth/register", {"username": "u", "password": "long enough"}, format="json"
    )
    assert taken.status_code == 409 and taken.json()["error"] == "username_taken"
    bad = client.post(
        "/api/auth/login", {"username": "u", "password": "wrong password"}, format="json"
    )
    assert bad.status_code == 401 and bad.json()["message"] == "wrong username or password"
    token = client.post(
        "/api/auth/login", {"username": "u", "password": "long enough"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/projects/").json() == []


def test_create_project_queues_a_storyboard_task(alice: APIClient, no_dispatch: mock.Mock) -> None:
    created = alice.post("/api/projects/create", {"title": "Storm", "story": STORY}, format="json")
    body = created.json()
    assert body["project"]["language"] == "en"
    assert body["task"]["status"] == "PENDING" and body["task"]["type"] == "storyboard"
    status = alice.get(f"/api/tasks/{body['task']['task_id']}/status").json()
    assert status["status"] == "PENDING"
    assert [p["title"] for p in alice.get("/api/projects/").json()] == ["Storm"]
    untitled = alice.post("/api/projects/create", {"story": "雨夜。灯亮了。"}, format="json")
    assert untitled.json()["project"]["title"] == "雨夜"  # its first sentence, not "Untitled"


@pytest.mark.parametrize(
    ("body", "code", "mentions"),
    [
        ({"story": "   "}, "empty_story", "empty"),
        ({"story": "x" * 20_001}, "story_too_long", "over the limit of 20,000"),
        ({"story": STORY, "title": "t" * 201}, "invalid_request", "title"),
        ({"story": STORY, "aspect": "4:3"}, "invalid_request", "aspect"),
        ({}, "empty_story", "empty"),  # neither a story nor a topic
        ({"story": STORY, "language": "zh"}, "wrong_language", "no Chinese in it"),
        ({"topic": "t" * 301}, "invalid_request", "topic"),
        ({"topic": "rain", "story_length": "epic"}, "invalid_request", "story_length"),
    ],
)
def test_bad_projects_get_clear_400s(
    alice: APIClient, body: dict[str, object], code: str, mentions: str
) -> None:
    answer = alice.post("/api/projects/create", body, format="json")
    assert answer.status_code == 400, answer.content
    assert answer.json()["error"] == code and mentions in answer.json()["message"]
    assert Project.objects.count() == 0


def test_prompt_edits_keep_versions_and_can_be_restored(alice: APIClient) -> None:
    _project_id, shot_id, _task = _project_with_shot(alice)
    assert (
        alice.post(
            f"/api/shots/{shot_id}/update_prompt", {"prompt": "a red lighthouse"}, format="json"
        ).status_code
        == 200
    )
    assert (
        alice.post(
            f"/api/shots/{shot_id}/update_prompt", {"prompt": "p" * 1001}, format="json"
        ).status_code
        == 400
    )
    versions = alice.get(f"/api/shots/{shot_id}/versions").json()
    assert [v["prompt"] for v in versions] == ["a lighthouse"]
    restored = alice.post(f"/api/shots/{shot_id}/versions/{versions[0]['id']}/restore").json()
    assert restored["prompt"] == "a lighthouse"


def test_a_trimmed_length_is_kept_checked_and_composited(alice: APIClient) -> None:
    project_id, shot_id, _task = _project_with_shot(alice)
    url = f"/api/shots/{shot_id}/update_length"
    assert alice.post(url, {"length_s": 6.25}, format="json").json()["length_s"] == 6.25
    for bad in (0.1, 121, "long", -3):
        answer = alice.post(url, {"length_s": bad}, format="json")
        assert answer.status_code == 400, bad
    view = alice.get(f"/api/projects/{project_id}/storyboard").json()
    assert view["shots"][0]["length_s"] == 6.25  # the bad ones changed nothing
    # what the compositor gets: the trimmed length as the shot's wanted duration
    from storyreel.contract import storyboard_from_shots

    board = storyboard_from_shots(
        title="t", language="en", style="", aspect="16:9", shots=[Shot.objects.get(id=shot_id)]
    )
    assert board.shots[0].duration_s == 6.25
    assert alice.post(url, {"length_s": None}, format="json").json()["length_s"] is None


def test_a_deleted_shot_comes_back_where_it_was(alice: APIClient) -> None:
    project_id, first, _task = _project_with_shot(alice)
    project = Project.objects.get(id=project_id)
    second, third = (
        Shot.objects.create(project=project, order=i, prompt=f"p{i}", narration=f"n{i}").id
        for i in (1, 2)
    )

    def ids() -> list[int]:
        shots = alice.get(f"/api/projects/{project_id}/storyboard").json()["shots"]
        assert [s["order"] for s in shots] == list(range(len(shots)))
        return [s["id"] for s in shots]

    assert alice.delete(f"/api/shots/{second}/delete").status_code == 204
    assert ids() == [first, third]
    assert alice.get(f"/api/shots/{second}/versions").status_code == 404  # gone for the API
    listed = alice.get("/api/projects/").json()[0]
    assert listed["shot_count"] == 2
    assert alice.post(f"/api/shots/{first}/undelete").status_code == 404  # not deleted
    back = alice.post(f"/api/shots/{second}/undelete")
    assert back.status_code == 200 and [s["id"] for s in back.json()] == [first, second, third]
    assert ids() == [first, second, third]
    # deleted after a reorder and with fewer shots left: it comes back last
    assert alice.delete(f"/api/shots/{third}/delete").status_code == 204
    assert alice.delete(f"/api/shots/{second}/delete").status_code == 204
    assert alice.post(f"/api/shots/{third}/undelete").status_code == 200
    assert ids() == [first, third]


def test_other_users_things_do_not_exist(alice: APIClient, bob: APIClient) -> None:
    project_id, shot_id, task_id = _project_with_shot(alice)
    version = alice.post(f"/api/shots/{shot_id}/update_prompt", {"prompt": "x y"}, format="json")
    assert version.status_code == 200
    version_id = alice.get(f"/api/shots/{shot_id}/versions").json()[0]["id"]
    attempts = [
        ("get", f"/api/projects/{project_id}/storyboard", None),
        ("delete", f"/api/projects/{project_id}/delete", None),
        ("post", f"/api/projects/{project_id}/generate_images", None),
        ("post", f"/api/projects/{project_id}/reorder", {"shot_ids": [shot_id]}),
        ("post", f"/api/shots/{shot_id}/update_prompt", {"prompt": "mine now"}),
        ("post", f"/api/shots/{shot_id}/update_narration", {"narration": "mine now"}),
        ("post", f"/api/shots/{shot_id}/generate_image", None),
        ("post", f"/api/shots/{shot_id}/generate_video", None),
        ("post", f"/api/shots/{shot_id}/generate_narration", None),
        ("get", f"/api/shots/{shot_id}/versions", None),
        ("post", f"/api/shots/{shot_id}/versions/{version_id}/restore", None),
        ("post", f"/api/shots/{shot_id}/update_length", {"length_s": 9.0}),
        ("delete", f"/api/shots/{shot_id}/delete", None),
        ("post", f"/api/shots/{shot_id}/undelete", None),
        ("get", f"/api/tasks/{task_id}/status", None),
        ("post", f"/api/tasks/{task_id}/retry", None),
    ]
    for method, url, body in attempts:
        answer = getattr(bob, method)(url, body, format="json")
        assert answer.status_code == 404, (method, url, answer.status_code)
        assert answer.json()["error"] == "not_found"
    assert bob.get("/api/projects/").json() == []
    shot = Shot.objects.get(id=shot_id)
    assert shot.prompt == "x y" and shot.narration == "The storm came."  # untouched
    assert Task.objects.filter(project_id=project_id).count() == 1


def test_webhook_checks_signature_and_applies_once(alice: APIClient) -> None:
    _project_id, _shot_id, task_id = _project_with_shot(alice)
    task = Task.objects.get(id=task_id)
    task.status = TaskStatus.RUNNING.value
    task.save()
    outcome = {
        "task_id": task_id,
        "task_type": "storyboard",
        "status": "FAILED",
        "backend": "planner",
        "err_msg": "the model ran out of memory",
        "finished_at": "2026-11-28T00:00:00Z",
    }
    anonymous = APIClient()
    assert anonymous.post("/api/webhook/task_complete", outcome, format="json").status_code == 401
    assert post_webhook(anonymous, outcome, secret="wrong").status_code == 401
    assert post_webhook(anonymous, outcome, now=time.time() - 301).status_code == 401
    assert Task.objects.get(id=task_id).status == "RUNNING"

    first = post_webhook(anonymous, outcome)
    assert first.status_code == 200 and first.json() == {"applied": True}
    failed = alice.get(f"/api/tasks/{task_id}/status").json()
    assert failed["status"] == "FAILED" and failed["err_msg"] == "the model ran out of memory"

    late = dict(outcome, status="SUCCESS", err_msg=None)
    again = post_webhook(anonymous, late)
    assert again.status_code == 200 and again.json() == {"applied": False}
    assert alice.get(f"/api/tasks/{task_id}/status").json()["status"] == "FAILED"
    unknown = post_webhook(anonymous, dict(outcome, task_id=str(uuid.uuid4())))
    assert unknown.json() == {"applied": False}


def test_a_failed_task_can_be_retried_alone(alice: APIClient, no_dispatch: mock.Mock) -> None:
    _project_id, _shot_id, task_id = _project_with_shot(alice)
    assert alice.post(f"/api/tasks/{task_id}/retry").status_code == 409  # still PENDING
    Task.objects.filter(id=task_id).update(status="FAILED", err_msg="node down")
    retried = alice.post(f"/api/tasks/{task_id}/retry")
    assert retried.status_code == 202 and retried.json()["status"] == "PENDING"
    assert retried.json()["task_id"] != task_id


def test_openapi_schema_is_served(db: None) -> None:
    answer = APIClient().get("/api/schema/")
    assert answer.status_code == 200
    assert b"/api/shots/{shot_id}/generate_image" in answer.content


def test_a_video_for_a_shot_without_an_image_is_refused_at_once(alice: APIClient) -> None:
    """It used to answer 202 and stay PENDING: now nothing is queued and the shot is as it was."""
    _project_id, shot_id, _task = _project_with_shot(alice)
    answer = alice.post(f"/api/shots/{shot_id}/generate_video")
    assert answer.status_code == 400
    assert answer.json()["error"] == "no_image"
    assert "generate the shot's image first" in answer.json()["message"]
    assert not Task.objects.filter(shot_id=shot_id, type="motion").exists()


def test_a_task_payload_is_the_stage_request_as_asked(alice: APIClient) -> None:
    """`Task.payload` means one thing: what the task asks its stage (fixed when it is created)."""
    _project_id, shot_id, _task = _project_with_shot(alice)
    answer = alice.post(f"/api/shots/{shot_id}/generate_image")
    task = Task.objects.get(id=answer.json()["task_id"])
    request = KeyframeRequest.model_validate(task.payload)
    assert request.prompt == Shot.objects.get(id=shot_id).prompt


def test_a_task_for_a_project_deleted_meanwhile_is_a_409_not_a_500(alice: APIClient) -> None:
    """Two requests at once (found by Schemathesis): one deletes, the other exports."""
    from django.db import IntegrityError

    project_id, _shot_id, _task = _project_with_shot(alice)
    with mock.patch(
        "storyreel.server.studio.services.export.task_create",
        side_effect=IntegrityError("FOREIGN KEY constraint failed"),
    ):
        answer = alice.post(f"/api/projects/{project_id}/export", {}, format="json")
    assert answer.status_code == 409 and answer.json()["error"] == "conflict"


def test_an_export_asks_for_a_loudness_or_none(alice: APIClient) -> None:
    project_id, _shot, _task = _project_with_shot(alice)
    url = f"/api/projects/{project_id}/export"
    default = alice.post(url, {}, format="json").json()["task_id"]
    quieter = alice.post(url, {"loudness_lufs": -23}, format="json").json()["task_id"]
    as_made = alice.post(url, {"loudness_lufs": None}, format="json").json()["task_id"]
    payloads = [Task.objects.get(id=t).payload for t in (default, quieter, as_made)]
    assert [p["loudness_lufs"] for p in payloads] == [-16.0, -23.0, None]
    for bad in (-2, -60, "loud"):
        assert alice.post(url, {"loudness_lufs": bad}, format="json").status_code == 400


def test_an_export_asks_for_a_bundled_music_bed_by_name_only(alice: APIClient) -> None:
    project_id, _shot, _task = _project_with_shot(alice)
    url = f"/api/projects/{project_id}/export"
    with_bed = alice.post(url, {"music": "calm", "duck_db": 15}, format="json").json()
    payload = Task.objects.get(id=with_bed["task_id"]).payload
    assert (payload["music"], payload["duck_db"], payload["music_volume_db"]) == ("calm", 15, -12)
    assert (
        Task.objects.get(id=alice.post(url, {}, format="json").json()["task_id"]).payload["music"]
        == ""
    )
    # a path is not a bed: the server reads no file a request names
    for bad in ({"music": "/etc/passwd"}, {"music": "jazz"}, {"duck_db": 99}):
        assert alice.post(url, bad, format="json").status_code == 400


def test_a_shot_names_its_transition_and_an_export_its_default_and_subtitles(
    alice: APIClient,
) -> None:
    project_id, shot_id, _task = _project_with_shot(alice)
    url = f"/api/shots/{shot_id}/update_transition"
    assert alice.post(url, {"transition": "dip"}, format="json").json()["transition"] == "dip"
    for bad in ("wipe", None, 3):
        assert alice.post(url, {"transition": bad}, format="json").status_code == 400
    view = alice.get(f"/api/projects/{project_id}/storyboard").json()
    assert view["shots"][0]["transition"] == "dip"  # the bad ones changed nothing
    from storyreel.contract import Transition, storyboard_from_shots

    board = storyboard_from_shots(
        title="t", language="en", style="", aspect="16:9", shots=[Shot.objects.get(id=shot_id)]
    )
    assert board.shots[0].transition is Transition.DIP
    assert alice.post(url, {"transition": ""}, format="json").json()["transition"] == ""

    export = f"/api/projects/{project_id}/export"
    asked = {"transition": "slide", "subtitles": {"preset": "box", "position": "top",
             "size": "large", "highlight_words": True, "highlight": "#00FF88"}}  # fmt: skip
    payload = Task.objects.get(
        id=alice.post(export, asked, format="json").json()["task_id"]
    ).payload
    assert payload["transition"] == "slide"
    assert payload["subtitles"] == asked["subtitles"]
    plain = Task.objects.get(id=alice.post(export, {}, format="json").json()["task_id"]).payload
    assert plain["transition"] == "crossfade" and plain["subtitles"]["preset"] == "outline"
    assert plain["subtitles"]["highlight_words"] is False
    for bad in (
        {"transition": "wipe"},
        {"subtitles": {"preset": "neon"}},
        {"subtitles": {"highlight": "yellow"}},
        {"subtitles": {"position": "left"}},
    ):
        assert alice.post(export, bad, format="json").status_code == 400, bad


def test_documents_ask_for_known_formats_and_follow_an_export(alice: APIClient) -> None:
    project_id, _shot, _task = _project_with_shot(alice)
    url = f"/api/projects/{project_id}/documents"
    for bad in ({"formats": ["docx"]}, {"formats": []}, {"formats": ["pdf"], "panels": 5},
                {"formats": ["pdf"], "paper": "A3"}, {}):  # fmt: skip
        assert alice.post(url, bad, format="json").status_code == 400, bad
    every = alice.post(url, {"formats": ["all"]}, format="json")
    assert every.status_code == 202
    kinds = [Task.objects.get(id=t["task_id"]).payload["format"] for t in every.json()]
    assert kinds == ["pdf", "otio", "fcp7", "fcpxml", "edl", "kdenlive", "stems"]
    # run on a worker: without an export there is nothing to follow yet
    from storyreel.server.studio.services.documents import documents_run

    task = Task.objects.get(id=every.json()[0]["task_id"])
    documents_run(task=task)
    task.refresh_from_db()
    assert task.status is TaskStatus.FAILED
    assert task.err_msg == "export the video first: the documents follow its cut"
    answer = alice.get(f"/api/tasks/{task.id}/download")
    assert answer.status_code == 404 and answer.json()["error"] == "no_file"
