"""The model node over real HTTP, on the offline backends: jobs, callbacks, errors."""

from __future__ import annotations

import io
import json
import wave
from collections.abc import Iterator

import pytest
from PIL import Image

from nodekit import SECRET, CallbackReceiver, RunningNode
from storyreel.contract import TaskStatus, TaskType, WebhookPayload
from storyreel.contract.node import ROUTE_ALIASES, STAGE_ROUTES
from storyreel.contract.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from storyreel.media.probe import probe_media


def _keyframe_job(task_id: str, **payload: object) -> dict[str, object]:
    body: dict[str, object] = {
        "prompt": "wide shot, a lighthouse on a cliff at night, storm",
        "seed": 7,
        "width": 320,
        "height": 180,
    }
    body.update(payload)
    return {"task_id": task_id, "payload": body}


def test_health_is_open_and_capabilities_need_the_token(node: RunningNode) -> None:
    assert node.client(token=None).get("/health").json()["status"] == "ok"
    refused = node.client(token=None).get("/capabilities")
    assert refused.status_code == 401
    assert refused.json()["error"] == "unauthorized"
    assert "Authorization: Bearer" in refused.json()["message"]
    assert node.client(token="wrong").get("/capabilities").status_code == 401

    caps = node.client().get("/capabilities").json()
    by_name = {(b["stage"], b["name"]): b for b in caps["backends"]}
    for key in [
        ("storyboard", "planner"),
        ("keyframe", "sketch"),
        ("motion", "kenburns"),
        ("narration", "piper"),
        ("narration", "espeak"),
    ]:
        assert by_name[key]["available"], key
        assert by_name[key]["reason"] is None
    assert "joe" in caps["voices"] and "espeak-cmn" in caps["voices"]
    info = {v["name"]: v for v in caps["voice_info"]}
    assert info["joe"]["language"] == "en" and info["espeak-cmn"]["language"] == "zh"
    assert set(info) == set(caps["voices"]) and all(v["label"] for v in info.values())
    for backend in caps["backends"]:
        if not backend["available"]:
            assert backend["reason"], backend  # every unavailable backend says why


def test_keyframe_wait_returns_a_stored_deterministic_image(node: RunningNode) -> None:
    client = node.client()
    first = client.post("/keyframe", params={"wait": "true"}, json=_keyframe_job("kf-1"))
    assert first.status_code == 200, first.text
    assert first.headers["Server-Timing"].startswith("model;dur=")
    outcome = WebhookPayload.model_validate(first.json())
    assert outcome.status is TaskStatus.SUCCESS and outcome.backend == "sketch"
    assert outcome.result is not None
    url = outcome.result.model_dump()["uri"]
    assert url.startswith(node.url + "/files/")
    image_bytes = client.get(url).content
    image = Image.open(io.BytesIO(image_bytes))
    assert image.size == (320, 180)
    assert node.client(token=None).get(url).status_code == 401

    again = client.post("/keyframe", params={"wait": "true"}, json=_keyframe_job("kf-2"))
    other = client.post("/keyframe", params={"wait": "true"}, json=_keyframe_job("kf-3", seed=8))
    same = client.get(again.json()["result"]["uri"]).content
    different = client.get(other.json()["result"]["uri"]).content
    assert same == image_bytes
    assert different != image_bytes


