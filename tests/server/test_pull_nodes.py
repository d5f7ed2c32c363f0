"""Real pull nodes (`storyreel node --server URL --node-key K`, each its own process, no port
opened) doing the work of the live test server: the real sketch, planner and piper backends
on a mixed fleet, and a node killed in the middle of a run losing nothing."""

from __future__ import annotations

import json
import logging
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from nodekit import PullNodeProcess, start_pull_node, stop_pull_node
from storyreel.client.core.api import ApiClient
from storyreel.client.core.flow import story_to_video
from storyreel.contract import TaskStatus, VideoOrder
from storyreel.media.probe import probe_media
from storyreel.progress import RecordingProgress
from storyreel.server.studio.models import Job, JobState, Node, Task
from storyreel.server.studio.services import fleet

STORY = (  # a paragraph a shot: jobs enough for two nodes
    "The storm came at dusk.\n\nThe keeper climbed the stairs and lit the lamp.\n\n"
    "Far out, a ship turned away from the rocks.\n\nIn the morning the sea was calm.\n\n"
)
TTL_S = 3.0


@pytest.fixture()
def pulling(live_server: Any) -> Iterator[str]:
    """The live server in pull mode, leases of TTL_S."""
    url = str(live_server.url)
    with override_settings(
        STORYREEL_NODE_URL="", STORYREEL_PUBLIC_URL=url, STORYREEL_LEASE_TTL_S=TTL_S
    ):
        yield url


def _pull_node(url: str, tmp: Path, name: str, **options: Any) -> PullNodeProcess:
    _node, key = fleet.node_add(name=name)

    def registered() -> bool:
        return Node.objects.filter(name=name, last_seen__isnull=False).exists()

    return start_pull_node(url, key, tmp, name=name, registered=registered, **options)


@pytest.mark.django_db(transaction=True)
def test_a_mixed_fleet_makes_the_video_each_job_on_a_node_that_has_it(
    pulling: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="storyreel.server.requests")
    drawer = _pull_node(
        pulling, tmp_path, "drawer", slots=2,
        extra_env={"STORYREEL_NODE_BACKENDS": "storyboard.planner,keyframe.sketch"},
    )  # fmt: skip
    speaker = _pull_node(
        pulling, tmp_path, "speaker", slots=1,
        extra_env={"STORYREEL_NODE_BACKENDS": "narration.piper,keyframe.sketch"},
    )  # fmt: skip
    try:
        with ApiClient(pulling) as api:
            api.register("fleet", "correct horse battery")
            summary = story_to_video(
                api, VideoOrder(story=STORY, title="Fleet", voice="joe", short_side=180),
                tmp_path / "fleet.mp4", RecordingProgress(),
            )  # fmt: skip
            shots = api.storyboard(summary.project_id).shots
    finally:
        stop_pull_node(drawer)
        stop_pull_node(speaker)
    assert probe_media(summary.video).duration_s > 5
    storyboard = Task.objects.get(project_id=summary.project_id, type="storyboard")
    assert storyboard.node == "drawer"  # only it has the planner
    makers = [shot.made_by for shot in shots]
    assert all(m["narration"] == "speaker" for m in makers)  # only it has piper
    assert {m["keyframe"] for m in makers} <= {"drawer", "speaker"}  # either may draw
    counts = {n.name: n.jobs_done for n in Node.objects.all()}
    assert counts["drawer"] + counts["speaker"] == 1 + 2 * len(shots)
    assert not Job.objects.exclude(state=JobState.DONE).exists()
    # each picture and voice came in the request that completed its lease (local storage)
    calls = [
        json.loads(r.getMessage())["path"]
        for r in caplog.records
        if r.name == "storyreel.server.requests"
    ]
    completes = [c for c in calls if c.startswith("/api/node/leases/") and c.endswith("/complete")]
    assert len(completes) == 1 + 2 * len(shots)
    assert not [c for c in calls if c.endswith("/result")]


@pytest.mark.django_db(transaction=True)
def test_a_node_killed_mid_run_loses_nothing(pulling: str, tmp_path: Path) -> None:
    hold = {
        "STORYREEL_NODE_HOLD_S": "2",
        "STORYREEL_NODE_BACKENDS": "storyboard.planner,keyframe.hold",
    }
    doomed = _pull_node(pulling, tmp_path, "doomed", slots=2, extra_env=hold)
    with ApiClient(pulling) as api:
        api.register("killer", "correct horse battery")
        project = api.create_project(story=STORY * 2, title="Kill")
        deadline = time.monotonic() + 60
        while api.task(project.task.task_id).status is not TaskStatus.SUCCESS:
            assert time.monotonic() < deadline, "the storyboard did not finish"
            time.sleep(0.2)
        survivor = _pull_node(pulling, tmp_path, "survivor", slots=2, extra_env=hold)
        tasks = api.generate_images(project.project.id, backend="hold")
        assert len(tasks) >= 6
        while not Job.objects.filter(state=JobState.LEASED, node__name="doomed").exists():
            time.sleep(0.05)
        held = set(
            Job.objects.filter(state=JobState.LEASED, node__name="doomed").values_list(
                "task_id", flat=True
            )
        )
        doomed.process.send_signal(signal.SIGKILL)  # no drain, no goodbye
        killed_at = timezone.now()
        doomed.process.wait()
        try:
            deadline = time.monotonic() + 120
            while any(api.task(str(t.task_id)).status is not TaskStatus.SUCCESS for t in tasks):
                assert time.monotonic() < deadline, "not every job finished"
                time.sleep(0.3)
        finally:
            stop_pull_node(survivor)
    redone = Task.objects.filter(id__in=held)
    assert {t.node for t in redone} == {"survivor"} and all(t.attempts == 2 for t in redone)
    # each went back to its queue once its lease ran out, and the survivor took it
    for task in redone:
        job = task.jobs.get()
        assert job.leased_at is not None
        requeued_after = (job.leased_at - killed_at).total_seconds()
        assert requeued_after <= TTL_S + 5, requeued_after
