"""Does the storyboard tell the story? One run over 12 labelled stories (6 EN, 6 ZH).

For each storyboard writer available here (the planner always; the LLM when its model is
installed), prints per language and overall:
- cast recall: the labelled characters the storyboard's cast has (target >= 0.9);
- who and what: the share of shots whose prompt names every labelled character (by the
  cast's English name) and every labelled prop of its sentences (target >= 0.8);
- English prompts: the share with no CJK characters (target 1.0);
- copies: the share of prompts holding a run of the narration (4 words in English, 4
  characters in Chinese) (target 0);
- storyboard time per shot.
And the shape of the cut: shots per 100 words (or 180 Chinese characters), the share of
shots under 2 s of speech (estimated at the default voices' pace, storyreel.text.pace).

And, spoken with each language's default voice and laid out as the export does: how long
the shots' speech is (the issue's aim: 3 to 8 s), and the share of the runtime that is
silence (pauses of 0.3 s or more), for the planner's cut and for a shot per sentence
(target < 12 %).

Run: .venv/bin/python bench/storyboard_bench.py [--writers planner,llm] [--no-speech]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyboard_stories import STORIES
from storyreel.contract import Language, Storyboard, StoryboardRequest
from storyreel.storyboard.planner import plan_storyboard
from storyreel.text.pace import speech_seconds

_CJK = re.compile(r"[\u3400-\u9fff]")


def story_text(lines: list[object], language: Language) -> tuple[str, list[tuple[int, int]]]:
    """The story and each labelled line's span in it."""
    text, spans = "", []
    joiner = " " if language is Language.EN else ""
    for line in lines:
        if line is None:
            text += "\n\n"
            continue
        sentence = str(line[0])  # type: ignore[index]
        if text and not text.endswith("\n"):
            text += joiner
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence
    return text, spans


def _member_for(label: str, board: Storyboard) -> str | None:
    wanted = label.lower()
    for member in board.cast:
        names = [member.name.lower(), *(n.lower() for n in member.story_names)]
        if any(wanted == n or wanted in n or (len(n) >= 2 and n in wanted) for n in names):
            return member.name
    return None


def _copies(prompt: str, narration: str, language: Language) -> bool:
    if language is Language.ZH:
        chars = [c for c in narration if _CJK.match(c)]
        return any("".join(chars[i : i + 4]) in prompt for i in range(len(chars) - 3))
    words = re.findall(r"[a-z']+", narration.lower())
    said = " ".join(re.findall(r"[a-z']+", prompt.lower()))
    return any(" ".join(words[i : i + 4]) in said for i in range(len(words) - 3))


def score(story: dict[str, object], board: Storyboard, language: Language) -> dict[str, float]:
    lines = [line for line in story["lines"] if line is not None]  # type: ignore[attr-defined]
    _text, spans = story_text(story["lines"], language)  # type: ignore[arg-type]
    labelled = list(story["cast"])  # type: ignore[call-overload]
    found = sum(1 for label in labelled if _member_for(label, board))
    right = english = copies = 0
    short = 0
    for shot in board.shots:
        who: set[str] = set()
        what: set[str] = set()
        for (start, end), line in zip(spans, lines):
            if start < shot.source_end and shot.source_start < end:
                who.update(line[1])
                what.update(line[2])
        prompt = shot.prompt.lower()
        names = [_member_for(label, board) for label in who]
        ok = all(name is not None and name.lower() in prompt for name in names)
        ok = ok and all(prop in prompt for prop in what)
        right += ok
        english += not _CJK.search(shot.prompt)
        copies += _copies(shot.prompt, shot.narration, language)
        short += speech_seconds(shot.narration, language) < 2.0
    text_amount = len(_text.split()) if language is Language.EN else len(_CJK.findall(_text)) / 1.8
    return {
        "cast": found,
        "cast_total": len(labelled),
        "right": right,
        "english": english,
        "copies": copies,
        "short": short,
        "shots": len(board.shots),
        "words": text_amount,
    }


