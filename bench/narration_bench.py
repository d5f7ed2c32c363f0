"""Can a listener follow the narration? One run: every voice here speaks the storyboard
bench's stories (6 English, 6 Chinese; bench/storyboard_stories.py) shot by shot, Whisper
base (faster-whisper, from pip) listens, and the bench prints per voice:
- English: word error rate (WER) of what Whisper heard against the narration;
- Chinese: toneless syllable error rate (pypinyin), so a traditional character heard for a
  simplified one is no error;
and the seconds of speech, the speaking rate and the recogniser's time.

Whisper base itself misses some words of clear speech (and Chinese more than English), so
the figures are an upper bound on what a listener misses; compare voices with each other,
in one run. `espeak-cmn@165wpm` is Mandarin as StoryReel spoke it before (now 125).

Run: .venv/bin/python bench/narration_bench.py [--voices joe,espeak-cmn] [--stories 6]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyboard_bench import story_text
from storyboard_stories import STORIES
from storyreel.contract import Language, StoryboardRequest
from storyreel.narration.asr import Transcriber, asr_unavailable, whisper_folder
from storyreel.narration.base import NarrationVoice
from storyreel.narration.espeak_voice import EspeakNarrationVoice
from storyreel.narration.service import trim_and_normalize
from storyreel.narration.voices import available_voices
from storyreel.settings import Settings
from storyreel.storyboard.planner import plan_storyboard
from storyreel.text.intelligibility import (
    chinese_syllables,
    edit_distance,
    english_words,
)


def shots(language: Language, count: int) -> list[str]:
    """The narration of every shot of the first `count` stories in a language."""
    lines: list[str] = []
    stories = [s for s in STORIES if s["language"] == language.value][:count]
    for story in stories:
        text, _spans = story_text(story["lines"], language)  # type: ignore[arg-type]
        board = plan_storyboard(StoryboardRequest(story=text, language=language)).storyboard
        lines += [shot.narration for shot in board.shots]
    return lines


def measure(voice: NarrationVoice, lines: list[str], ears: Transcriber) -> dict[str, float]:
    """Errors over the words (syllables) said; a shot counts at most as many errors as it has
    words, so one of Whisper's runaway repetitions does not outweigh the rest."""
    tokens = english_words if voice.language is Language.EN else chinese_syllables
    errors = total = 0
    spoken_s = heard_s = 0.0
    for line in lines:
        speech = trim_and_normalize(voice.speak(line))
        spoken_s += speech.duration_s
        started = time.perf_counter()
        heard = ears.hear(speech.samples, speech.sample_rate, voice.language)
        heard_s += time.perf_counter() - started
        wanted = tokens(line)
        errors += min(len(wanted), edit_distance(wanted, tokens(heard.text)))
        total += len(wanted)
    return {"rate": errors / max(1, total), "tokens": total, "spoken": spoken_s, "heard": heard_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", default="", help="comma list (default: every voice)")
    parser.add_argument("--stories", type=int, default=6, help="stories per language")
    args = parser.parse_args()
    reason = asr_unavailable()
    if reason is not None:
        raise SystemExit(f"not measured: {reason}")
    ears = Transcriber(whisper_folder(Settings.from_env().models.models_dir))
    voices: dict[str, NarrationVoice] = dict(available_voices())
    if "espeak-cmn" in voices:  # Mandarin as it was spoken before (README: before/after)
        voices["espeak-cmn@165wpm"] = EspeakNarrationVoice(
            "cmn", Language.ZH, "espeak-ng Mandarin at its usual rate", rate_wpm=165
        )
    names = [n for n in args.voices.split(",") if n] or sorted(voices)
    lines = {language: shots(language, args.stories) for language in Language}
    print(f"{len(lines[Language.EN])} English and {len(lines[Language.ZH])} Chinese shots, "
          f"{args.stories} stories each; Whisper base, int8, greedy")  # fmt: skip
    for name in names:
        voice = voices[name]
        figures = measure(voice, lines[voice.language], ears)
        unit = "WER" if voice.language is Language.EN else "syllable error rate"
        per_s = figures["tokens"] / max(1e-9, figures["spoken"])
        print(
            f"{name:>22} ({voice.language.value}): {unit} {figures['rate']:.3f}; "
            f"{figures['spoken']:.0f} s of speech, {per_s:.1f} "
            f"{'words' if voice.language is Language.EN else 'syllables'}/s; "
            f"heard in {figures['heard']:.0f} s"
        )
        print(f"RATIO {name} {unit}: {figures['rate']:.3f}")


if __name__ == "__main__":
    main()
