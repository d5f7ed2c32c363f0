"""Story to narrated MP4, on one machine, with the offline backends.

Writes next to the MP4: the subtitles (.srt) and the storyboard (.json, the contract's
Storyboard model with each shot's duration filled in from its narration).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from storyreel.contract import (
    AspectRatio,
    ExportRequest,
    KeyframeRequest,
    Language,
    NarrationRequest,
    ShotMedia,
    Storyboard,
    StoryboardRequest,
)
from storyreel.errors import StoryInputError
from storyreel.keyframe.base import KeyframeRenderer
from storyreel.keyframe.service import keyframe_render_batch
from storyreel.keyframe.sketch import SketchRenderer
from storyreel.media.compositor import Compositor, check_output_path
from storyreel.media.timeline import shot_duration_s
from storyreel.narration.service import narration_synthesize
from storyreel.narration.voices import resolve_voice
from storyreel.pipeline.progress import ProgressReporter, SilentProgress
from storyreel.settings import Settings
from storyreel.storyboard.language import detect_language
from storyreel.storyboard.planner import plan_storyboard


@dataclass(frozen=True)
class StoryJob:
    """What a person asks for: a story and how the video should look and sound."""

    story: str
    output: Path
    language: Language | None = None  # None: detect
    aspect: AspectRatio = AspectRatio.LANDSCAPE
    voice: str | None = None
    style: str = ""
    title: str = "Untitled"
    seed: int = 0
    short_side: int = 720
    fps: int = 24  # film rate: the 0.5 s crossfade is a whole 12 frames


@dataclass(frozen=True)
class VideoSummary:
    """What a run produced."""

    video: Path
    subtitles: Path
    storyboard: Path
    shots: int
    duration_s: float
    elapsed_s: float
    stage_seconds: dict[str, float] = field(default_factory=dict)


def validate_story(story: str, settings: Settings) -> str:
    """The story's text, or a clear error when it is empty or too long."""
    if "\x00" in story:
        raise StoryInputError("the story contains binary data; give a plain text file")
    text = story.strip()
    if not any(char.isalnum() for char in text):
        raise StoryInputError("the story is empty: write or paste at least one sentence")
    if len(story) > settings.max_story_chars:
        raise StoryInputError(
            f"the story is {len(story):,} characters, over the limit of "
            f"{settings.max_story_chars:,}; split it into parts or raise "
            "STORYREEL_MAX_STORY_CHARS"
        )
    return story


def _write_text_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


