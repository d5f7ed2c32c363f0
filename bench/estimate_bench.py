"""The estimate before a render against the render itself: 5 stories of different lengths
(English and Chinese), each estimated with `storyreel estimate`, then made with
`storyreel render` (the time it reports: `made in X s`). Target: every estimate within 25%.

The machine's speeds are measured once, by the first estimate of each voice and language
(a short calibration story); the renders use an empty cache of their own, and each story
its own seed, so nothing one made is reused by the next.

With --server: the same stories through the three tiers (an embedded server, worker and
model node, as `storyreel demo` runs them). One short video first, so the server has speeds
to go on; then each story's `POST /api/estimate` against the time the flow took, from
creating the project to the downloaded MP4.

Run: .venv/bin/python bench/estimate_bench.py [--size 360] [--server]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from storyreel.contract import Language
from storyreel.samples import sample_story

TARGET = 0.25


def _stories() -> list[tuple[str, str]]:
    english = [s.strip() + "." for s in sample_story(Language.EN).split(".") if s.strip()]
    chinese = sample_story(Language.ZH)
    return [
        ("en, 3 sentences", " ".join(english[:3])),
        ("en, 8 sentences", " ".join(english[:8])),
        ("en, the sample", sample_story(Language.EN)),
        ("en, the sample twice", sample_story(Language.EN) + "\n\n" + " ".join(english[::-1])),
        ("zh, the sample", chinese),
    ]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "storyreel.cli", *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"storyreel {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done


def _through_server(size: int) -> None:
    """Estimates of the server (its own speeds) against the flow through it."""
    import secrets

    from storyreel.client.core.api import ApiClient
    from storyreel.client.core.flow import story_to_video
    from storyreel.contract import VideoOrder
    from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port
    from storyreel.progress import SilentProgress

    folder = Path(tempfile.mkdtemp(prefix="storyreel-estimate-server-"))
    print(f"server estimate vs the flow through it, {size}p, one run each (files in {folder})")
    ports = StackPorts(server=free_port(), node=free_port())
    stack = EmbeddedStack(
        ports, extra_env={"STORYREEL_DATA_DIR": str(folder / "data")}, log_path=folder / "log"
    )
    errors = []
    with stack, ApiClient(stack.url) as api:
        api.register("bench", secrets.token_urlsafe(16))
        # one video of each language first: the server learns its speeds from it
        for language in (Language.EN, Language.ZH):
            story = " ".join(sample_story(language).split("\n\n")[:2])
            order = VideoOrder(story=story, short_side=size, seed=99)
            story_to_video(api, order, folder / f"first-{language.value}.mp4", SilentProgress())
        for seed, (name, story) in enumerate(_stories(), start=1):
            order = VideoOrder(story=story, short_side=size, seed=seed)
            made = story_to_video(api, order, folder / f"story-{seed}.mp4", SilentProgress())
            assert made.expected_s, made.expected_note
            error = made.expected_s / made.elapsed_s - 1
            errors.append(abs(error))
            print(
                f"   {name:<22} {made.shots:>3} shots, {made.duration_s:5.1f} s of video: "
                f"estimated {made.expected_s:5.1f} s, made in {made.elapsed_s:5.1f} s "
                f"({error:+.0%})"
            )
    print(f"RATIO largest estimate error / {TARGET:.0%}: {max(errors) / TARGET:.2f}  (target <= 1)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="360")
    parser.add_argument("--server", action="store_true", help="through server, worker, node")
    args = parser.parse_args()
    if args.server:
        _through_server(int(args.size))
        return
    folder = Path(tempfile.mkdtemp(prefix="storyreel-estimate-"))
    env = {**os.environ, "STORYREEL_CACHE_DIR": str(folder / "cache")}
    print(f"estimate vs render, {args.size}p, one run each (files in {folder})")
    errors = []
    for seed, (name, story) in enumerate(_stories(), start=1):
        path = folder / f"story-{seed}.txt"
        path.write_text(story, encoding="utf-8")
        guessed = _run(["estimate", "--story", str(path), "--size", args.size], env)
        total = float(re.search(r"^total\s+([\d.]+) s", guessed.stdout, re.M).group(1))  # type: ignore[union-attr]
        made = _run(
            ["render", "--story", str(path), "--size", args.size, "--seed", str(seed),
             "--out", str(folder / f"story-{seed}.mp4")],
            env,
        )  # fmt: skip
        actual = float(re.search(r"made in ([\d.]+) s", made.stdout).group(1))  # type: ignore[union-attr]
        shots = re.search(r"(\d+) shots, ([\d.]+) s of video", made.stdout)
        assert shots is not None
        error = total / actual - 1
        errors.append(abs(error))
        print(
            f"   {name:<22} {shots.group(1):>3} shots, {float(shots.group(2)):5.1f} s of video: "
            f"estimated {total:5.1f} s, made in {actual:5.1f} s ({error:+.0%})"
        )
    print(f"RATIO largest estimate error / {TARGET:.0%}: {max(errors) / TARGET:.2f}  (target <= 1)")


if __name__ == "__main__":
    main()
