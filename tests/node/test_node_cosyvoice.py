"""The node's CosyVoice backend over HTTP, against the protocol stub (see cosyvoice_stub)."""

from __future__ import annotations

from pathlib import Path

from cosyvoice_stub import start_cosyvoice_stub
from nodekit import RunningNode, free_port, start_node, stop_node


def test_tts_through_a_cosyvoice_server(tmp_path: Path) -> None:
    stub = start_cosyvoice_stub(free_port())
    running = start_node(tmp_path, {"STORYREEL_COSYVOICE_URL": stub.url})
    try:
        client = running.client()
        caps = client.get("/capabilities").json()
        assert [b["available"] for b in caps["backends"] if b["name"] == "cosyvoice"] == [True]
        assert "cosyvoice-中文男" in caps["voices"]
        job = {
            "task_id": "cosy-1",
            "payload": {
                "text": "她把灯笼带回了家。",
                "language": "zh",
                "voice": "cosyvoice-中文男",
            },
        }
        outcome = client.post("/narration", params={"wait": "true"}, json=job).json()
        assert outcome["status"] == "SUCCESS", outcome["err_msg"]
        assert outcome["backend"] == "cosyvoice"
        assert outcome["result"]["sample_rate"] == 22050
        assert stub.requests[-1][1]["spk_id"] == "中文男"
    finally:
        stop_node(running)
        stub.close()


def test_without_a_server_cosyvoice_says_what_to_set(node: RunningNode) -> None:
    caps = node.client().get("/capabilities").json()["backends"]
    [cosy] = [b for b in caps if b["name"] == "cosyvoice"]
    assert not cosy["available"] and "STORYREEL_COSYVOICE_URL" in cosy["reason"]
