"""The client core's REST client against the real server and a real node.

Every answer goes through `storyreel.contract.api`'s models, so a serializer that drifts from
the contract fails here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nodekit import RunningNode, free_port
from storyreel.client.core.api import ApiClient, ApiRefused, AuthExpired, ServerUnreachable
from storyreel.client.core.events import wait_for_tasks
from storyreel.client.core.flow import story_to_video
from storyreel.contract import AspectRatio, Storyboard, TaskStatus, VideoOrder
from storyreel.media.probe import probe_media
from storyreel.media.timeline import CROSSFADE_S
from storyreel.progress import RecordingProgress

STORY = "The storm came at dusk.\n\nThe keeper lit the lamp.\n\nA ship turned away from the rocks."


@pytest.mark.django_db(transaction=True)
def test_every_client_call_against_the_server(
    stack: tuple[str, RunningNode], tmp_path: Path
) -> None:
    url, _node = stack
    with ApiClient(url) as api:
        api.register("core", "correct horse")
        with pytest.raises(ApiRefused) as taken:
            api.register("core", "correct horse")
        assert taken.value.status == 409 and "taken" in taken.value.message
        voices = {v.name: v for v in api.voices()}  # by language, with a readable label
        assert voices["joe"].language.value == "en" and "Piper" in voices["joe"].label
        assert voices["espeak-cmn"].language.value == "zh"
        created = api.create_project(story=STORY, title="Storm", seed=7)
        assert created.project.seed == 7 and created.task.type.value == "storyboard"
        state = wait_for_tasks(api, [created.task], timeout=60)
        assert state.statuses[created.task.task_id] is TaskStatus.SUCCESS
        view = api.storyboard(created.project.id)
        assert len(view.shots) >= 2 and view.project.shot_count == len(view.shots)
        assert [p.id for p in api.projects()] == [created.project.id]
        assert api.projects(search="nothing like it") == []

        first, second = view.shots[0], view.shots[1]
        edited = api.update_prompt(first.id, "a lighthouse at dusk, oil painting")
        assert edited.prompt == "a lighthouse at dusk, oil painting"
        api.update_narration(second.id, "The keeper lit the great lamp.")
        images = api.generate_images(created.project.id)
        wait_for_tasks(api, images, timeout=60)
        listed = api.projects()[0]
        assert listed.shot_count == listed.image_count == len(view.shots) and listed.thumbnail_url
        assert listed.narration_count == 0
        assert api.fetch(listed.thumbnail_url).startswith(b"\x89PNG")

        versions = api.versions(first.id)
        # the first image replaced nothing, so it kept nothing: only the prompt edit is there
        assert [v.reason for v in versions] == ["prompt_edit"]
        restored = api.restore_version(first.id, versions[-1].id)
        assert restored.prompt == first.prompt

        reordered = api.reorder(created.project.id, [s.id for s in reversed(view.shots)])
        assert [s.id for s in reordered] == [s.id for s in reversed(view.shots)]
        api.delete_shot(view.shots[-1].id)
        assert len(api.storyboard(created.project.id).shots) == len(view.shots) - 1

        with pytest.raises(ApiRefused) as empty:
            api.create_project(story="   ")
        assert empty.value.status == 400 and "empty" in empty.value.message
        with pytest.raises(ApiRefused) as long_prompt:
            api.update_prompt(first.id, "x" * 1001)
        assert long_prompt.value.fields and long_prompt.value.fields[0]["field"] == "prompt"
        with pytest.raises(ApiRefused) as no_video:
            api.download_video(created.project.id, tmp_path / "none.mp4")
        assert no_video.value.status == 404
        assert not (tmp_path / "none.mp4").exists() and list(tmp_path.glob(".none.mp4*")) == []

        token = api.token
        api.token = "not-a-token"
        with pytest.raises(AuthExpired, match="log in again"):
            api.projects()
        api.token = token
        api.delete_project(created.project.id)
        with pytest.raises(ApiRefused) as gone:
            api.storyboard(created.project.id)
        assert gone.value.status == 404


@pytest.mark.django_db(transaction=True)
def test_story_to_video_flow_polls_without_a_websocket(
    stack: tuple[str, RunningNode], tmp_path: Path
) -> None:
    """The live test server speaks no WebSocket, so the flow runs on status polling alone."""
    url, _node = stack
    with ApiClient(url) as api:
        api.register("flow", "correct horse")
        progress = RecordingProgress()
        out = tmp_path / "film.mp4"
        result = story_to_video(
            api,
            VideoOrder(story=STORY, title="Storm", aspect=AspectRatio.SQUARE, short_side=180),
            out,
            progress,
        )
    info = probe_media(out)
    assert info.video is not None and (info.video.width, info.video.height) == (180, 180)
    umask = os.umask(0o022)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # like any file saved here, not 0600
    assert result.shots == 3 and abs(result.duration_s - info.duration_s) < 0.01
    assert "The keeper lit the lamp." in result.subtitles.read_text(encoding="utf-8")
    stages = [e[1] for e in progress.events if e[0] == "stage"]
    assert stages == ["storyboard", "keyframes", "narration", "export", "download"]
    # the .json beside the MP4 is the storyboard the worker composited: its shots' lengths
    # (crossfades overlap) make up the video, and their narration is what the SRT shows
    board = Storyboard.model_validate_json(out.with_suffix(".json").read_text(encoding="utf-8"))
    lengths = [shot.duration_s or 0.0 for shot in board.shots]
    overlap = CROSSFADE_S * (len(lengths) - 1)
    assert abs(sum(lengths) - overlap - info.duration_s) < 0.05
    srt = result.subtitles.read_text(encoding="utf-8").splitlines()
    shown = [line for line in srt if line.strip() and "-->" not in line and not line.isdigit()]
    assert " ".join(shown).split() == " ".join(s.narration for s in board.shots).split()
    assert [s.source_start for s in board.shots] == [
        0,
        *(b.source_end + 1 for b in board.shots[:-1]),
    ]


def test_a_server_that_is_down_is_one_clear_error(tmp_path: Path) -> None:
    with ApiClient(f"http://127.0.0.1:{free_port()}", "token") as api:
        assert api.health() is False
        with pytest.raises(ServerUnreachable, match="is `storyreel up` running"):
            api.projects()
        with pytest.raises(ServerUnreachable):
            api.download_video(1, tmp_path / "v.mp4")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_media_keys_name_files_for_good(stack: tuple[str, RunningNode]) -> None:
    """Signed URLs change on every read; keys do not, so clients cache by key."""
    url, _node = stack
    with ApiClient(url) as api:
        api.register("keys", "correct horse")
        created = api.create_project(story=STORY)
        wait_for_tasks(api, [created.task], timeout=60)
        shot = api.storyboard(created.project.id).shots[0]
        assert shot.image_key == "" and shot.image_url == ""
        wait_for_tasks(api, [api.generate_image(shot.id)], timeout=60)
        first = api.storyboard(created.project.id).shots[0]
        again = api.storyboard(created.project.id).shots[0]
        assert first.image_key.startswith("keyframes/") and first.image_key == again.image_key
        assert api.projects()[0].thumbnail_key == first.image_key
        wait_for_tasks(api, [api.generate_image(shot.id)], timeout=60)
        regenerated = api.storyboard(created.project.id).shots[0]
        assert regenerated.image_key != first.image_key
        assert api.versions(shot.id)[0].image_key == first.image_key
