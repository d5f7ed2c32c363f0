"""Story to MP4 through a StoryReel server, exactly as a client does it.

Create the project (the storyboard task), wait for the shots, generate every keyframe and
narration, export, download the MP4 and its subtitles, and write the storyboard next to
them. Progress comes from the project's WebSocket, with status polling while it is down.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from storyreel.atomic import write_text_atomic
from storyreel.client.core.api import ApiClient, ApiRefused
from storyreel.client.core.events import ProjectEvents, TaskProgress, wait_for_tasks
from storyreel.contract import Storyboard, VideoOrder, VideoSummary, storyboard_from_shots
from storyreel.contract.api import EstimateInfo, StoryboardView, TaskInfo
from storyreel.errors import StoryInputError, StoryReelError
from storyreel.progress import ProgressReporter


class TaskFailed(StoryReelError):
    """One or more tasks ended FAILED; the message says which and why."""


def storyboard_of(view: StoryboardView) -> Storyboard:
    """The server's storyboard answer as the shared contract's Storyboard (the converter the
    server's export uses too)."""
    project = view.project
    return storyboard_from_shots(
        title=project.title,
        language=project.language,
        style=project.style,
        aspect=project.aspect,
        shots=view.shots,
    ).model_copy(update={"cast": project.cast, "places": project.places, "props": project.props})


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
    api: ApiClient,
    order: VideoOrder,
    output: Path,
    progress: ProgressReporter,
    keyframes_dir: Path | None = None,
) -> VideoSummary:
    """Run the whole flow; raises ClientError / TaskFailed with a one-line message. With
    `keyframes_dir`, each shot's picture and narration are downloaded there too (for the
    storyboard PDF and the editors' timelines)."""
    started = time.monotonic()
    try:  # what the server expects, from its own speeds (said beside the time it took)
        expected: EstimateInfo | None = api.estimate(
            order.story, order.language, order.aspect, order.transition
        )
    except ApiRefused:
        expected = None
    created = api.create_project(
        story=order.story,
        title=order.title,
        style=order.style,
        language=order.language,
        aspect=order.aspect,
        voice=order.voice or "",
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
        export = api.export(
            project_id,
            short_side=order.short_side,
            loudness_lufs=order.loudness_lufs,
            music=order.music or "",
            music_volume_db=order.music_volume_db,
            duck_db=order.duck_db,
            transition=order.transition,
            subtitles=order.subtitles,
        )
        _follow(api, events, [export], "export", progress, lambda _t: "the video")
        exported = api.task(export.task_id).result_data
    view = api.storyboard(project_id)
    progress.stage("download", 2)
    api.download_video(project_id, output)
    progress.advance(1)
    subtitles = output.with_suffix(".srt")
    if not view.project.subtitles_url:
        raise StoryReelError("the server exported no subtitles")
    api.download(view.project.subtitles_url, subtitles)
    # the storyboard as the worker composited it (each shot's length in the video)
    board = Storyboard.model_validate(exported["storyboard"])
    keyframes: list[Path] = []
    narrations: list[Path] = []
    if keyframes_dir is not None:  # each shot's picture and narration, for --formats
        for shot in view.shots:
            stem = keyframes_dir / f"shot-{shot.order + 1:03d}"
            keyframes.append(api.download(shot.image_url, stem.with_suffix(".png")))
            narrations.append(api.download(shot.audio_url, stem.with_suffix(".wav")))
    storyboard_path = output.with_suffix(".json")
    write_text_atomic(storyboard_path, board.model_dump_json(indent=2))
    progress.advance(2)
    progress.finish()
    return VideoSummary(
        project_id=project_id,
        video=output,
        subtitles=subtitles,
        storyboard=storyboard_path,
        shots=len(board.shots),
        duration_s=float(exported["duration_s"]),
        elapsed_s=time.monotonic() - started,
        keyframes=keyframes,
        narrations=narrations,
        encoder=str(exported.get("encoder", "")),
        encoder_note=str(exported.get("encoder_note", "")),
        expected_s=expected.total_s if expected else None,
        expected_note=expected.note if expected else "",
    )


def cast_from_lines(text: str) -> list[dict[str, str]]:
    """A cast as a person types it on the Create page, one member a line: "Mei: a girl of
    twelve in a red coat". Raises StoryInputError saying which line is wrong."""
    cast = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, look = line.replace("：", ":").partition(":")
        if not colon or not name.strip() or not look.strip():
            raise StoryInputError(
                f"cast line {number} needs a name, a colon and a look, like "
                "“Mei: a girl of twelve in a red coat”"
            )
        cast.append({"name": name.strip()[:60], "look": look.strip()[:300]})
    return cast
