"""Sentence splitting stays linear: a 1 MB story splits in well under a second, and doubling
the story doubles the time (it was quadratic: 48 KB took 5.2 s, 96 KB 25.7 s)."""

from __future__ import annotations

import time

from storyreel.contract import Language
from storyreel.samples import sample_story
from storyreel.text.sentences import split_sentences


def _seconds(story: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        split_sentences(story)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    for language in (Language.EN, Language.ZH):
        sample = sample_story(language)
        one_mb = (sample * (1_000_000 // len(sample.encode()) + 1))[: 1_000_000 // 3 * 3]
        while len(one_mb.encode()) > 1_000_000:
            one_mb = one_mb[:-1000]
        half = one_mb[: len(one_mb) // 2]
        full_s, half_s = _seconds(one_mb), _seconds(half)
        print(
            f"{language.value}: {len(one_mb.encode()) / 1e6:.2f} MB split in {full_s:.3f} s "
            f"({len(split_sentences(one_mb))} sentences); half of it in {half_s:.3f} s"
        )
        print(f"RATIO {language.value} 1 MB split time / 1 s: {full_s:.2f}  (target <= 1)")
        print(f"RATIO {language.value} time for 2x the text / time for 1x: {full_s / half_s:.2f}"
              "  (linear: about 2)")  # fmt: skip


if __name__ == "__main__":
    main()
