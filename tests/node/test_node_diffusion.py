"""The diffusers backends behind the node's HTTP endpoints, with tiny pipelines on disk."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from nodekit import RunningNode, start_node, stop_node
from storyreel.media.probe import probe_media


@pytest.fixture(scope="module")
def diffusion_node(
    tiny_sd_dir: Path, tiny_svd_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningNode]:
    running = start_node(
        tmp_path_factory.mktemp("diffusion-node"),
        {
            "STORYREEL_DIFFUSERS_MODEL": str(tiny_sd_dir),
            "STORYREEL_SVD_MODEL": str(tiny_svd_dir),
            "STORYREEL_KEYFRAME_BACKEND": "diffusers",
            "STORYREEL_SVD_STEPS": "2",
        },
    )
    yield running
    stop_node(running)


def test_capabilities_list_the_configured_models(diffusion_node: RunningNode) -> None:
    caps = diffusion_node.client().get("/capabilities").json()
    by_name = {(b["stage"], b["name"]): b for b in caps["backends"]}
    diffusers = by_name[("keyframe", "diffusers")]
    assert diffusers["available"] and diffusers["default"] and not diffusers["loaded"]
    assert by_name[("motion", "svd")]["available"]
    assert not by_name[("keyframe", "sketch")]["default"]


def test_sd_generate_uses_diffusers_and_is_seed_deterministic(diffusion_node: RunningNode) -> None:
    client = diffusion_node.client()

    def render(task_id: str, seed: int) -> bytes:
        job = {
            "task_id": task_id,
            "payload": {"prompt": "a castle at dawn", "seed": seed, "width": 256, "height": 144},
        }
        answer = client.post("/keyframe", params={"wait": "true"}, json=job)
        assert answer.status_code == 200, answer.text
        outcome = answer.json()
        assert outcome["status"] == "SUCCESS", outcome["err_msg"]
        assert outcome["backend"] == "diffusers"
        return client.get(outcome["result"]["uri"]).content

    first = render("d1", 42)
    assert Image.open(io.BytesIO(first)).size == (256, 144)
    assert render("d2", 42) == first
    assert render("d3", 43) != first
    caps = client.get("/capabilities").json()["backends"]
    assert [b["loaded"] for b in caps if b["name"] == "diffusers"] == [True]


def test_svd_generate_animates_a_keyframe(diffusion_node: RunningNode, tmp_path: Path) -> None:
    client = diffusion_node.client()
    key = client.post(
        "/keyframe",
        params={"wait": "true"},
        json={
            "task_id": "sv-key",
            "payload": {"prompt": "a fox", "seed": 1, "width": 64, "height": 64},
        },
    ).json()
    job = {
        "task_id": "sv-1",
        "backend": "svd",
        "payload": {
            "image_uri": key["result"]["uri"],
            "frames": 4,
            "fps": 4,
            "width": 64,
            "height": 64,
        },
    }
    answer = client.post("/motion", params={"wait": "true"}, json=job)
    assert answer.status_code == 200 and answer.json()["status"] == "SUCCESS", answer.text
    clip = tmp_path / "svd.mp4"
    clip.write_bytes(client.get(answer.json()["result"]["uri"]).content)
    info = probe_media(clip, count_frames=True)
    assert info.video is not None
    assert (info.video.width, info.video.height, info.video.frames) == (64, 64, 4)


def test_offline_node_explains_how_to_enable_diffusers(node: RunningNode) -> None:
    caps = node.client().get("/capabilities").json()["backends"]
    reasons = {b["name"]: b["reason"] for b in caps if not b["available"]}
    assert "STORYREEL_DIFFUSERS_MODEL" in reasons["diffusers"]
    assert "STORYREEL_SVD_MODEL" in reasons["svd"]
    refused = node.client().post(
        "/keyframe",
        params={"wait": "true"},
        json={
            "task_id": "nd",
            "backend": "diffusers",
            "payload": {"prompt": "x", "seed": 1, "width": 64, "height": 64},
        },
    )
    assert refused.status_code == 400
    assert refused.json()["error"] == "backend_unavailable"
    assert "STORYREEL_DIFFUSERS_MODEL" in refused.json()["message"]


def test_a_model_that_fails_to_load_fails_the_job_not_the_node(tmp_path: Path) -> None:
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "model_index.json").write_text('{"_class_name": "StableDiffusionPipeline"}')
    running = start_node(tmp_path, {"STORYREEL_DIFFUSERS_MODEL": str(broken)})
    try:
        client = running.client()
        job = {
            "task_id": "broken",
            "backend": "diffusers",
            "payload": {"prompt": "x", "seed": 1, "width": 64, "height": 64},
        }
        outcome = client.post("/keyframe", params={"wait": "true"}, json=job).json()
        assert outcome["status"] == "FAILED"
        assert f"cannot load the diffusers model at {broken}" in outcome["err_msg"]
        del job["backend"]
        job["task_id"] = "after"
        assert (
            client.post("/keyframe", params={"wait": "true"}, json=job).json()["status"]
            == "SUCCESS"
        )
        assert client.get("/health").json()["status"] == "ok"
    finally:
        stop_node(running)
