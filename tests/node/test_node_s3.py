"""Results stored in an S3-compatible bucket: moto's server on loopback plays the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nodekit import RunningNode, start_node, stop_node
from s3kit import CREDENTIALS, boto_credentials, moto_server

boto3 = pytest.importorskip("boto3", reason="S3 storage needs boto3: pip install 'storyreel[node]'")
pytest.importorskip("moto.server", reason="the S3 test needs moto[server] (dev extra)")


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with moto_server(tmp_path_factory.mktemp("moto")) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def s3_node(s3_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningNode]:
    client = boto3.client("s3", endpoint_url=s3_endpoint, **boto_credentials())
    client.create_bucket(Bucket="storyreel-results")
    running = start_node(
        tmp_path_factory.mktemp("s3node"),
        {
            "STORYREEL_NODE_STORAGE": "s3://storyreel-results/node",
            "STORYREEL_S3_ENDPOINT_URL": s3_endpoint,
            **CREDENTIALS,
        },
    )
    yield running
    stop_node(running)


def test_results_go_to_the_bucket_with_presigned_urls(
    s3_node: RunningNode, s3_endpoint: str, tmp_path: Path
) -> None:
    client = s3_node.client()
    key_job = {
        "task_id": "s3-key",
        "payload": {"prompt": "a red boat on a calm sea", "seed": 4, "width": 256, "height": 144},
    }
    answer = client.post("/keyframe", params={"wait": "true"}, json=key_job)
    assert answer.status_code == 200, answer.text
    url = answer.json()["result"]["uri"]
    assert url.startswith(f"{s3_endpoint}/storyreel-results/node/keyframe/s3-key/keyframe.png")
    assert "Signature=" in url or "X-Amz-Signature=" in url
    fetched = httpx.get(url)
    assert fetched.status_code == 200 and fetched.content[:8] == b"\x89PNG\r\n\x1a\n"
    stored = boto3.client("s3", endpoint_url=s3_endpoint, **boto_credentials()).head_object(
        Bucket="storyreel-results", Key="node/keyframe/s3-key/keyframe.png"
    )
    assert stored["ContentType"] == "image/png"

    # The motion backend reads its keyframe back from the bucket (the S3 host is allowed).
    motion_job = {
        "task_id": "s3-motion",
        "payload": {"image_uri": url, "frames": 6, "fps": 6, "width": 256, "height": 144},
    }
    clip = client.post("/motion", params={"wait": "true"}, json=motion_job).json()
    assert clip["status"] == "SUCCESS", clip["err_msg"]
    assert httpx.get(clip["result"]["uri"]).content[4:8] == b"ftyp"


def test_a_missing_bucket_fails_the_job_with_a_clear_message(
    s3_endpoint: str, tmp_path: Path
) -> None:
    running = start_node(
        tmp_path,
        {
            "STORYREEL_NODE_STORAGE": "s3://no-such-bucket",
            "STORYREEL_S3_ENDPOINT_URL": s3_endpoint,
            **CREDENTIALS,
        },
    )
    try:
        job = {"task_id": "nb", "payload": {"prompt": "x", "seed": 1, "width": 64, "height": 64}}
        outcome = running.client().post("/keyframe", params={"wait": "true"}, json=job).json()
    finally:
        stop_node(running)
    assert outcome["status"] == "FAILED"
    assert "cannot upload to s3://no-such-bucket/keyframe/nb/keyframe.png" in outcome["err_msg"]
