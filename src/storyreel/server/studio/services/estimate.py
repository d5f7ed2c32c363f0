"""How long a story will take to become a video on this server, said before anything is
made: the speeds are those of the tasks its nodes and workers finished lately, the story is
cut by the planner (the cut every storyboard backend keeps), and the pricing is the
in-process estimate's (`storyreel.media.estimate`)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.conf import settings

from storyreel.contract import (
    AspectRatio,
    Language,
    StoryboardRequest,
    TaskStatus,
    TaskType,
    Transition,
)
from storyreel.media.estimate import Estimate, Speeds, price
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.models import Shot, Task
from storyreel.storyboard.planner import plan_storyboard
from storyreel.text.language import detect_language

_RECENT = 50  # tasks of each kind the speeds come from
_STAGES = {
    TaskType.STORYBOARD: "storyboard",
    TaskType.KEYFRAME: "keyframes",
    TaskType.NARRATION: "narration",
    TaskType.EXPORT: "export",
}


@dataclass(frozen=True)
class ServerEstimate:
    estimate: Estimate
    samples: dict[str, int]  # stage -> finished tasks its speed comes from
    note: str  # what could not be priced yet


def _seconds(task: Task) -> float | None:
    """How long a task's work took: the model time its node reported (a node's jobs wait in
    its queue, which is not the job's own time), else from its start to its end (a
    worker's export runs as soon as it starts)."""
    model_ms = task.result_data.get("model_ms") if isinstance(task.result_data, dict) else None
    if isinstance(model_ms, int | float) and model_ms > 0:
        return float(model_ms) / 1000
    if task.started_at is None or task.updated_at < task.started_at:
        return None
    return (task.updated_at - task.started_at).total_seconds()


def _runs(task_type: TaskType) -> list[tuple[Task, float]]:
    """The latest successful tasks of a kind with how long each one's work took."""
    tasks = Task.objects.filter(
        type=task_type, status=TaskStatus.SUCCESS, started_at__isnull=False
    ).order_by("-updated_at")[:_RECENT]
    timed = [(task, _seconds(task)) for task in tasks]
    return [(task, seconds) for task, seconds in timed if seconds is not None]


def _latency(task_type: TaskType) -> float:
    """What a stage waits besides its work (a task's way to its node or worker and back,
    the events): for each recent project, its first task of this kind, from its creation
    to its end, less its own work."""
    first: dict[int, Task] = {}
    recent = Task.objects.filter(type=task_type, status=TaskStatus.SUCCESS).order_by("-created_at")[
        : _RECENT * 4
    ]
    for task in recent:  # newest first: the last one seen per project is its first
        first[task.project_id] = task
    waits = []
    for task in list(first.values())[:_RECENT]:
        work = _seconds(task)
        if work is not None:
            waits.append(max(0.0, (task.updated_at - task.created_at).total_seconds() - work))
    return _median(waits)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _export_speeds(runs: list[tuple[Task, float]]) -> tuple[float, float]:
    """A fixed cost and a cost per second of video, fitted to the exports made."""
    points = [
        (float(task.result_data.get("duration_s") or 0), seconds)
        for task, seconds in runs
        if task.result_data.get("duration_s")
    ]
    if not points:
        return 0.0, 0.0
    lengths = {round(length, 1) for length, _ in points}
    if len(lengths) < 2:  # one length: all of it per second of video
        return 0.0, _median([seconds / length for length, seconds in points])
    slope, intercept = statistics.linear_regression(
        [length for length, _ in points], [seconds for _, seconds in points]
    )
    if slope <= 0:
        return 0.0, _median([seconds / length for length, seconds in points])
    return max(0.0, intercept), slope


