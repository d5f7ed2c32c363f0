"""Story to narrated MP4, on one machine, with the offline backends.

Writes next to the MP4: the subtitles (.srt) and the storyboard (.json, the contract's
Storyboard model with each shot's duration filled in from its narration).
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from storyreel.atomic import write_text_atomic
from storyreel.contract import (
    ExportRequest,
    KeyframeRequest,
    NarrationRequest,
    ShotMedia,
    Storyboard,
    StoryboardRequest,
    Transition,
    VideoOrder,
    VideoSummary,
)
from storyreel.engines import build_engines
from storyreel.keyframe.base import KeyframeRenderer
from storyreel.keyframe.service import keyframe_render_batch
from storyreel.media.compositor import Compositor, check_output_path
from storyreel.media.timeline import runs_on, shot_duration_s
from storyreel.narration.service import narration_synthesize
from storyreel.narration.voices import resolve_voice
from storyreel.progress import ProgressReporter, SilentProgress
from storyreel.settings import Settings
from storyreel.text.language import detect_language
from storyreel.text.story import check_story


class StoryToVideo:
    """The embedded pipeline; models load once and stay warm across runs."""

    def __init__(self, settings: Settings, renderer: KeyframeRenderer | None = None) -> None:
        self.settings = settings
        engines = build_engines(settings)  # the node builds its backends the same way
        self.write_storyboard = engines.storyboard
        self.renderer = renderer or engines.keyframe
        self.compositor = Compositor(settings)

    def _assets_dir(self, storyboard: Storyboard, voice: str, order: VideoOrder) -> Path:
        recipe = f"{storyboard.model_dump_json()}|{voice}|{order.short_side}|{self.renderer.name}"
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
        transition: Transition = Transition.CROSSFADE,
    ) -> tuple[Storyboard, list[ShotMedia]]:
        """Speak every shot; returns the storyboard with durations set (each shot followed
        by its own transition, else `transition`), and each shot's media."""
        report = report or SilentProgress()
        shots = storyboard.shots
        report.stage("narration", len(shots))
        media: list[ShotMedia] = []
        timed_shots = []
        running_on = runs_on([shot.narration for shot in shots])
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
            last = position == len(shots)
            out = Transition.CUT if last else shots[position].transition or transition
            duration = shot_duration_s(
                spoken.duration_s,
                fps,
                is_last=last,
                is_first=position == 1,
                out=out,
                runs_on=running_on[position - 1],
                runs_in=position > 1 and running_on[position - 2],
            )
            timed_shots.append(shot.model_copy(update={"duration_s": round(duration, 4)}))
            report.advance(position)
        return storyboard.model_copy(update={"shots": timed_shots}), media

    def run(
        self, order: VideoOrder, output: Path, progress: ProgressReporter | None = None
    ) -> VideoSummary:
        """Make the video at output (.srt and .json beside it); raises StoryReelError
        subclasses for anything a person can fix, before any work starts."""
        report = progress or SilentProgress()
        started = time.monotonic()
        timings: dict[str, float] = {}
        story = check_story(order.story, self.settings.max_story_chars, order.language)
        check_output_path(output)
        language = order.language or detect_language(story)
        voice = resolve_voice(order.voice, language)  # unknown voices fail before any work

        stage_start = time.monotonic()
        report.stage("storyboard", 1)
        result = self.write_storyboard(
            StoryboardRequest(
                story=story,
                title=order.title,
                language=language,
                style=order.style,
                aspect=order.aspect,
                seed=order.seed,
            )
        )
        storyboard = result.storyboard
        report.advance(1)
        timings["storyboard"] = time.monotonic() - stage_start

        assets = self._assets_dir(storyboard, voice.name, order)
        stage_start = time.monotonic()
        keyframes = self.render_keyframes(storyboard, assets, order.short_side, report)
        timings["keyframes"] = time.monotonic() - stage_start

        stage_start = time.monotonic()
        storyboard, media = self.narrate(
            storyboard, keyframes, assets, voice.name, order.fps, report, order.transition
        )
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
                output_path=str(output),
                short_side=order.short_side,
                fps=order.fps,
                loudness_lufs=order.loudness_lufs,
                music=order.music,
                music_volume_db=order.music_volume_db,
                duck_db=order.duck_db,
                transition=order.transition,
                subtitles=order.subtitles,
            ),
            on_progress=export_progress,
        )
        storyboard_path = output.with_suffix(".json")
        write_text_atomic(storyboard_path, exported.storyboard.model_dump_json(indent=2))
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
            keyframes=keyframes,
            narrations=[Path(m.narration_uri) for m in media],
            encoder=exported.encoder,
            encoder_note=exported.encoder_note,
        )
