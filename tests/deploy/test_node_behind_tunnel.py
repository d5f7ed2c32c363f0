"""The model node on "another host": its own network namespace with no route to the server's
services, reachable only through an SSH tunnel it opens (standing in for FRP: see
tests/tunnelkit.py), its results going through S3 (moto) that both sides reach. The whole
flow runs through Nginx with TLS, and the callbacks come back through the tunnel."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from unittest import mock

import boto3
import httpx
from services import QUEUE, fresh_services

from deploykit import deployment
from nodekit import free_port
from s3kit import CREDENTIALS, boto_credentials, moto_server
from storyreel.client.core.api import ApiClient
from storyreel.client.core.flow import story_to_video
from storyreel.contract import TaskStatus, VideoOrder
from storyreel.progress import RecordingProgress
from tunnelkit import SERVER_SIDE, NodeHost

STORY = "The storm came at dusk. The keeper lit the lamp.\n\nA ship turned away from the rocks."


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_node_behind_a_tunnel_does_the_whole_flow(tmp_path: Path) -> None:
    database, broker, layer = fresh_services("postgresql", "redis")
    (tmp_path / "nodehost").mkdir()
    host = NodeHost(tmp_path / "nodehost").create()
    deployed = None
    try:
        host.start_sshd()
        with moto_server(tmp_path, host=SERVER_SIDE) as s3:
            boto3.client("s3", endpoint_url=s3, **boto_credentials()).create_bucket(
                Bucket="node-results"
            )
            deployed = deployment(
                tmp_path / "deploy", database_url=database, broker_url=broker, redis_url=layer
            )
            web, remote_node = deployed.ports["web"], deployed.ports["node"]
            deployed.env["STORYREEL_TASK_QUEUE"] = QUEUE
            # the node's results come from S3, which is not the node's own URL
            deployed.env["STORYREEL_NODE_RESULT_HOSTS"] = s3.removeprefix("http://")
            deployed.start(node=False)
            # from the node's namespace the server's services cannot be reached
            assert not host.reachable_inside(f"{deployed.internal_url}/api/health/live")

            node_port = free_port()
            node_env = {
                **deployed.node_env, **CREDENTIALS,
                "STORYREEL_NODE_STORAGE": "s3://node-results/results",
                "STORYREEL_S3_ENDPOINT_URL": s3,
            }  # fmt: skip
            node_cmd = [sys.executable, "-m", "storyreel.cli", "node", "--host", "127.0.0.1",
                        "--port", str(node_port)]  # fmt: skip
            host.spawn("node", node_cmd, node_env, inside=True)
            host.wait(
                lambda: host.reachable_inside(f"http://127.0.0.1:{node_port}/health"),
                "the node", ("node",),
            )  # fmt: skip
            host.open_tunnel(node_port=node_port, remote_node_port=remote_node, web_port=web)
            host.wait(
                lambda: _answers(f"http://127.0.0.1:{remote_node}/health"),
                "the tunnel", ("tunnel", "sshd"),
            )  # fmt: skip
            assert host.reachable_inside(f"{deployed.internal_url}/api/health/live")  # via -L

            with mock.patch.dict(os.environ, {"SSL_CERT_FILE": str(deployed.ca)}):
                api = ApiClient(deployed.url)
                api.register("faraway", "correct horse battery")
                summary = story_to_video(
                    api, VideoOrder(story=STORY, title="Tunnel", short_side=180),
                    tmp_path / "out.mp4", RecordingProgress(),
                )  # fmt: skip
                assert summary.video.stat().st_size > 10_000
                # a motion clip: the node fetches the keyframe from the server, through -L
                shot = api.storyboard(summary.project_id).shots[0]
                task = api.generate_video(shot.id)
                deadline = time.monotonic() + 120
                while api.task(task.task_id).status not in (TaskStatus.SUCCESS, TaskStatus.FAILED):
                    assert time.monotonic() < deadline, "the motion task did not end"
                    time.sleep(0.5)
                done = api.task(task.task_id)
                assert done.status is TaskStatus.SUCCESS, done.err_msg
            stored = boto3.client("s3", endpoint_url=s3, **boto_credentials()).list_objects_v2(
                Bucket="node-results", Prefix="results/"
            )
            kinds = {item["Key"].split("/")[1] for item in stored.get("Contents", [])}
            assert {"keyframe", "narration", "motion"} <= kinds, kinds
    finally:
        if deployed is not None:
            deployed.stop()
        host.destroy()