def server_speeds(language: Language) -> tuple[Speeds, dict[str, int], float]:
    """This server's speeds from its latest tasks, how many tasks each comes from, and a
    storyboard's time."""
    runs = {task_type: _runs(task_type) for task_type in _STAGES}
    narration = [
        seconds / max(1, len(str(task.payload.get("text", ""))))
        for task, seconds in runs[TaskType.NARRATION]
    ]
    spoken = Shot.objects.filter(project__language=language, duration_s__isnull=False).order_by(
        "-updated_at"
    )[:200]
    pace = [shot.duration_s / len(shot.narration) for shot in spoken if shot.duration_s]
    fixed, per_second = _export_speeds(runs[TaskType.EXPORT])
    speeds = Speeds(
        keyframe_s=_median([s for _, s in runs[TaskType.KEYFRAME]]),
        voice_load_s=0.0,  # a node keeps its voices loaded between jobs
        narration_s_per_char=_median(narration),
        speech_s_per_char=_median(pace),
        export_fixed_s=fixed,
        export_s_per_video_s=per_second,
    )
    samples = {stage: len(runs[task_type]) for task_type, stage in _STAGES.items()}
    samples["speech pace"] = len(pace)
    return speeds, samples, _median([s for _, s in runs[TaskType.STORYBOARD]])


def _parallel() -> dict[str, int]:
    """How many keyframes and narrations the nodes make at once: the live pull nodes'
    slots for each, or one per push node."""
    from storyreel.server.studio.services.fleet import live_nodes, pull_mode

    if not pull_mode():
        from storyreel.server.studio.node_client import node_urls

        count = max(1, len(node_urls()))
        return {"keyframe": count, "narration": count}
    slots = {"keyframe": 0, "narration": 0}
    for node in live_nodes():
        for stage in slots:
            if any(str(route).startswith(f"{stage}.") for route in node.routes):
                slots[stage] += node.slots
    return {stage: max(1, count) for stage, count in slots.items()}


def story_estimate(
    *,
    story: str,
    language: Language | None = None,
    aspect: AspectRatio = AspectRatio.LANDSCAPE,
    transition: Transition = Transition.CROSSFADE,
) -> ServerEstimate:
    """The expected time of each stage for this story, from this server's own speeds."""
    if not story.strip():
        raise ApplicationError("the story is empty", code="invalid_request")
    if len(story) > settings.STORYREEL_MAX_STORY_CHARS:
        raise ApplicationError(
            f"the story is over {settings.STORYREEL_MAX_STORY_CHARS} characters",
            code="invalid_request",
        )
    language = language or detect_language(story)
    board = plan_storyboard(
        StoryboardRequest(story=story, language=language, aspect=aspect)
    ).storyboard
    speeds, samples, storyboard_s = server_speeds(language)
    estimate = price(
        [len(shot.narration) for shot in board.shots],
        speeds,
        storyboard_s=storyboard_s,
        transition=transition,
        parallel=_parallel(),
        latency={stage: _latency(task_type) for task_type, stage in _STAGES.items()},
    )
    missing = [stage for stage, count in samples.items() if count == 0]
    note = (
        f"not measured on this server yet: {', '.join(missing)} (it learns from each video "
        "made; the first one sets them)"
        if missing
        else ""
    )
    return ServerEstimate(estimate, samples, note)


def _union_s(spans: list[tuple[float, float]]) -> float:
    """How long at least one of these (start, end) spans was running."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def project_timing(project_id: int) -> dict[str, float]:
    """How long the server worked on a project, stage by stage, as the estimate counts it:
    the latest finished task of each stage for each shot (and the latest storyboard and
    export: each makes the whole anew), and for each stage the time at least one of those
    was on its way or running (from its creation to its end; shots made at once count
    once). The time a person took between stages is not in it."""
    latest: dict[tuple[str, int | None], Task] = {}
    tasks = (
        Task.objects.filter(
            project_id=project_id, status=TaskStatus.SUCCESS, type__in=list(_STAGES)
        )
        .only("type", "shot_id", "created_at", "updated_at")
        .order_by("created_at")
    )
    for task in tasks:  # oldest first: the last one kept per stage and shot is the newest
        latest[(task.type, task.shot_id)] = task
    spans: dict[str, list[tuple[float, float]]] = {}
    for task in latest.values():
        start, end = task.created_at.timestamp(), task.updated_at.timestamp()
        spans.setdefault(_STAGES[TaskType(task.type)], []).append((start, max(start, end)))
    return {stage: round(_union_s(spans[stage]), 3) for stage in _STAGES.values() if stage in spans}