def run(writer: str) -> None:
    make = _writer(writer)
    if make is None:
        return
    totals: dict[str, dict[str, float]] = {}
    spent = 0.0
    for story in STORIES:
        language = Language(str(story["language"]))
        text, _spans = story_text(story["lines"], language)  # type: ignore[arg-type]
        request = StoryboardRequest(story=text, title=str(story["title"]), language=language)
        started = time.perf_counter()
        board = make(request)
        spent += time.perf_counter() - started
        figures = score(story, board, language)
        if writer != "planner":  # the shots the model worded (the rest: the planner's words)
            planned = plan_storyboard(request).storyboard
            figures["worded"] = sum(
                a.prompt != b.prompt for a, b in zip(board.shots, planned.shots)
            )
            if story is STORIES[0] or story is STORIES[6]:
                worded = [a for a, b in zip(board.shots, planned.shots) if a.prompt != b.prompt]
                for shot in worded[:2]:
                    bare = re.sub(r"\s*\([^()]*\)", "", shot.prompt)  # without the looks
                    print(f"   e.g. {shot.narration.strip()[:40]!r} -> {bare[:150]!r}")
        for key in (language.value, "all"):
            bucket = totals.setdefault(key, {})
            for name, value in figures.items():
                bucket[name] = bucket.get(name, 0.0) + value
    shots_all = totals["all"]["shots"]
    print(f"{writer}: {len(STORIES)} stories, {int(shots_all)} shots, "
          f"{1000 * spent / shots_all:.1f} ms a shot")  # fmt: skip
    for key in ("en", "zh", "all"):
        t = totals[key]
        print(
            f"   {key:>3}: cast recall {t['cast'] / t['cast_total']:.2f}, who and what in the "
            f"prompt {t['right'] / t['shots']:.2f}, English prompts {t['english'] / t['shots']:.2f}"
            f", copies {t['copies'] / t['shots']:.2f}; {100 * t['shots'] / t['words']:.1f} shots "
            f"per 100 words, {t['short'] / t['shots']:.0%} under 2 s"
        )
    t = totals["all"]
    if "worded" in t:
        print(f"   the model worded {int(t['worded'])} of {int(t['shots'])} shots' pictures; "
              "the planner the rest (answers that failed the checks twice)")  # fmt: skip
    print(f"RATIO {writer} cast recall / 0.9: {t['cast'] / t['cast_total'] / 0.9:.2f}  "
          "(target >= 1)")  # fmt: skip
    print(f"RATIO {writer} who and what / 0.8: {t['right'] / t['shots'] / 0.8:.2f}  "
          "(target >= 1)")  # fmt: skip
    print(f"RATIO {writer} English prompts: {t['english'] / t['shots']:.2f}  (target 1.00)")
    print(f"RATIO {writer} copies: {t['copies'] / t['shots']:.2f}  (target 0.00)")


def _writer(name: str):  # type: ignore[no-untyped-def]
    if name == "planner":
        return lambda request: plan_storyboard(request).storyboard
    if name == "llm":
        from storyreel.engines import gguf_path, llm_unavailable, storyboard_writer
        from storyreel.settings import Settings

        settings = Settings.from_env()
        reason = llm_unavailable("llamacpp", settings)
        if reason is not None:
            print(f"llm: not measured here ({reason})")
            return None
        print(f"llm: llama.cpp with {gguf_path(settings)}")
        write = storyboard_writer("llamacpp", settings)
        fallbacks: list[str] = []

        def run(request: StoryboardRequest) -> Storyboard:
            result = write(request)
            if result.fallback_reason:
                fallbacks.append(result.fallback_reason)
                print(f"   fell back: {result.fallback_reason}")
            return result.storyboard

        return run
    raise SystemExit(f"unknown writer {name!r}")


_WINDOW_S = 0.02


def pauses(track: np.ndarray, rate: int) -> list[float]:
    """The lengths of the pauses (under -40 dBFS, 0.1 s or more) in a sound track."""
    size = round(_WINDOW_S * rate)
    count = track.size // size
    rms = np.sqrt(np.mean(track[: count * size].reshape(count, size) ** 2, axis=1))
    found: list[float] = []
    run = 0
    for quiet in [*(rms < 0.01), False]:
        if quiet:
            run += 1
            continue
        if run * _WINDOW_S >= 0.1:
            found.append(run * _WINDOW_S)
        run = 0
    return found


def sentence_cut(request: StoryboardRequest) -> list[str]:
    """The cut before beats, near enough: a shot per sentence."""
    from storyreel.text.sentences import split_sentences

    return [span.text for span in split_sentences(request.story)]


def beat_cut(request: StoryboardRequest) -> list[str]:
    return [shot.narration for shot in plan_storyboard(request).storyboard.shots]


