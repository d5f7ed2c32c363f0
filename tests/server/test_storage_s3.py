"""Server media on an S3-compatible store (django-storages; moto's server on loopback)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import boto3
import httpx
import pytest
from django.test import override_settings
from PIL import Image
from rest_framework.test import APIClient

from livestack import make_user
from s3kit import CREDENTIALS, boto_credentials, moto_server
from storyreel.contract import KeyframeResult, TaskStatus, TaskType, WebhookPayload
from storyreel.server.studio.models import Project, Shot, Task
from storyreel.server.studio.services import tasks as services

# no particular database or broker: run once, not again in the PostgreSQL and MariaDB passes
pytestmark = pytest.mark.once


@pytest.fixture()
def s3_storage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    with moto_server(tmp_path) as endpoint:
        boto3.client("s3", endpoint_url=endpoint, **boto_credentials()).create_bucket(
            Bucket="media"
        )
        storages = {
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": "media", "endpoint_url": endpoint},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(STORAGES=storages):
            yield endpoint


@pytest.mark.django_db
def test_a_keyframe_lands_in_the_bucket_and_is_served_by_signed_link(s3_storage: str) -> None:
    client, user_id = make_user("s3user")
    project = Project.objects.create(owner_id=user_id, title="t", story="s.", language="en")
    shot = Shot.objects.create(project=project, order=0, prompt="p", narration="n")
    task = Task.objects.create(
        owner_id=user_id, project=project, shot=shot, type="keyframe", status="RUNNING"
    )
    png = io.BytesIO()
    Image.new("RGB", (32, 18), (200, 40, 40)).save(png, format="PNG")
    outcome = WebhookPayload(
        task_id=str(task.id),
        task_type=TaskType.KEYFRAME,
        status=TaskStatus.SUCCESS,
        backend="sketch",
        result=KeyframeResult(uri="http://node/files/k.png", width=32, height=18, backend="sketch"),
        finished_at=datetime.now(timezone.utc),
    )
    assert services.webhook_task_complete(payload=outcome, fetch=lambda _url: png.getvalue())
    shot.refresh_from_db()
    stored = boto3.client("s3", endpoint_url=s3_storage, **boto_credentials()).get_object(
        Bucket="media", Key=shot.image.name
    )
    assert stored["Body"].read() == png.getvalue()
    board = client.get(f"/api/projects/{project.id}/storyboard").json()
    link = board["shots"][0]["image_url"]
    # the signed link redirects to a presigned URL: the store serves the bytes, not Django
    served = APIClient().get(link.replace("http://testserver", ""))
    assert served.status_code == 302 and served["Location"].startswith(s3_storage)
    assert "Signature=" in served["Location"]  # presigned
    assert httpx.get(served["Location"]).content == png.getvalue()
    with override_settings(STORYREEL_S3_REDIRECT=False):  # a store clients cannot reach
        streamed = APIClient().get(link.replace("http://testserver", ""))
    assert streamed.status_code == 200
    assert b"".join(streamed.streaming_content) == png.getvalue()


@pytest.mark.django_db
def test_a_download_redirects_to_the_store_with_the_projects_file_name(s3_storage: str) -> None:
    from django.core.files.base import ContentFile

    client, user_id = make_user("s3downloader")
    project = Project.objects.create(owner_id=user_id, title="灯塔 Lighthouse", story="s.",
                                     language="en")  # fmt: skip
    project.video.save("exports/v.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42 video"))
    answer = client.get(f"/api/projects/{project.id}/download")
    assert answer.status_code == 302
    fetched = httpx.get(answer["Location"])
    assert fetched.content.endswith(b"ftypmp42 video")
    disposition = fetched.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''" in disposition
    assert "Lighthouse.mp4" in disposition


@pytest.mark.django_db
def test_a_video_job_gets_a_presigned_keyframe_url_a_real_node_can_fetch(
    s3_storage: str, tmp_path: Path
) -> None:
    """generate_video on S3: the node is sent a presigned URL of the keyframe (not a path the
    server does not serve, nor two URLs glued together) and animates it."""
    from django.core.files.base import ContentFile

    from nodekit import start_node, stop_node
    from storyreel.server.studio.services.tasks import stage_request

    _client, user_id = make_user("s3video")
    project = Project.objects.create(owner_id=user_id, title="t", story="s.", language="en")
    shot = Shot.objects.create(project=project, order=0, prompt="p", narration="n")
    png = io.BytesIO()
    Image.new("RGB", (320, 180), (40, 90, 200)).save(png, format="PNG")
    shot.image.save("keyframe.png", ContentFile(png.getvalue()))
    request = stage_request(project, shot, TaskType.MOTION, {})
    assert request["image_uri"].startswith(s3_storage) and "Signature" in request["image_uri"]
    node = start_node(tmp_path)
    try:
        job = {"task_id": "s3-motion", "payload": dict(request, frames=6, width=320, height=180)}
        outcome = node.client().post("/motion", params={"wait": "true"}, json=job).json()
    finally:
        stop_node(node)
    assert outcome["status"] == "SUCCESS", outcome["err_msg"]
    assert outcome["result"]["frames"] == 6
