"""Story to MP4 through a StoryReel server, exactly as a client does it.

Create the project (the storyboard task), wait for the shots, generate every keyframe and
narration, export, download the MP4 and its subtitles, and write the storyboard next to
them. Progress comes from the project's WebSocket, with status polling while it is down.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyreel.client.core.api import ApiClient
from storyreel.client.core.events import ProjectEvents, TaskProgress, wait_for_tasks
from storyreel.contract import AspectRatio, Language, ShotSize, ShotSpec, Storyboard
from storyreel.contract.api import StoryboardView, TaskInfo
from storyreel.errors import StoryReelError
from storyreel.media.probe import probe_media
from storyreel.pipeline.progress import ProgressReporter


@dataclass(frozen=True)
class VideoOrder:
    """What a person asks for."""

    story: str
    title: str = ""
    language: Language | None = None
    aspect: AspectRatio = AspectRatio.LANDSCAPE
    voice: str = ""
    style: str = ""
    seed: int = 0
    short_side: int = 720


@dataclass(frozen=True)
class FlowResult:
    project_id: int
    video: Path
    subtitles: Path
    storyboard: Path
    shots: int
    duration_s: float
    elapsed_s: float


class TaskFailed(StoryReelError):
    """One or more tasks ended FAILED; the message says which and why."""


def storyboard_of(view: StoryboardView) -> Storyboard:
    """The server's storyboard answer as the shared contract's Storyboard."""
    project = view.project
    return Storyboard(
        title=project.title,
        language=project.language,
        style=project.style,
        aspect=project.aspect,
        shots=[
            ShotSpec(
                index=position,
                narration=shot.narration,
                prompt=shot.prompt,
                shot_size=ShotSize(shot.shot_size),
                seed=shot.seed,
                source_start=shot.source_start,
                source_end=max(shot.source_end, shot.source_start + 1),
                duration_s=shot.duration_s or None,
            )
            for position, shot in enumerate(view.shots)
        ],
    )


def _follow(
    api: ApiClient,
    events: ProjectEvents,
    tasks: Sequence[TaskInfo],
    stage: str,
    progress: ProgressReporter,
    what: Callable[[TaskInfo], str],
) -> None:
    per_task = 100 if len(tasks) == 1 else 1  # one task: show its own progress in percent
    progress.stage(stage, len(tasks) * per_task)

    def changed(state: TaskProgress) -> None:
        progress.advance(state.units(per_task))

    state = wait_for_tasks(api, tasks, events=events, on_change=changed)
    if state.failed:
        by_id = {t.task_id: t for t in tasks}
        reasons = [f"{what(by_id[t])}: {state.errors.get(t, 'failed')}" for t in state.failed]
        raise TaskFailed(f"{stage} failed for {'; '.join(reasons[:3])}")


def story_to_video(
    api: ApiClient, order: VideoOrder, output: Path, progress: ProgressReporter
) -> FlowResult:
    """Run the whole flow; raises ClientError / TaskFailed with a one-line message."""
    started = time.monotonic()
    created = api.create_project(
        story=order.story,
        title=order.title,
        style=order.style,
        language=order.language,
        aspect=order.aspect,
        voice=order.voice,
        seed=order.seed,
    )
    project_id = created.project.id
    with ProjectEvents(api.base_url, api.token, project_id) as events:
        events.wait_connected(5.0)
        _follow(api, events, [created.task], "storyboard", progress, lambda _t: "the story")
        view = api.storyboard(project_id)
        number = {shot.id: shot.order + 1 for shot in view.shots}

        def shot_name(task: TaskInfo) -> str:
            return f"shot {number.get(task.shot_id or 0, '?')}"

        images = api.generate_images(project_id)
        _follow(api, events, images, "keyframes", progress, shot_name)
        voices = [api.generate_narration(shot.id) for shot in view.shots]
        _follow(api, events, voices, "narration", progress, shot_name)
        export = api.export(project_id, short_side=order.short_side)
        _follow(api, events, [export], "export", progress, lambda _t: "the video")
    view = api.storyboard(project_id)
    progress.stage("download", 2)
    api.download_video(project_id, output)
    progress.advance(1)
    subtitles = output.with_suffix(".srt")
    if not view.project.subtitles_url:
        raise StoryReelError("the server exported no subtitles")
    api.download(view.project.subtitles_url, subtitles)
    board = storyboard_of(view)
    storyboard_path = output.with_suffix(".json")
    partial = storyboard_path.with_name(f".{storyboard_path.name}.partial")
    partial.write_text(board.model_dump_json(indent=2), encoding="utf-8")
    partial.replace(storyboard_path)
    progress.advance(2)
    progress.finish()
    return FlowResult(
        project_id=project_id,
        video=output,
        subtitles=subtitles,
        storyboard=storyboard_path,
        shots=len(view.shots),
        duration_s=probe_media(output).duration_s,
        elapsed_s=time.monotonic() - started,
    )