def speech() -> None:
    """Speak every story with its language's default voice, lay it out as the export does
    (media.timeline), and print the share of the runtime in pauses: of 0.3 s or more (any
    pause a listener hears, a reader's pause between sentences included) and of 0.6 s or
    more (speech that stops). Before: a shot per sentence, the speech starting once a shot's
    crossfade had finished (0.5 s) and 0.45 s of quiet before the next one (about a second
    at every cut). Now: the planner's cut at beats, and J-cuts (media.timeline.J_LEAD_S)."""
    from storyreel.media import timeline as layout
    from storyreel.media.audio import resample
    from storyreel.narration.service import trim_and_normalize
    from storyreel.narration.voices import resolve_voice

    rate, fps = 22050, 25
    now = (layout.J_LEAD_S, layout.SPEECH_TAIL_S)
    runs = {
        "before (a shot per sentence, ~1 s at a cut)": (sentence_cut, (layout.SPEECH_LEAD_S, 0.45)),
        "now (beats, J-cuts)": (beat_cut, now),
    }
    said: dict[tuple[str, str], np.ndarray] = {}
    lengths: dict[Language, list[float]] = {}  # each shot's speech, the planner's cut
    screen: dict[Language, list[float]] = {}  # ... and its time on screen (transitions in)
    shares: dict[str, float] = {}
    for name, (cut, (lead, tail)) in runs.items():
        layout.J_LEAD_S, layout.SPEECH_TAIL_S = lead, tail
        found: list[float] = []
        at_cuts: list[float] = []
        runtime = 0.0
        for story in STORIES:
            language = Language(str(story["language"]))
            text, _spans = story_text(story["lines"], language)  # type: ignore[arg-type]
            voice = resolve_voice(None, language)
            clips = []
            lines = cut(StoryboardRequest(story=text, language=language))
            for line in lines:
                if (voice.name, line) not in said:
                    spoken = trim_and_normalize(voice.speak(line))
                    said[(voice.name, line)] = resample(spoken.samples, spoken.sample_rate, rate)
                clips.append(said[(voice.name, line)])
                if cut is beat_cut:
                    lengths.setdefault(language, []).append(clips[-1].size / rate)
            timeline = layout.build_timeline(
                [0.0] * len(clips),
                [c.size / rate for c in clips],
                fps,
                running_on=layout.runs_on(lines) if cut is beat_cut else None,  # L-cuts
            )
            if cut is beat_cut:
                screen.setdefault(language, []).extend(s.frames / fps for s in timeline.shots)
            track = np.zeros(round(timeline.duration_s * rate), np.float32)
            for clip, shot in zip(clips, timeline.shots):
                begin = round(shot.speech_start_s * rate)
                track[begin : begin + clip.size] += clip[: max(0, track.size - begin)]
            found += pauses(track, rate)
            at_cuts += [
                b.speech_start_s - a.speech_end_s
                for a, b in zip(timeline.shots, timeline.shots[1:])
            ]
            runtime += timeline.duration_s
        layout.J_LEAD_S, layout.SPEECH_TAIL_S = now
        heard = sum(p for p in found if p >= 0.3) / runtime
        stops = sum(p for p in found if p >= 0.6) / runtime
        shares[name] = heard
        print(f"speech, {name}: pauses >= 0.3 s {heard:.0%} of the runtime, >= 0.6 s "
              f"{stops:.0%}; pause at a cut {np.median(at_cuts):.2f} s (median; a clip's own "
              f"edges add ~0.06 s); {runtime:.0f} s in all")  # fmt: skip
    for language, spoken in lengths.items():
        voice = resolve_voice(None, language).name
        for what, found in (("speech", spoken), ("on screen", screen[language])):
            seconds = np.array(found)
            in_range = np.mean((seconds >= 3) & (seconds <= 8))
            print(
                f"shots' {what}, {language.value} ({voice}): median {np.median(seconds):.1f} s, "
                f"{seconds.min():.1f} to {seconds.max():.1f} s; {in_range:.0%} from 3 to 8 s, "
                f"{np.mean(seconds < 2):.0%} under 2 s"
            )
    before, after = shares.values()
    print(f"RATIO silence share (pauses >= 0.3 s) now / before: {after / before:.2f}")
    print(f"RATIO silence share now / target 0.12: {after / 0.12:.2f}  (target <= 1)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="planner,llm")
    parser.add_argument("--no-speech", action="store_true", help="skip the silence share")
    args = parser.parse_args()
    for writer in args.writers.split(","):
        run(writer)
    if not args.no_speech:
        speech()


if __name__ == "__main__":
    main()
