"""The three-tier flow: API -> Celery task -> real model node -> signed webhook -> shot."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from django.test import override_settings

from livestack import registered_client, scripted_node, wait_task
from nodekit import RunningNode, free_port
from storyreel.media.probe import probe_media

STORY = "The storm came at dusk. The keeper lit the lamp.\n\nA ship turned away from the rocks."


def _client(url: str) -> httpx.Client:
    return registered_client(url, "flow")


@pytest.mark.django_db(transaction=True)
def test_story_to_shots_images_narration_and_mp4(
    stack: tuple[str, RunningNode], tmp_path: Path
) -> None:
    url, _node = stack
    client = _client(url)
    created = client.post("/api/projects/create", json={"title": "Storm", "story": STORY}).json()
    project_id = created["project"]["id"]
    done = wait_task(client, created["task"]["task_id"])
    assert done["status"] == "SUCCESS", done["err_msg"]
    board = client.get(f"/api/projects/{project_id}/storyboard").json()
    shots = board["shots"]
    assert " ".join(s["narration"] for s in shots).replace("\n\n", " ") == STORY.replace(
        "\n\n", " "
    )

    early = wait_task(client, client.post(f"/api/projects/{project_id}/export").json()["task_id"])
    assert early["status"] == "FAILED"
    numbers = ", ".join(str(n) for n in range(1, len(shots) + 1))
    assert early["err_msg"] == f"generate the image and narration of shot(s) {numbers} first"

    image_tasks = client.post(f"/api/projects/{project_id}/generate_images").json()
    narrations = [client.post(f"/api/shots/{s['id']}/generate_narration").json() for s in shots]
    for task in [*image_tasks, *narrations]:
        done = wait_task(client, task["task_id"])
        assert done["status"] == "SUCCESS", done["err_msg"]
    board = client.get(f"/api/projects/{project_id}/storyboard").json()
    first = board["shots"][0]
    assert all(s["status"] == "SUCCESS" and s["image_url"] for s in board["shots"])
    image = httpx.get(first["image_url"])
    assert image.status_code == 200 and image.content[:4] == b"\x89PNG", (
        first["image_url"],
        image.text[:300],
    )
    assert first["duration_s"] > 0.5 and httpx.get(first["audio_url"]).content[:4] == b"RIFF"
    # the signed link is the only way in: tampering gives 403
    assert httpx.get(first["image_url"] + "x").status_code == 403

    drawn = client.post(f"/api/shots/{first['id']}/generate_image").json()
    again = wait_task(client, drawn["task_id"])
    assert again["status"] == "SUCCESS"
    versions = client.get(f"/api/shots/{first['id']}/versions").json()
    assert versions[0]["reason"] == "before_keyframe"
    # generate_video: the node fetches the keyframe through a signed link and animates it
    motion = wait_task(
        client, client.post(f"/api/shots/{first['id']}/generate_video").json()["task_id"]
    )
    assert motion["status"] == "SUCCESS", motion["err_msg"]
    moving = client.get(f"/api/projects/{project_id}/storyboard").json()["shots"][0]
    clip = httpx.get(moving["video_url"])
    assert clip.status_code == 200 and clip.content[4:8] == b"ftyp"

    # the last shot comes in by a cut; the rest dip to black; boxed, word-lit subtitles
    last = board["shots"][-1]["id"]
    client.post(f"/api/shots/{last}/update_transition", json={"transition": "cut"})
    look = {"transition": "dip", "subtitles": {"preset": "box", "highlight_words": True}}
    exporting = client.post(f"/api/projects/{project_id}/export", json=look).json()
    export = wait_task(client, exporting["task_id"], 180)
    assert export["status"] == "SUCCESS", export["err_msg"]
    made = [s["transition"] for s in export["result_data"]["storyboard"]["shots"]]
    assert made == [None, *["dip"] * (len(made) - 2), "cut"][-len(made) :]
    assert export["result_data"]["encoder"] == "libx264"  # no GPU here: said why
    assert export["result_data"]["encoder_note"].startswith("no hardware H.264 encoder")
    # what editors and directors get, made by the worker from this export, one task a kind
    asked = {"formats": ["pdf", "kdenlive", "stems"], "paper": "Letter", "panels": 4}
    made_docs = client.post(f"/api/projects/{project_id}/documents", json=asked).json()
    assert [t["type"] for t in made_docs] == ["document"] * 3
    files = {}
    for task in made_docs:
        done = wait_task(client, task["task_id"], 180)
        assert done["status"] == "SUCCESS", done["err_msg"]
        got = client.get(f"/api/tasks/{task['task_id']}/download")
        assert got.status_code == 200
        files[done["result_data"]["format"]] = got.content
    assert files["pdf"][:5] == b"%PDF-"
    import io
    import zipfile

    timeline = zipfile.ZipFile(io.BytesIO(files["kdenlive"])).namelist()
    assert "Storm.kdenlive" in timeline and any(n.startswith("Storm.media/") for n in timeline)
    stems = set(zipfile.ZipFile(io.BytesIO(files["stems"])).namelist())
    assert {"Storm.stems/video.mp4", "Storm.stems/narration.wav", "Storm.stems/subtitles.srt",
            "Storm.stems/sound.wav"} <= stems  # fmt: skip
    # the server now prices a story from what it just made
    expected = client.post("/api/estimate", json={"story": STORY}).json()
    assert expected["note"] == "" and expected["shots"] == len(shots)
    assert all(expected["samples"][s] >= 1 for s in ("storyboard", "keyframes", "export"))
    assert expected["stages"]["keyframes"] > 0 and expected["stages"]["export"] > 0
    video = client.get(f"/api/projects/{project_id}/download")
    assert video.status_code == 200 and video.content[4:8] == b"ftyp"
    path = tmp_path / "storm.mp4"
    path.write_bytes(video.content)
    info = probe_media(path)
    assert info.video is not None and info.audio is not None
    spoken = sum(s["duration_s"] for s in board["shots"])
    assert info.duration_s > spoken


@pytest.mark.django_db(transaction=True)
def test_a_node_that_is_down_fails_the_task_with_a_clear_message(live_server: object) -> None:
    url = str(live_server.url)
    with override_settings(
        STORYREEL_NODE_URL=f"http://127.0.0.1:{free_port()}",
        STORYREEL_PUBLIC_URL=url,
        STORYREEL_NODE_RETRIES=2,
    ):
        client = _client(url)
        created = client.post("/api/projects/create", json={"story": STORY}).json()
        done = wait_task(client, created["task"]["task_id"])
    assert done["status"] == "FAILED"
    assert "cannot be reached" in str(done["err_msg"]) and "gave up after 3 tries" in str(
        done["err_msg"]
    )
    assert done["attempts"] == 3


@pytest.mark.django_db(transaction=True)
def test_a_busy_node_is_retried_until_it_takes_the_job(live_server: object) -> None:
    """The node answers 503 (queue full) twice; the worker retries and the third try lands."""
    url = str(live_server.url)
    with (
        scripted_node([503, 503, 202]) as node,
        override_settings(STORYREEL_NODE_URL=node.url, STORYREEL_PUBLIC_URL=url),
    ):
        client = _client(url)
        created = client.post("/api/projects/create", json={"story": STORY}).json()
        status = client.get(f"/api/tasks/{created['task']['task_id']}/status").json()
    seen = node.seen
    assert seen == ["/storyboard"] * 3
    assert status["status"] == "RUNNING" and status["attempts"] == 3  # waiting for the webhook