class StoryToVideo:
    """The embedded pipeline; models load once and stay warm across runs."""

    def __init__(self, settings: Settings, renderer: KeyframeRenderer | None = None) -> None:
        self.settings = settings
        self.renderer = renderer or SketchRenderer()
        self.compositor = Compositor(settings)

    def _assets_dir(self, storyboard: Storyboard, voice: str, job: StoryJob) -> Path:
        recipe = f"{storyboard.model_dump_json()}|{voice}|{job.short_side}|{self.renderer.name}"
        digest = hashlib.sha256(recipe.encode()).hexdigest()[:16]
        return self.settings.cache_dir / "assets" / digest

    def render_keyframes(
        self,
        storyboard: Storyboard,
        folder: Path,
        short_side: int,
        report: ProgressReporter | None = None,
    ) -> list[Path]:
        """One keyframe PNG per shot in folder; files already there are reused."""
        report = report or SilentProgress()
        width, height = storyboard.aspect.frame_size(short_side)
        report.stage("keyframes", len(storyboard.shots))
        keyframes = [folder / f"shot-{shot.index + 1:03d}.png" for shot in storyboard.shots]
        missing = [(s, p) for s, p in zip(storyboard.shots, keyframes) if not p.is_file()]
        done = len(keyframes) - len(missing)
        if done:
            report.advance(done)
        step = max(1, self.renderer.batch_size)
        for start in range(0, len(missing), step):
            chunk = missing[start : start + step]
            keyframe_render_batch(
                requests=[
                    KeyframeRequest(
                        prompt=shot.prompt,
                        seed=shot.seed,
                        width=width,
                        height=height,
                        shot_size=shot.shot_size,
                    )
                    for shot, _path in chunk
                ],
                renderer=self.renderer,
                out_paths=[path for _shot, path in chunk],
            )
            done += len(chunk)
            report.advance(done)
        return keyframes

    def narrate(
        self,
        storyboard: Storyboard,
        keyframes: list[Path],
        folder: Path,
        voice: str,
        fps: int,
        report: ProgressReporter | None = None,
    ) -> tuple[Storyboard, list[ShotMedia]]:
        """Speak every shot; returns the storyboard with durations set, and each shot's media."""
        report = report or SilentProgress()
        shots = storyboard.shots
        report.stage("narration", len(shots))
        media: list[ShotMedia] = []
        timed_shots = []
        for position, (shot, keyframe) in enumerate(zip(shots, keyframes), start=1):
            spoken = narration_synthesize(
                request=NarrationRequest(
                    text=shot.narration, language=storyboard.language, voice=voice
                ),
                out_path=folder / f"shot-{shot.index + 1:03d}.wav",
            )
            media.append(
                ShotMedia(
                    keyframe_uri=str(keyframe),
                    narration_uri=spoken.uri,
                    narration_duration_s=spoken.duration_s,
                )
            )
            duration = shot_duration_s(spoken.duration_s, fps, is_last=position == len(shots))
            timed_shots.append(shot.model_copy(update={"duration_s": round(duration, 4)}))
            report.advance(position)
        return storyboard.model_copy(update={"shots": timed_shots}), media

    def run(self, job: StoryJob, progress: ProgressReporter | None = None) -> VideoSummary:
        """Make the video; raises StoryReelError subclasses for anything a person can fix."""
        report = progress or SilentProgress()
        started = time.monotonic()
        timings: dict[str, float] = {}
        story = validate_story(job.story, self.settings)
        check_output_path(job.output)
        language = job.language or detect_language(story)
        voice = resolve_voice(job.voice, language)  # unknown voices fail before any work

        stage_start = time.monotonic()
        report.stage("storyboard", 1)
        result = plan_storyboard(
            StoryboardRequest(
                story=story,
                title=job.title,
                language=language,
                style=job.style,
                aspect=job.aspect,
                seed=job.seed,
            )
        )
        storyboard = result.storyboard
        report.advance(1)
        timings["storyboard"] = time.monotonic() - stage_start

        assets = self._assets_dir(storyboard, voice.name, job)
        stage_start = time.monotonic()
        keyframes = self.render_keyframes(storyboard, assets, job.short_side, report)
        timings["keyframes"] = time.monotonic() - stage_start

        stage_start = time.monotonic()
        storyboard, media = self.narrate(storyboard, keyframes, assets, voice.name, job.fps, report)
        shots = storyboard.shots
        timings["narration"] = time.monotonic() - stage_start

        stage_start = time.monotonic()

        def export_progress(done: int, total: int) -> None:
            if done == 0:
                report.stage("export", total)
            else:
                report.advance(done)

        exported = self.compositor.export(
            ExportRequest(
                storyboard=storyboard,
                media=media,
                output_path=str(job.output),
                short_side=job.short_side,
                fps=job.fps,
            ),
            on_progress=export_progress,
        )
        storyboard_path = job.output.with_suffix(".json")
        _write_text_atomically(storyboard_path, storyboard.model_dump_json(indent=2))
        report.finish()
        timings["export"] = time.monotonic() - stage_start
        return VideoSummary(
            video=Path(exported.video_path),
            subtitles=Path(exported.subtitles_path),
            storyboard=storyboard_path,
            shots=len(shots),
            duration_s=exported.duration_s,
            elapsed_s=time.monotonic() - started,
            stage_seconds=timings,
        )
