"""`storyreel client --screenshots DIR`: a sample project on an embedded stack, each page
of the desktop client pictured."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from storyreel.errors import StoryReelError

SCREENSHOT_STORY = (
    "The storm came at dusk. Old Elias climbed the lighthouse stairs and lit the great lamp.\n\n"
    "Far out at sea, a small fishing boat saw the beam and turned toward the harbour.\n\n"
    "At dawn the fisherman left a basket of bread at the lighthouse door."
)
SCREENSHOT_STORY_ZH = (
    "暴风雨在黄昏时来临。老艾利亚斯爬上灯塔的楼梯，点亮了巨大的灯。\n\n"
    "远处海上，一艘小渔船看见了光，转向了港口。\n\n"
    "黎明时，渔夫在灯塔门口留下了一篮面包。"
)


def take_screenshots(args: argparse.Namespace) -> int:
    """Make the sample project (a Chinese one with `--lang zh`) and save the five pages and
    the animatic as PNG files in args.screenshots."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from storyreel.client.qt.app import build
    from storyreel.devtools.tour import make_project, screenshots

    work = Path(tempfile.mkdtemp(prefix="storyreel-shots-"))
    stack = None
    try:
        server, token = args.server, args.token
        if not token:
            from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port

            print("starting an embedded stack for the sample project…", file=sys.stderr)
            stack = EmbeddedStack(
                StackPorts(server=free_port(), node=free_port()),
                extra_env={"STORYREEL_DATA_DIR": str(work / "data")},
                log_path=work / "stack.log",
            ).start()
            server = stack.url
        client = build(server, token=token, cache_dir=work / "cache", language=args.lang)
        if not token:
            client.view_models["app"].signIn(  # type: ignore[attr-defined]
                "sample", secrets.token_urlsafe(12), True
            )
            client.wait_until(lambda: client.store.state.signed_in, 60)
        client.settle()
        print("making the sample project (storyboard, images, narration, export)…", file=sys.stderr)
        if args.lang == "zh":
            make_project(client, SCREENSHOT_STORY_ZH, "灯塔")
        else:
            make_project(client, SCREENSHOT_STORY, "The Lighthouse")
        for path in screenshots(client, args.screenshots):
            print(path)
        return 0
    except TimeoutError as error:
        raise StoryReelError(f"the sample project did not finish: {error}") from error
    finally:
        if stack is not None:
            stack.stop()
        shutil.rmtree(work, ignore_errors=True)
