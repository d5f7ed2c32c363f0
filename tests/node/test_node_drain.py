"""A node asked to stop (SIGTERM) drains: no new jobs, the running one finishes and calls
back, every queued one is handed back (FAILED, "the model node stopped ..."), then it exits.
So no task waits forever on a node that went away."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx

from nodekit import CallbackReceiver, start_node

LONG = "The keeper climbed the stairs and lit the great lamp above the sea. " * 30


def test_sigterm_finishes_the_running_job_and_hands_back_the_queued_ones(
    tmp_path: Path, receiver: CallbackReceiver
) -> None:
    node = start_node(tmp_path, {"STORYREEL_NODE_DRAIN_S": "60"})
    receiver.reset()
    try:
        client = node.client()
        ids = [f"drain-{n}" for n in range(4)]
        for task_id in ids:
            job = {
                "task_id": task_id,
                "callback_url": f"{receiver.url}/hook",
                "payload": {"text": LONG, "language": "en"},
            }
            assert client.post("/narration", json=job).status_code == 202
        time.sleep(0.5)  # the first job is running, three wait behind it
        node.process.send_signal(signal.SIGTERM)
        refused = None
        deadline = time.monotonic() + 5
        while refused is None and time.monotonic() < deadline:
            try:  # while it drains it takes no new job
                job = {"task_id": "late", "callback_url": f"{receiver.url}/hook",
                       "payload": {"text": "Hello.", "language": "en"}}  # fmt: skip
                answer = client.post("/narration", json=job, timeout=5)
                if answer.status_code == 503:
                    refused = answer
            except httpx.HTTPError:
                break  # already closed to new connections: also refused
            time.sleep(0.05)
        assert node.process.wait(90) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal
    finally:
        if node.process.poll() is None:
            node.process.kill()
    if refused is not None:
        assert refused.json()["error"] == "node_stopping" and refused.headers["Retry-After"]
    outcomes = {d.json()["task_id"]: d.json() for d in receiver.wait_for(4, timeout=10)}
    assert sorted(outcomes) == ids  # every job called back exactly once, the late one never
    assert outcomes["drain-0"]["status"] == "SUCCESS"
    for task_id in ids[1:]:
        assert outcomes[task_id]["status"] == "FAILED"
        assert outcomes[task_id]["err_msg"] == (
            "the model node stopped before running it; retry this task"
        )
