"""How long a story will take to become a video, said before anything is made.

The speeds are this machine's own, measured once per voice, size and shape with a short
calibration story (a real storyboard, keyframes, narration and export, in a scratch folder)
and kept in the cache. A story's estimate then cuts it into shots (the real storyboard
stage, which is quick), predicts each shot's speech from its characters at the voice's
measured pace, lays out the timeline as the compositor will, and prices each stage
(`storyreel.media.estimate`, the arithmetic the server's estimates share).
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

from storyreel.contract import (
    ExportRequest,
    Language,
    NarrationRequest,
    StoryboardRequest,
    VideoOrder,
)
from storyreel.media.compositor import Compositor
from storyreel.media.estimate import Estimate, Speeds, price
from storyreel.narration.service import narration_synthesize
from storyreel.narration.voices import resolve_voice
from storyreel.settings import Settings
from storyreel.text.language import detect_language
from storyreel.text.story import check_story

CALIBRATION = {
    Language.EN: (
        "The keeper climbed the narrow stairs as the storm rolled in from the sea. "
        "He lit the lamp, and a long beam swept across the dark water. "
        "Far out, a small boat turned toward the light and came home."
    ),
    Language.ZH: (
        "暴风雨从海上来，守塔人爬上窄窄的楼梯。他点亮了灯，一道长长的光扫过黑色的海面。"
        "远处，一条小船转向灯光，平安回到了港口。"
    ),
}
_KEEP_S = 7 * 24 * 3600  # measured speeds are kept a week
_VERSION = 2


def _key(order: VideoOrder, language: Language, voice: str, renderer: str) -> str:
    return (
        f"v{_VERSION}-{voice}-{language.value}-{order.aspect.value.replace(':', 'x')}"
        f"-{order.short_side}-{renderer}"
    )


def _cache_path(settings: Settings, key: str) -> Path:
    return settings.cache_dir / "estimate" / f"{key}.json"


def cached_speeds(settings: Settings, order: VideoOrder) -> Speeds | None:
    """The measured speeds for this order's voice, size and shape, if measured lately."""
    from storyreel.engines import build_engines

    language = order.language or detect_language(order.story)
    voice = resolve_voice(order.voice, language).name
    path = _cache_path(
        settings, _key(order, language, voice, build_engines(settings).keyframe.name)
    )
    try:
        speeds = Speeds(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None
    return speeds if time.time() - speeds.measured_at < _KEEP_S else None


def measure_speeds(settings: Settings, order: VideoOrder) -> Speeds:
    """Make the calibration story's video in a scratch folder (nothing cached is reused,
    nothing is kept) and time each stage; the speeds are kept for the next estimate."""
    from storyreel.pipeline.story_to_video import StoryToVideo

    language = order.language or detect_language(order.story)
    voice = resolve_voice(order.voice, language)
    with tempfile.TemporaryDirectory(prefix="storyreel-calibrate-") as scratch:
        folder = Path(scratch)
        local = replace(settings, cache_dir=folder / "cache")
        pipeline = StoryToVideo(local)
        board = pipeline.write_storyboard(
            StoryboardRequest(story=CALIBRATION[language], language=language, aspect=order.aspect)
        ).storyboard
        started = time.perf_counter()
        keyframes = pipeline.render_keyframes(board, folder / "assets", order.short_side)
        keyframe_s = (time.perf_counter() - started) / len(board.shots)
        started = time.perf_counter()
        narration_synthesize(
            request=NarrationRequest(text=board.shots[0].narration[:12], language=language,
                                     voice=voice.name),
            out_path=folder / "load.wav",
        )  # fmt: skip
        first = time.perf_counter() - started
        started = time.perf_counter()
        board, media = pipeline.narrate(board, keyframes, folder / "assets", voice.name, order.fps)
        narrate_s = time.perf_counter() - started
        chars = sum(len(shot.narration) for shot in board.shots)
        spoken = sum(m.narration_duration_s for m in media)
        per_char = narrate_s / chars
        # two exports (the first shot alone, then all), each with its own empty cache: what
        # an export costs whatever its length, and what each second of video adds
        timed = []
        for count in (1, len(board.shots)):
            part = board.model_copy(update={"shots": board.shots[:count]})
            compositor = Compositor(replace(local, cache_dir=folder / f"export-{count}"))
            started = time.perf_counter()
            made = compositor.export(
                ExportRequest(
                    storyboard=part, media=media[:count],
                    output_path=str(folder / f"calibration-{count}.mp4"),
                    short_side=order.short_side, fps=order.fps,
                    loudness_lufs=order.loudness_lufs,
                )
            )  # fmt: skip
            timed.append((made.duration_s, time.perf_counter() - started))
        (short_s, short_t), (long_s, long_t) = timed
        if long_s - short_s > 0.5 and long_t > short_t:
            per_second = (long_t - short_t) / (long_s - short_s)
        else:  # one shot, or a busy machine timed the longer export faster: all per second
            per_second = long_t / max(0.1, long_s)
    speeds = Speeds(
        keyframe_s=keyframe_s,
        voice_load_s=max(0.0, first - per_char * 12),
        narration_s_per_char=per_char,
        speech_s_per_char=spoken / chars,
        export_fixed_s=max(0.0, short_t - per_second * short_s),
        export_s_per_video_s=per_second,
    )
    path = _cache_path(settings, _key(order, language, voice.name, pipeline.renderer.name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(speeds)))
    return speeds


def estimate(settings: Settings, order: VideoOrder, speeds: Speeds | None = None) -> Estimate:
    """The expected time of each stage of this order, from this machine's speeds
    (measured now when none are kept)."""
    from storyreel.engines import build_engines

    story = check_story(order.story, settings.max_story_chars, order.language)
    language = order.language or detect_language(story)
    speeds = speeds or cached_speeds(settings, order) or measure_speeds(settings, order)
    started = time.perf_counter()
    board = build_engines(settings).storyboard(
        StoryboardRequest(story=story, title=order.title, language=language,
                          style=order.style, aspect=order.aspect, seed=order.seed)
    ).storyboard  # fmt: skip
    storyboard_s = time.perf_counter() - started
    chars = [len(shot.narration) for shot in board.shots]
    return price(
        chars, speeds, fps=order.fps, storyboard_s=storyboard_s, transition=order.transition
    )
