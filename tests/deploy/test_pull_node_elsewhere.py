"""A pull node on "another host": its own network namespace, joined by a veth pair, that
opens no port and has no way to the server's services except Nginx's https address on the
link. With `storyreel node --server https://... --node-key K` it registers, leases and does
the whole flow's model work, a motion clip included (it fetches the keyframe over https)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from services import QUEUE, fresh_services

from deploykit import deployment
from storyreel.client.core.api import ApiClient
from storyreel.client.core.flow import story_to_video
from storyreel.contract import TaskStatus, VideoOrder
from storyreel.progress import RecordingProgress
from tunnelkit import NODE_SIDE, SERVER_SIDE, NodeHost

STORY = "The storm came at dusk. The keeper lit the lamp.\n\nA ship turned away from the rocks."


def test_a_pull_node_in_another_namespace_does_the_work(tmp_path: Path) -> None:
    database, broker, layer = fresh_services("postgresql", "redis")
    (tmp_path / "nodehost").mkdir()
    host = NodeHost(tmp_path / "nodehost").create()
    deployed = None
    try:
        deployed = deployment(
            tmp_path / "deploy", database_url=database, broker_url=broker, redis_url=layer,
            also_listen=SERVER_SIDE,
        )  # fmt: skip
        deployed.env["STORYREEL_TASK_QUEUE"] = QUEUE
        deployed.env["STORYREEL_NODE_URL"] = ""  # pull mode: the server calls no node
        deployed.start(node=False)
        # the server's own address is out of the namespace's reach
        assert not host.reachable_inside(f"{deployed.internal_url}/api/health/live")

        added = subprocess.run(
            [sys.executable, "-m", "storyreel.cli", "nodes", "add", "faraway"],
            env=deployed.env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        key = added.stdout.strip()
        server = f"https://{SERVER_SIDE}:{deployed.ports['https']}"
        node_env = {
            **deployed.node_env,
            "SSL_CERT_FILE": str(deployed.ca),  # trusts the deployment's test CA
            "STORYREEL_NODE_LEASE_WAIT_S": "5",
        }
        host.spawn(
            "node",
            [sys.executable, "-m", "storyreel.cli", "node", "--server", server,
             "--node-key", key, "--slots", "2"],
            node_env, inside=True,
        )  # fmt: skip

        with mock.patch.dict(os.environ, {"SSL_CERT_FILE": str(deployed.ca)}):
            api = ApiClient(deployed.url)
            api.register("faraway-user", "correct horse battery")
            deadline = time.monotonic() + 60
            while not any(n.live for n in api.nodes().nodes):
                assert host.processes["node"].poll() is None, host.log("node")
                assert time.monotonic() < deadline, host.log("node")
                time.sleep(0.3)
            # it listens on nothing: every call is its own, outward
            listening = subprocess.run(
                host.inside(["ss", "-Htln"]), capture_output=True, text=True, check=True
            ).stdout
            assert listening.strip() == "", listening

            summary = story_to_video(
                api, VideoOrder(story=STORY, title="Pulled", short_side=180),
                tmp_path / "out.mp4", RecordingProgress(),
            )  # fmt: skip
            assert summary.video.stat().st_size > 10_000
            shot = api.storyboard(summary.project_id).shots[0]
            task = api.generate_video(shot.id)
            deadline = time.monotonic() + 120
            while not api.task(task.task_id).finished:
                assert time.monotonic() < deadline, "the motion task did not end"
                time.sleep(0.5)
            done = api.task(task.task_id)
            assert done.status is TaskStatus.SUCCESS, done.err_msg
            assert done.node == "faraway"
            shots = api.storyboard(summary.project_id).shots
            nodes = api.nodes()
        assert all(s.made_by.get("keyframe") == "faraway" for s in shots)
        assert shots[0].made_by["motion"] == "faraway"
        (info,) = nodes.nodes
        assert info.mode == "pull" and info.address == NODE_SIDE  # as Nginx saw it
        assert info.jobs_done >= 2 + 2 * len(shots)
    finally:
        if deployed is not None:
            deployed.stop()
        host.destroy()
