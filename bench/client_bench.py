"""Desktop client figures from one run, offscreen, against an embedded stack on loopback.

- Cold start: a new process, from its start to the first page drawn (target <= 2 s).
- A 100-shot storyboard: scrolling the grid to the end twice downloads each image once
  (second pass: 100% cache hits).

Run: .venv/bin/python bench/client_bench.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qpa.*=false")

SHOTS = 100
COLD_START = """
import os, sys, time
started = float(sys.argv[1])
from PySide6.QtCore import QCoreApplication
from storyreel.client.qt.app import build
client = build(sys.argv[2], cache_dir=__import__("pathlib").Path(sys.argv[3]))
drawn = []
client.window.frameSwapped.connect(lambda: drawn.append(time.time()))
while not drawn:
    QCoreApplication.processEvents()
print(f"{drawn[0] - started:.3f}")
"""


def story(shots: int) -> str:
    places = ["harbour", "forest", "mountain", "village", "desert", "river", "castle", "garden"]
    return "\n\n".join(
        f"On day {n + 1} the traveller reached the {places[n % len(places)]} and wrote it down."
        for n in range(shots)
    )


def main() -> None:
    from storyreel.client.core.api import ApiClient
    from storyreel.client.core.events import wait_for_tasks
    from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port

    work = Path(tempfile.mkdtemp(prefix="storyreel-client-bench-"))
    stack = EmbeddedStack(
        StackPorts(server=free_port(), node=free_port()),
        extra_env={"STORYREEL_DATA_DIR": str(work / "data")},
        log_path=work / "stack.log",
    ).start()
    try:
        cold = []
        for run in range(3):
            started = time.time()
            out = subprocess.run(
                [sys.executable, "-c", COLD_START, str(started), stack.url, str(work / f"c{run}")],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            cold.append(float(out.stdout.strip().splitlines()[-1]))
        best, worst = min(cold), max(cold)
        print(
            f"cold start to the first page drawn (3 runs): {best:.2f} s best, {worst:.2f} s worst"
        )
        print(f"RATIO cold start / 2 s: {worst / 2:.2f}  (target <= 1)")

        api = ApiClient(stack.url)
        api.register("bench", "correct horse")
        created = api.create_project(story=story(SHOTS), title="Hundred")
        wait_for_tasks(api, [created.task], timeout=600)
        project_id = created.project.id
        shots = api.storyboard(project_id).shots
        wait_for_tasks(api, api.generate_images(project_id), timeout=1200)
        print(f"storyboard of {len(shots)} shots with keyframes ready")

        from storyreel.client.core import actions as a
        from storyreel.client.qt.app import build

        client = build(stack.url, token=api.token, cache_dir=work / "scroll-cache")
        client.settle()
        client.view_models["assets"].open(project_id)  # type: ignore[attr-defined]
        client.wait_until(lambda: len(client.store.state.shots) == len(shots), 60)
        client.store.dispatch(a.Navigate(client.store.state.page))
        client.settle()
        storyboard = client.view_models["storyboard"]
        media = client.media  # what the views asked: served from the cache or downloaded

        def scroll_through() -> float:
            """Card by card from the first to the last, letting each screenful draw."""
            started = time.perf_counter()
            for index in range(len(shots)):
                storyboard.show(index)  # type: ignore[attr-defined]
                client.settle()
            storyboard.show(0)  # type: ignore[attr-defined]
            client.settle()
            return time.perf_counter() - started

        first = scroll_through()
        after_first = {"downloads": media.downloads, "hits": media.hits}
        second = scroll_through()
        after_second = {"downloads": media.downloads, "hits": media.hits}
        on_disk = client.commands.cache.media.downloads
        downloads_second = after_second["downloads"] - after_first["downloads"]
        hits_second = after_second["hits"] - after_first["hits"]
        asked_second = downloads_second + hits_second
        print(
            f"scroll 1: {after_first['downloads']} images downloaded in {first:.1f} s; "
            f"scroll 2: {downloads_second} downloaded, {hits_second} from the cache, {second:.1f} s"
        )
        share = hits_second / asked_second if asked_second else 0.0
        print(
            "RATIO downloads / shots after two passes: "
            f"{on_disk / len(shots):.2f}  (target 1.00: each image once)"
        )
        print(f"RATIO cache hits on the second pass: {share:.2f}  (target 1.00)")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
