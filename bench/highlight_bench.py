"""When the highlighted word lights against when the voice says it: each shot of English
stories spoken by Piper (joe), its words timed as the export times them (the voice's
voiced-time clock, `media.audio.speech_clock`) and, for comparison, spread evenly over the
speech; Whisper base's word times are the reference. Prints the median and 90th percentile
of |highlight start - word heard| and the share within 0.25 s, for both.

Run: .venv/bin/python bench/highlight_bench.py [--stories 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from storyboard_bench import story_text
from storyboard_stories import STORIES
from storyreel.contract import AspectRatio, Language, StoryboardRequest
from storyreel.media.audio import read_wav, speech_clock
from storyreel.media.subtitles import cue_words, cues_for_speech
from storyreel.narration.asr import Transcriber, asr_unavailable, whisper_folder
from storyreel.pipeline.story_to_video import StoryToVideo
from storyreel.settings import Settings
from storyreel.storyboard.planner import plan_storyboard
from storyreel.text.subtitle_layout import layout_for


def _bare(word: str) -> str:
    return re.sub(r"[^a-z0-9']", "", word.lower())


def _matched(drawn: list[tuple[str, float]], heard: list[tuple[str, float]]) -> list[float]:
    """|drawn - heard| for words found in both, in order (a word Whisper missed or
    misheard is skipped, looking a few words ahead)."""
    errors, at = [], 0
    for word, start in drawn:
        for ahead in range(at, min(at + 4, len(heard))):
            if heard[ahead][0] == word:
                errors.append(abs(start - heard[ahead][1]))
                at = ahead + 1
                break
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=3)
    args = parser.parse_args()
    why = asr_unavailable()
    if why:
        print(f"no ASR here: {why}")
        return 1
    settings = Settings.from_env()
    ears = Transcriber(whisper_folder(settings.models.models_dir))
    english = [story for story in STORIES if story["language"] == "en"][: args.stories]
    units = layout_for(AspectRatio.LANDSCAPE).units_per_line
    errors: dict[str, list[float]] = {"voiced clock": [], "evenly": []}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        pipeline = StoryToVideo(Settings(cache_dir=folder / "cache"))
        for number, story in enumerate(english):
            text, _spans = story_text(story["lines"], Language.EN)  # type: ignore[arg-type]
            board = plan_storyboard(StoryboardRequest(story=text, language=Language.EN)).storyboard
            pictures = [folder / "none.png"] * len(board.shots)
            board, media = pipeline.narrate(board, pictures, folder / f"s{number}", "joe", 24)
            for shot, made in zip(board.shots, media):
                samples, rate = read_wav(Path(made.narration_uri))
                heard = [
                    (_bare(w.text), w.start_s)
                    for w in ears.hear(samples, rate, Language.EN).words
                    if _bare(w.text)
                ]
                length = made.narration_duration_s
                for name, clock in (("voiced clock", speech_clock(samples, rate)),
                                    ("evenly", None)):  # fmt: skip
                    cues = cues_for_speech(shot.narration, 0.0, length, units, clock)
                    drawn = [
                        (_bare(token), start)
                        for cue in cues
                        for token, (start, _end) in zip(
                            [t for line in cue_words(cue.text) for t in line], cue.words
                        )
                        if _bare(token)
                    ]
                    errors[name] += _matched(drawn, heard)
    for name, found in errors.items():
        values = np.array(found)
        print(
            f"{name:>13}: {len(values)} words, median {np.median(values):.2f} s, "
            f"90th percentile {np.percentile(values, 90):.2f} s, "
            f"within 0.25 s {np.mean(values <= 0.25):.0%}"
        )
    ours, even = np.median(errors["voiced clock"]), np.median(errors["evenly"])
    print(f"RATIO median error, voiced clock / evenly: {ours / even:.2f}  (lower is better)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
