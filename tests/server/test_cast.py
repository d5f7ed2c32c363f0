"""The story bible on the project: read by the storyboard, kept on the project, set or
edited by a person (shot prompts follow), and passed to the storyboard when set."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from unittest import mock

import pytest
from rest_framework.test import APIClient

from livestack import post_webhook
from storyreel.contract import (
    StoryboardRequest,
    TaskStatus,
    TaskType,
    WebhookPayload,
)
from storyreel.server.studio.models import Project, Shot, Task
from storyreel.server.studio.services.tasks import stage_request
from storyreel.storyboard.planner import plan_storyboard

STORY = (
    "Mei lived by the river with her father. Every night Mei lit a red lantern. "
    '"Come home," she called, and her father rowed his boat to the shore.'
)


@pytest.fixture(autouse=True)
def no_dispatch() -> Any:
    with mock.patch("storyreel.server.studio.tasks.task_dispatch.delay") as delay:
        yield delay


def _storyboard_done(client: APIClient, project_id: int) -> None:
    """The storyboard task's outcome, as a node would send it (the planner's own answer)."""
    task = Task.objects.get(project_id=project_id, type=TaskType.STORYBOARD)
    request = StoryboardRequest.model_validate(task.payload)
    Task.objects.filter(id=task.id).update(status=TaskStatus.RUNNING)  # a node took it
    payload = WebhookPayload(
        task_id=str(task.id), task_type=TaskType.STORYBOARD, status=TaskStatus.SUCCESS,
        backend="planner", result=plan_storyboard(request), finished_at=datetime.now(timezone.utc),
    )  # fmt: skip
    answer = post_webhook(client, payload.model_dump(mode="json"))
    assert answer.status_code == 200 and answer.json()["applied"], answer.content


def test_the_storyboard_keeps_its_cast_on_the_project_and_a_person_edits_it(
    alice: APIClient,
) -> None:
    created = alice.post("/api/projects/create", {"story": STORY}, format="json").json()
    project_id = created["project"]["id"]
    assert created["project"]["cast"] == [] and not created["project"]["cast_fixed"]
    _storyboard_done(alice, project_id)
    view = alice.get(f"/api/projects/{project_id}/storyboard").json()
    cast = {m["name"]: m for m in view["project"]["cast"]}
    assert set(cast) == {"Mei", "the father"}
    assert "riverbank" in view["project"]["places"]
    mei = cast["Mei"]
    described = f"Mei ({mei['look']})"
    assert any(described in shot["prompt"] for shot in view["shots"])

    # a person gives Mei another look and renames her father: the prompts follow
    edited = [
        {"name": "Mei", "look": "a girl of ten in a yellow raincoat", "story_names": []},
        {"name": "Old Wu", "was": "the father", "look": cast["the father"]["look"]},
    ]
    answer = alice.post(f"/api/projects/{project_id}/cast", {"cast": edited}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["cast_fixed"] and answer.json()["cast"][1]["name"] == "Old Wu"
    prompts = [s.prompt for s in Shot.objects.filter(project_id=project_id)]
    assert not any(described in p for p in prompts)
    assert any("Mei (a girl of ten in a yellow raincoat)" in p for p in prompts)
    assert any(p.count("Old Wu (") for p in prompts)
    # a storyboard made again uses the person's cast as given
    project = Project.objects.get(id=project_id)
    request = StoryboardRequest.model_validate(
        stage_request(project, None, TaskType.STORYBOARD, {})
    )
    assert request.cast is not None and [m.name for m in request.cast] == ["Mei", "Old Wu"]


@pytest.mark.parametrize(
    "cast",
    [
        [{"name": "Mei"}],  # no look
        [{"name": "", "look": "a girl"}],
        [{"name": "Mei", "look": "a girl"}, {"name": "mei", "look": "another"}],
        [{"name": "Mei", "look": "x" * 301}],
        "Mei",
    ],
)
def test_a_bad_cast_is_a_clear_400_and_changes_nothing(alice: APIClient, cast: object) -> None:
    answer = alice.post("/api/projects/create", {"story": STORY, "cast": cast}, format="json")
    assert answer.status_code == 400, answer.content
    assert "cast" in answer.json()["message"] or "same name" in answer.json()["message"]
    assert Project.objects.count() == 0


def test_a_cast_given_at_creation_goes_to_the_storyboard(alice: APIClient) -> None:
    cast = [{"name": "Mei", "look": "a girl of ten in a yellow raincoat"}]
    created = alice.post("/api/projects/create", {"story": STORY, "cast": cast}, format="json")
    project_id = created.json()["project"]["id"]
    _storyboard_done(alice, project_id)
    project = Project.objects.get(id=project_id)
    assert [m["name"] for m in project.cast] == ["Mei"] and project.cast_fixed
    prompts = [s.prompt for s in Shot.objects.filter(project_id=project_id)]
    assert any("Mei (a girl of ten in a yellow raincoat)" in p for p in prompts)
