"""Run under Xvfb (xcb, a real GL surface): play a video in the Preview page, then print
how far the player got and the colour in the middle of the video area, as JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from storyreel.client.core import actions as a
from storyreel.client.core.state import Page
from storyreel.client.qt.app import build


def main(video: str, cache: str) -> None:
    client = build("http://127.0.0.1:9", token="offline", cache_dir=Path(cache))
    preview = client.view_models["preview"]
    client.store.dispatch(a.LocalExportDone(video))  # as after "Export here"
    client.store.dispatch(a.Navigate(Page.PREVIEW))
    client.settle(20)
    preview.play()
    deadline = time.monotonic() + 20
    while preview.position_ms < 1500 and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    image = client.window.grabWindow()
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    print(json.dumps({"position_ms": preview.position_ms, "centre": centre.name()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
