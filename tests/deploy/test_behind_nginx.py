"""The deployment in deploy/ run for real: Nginx with TLS (a self-made CA) in front of gunicorn
with two uvicorn workers, a Celery worker, beat and a model node, on PostgreSQL with Celery
and the channel layer on Redis. A client does the whole flow over https and wss."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import httpx
import pytest
from services import QUEUE, fresh_services

from deploykit import Deployment, deployment
from storyreel.client.core.api import ApiClient
from storyreel.client.core.events import ProjectEvents
from storyreel.client.core.flow import story_to_video
from storyreel.contract import TaskEvent, VideoOrder
from storyreel.progress import RecordingProgress

STORY = "The storm came at dusk. The keeper lit the lamp.\n\nA ship turned away from the rocks."


@pytest.fixture(
    scope="module",
    params=[
        ("postgresql", "redis", "internal"),
        ("postgresql", "rabbitmq", "internal"),
        ("mariadb", "redis", "proxy"),
    ],
    ids=lambda p: "+".join(p[:2]) + f"-callbacks-{p[2]}",
)
def deployed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    kind, broker_kind, callbacks = request.param
    database, broker, layer = fresh_services(kind, broker_kind)
    running = deployment(
        tmp_path_factory.mktemp("deploy"), database_url=database, broker_url=broker,
        redis_url=layer,
    )  # fmt: skip
    if callbacks == "proxy":  # the node calls back through Nginx, over https
        running.env["STORYREEL_PUBLIC_URL"] = running.url
        running.node_env["STORYREEL_NODE_CALLBACK_ALLOW"] = "localhost"
        running.node_env["SSL_CERT_FILE"] = str(running.ca)
    running.env["STORYREEL_TASK_QUEUE"] = QUEUE
    running.start()
    try:
        with mock.patch.dict(os.environ, {"SSL_CERT_FILE": str(running.ca)}):
            yield running
    finally:
        running.stop()


def test_the_whole_flow_over_https_and_wss(deployed: Deployment, tmp_path: Path) -> None:
    api = ApiClient(deployed.url)
    api.register("operator", "correct horse battery")
    summary = story_to_video(
        api, VideoOrder(story=STORY, title="Behind Nginx", short_side=180),
        tmp_path / "out.mp4", RecordingProgress(),
    )  # fmt: skip
    assert summary.video.stat().st_size > 10_000 and summary.shots >= 2
    assert summary.subtitles.read_text().startswith("1\n")

    view = api.storyboard(summary.project_id)
    # signed media links carry the proxy's scheme, host and port, and work through it
    image = view.shots[0].image_url
    assert image.startswith(f"{deployed.url}/api/media/"), image
    answer = httpx.get(image, verify=deployed.tls())
    assert answer.status_code == 200 and answer.content[:4] == b"\x89PNG"

    with ProjectEvents(deployed.url, api.token, summary.project_id) as events:
        assert events.wait_connected(10), "no wss connection through Nginx"
        api.generate_image(view.shots[0].id)
        deadline = time.monotonic() + 60
        finished = False
        while not finished and time.monotonic() < deadline:
            try:
                event = events.events.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            finished = isinstance(event, TaskEvent) and event.status.value == "SUCCESS"
        assert finished, "the task's events did not come over wss"

    # the access log keeps no link signature
    log = (deployed.folder / "access.log").read_text()
    assert "/api/media/[signed]" in log and image.rsplit("/", 1)[1] not in log
    # the node's callbacks took the way the configuration says (through Nginx, or not)
    through_proxy = deployed.env["STORYREEL_PUBLIC_URL"] == deployed.url
    assert ('"POST /api/webhook/task_complete' in log) == through_proxy


def test_nginx_redirects_http_and_health_sees_every_part(deployed: Deployment) -> None:
    plain = httpx.get(f"http://127.0.0.1:{deployed.ports['http']}/api/projects/?x=1")
    assert plain.status_code == 301
    assert plain.headers["location"] == "https://127.0.0.1/api/projects/?x=1"
    # the node's callbacks use the internal address: answered, never redirected
    internal = httpx.post(f"{deployed.internal_url}/api/webhook/task_complete", content=b"{}")
    assert internal.status_code in (400, 401)
    health = httpx.get(f"{deployed.url}/api/health", verify=deployed.tls()).json()
    assert health["status"] == "ok", health
    assert health["checks"]["database"]["detail"] in ("postgresql", "mysql")
    assert health["checks"]["channel_layer"]["detail"] == "RedisChannelLayer"
    # a node's result (a motion clip) may be larger than anything a person sends: Nginx
    # lets it through to the server (which refuses the key here), and nothing else that big
    big = b"\0" * (30 * 1024 * 1024)
    node_call = httpx.post(
        f"{deployed.url}/api/node/leases/0/complete", content=big, verify=deployed.tls(),
        headers={"Authorization": "Bearer srn_not-a-key"}, timeout=60,
    )  # fmt: skip
    assert node_call.status_code == 401, node_call.text[:200]
    person_call = httpx.post(
        f"{deployed.url}/api/projects/create", content=big, verify=deployed.tls(), timeout=60
    )
    assert person_call.status_code == 413