@pytest.mark.parametrize(
    ("language", "text", "voice", "backend"),
    [
        ("en", "The keeper climbed the stairs.", None, "piper"),
        ("zh", "灯塔守护人爬上了楼梯。", None, "baker"),
        ("zh", "灯塔守护人爬上了楼梯。", "espeak-cmn", "espeak"),
        ("en", "The keeper climbed the stairs.", "espeak-en-us", "espeak"),
    ],
)
def test_tts_speaks_with_the_voice_family_backend(
    node: RunningNode, language: str, text: str, voice: str | None, backend: str
) -> None:
    client = node.client()
    payload: dict[str, object] = {"text": text, "language": language}
    if voice:
        payload["voice"] = voice
    answer = client.post(
        "/narration",
        params={"wait": "true"},
        json={"task_id": f"tts-{backend}-{language}", "payload": payload},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "SUCCESS" and body["backend"] == backend
    wav = client.get(body["result"]["uri"]).content
    with wave.open(io.BytesIO(wav)) as reader:
        seconds = reader.getnframes() / reader.getframerate()
    assert seconds == pytest.approx(body["result"]["duration_s"], abs=0.01)
    assert 0.8 < seconds < 6


def test_storyboard_keeps_every_sentence(node: RunningNode) -> None:
    story = "The storm came at dusk. The keeper lit the lamp. A ship turned away from the rocks."
    answer = node.client().post(
        "/storyboard",
        params={"wait": "true"},
        json={"task_id": "sb-1", "payload": {"story": story, "title": "Storm"}},
    )
    assert answer.status_code == 200, answer.text
    board = answer.json()["result"]["storyboard"]
    assert " ".join(shot["narration"] for shot in board["shots"]) == story
    assert answer.json()["result"]["backend"] == "planner"


def test_motion_animates_a_stored_keyframe(node: RunningNode) -> None:
    client = node.client()
    key = client.post("/keyframe", params={"wait": "true"}, json=_keyframe_job("mo-key"))
    job = {
        "task_id": "mo-1",
        "payload": {
            "image_uri": key.json()["result"]["uri"],
            "frames": 12,
            "fps": 12,
            "width": 320,
            "height": 180,
        },
    }
    answer = client.post("/motion", params={"wait": "true"}, json=job)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "SUCCESS", answer.json()["err_msg"]
    clip = client.get(answer.json()["result"]["uri"]).content
    path = node.log.parent / "clip.mp4"
    path.write_bytes(clip)
    info = probe_media(path, count_frames=True)
    assert info.video is not None
    assert (info.video.width, info.video.height) == (320, 180)
    assert info.video.frames == 12


def _verified(receiver: CallbackReceiver, count: int) -> list[WebhookPayload]:
    payloads = []
    for delivery in receiver.wait_for(count):
        assert verify_signature(
            secret=SECRET,
            timestamp=delivery.headers.get(TIMESTAMP_HEADER),
            signature=delivery.headers.get(SIGNATURE_HEADER),
            body=delivery.body,
        )
        assert not verify_signature(
            secret="another-secret",
            timestamp=delivery.headers.get(TIMESTAMP_HEADER),
            signature=delivery.headers.get(SIGNATURE_HEADER),
            body=delivery.body,
        )
        payloads.append(WebhookPayload.model_validate_json(delivery.body))
    return payloads


def test_accepted_job_calls_back_signed(node: RunningNode, receiver: CallbackReceiver) -> None:
    receiver.reset()
    job = _keyframe_job("cb-1") | {"callback_url": f"{receiver.url}/api/webhook/task_complete"}
    answer = node.client().post("/keyframe", json=job)
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert accepted["task_id"] == "cb-1" and accepted["status"] in ("PENDING", "RUNNING")
    [payload] = _verified(receiver, 1)
    assert receiver.deliveries[0].path == "/api/webhook/task_complete"
    assert payload.task_id == "cb-1" and payload.status is TaskStatus.SUCCESS


def test_callback_is_retried_with_backoff_until_the_server_answers(
    node: RunningNode, receiver: CallbackReceiver
) -> None:
    receiver.reset(answers=[503, 502])
    job = _keyframe_job("cb-retry") | {"callback_url": receiver.url + "/hook"}
    assert node.client().post("/keyframe", json=job).status_code == 202
    payloads = _verified(receiver, 3)
    assert [p.task_id for p in payloads] == ["cb-retry"] * 3
    assert len({d.body for d in receiver.deliveries}) == 1  # the same outcome each time


def test_a_failed_job_calls_back_failed_with_a_message(
    node: RunningNode, receiver: CallbackReceiver
) -> None:
    receiver.reset()
    job = {
        "task_id": "cb-fail",
        "callback_url": receiver.url + "/hook",
        "payload": {"image_uri": f"{node.url}/files/keyframe/nothing/here.png"},
    }
    assert node.client().post("/motion", json=job).status_code == 202
    [payload] = _verified(receiver, 1)
    assert payload.status is TaskStatus.FAILED
    assert payload.err_msg is not None and "no stored file" in payload.err_msg
    assert payload.result is None


@pytest.mark.parametrize(
    ("path", "job", "status", "code", "mentions"),
    [
        (
            "/keyframe",
            {"task_id": "x", "payload": {"seed": 1}},
            422,
            "invalid_request",
            "payload.prompt",
        ),
        (
            "/keyframe",
            _keyframe_job("x", prompt="p" * 1001),
            422,
            "invalid_request",
            "at most 1000 characters",
        ),
        ("/keyframe", _keyframe_job("bad id!"), 422, "invalid_request", "task_id"),
        (
            "/keyframe",
            _keyframe_job("x") | {"backend": "dalle"},
            400,
            "unknown_backend",
            "sketch",
        ),
        (
            "/keyframe",
            _keyframe_job("x") | {"callback_url": "http://169.254.169.254/latest"},
            400,
            "callback_refused",
            "STORYREEL_NODE_CALLBACK_ALLOW",
        ),
        ("/keyframe", _keyframe_job("x"), 400, "no_callback", "wait=true"),
        (
            "/narration",
            {"task_id": "x", "payload": {"text": "hi", "language": "en", "voice": "nobody"}},
            400,
            "unknown_voice",
            "joe",
        ),
        (
            "/narration",
            {"task_id": "x", "payload": {"text": "hi", "language": "fr"}},
            422,
            "invalid_request",
            "payload.language",
        ),
    ],
)
def test_bad_requests_are_refused_clearly(
    node: RunningNode, path: str, job: dict[str, object], status: int, code: str, mentions: str
) -> None:
    answer = node.client().post(path, json=job)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"] == code
    assert mentions in answer.text


def test_oversized_body_is_refused_before_reading(node: RunningNode) -> None:
    answer = node.client().post(
        "/storyboard",
        content=b"{" + b" " * 2_000_000 + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"] == "too_large"


def test_not_json_is_a_422_not_a_crash(node: RunningNode) -> None:
    answer = node.client().post(
        "/storyboard", content=b"story?", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid_request"


def test_tts_with_kokoro(node: RunningNode) -> None:
    caps = node.client().get("/capabilities").json()
    [kokoro] = [b for b in caps["backends"] if b["name"] == "kokoro"]
    if not kokoro["available"]:
        pytest.skip(kokoro["reason"])
    job = {
        "task_id": "tts-kokoro",
        "payload": {"text": "The lamp was lit.", "language": "en", "voice": "kokoro-jm_kumo"},
    }
    answer = node.client().post("/narration", params={"wait": "true"}, json=job)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "SUCCESS" and body["backend"] == "kokoro", body["err_msg"]
    assert body["result"]["sample_rate"] == 24_000 and body["result"]["duration_s"] > 0.5


def test_the_original_route_names_are_aliases_of_the_stage_routes(node: RunningNode) -> None:
    """`/sd_generate`, `/svd_generate`, `/tts` and `/llm/storyboard` (the original draft's
    names) answer exactly as `/keyframe`, `/motion`, `/narration` and `/storyboard`."""
    client = node.client()
    story = {"story": "The keeper lit the lamp. A ship turned away."}
    for stage, route in STAGE_ROUTES.items():
        if stage is TaskType.MOTION:
            continue  # needs a keyframe first; the motion test covers the route
        payload = (
            story
            if stage is TaskType.STORYBOARD
            else {
                TaskType.KEYFRAME: {
                    "prompt": "a lighthouse",
                    "seed": 3,
                    "width": 160,
                    "height": 90,
                },
                TaskType.NARRATION: {"text": "Hello.", "language": "en"},
            }[stage]
        )
        answers = [
            client.post(
                path, params={"wait": "true"}, json={"task_id": f"alias-{n}", "payload": payload}
            )
            for n, path in enumerate((route, ROUTE_ALIASES[stage]))
        ]
        assert [a.status_code for a in answers] == [200, 200], route
        results = [a.json()["result"] for a in answers]
        for result in results:  # per-task file names; Piper's speech varies by a few ms
            result.pop("uri", None)
            result.pop("duration_s", None)
        assert results[0] == results[1], route
    schema = client.get("/openapi.json").json()["paths"]
    assert all(route in schema for route in [*STAGE_ROUTES.values(), *ROUTE_ALIASES.values()])
    assert all(schema[alias]["post"].get("deprecated") for alias in ROUTE_ALIASES.values())


def test_a_chunked_body_over_the_limit_is_refused_too(node: RunningNode) -> None:
    """Without Content-Length (chunked) a body used to skip the 1 MB limit."""

    def chunks(total: int) -> Iterator[bytes]:
        sent = 0
        while sent < total:
            yield b" " * 65536
            sent += 65536

    big = node.client().post("/storyboard", content=chunks(1_200_000))
    assert big.status_code == 413 and big.json()["error"] == "too_large"
    job = json.dumps({"task_id": "chunked", "payload": {"story": "One sentence here."}})
    small = node.client().post(
        "/storyboard", params={"wait": "true"}, content=iter([job.encode()]),
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert small.status_code == 200 and small.json()["status"] == "SUCCESS"


def test_the_node_caps_a_story_at_the_servers_limit(node: RunningNode) -> None:
    job = {"task_id": "long", "payload": {"story": "A sentence. " * 2000}}  # 24,000 characters
    answer = node.client().post("/storyboard", params={"wait": "true"}, json=job)
    assert answer.status_code == 400 and answer.json()["error"] == "story_too_long"


def test_a_nul_byte_in_a_file_key_is_a_404(node: RunningNode) -> None:
    answer = node.client().get("/files/keyframe/%00x.png")
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"
