"""The server's estimate before a video is made: the speeds of its own finished tasks, the
planner's cut of the story, and the shared pricing (storyreel.media.estimate)."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from storyreel.contract import Language, StoryboardRequest, TaskStatus, TaskType
from storyreel.media.estimate import Speeds, price
from storyreel.server.studio.models import Project, Shot, Task
from storyreel.storyboard.planner import plan_storyboard

STORY = (
    "The lantern maker worked by the river.\n\nHer daughter painted the paper red.\n\n"
    "At night the town lit every lantern, and the river glowed until dawn."
)


@pytest.fixture(autouse=True)
def no_dispatch() -> object:
    with mock.patch("storyreel.server.studio.tasks.task_dispatch.delay") as delay:
        yield delay


def _ran(project: Project, kind: TaskType, seconds: float, **fields: object) -> None:
    task = Task.objects.create(
        owner=project.owner, project=project, type=kind, status=TaskStatus.SUCCESS, **fields
    )
    end = timezone.now()
    Task.objects.filter(id=task.id).update(started_at=end - timedelta(seconds=seconds),
                                           updated_at=end)  # fmt: skip


def test_a_fresh_server_says_what_it_has_not_measured(alice: APIClient) -> None:
    answer = alice.post("/api/estimate", {"story": STORY}, format="json")
    assert answer.status_code == 200, answer.content
    made = answer.json()
    assert made["shots"] == 3 and made["note"].startswith("not measured on this server yet")
    assert made["samples"]["keyframes"] == 0
    for bad in ({"story": ""}, {"story": "x" * 20_001}, {"story": STORY, "aspect": "4:3"}):
        assert alice.post("/api/estimate", bad, format="json").status_code == 400, bad
    assert APIClient().post("/api/estimate", {"story": STORY}, format="json").status_code == 401


def test_the_estimate_prices_the_story_at_this_servers_own_speeds(alice: APIClient) -> None:
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.get(username="alice")
    project = Project.objects.create(owner=owner, title="t", story=STORY, language=Language.EN)
    for seconds in (1.8, 2.0, 2.2):
        _ran(project, TaskType.KEYFRAME, seconds)
    for chars, seconds in ((40, 2.0), (80, 4.0)):
        _ran(project, TaskType.NARRATION, seconds, payload={"text": "a" * chars})
    for video_s, seconds in ((10.0, 4.0), (30.0, 8.0)):  # 2 s + 0.2 s a second of video
        _ran(project, TaskType.EXPORT, seconds, result_data={"duration_s": video_s})
    _ran(project, TaskType.STORYBOARD, 0.5)
    Shot.objects.create(project=project, order=0, prompt="p", narration="n" * 50, duration_s=3.0)

    made = alice.post("/api/estimate", {"story": STORY, "language": "en"}, format="json").json()
    board = plan_storyboard(StoryboardRequest(story=STORY, language=Language.EN)).storyboard
    speeds = Speeds(
        keyframe_s=2.0,
        voice_load_s=0.0,
        narration_s_per_char=0.05,
        speech_s_per_char=0.06,
        export_fixed_s=2.0,
        export_s_per_video_s=0.2,
    )
    expected = price([len(s.narration) for s in board.shots], speeds, storyboard_s=0.5)
    assert made["note"] == ""
    assert made["samples"] == {"storyboard": 1, "keyframes": 3, "narration": 2, "export": 2,
                               "speech pace": 1}  # fmt: skip
    assert made["shots"] == expected.shots
    assert made["video_s"] == pytest.approx(expected.video_s, abs=0.01)
    assert made["stages"] == pytest.approx(expected.stages, abs=0.01)
    assert made["total_s"] == pytest.approx(expected.total_s, abs=0.02)


def test_a_node_job_counts_its_model_time_not_its_wait_in_the_queue(alice: APIClient) -> None:
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.get(username="alice")
    project = Project.objects.create(owner=owner, title="t", story=STORY, language=Language.EN)
    # three keyframes sent at once to a one-job-at-a-time node: 1 s of model time each,
    # the last finished 3 s after it was sent
    for waited in (1.0, 2.0, 3.0):
        _ran(project, TaskType.KEYFRAME, waited, result_data={"model_ms": 1000.0})
    made = alice.post("/api/estimate", {"story": STORY}, format="json").json()
    assert made["stages"]["keyframes"] == pytest.approx(1.0 * made["shots"], abs=0.01)


def test_the_timing_counts_each_stage_once_however_many_shots_ran_at_once(
    alice: APIClient, bob: APIClient
) -> None:
    """A project's timing: per stage, the time at least one of its latest finished tasks
    (per shot; the latest storyboard and export) was on its way or running; tasks made at
    once count once; failed and superseded ones and the pause between stages not at all;
    another user's project is not found."""
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.get(username="alice")
    project = Project.objects.create(owner=owner, title="t", story=STORY, language=Language.EN)
    shots = [
        Shot.objects.create(project=project, order=n, prompt="p", narration="n") for n in range(3)
    ]
    start = timezone.now() - timedelta(minutes=10)

    def ran(
        kind: TaskType,
        begin: float,
        end: float,
        shot: Shot | None = None,
        status: TaskStatus = TaskStatus.SUCCESS,
    ) -> None:
        task = Task.objects.create(
            owner=owner, project=project, shot=shot, type=kind, status=status
        )
        at = {"created_at": begin, "updated_at": end}
        Task.objects.filter(id=task.id).update(
            **{field: start + timedelta(seconds=s) for field, s in at.items()}
        )

    ran(TaskType.STORYBOARD, 0, 2)
    ran(TaskType.KEYFRAME, 10, 30, shots[0])  # made again below: superseded
    ran(TaskType.KEYFRAME, 60, 70, shots[0])  # three shots, two at once, one after a gap
    ran(TaskType.KEYFRAME, 62, 75, shots[1])
    ran(TaskType.KEYFRAME, 100, 104, shots[2])
    ran(TaskType.KEYFRAME, 80, 200, shots[2], TaskStatus.FAILED)
    ran(TaskType.EXPORT, 200, 250)  # an earlier export: the latest one made the video
    ran(TaskType.EXPORT, 300, 306.5)
    answer = alice.get(f"/api/projects/{project.id}/timing")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "stages": {"storyboard": 2.0, "keyframes": 19.0, "export": 6.5},
        "total_s": 27.5,
    }
    assert bob.get(f"/api/projects/{project.id}/timing").status_code == 404
    assert APIClient().get(f"/api/projects/{project.id}/timing").status_code == 401
