"""Story to MP4 end to end, English and Chinese, checked the way a viewer would notice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from storyreel.contract import (
    KeyframeRequest,
    Language,
    Storyboard,
    StoryboardRequest,
    VideoOrder,
    VideoSummary,
)
from storyreel.errors import StoryInputError, VoiceNotFoundError
from storyreel.keyframe.diffusers_renderer import DiffusersRenderer
from storyreel.media.probe import probe_media
from storyreel.media.timeline import COMMA_S, CROSSFADE_S, RUN_ON_S, runs_on, speech_lead_s
from storyreel.pipeline.story_to_video import StoryToVideo
from storyreel.progress import RecordingProgress
from storyreel.samples import sample_story
from storyreel.settings import Settings
from storyreel.storyboard.planner import plan_storyboard


@dataclass
class Made:
    summary: VideoSummary
    progress: RecordingProgress


@pytest.fixture(scope="session")
def pipeline(session_settings: Settings) -> StoryToVideo:
    return StoryToVideo(session_settings)


# a sentence too long for one shot: split at a clause, it runs on across the cut
_LONG_SENTENCE = {
    Language.EN: "\n\nWhen the storm had passed and the sea lay still again under a pale morning "
    "sky, the fishermen of the village rowed out to the island with bread and oil for the "
    "lamp, and found the old keeper asleep in his chair beside it.",
    Language.ZH: "\n\n风雨过去以后，海面又平静下来，村里的渔民们划着小船来到岛上，"
    "给老人送来了面包和灯油，看见他靠在灯旁的椅子上睡着了。",
}


@pytest.fixture(scope="session", params=[Language.EN, Language.ZH], ids=["en", "zh"])
def made(
    request: pytest.FixtureRequest, pipeline: StoryToVideo, tmp_path_factory: pytest.TempPathFactory
) -> Made:
    language: Language = request.param
    out = tmp_path_factory.mktemp(f"video-{language.value}") / "story.mp4"
    progress = RecordingProgress()
    story = sample_story(language) + _LONG_SENTENCE[language]
    order = VideoOrder(story=story, short_side=360, style="ink")
    return Made(pipeline.run(order, out, progress), progress)


def _srt_cues(path: Path) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.split("\n")
        start, end = lines[1].split(" --> ")
        cues.append((seconds(start), seconds(end), "\n".join(lines[2:])))
    return cues


def test_outputs_sit_next_to_the_video(made: Made) -> None:
    summary = made.summary
    assert summary.video.is_file() and summary.subtitles.is_file() and summary.storyboard.is_file()
    assert summary.subtitles == summary.video.with_suffix(".srt")
    names = sorted(p.name for p in summary.video.parent.iterdir())
    assert names == ["story.json", "story.mp4", "story.srt"]
    stages = [event[1] for event in made.progress.events if event[0] == "stage"]
    assert stages == ["storyboard", "keyframes", "narration", "export"]


def test_streams_and_duration_match_the_storyboard(made: Made) -> None:
    board = Storyboard.model_validate_json(made.summary.storyboard.read_text(encoding="utf-8"))
    info = probe_media(made.summary.video)
    assert info.video is not None and info.audio is not None
    assert (info.video.codec, info.video.width, info.video.height) == ("h264", 640, 360)
    assert info.audio.codec == "aac" and info.audio.channels == 1  # the mix is mono
    durations = [shot.duration_s for shot in board.shots]
    assert all(d is not None for d in durations)
    expected = sum(d for d in durations if d) - CROSSFADE_S * (len(durations) - 1)
    assert abs(info.duration_s - expected) < 0.1
    assert abs(made.summary.duration_s - expected) < 0.1


def test_subtitles_follow_the_narration_in_time(made: Made) -> None:
    board = Storyboard.model_validate_json(made.summary.storyboard.read_text(encoding="utf-8"))
    cues = _srt_cues(made.summary.subtitles)
    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    assert squash("".join(c[2] for c in cues)) == squash("".join(s.narration for s in board.shots))
    # Each shot's first cue starts when its speech starts: shot start + lead (a later shot
    # speaks in the crossfade that brings it in: a J-cut; later where the sentence before
    # runs on into it: a long sentence of each sample is split at a comma).
    running_on = runs_on([shot.narration for shot in board.shots])
    assert any(running_on)
    start = 0.0
    shot_starts = []
    for shot in board.shots:
        shot_starts.append(start)
        start += (shot.duration_s or 0) - CROSSFADE_S
    cue_starts = [c[0] for c in cues]
    for index, shot_start in enumerate(shot_starts):
        lead = speech_lead_s(index, index > 0 and running_on[index - 1])
        assert min(abs(c - (shot_start + lead)) for c in cue_starts) < 0.05
    for (a_start, a_end, _), (b_start, _, _) in zip(cues, cues[1:]):
        assert a_start < a_end <= b_start + 1e-3


def test_speech_is_heard_when_its_subtitle_shows(made: Made) -> None:
    with av.open(str(made.summary.video)) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        samples = np.concatenate(
            [frame.to_ndarray().mean(axis=0) for frame in container.decode(stream)]
        )
    cues = _srt_cues(made.summary.subtitles)
    rms = lambda a, b: float(np.sqrt(np.mean(samples[int(a * rate) : int(b * rate)] ** 2)))  # noqa: E731
    # every cue is spoken while it shows ...
    assert all(rms(start, end) > 0.02 for start, end, _ in cues)
    # ... and where no subtitle shows (between shots: the reader's pause at a cut, SPEECH_TAIL_S
    # + J_LEAD_S less SUBTITLE_HOLD_S; after the last) nothing is said
    gaps = [(end + 0.02, following[0] - 0.02) for (_, end, _), following in zip(cues, cues[1:])]
    gaps = [(a, b) for a, b in gaps if b - a > 0.04] + [(cues[-1][1] + 0.05, cues[-1][1] + 0.4)]
    board = Storyboard.model_validate_json(made.summary.storyboard.read_text(encoding="utf-8"))
    running_on = runs_on([shot.narration for shot in board.shots])
    assert len(gaps) >= len(board.shots) - sum(running_on)  # every cut but a run-on, the end
    assert all(rms(a, b) < 0.02 for a, b in gaps)
    # where a sentence runs on, its voice is heard over the next picture (an L-cut) and the
    # next voice follows a comma's pause later: no reader's pause
    starts = np.cumsum([0.0] + [(s.duration_s or 0) - CROSSFADE_S for s in board.shots])
    for index in np.flatnonzero(running_on):
        cut = float(starts[index + 1])  # the next picture starts coming in
        assert rms(cut, cut + RUN_ON_S - 0.08) > 0.01
        window = np.arange(cut, cut + RUN_ON_S + COMMA_S + 0.3, 0.01)
        quiet = [t for t in window if rms(t, t + 0.01) < 0.005]
        assert len(quiet) * 0.01 < RUN_ON_S + COMMA_S


def test_keyframes_move(made: Made) -> None:
    with av.open(str(made.summary.video)) as container:
        frames = [f.to_ndarray(format="gray") for i, f in zip(range(40), container.decode(video=0))]
    assert np.abs(frames[20].astype(int) - frames[39].astype(int)).mean() > 0.5


def test_bad_stories_fail_clearly_and_leave_nothing(pipeline: StoryToVideo, tmp_path: Path) -> None:
    out = tmp_path / "v.mp4"
    for story in ["", "   \n\t ", "...!!!"]:
        with pytest.raises(StoryInputError, match="empty"):
            pipeline.run(VideoOrder(story=story), out)
    small = StoryToVideo(Settings(cache_dir=tmp_path / "c", max_story_chars=100))
    with pytest.raises(StoryInputError, match="over the limit of 100"):
        small.run(VideoOrder(story="A sentence. " * 20), out)
    with pytest.raises(VoiceNotFoundError, match="available voices"):
        pipeline.run(VideoOrder(story="Hello there.", voice="nobody"), out)
    assert list(tmp_path.glob("*.mp4")) == []


def test_diffusers_keyframes_render_in_batches(tiny_sd_dir: Path, tmp_path: Path) -> None:
    renderer = DiffusersRenderer(tiny_sd_dir)
    board = plan_storyboard(StoryboardRequest(story=sample_story(Language.EN))).storyboard
    progress = RecordingProgress()
    pipeline = StoryToVideo(Settings(cache_dir=tmp_path / "cache"), renderer=renderer)
    paths = pipeline.render_keyframes(board, tmp_path / "keys", 144, progress)
    count = len(board.shots)
    assert [p.name for p in paths] == [f"shot-{i + 1:03d}.png" for i in range(count)]
    assert all(p.is_file() for p in paths)
    advances = [int(e[1]) for e in progress.events if e[0] == "advance"]
    assert advances == [*range(4, count, 4), count]  # four shots per forward pass
    # a batch draws each shot as it would be drawn alone
    first = board.shots[1]
    alone = renderer.render(
        KeyframeRequest(prompt=first.prompt, seed=first.seed, width=256, height=144)
    )
    assert np.array_equal(np.asarray(alone), np.asarray(Image.open(paths[1]).convert("RGB")))


def test_the_sound_is_at_the_target_loudness(made: Made, pipeline: StoryToVideo) -> None:
    """The sample story in each language as an EBU R128 meter reads the MP4: -16 LUFS within
    half a LU (ffmpeg's loudnorm alone left the English one at -17.0), peaks under -1 dBTP."""
    from storyreel.media.loudness import measure

    found = measure(pipeline.compositor.ffmpeg, made.summary.video)
    assert found.integrated_lufs == pytest.approx(-16.0, abs=0.5)
    assert found.true_peak_dbtp <= -1.0
