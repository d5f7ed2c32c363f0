"""Drive the client through a whole project as a person would, and picture each page.

`storyreel client --screenshots DIR` uses it; so do the tests. Every step goes through the
ViewModels' slots (what the QML buttons call) and waits on the real server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storyreel.client.core.state import Page
from storyreel.client.qt.app import ClientApp
from storyreel.contract import TaskStatus, TaskType


def _vm(client: ClientApp, name: str) -> Any:
    return client.view_models[name]


def make_project(client: ClientApp, story: str, title: str, timeout: float = 300.0) -> None:
    """Create a storyboard, generate every shot's image and narration, export the MP4."""
    app, create, storyboard = (_vm(client, n) for n in ("app", "create", "storyboard"))
    app.navigate(Page.CREATE.value)
    create.createStoryboard(title, story, "auto", "16:9", "", "", "")
    state = lambda: client.store.state  # noqa: E731
    client.wait_until(lambda: len(state().shots) > 0 and not state().busy, timeout)
    storyboard.generateAll()
    client.wait_until(
        lambda: (
            any(t.type is TaskType.KEYFRAME for t in state().tasks.values())
            and all(t.finished for t in state().tasks.values())
        ),
        timeout,
    )
    client.wait_until(lambda: all(s.image_key and s.audio_key for s in state().shots), timeout)
    _vm(client, "preview").export(720)
    client.wait_until(lambda: (t := state().export_task()) is not None and t.finished, timeout)
    export = state().export_task()
    if export is None or export.status is not TaskStatus.SUCCESS:
        raise RuntimeError(f"export failed: {export.err_msg if export else 'no task'}")
    client.wait_until(lambda: bool((p := state().project) and p.video_key), timeout)


def screenshots(client: ClientApp, folder: Path) -> list[Path]:
    """The five pages of the open project, and the Preview page's animatic, as PNG files."""
    app = _vm(client, "app")
    state = client.store.state
    if state.project is None or not state.shots:
        raise RuntimeError("open a project with shots first")
    pictures = []
    for number, page in enumerate(
        [Page.ASSETS, Page.CREATE, Page.STORYBOARD, Page.SHOT, Page.PREVIEW], start=1
    ):
        if page is Page.ASSETS:
            _vm(client, "assets").reload()
        if page is Page.SHOT:
            _vm(client, "storyboard").select(client.store.state.shots[0].id)
        app.navigate(page.value)
        client.settle()
        if page is Page.PREVIEW:
            client.wait_until(lambda: _vm(client, "preview").video != "", 60)
            client.settle()
        pictures.append(client.screenshot(folder / f"{number}-{page.value}.png"))
    preview = _vm(client, "preview")
    preview.setMode("animatic")
    client.wait_until(lambda: client.store.state.animatic_current, 60)
    client.settle()
    pictures.append(client.screenshot(folder / "6-animatic.png"))
    preview.setMode("")
    client.settle()
    return pictures
