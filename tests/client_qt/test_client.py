"""The desktop client as a person uses it, offscreen, against a real stack: sign up, paste a
story, watch the storyboard arrive, generate, export, preview; then the server goes away and
the projects still open, read-only, under the offline banner."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("PySide6")


from driving import click, item, press, vm

from storyreel.client.core import actions as a
from storyreel.client.core.api import ApiClient
from storyreel.client.core.state import Fix, Page
from storyreel.client.qt.app import build
from storyreel.contract import TaskStatus
from storyreel.devtools.tour import make_project, screenshots

STORY = "The storm came at dusk. The keeper lit the lamp.\n\nA ship turned away from the rocks."


def test_events_socket_polls_while_down_and_stops_when_up(stack: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication

    from nodekit import free_port
    from storyreel.client.core.api import ApiClient
    from storyreel.client.core.events import wait_for_tasks
    from storyreel.client.qt.events import QtProjectEvents

    build(stack.url, cache_dir=tmp_path / "c")  # the QGuiApplication
    api = ApiClient(stack.url)
    api.register("events", "correct horse")
    created = api.create_project(story=STORY)
    project = created.project
    wait_for_tasks(api, [created.task], timeout=60)

    def pump(seconds: float) -> None:
        import time

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.01)

    polls: list[int] = []
    events: list[object] = []
    down = QtProjectEvents(
        f"http://127.0.0.1:{free_port()}", lambda: api.token, events.append,
        lambda: polls.append(1), poll_ms=100,
    )  # fmt: skip
    down.watch(project.id)
    pump(1.5)
    assert not down.live and len(polls) >= 8  # no socket: it polls
    down.watch(None)

    polls.clear()
    up = QtProjectEvents(stack.url, lambda: api.token, events.append, lambda: polls.append(1))
    up.watch(project.id)
    pump(2.0)
    assert up.live and len(polls) == 1  # one catch-up poll when the socket opens, then events
    api.generate_image(api.storyboard(project.id).shots[0].id)
    pump(3.0)
    assert any(getattr(e, "type", "") == "task" for e in events)
    up.watch(None)


def test_story_to_video_then_offline(stack: Any, tmp_path: Path) -> None:
    cache = tmp_path / "client-cache"
    client = build(stack.url, cache_dir=cache)
    assert not client.store.state.signed_in
    vm(client, "app").signIn("ada", "short", True)  # the server refuses a 5-letter password
    client.settle()
    assert "password" in client.store.state.notice.message  # type: ignore[union-attr]
    vm(client, "app").signIn("ada", "correct horse", True)
    client.wait_until(lambda: client.store.state.signed_in)
    client.settle()

    client.wait_until(lambda: bool(client.store.state.voices), 30)
    voices = vm(client, "create").voices  # readable labels with their language, no blank row
    assert all(v["text"] and v["language"] in ("en", "zh") for v in voices)
    assert any(v["value"] == "joe" and "Piper" in v["text"] for v in voices)
    vm(client, "create").createStoryboard(
        "", "   ", "auto", "16:9", "", "", ""
    )  # empty story: inline
    assert "empty" in client.store.state.notice.message  # type: ignore[union-attr]
    vm(client, "app").dismiss()

    make_project(client, STORY, "Storm")
    state = client.store.state
    assert state.project is not None and len(state.shots) == 2
    assert all(s.image_key and s.audio_key for s in state.shots)
    assert not state.failed_tasks()
    # typing a story on the Create page: the server says how long it will take, from the
    # speeds of what it just made
    item(client, "story").setProperty("text", STORY + " " + STORY)
    client.wait_until(lambda: client.store.state.estimate is not None, 30)
    client.settle()
    expected = client.store.state.estimate
    assert expected is not None and expected.shots >= 2 and expected.total_s > 0
    label = item(client, "estimate").property("text")
    assert label.startswith(f"Expected: about {round(expected.total_s)} s to make")
    assert "keyframes" in label and "export" in label
    # a server that has measured nothing says only that (not "about 0 s")
    nothing = expected.model_copy(update={"total_s": 0.0, "note": "not measured here yet"})
    client.dispatcher.dispatch(a.EstimateReady(nothing))
    client.settle()
    assert item(client, "estimate").property("text") == "Expected: not measured here yet"
    item(client, "story").setProperty("text", "")
    # export again and again in the open window (the client once crashed during an export:
    # PySide6 6.12.0 dropped a reference on every signal, see test_bindings.py)
    for _ in range(3):
        earlier = client.store.state.export_task()
        vm(client, "preview").export(180)

        def exported(earlier: Any = earlier) -> bool:
            task = client.store.state.export_task()
            return task is not None and task.task_id != earlier.task_id and task.finished

        client.wait_until(exported, 120)
        assert client.store.state.export_task().status is TaskStatus.SUCCESS  # type: ignore[union-attr]
    client.settle()
    # documents for editors, made by the server from that export, saved in a folder here
    vm(client, "app").navigate("preview")
    client.wait_until(lambda: vm(client, "preview").video != "", 60)
    client.settle()
    # after an export: how long the server worked on the project, stage by stage
    client.wait_until(lambda: state.project.id in client.store.state.timings, 30)  # type: ignore[union-attr]
    client.settle()
    made = item(client, "madeIn").property("text")
    assert made.startswith("Made in ") and "s of server work (storyboard" in made, made
    assert "export" in made
    with mock.patch.dict(os.environ, {"STORYREEL_DOCUMENTS_DIR": str(tmp_path / "docs")}):
        item(client, "documentKind").setProperty("currentIndex", 5)  # kdenlive
        click(client, "Make")
        folder = tmp_path / "docs" / f"Storm-{state.project.id}"
        zipped = folder / "Storm.kdenlive.zip"
        client.wait_until(lambda: zipped.is_file(), 180)
        client.settle()
    assert f"Saved in {folder}: Storm.kdenlive.zip" in client.store.state.notice.message  # type: ignore[union-attr]
    vm(client, "app").dismiss()
    pictures = screenshots(client, tmp_path / "pages")
    assert [p.name for p in pictures] == [
        "1-assets.png", "2-create.png", "3-storyboard.png", "4-shot.png", "5-preview.png",
        "6-animatic.png",
    ]  # fmt: skip
    assert all(p.stat().st_size > 10_000 for p in pictures)
    assert vm(client, "preview").video.startswith("file://")

    # drag the first card onto the second (what the drop calls), then back
    first, second = (s.id for s in client.store.state.shots)
    vm(client, "storyboard").move(0, 1)
    client.settle()
    assert [s.id for s in client.store.state.shots] == [second, first]
    vm(client, "storyboard").move(1, 0)
    client.settle()
    assert [s.id for s in client.store.state.shots] == [first, second]

    # keys on the storyboard: an arrow moves to the next card, Enter opens it; F1 lists keys
    press(client, "storyboard", Qt.Key.Key_Right, Qt.Key.Key_Return)
    assert client.store.state.page is Page.SHOT and client.store.state.shot_id == second
    vm(client, "app").navigate("storyboard")
    client.settle()
    press(client, None, Qt.Key.Key_F1)
    assert vm(client, "app").keysHelp
    press(client, None, Qt.Key.Key_Escape)
    assert not vm(client, "app").keysHelp
    state = client.store.state

    # edits from the Shot page: bad input inline, good input saved as a new version
    vm(client, "storyboard").select(state.shots[0].id)
    client.settle()
    vm(client, "shot").savePrompt("x" * 1001)
    client.settle()
    assert client.store.state.notice is not None and client.store.state.notice.fix is Fix.EDIT
    sent: list[str] = []
    send = client.commands.api._send

    def counted(method: str, path: str, **kwargs: Any) -> Any:
        sent.append(f"{method} {path}")
        return send(method, path, **kwargs)

    client.commands.api._send = counted  # type: ignore[method-assign]
    vm(client, "shot").savePrompt("a lighthouse in a storm, ink drawing")
    client.settle()
    quiet = time.monotonic() + 1.0  # the WebSocket echo arrives; a refetch would start
    client.wait_until(lambda: time.monotonic() > quiet, 5)
    client.settle()
    client.commands.api._send = send  # type: ignore[method-assign]
    assert client.store.state.shots[0].prompt == "a lighthouse in a storm, ink drawing"
    assert client.store.state.versions[0].reason == "prompt_edit"
    # the answer brings the edited shot; its WebSocket echo refetches nothing
    shot_id = client.store.state.shots[0].id
    assert sent == [f"POST /shots/{shot_id}/update_prompt", f"GET /shots/{shot_id}/versions"]

    # undo takes the edit back on the server, redo makes it again (Ctrl+Z / Ctrl+Shift+Z)
    app_vm = vm(client, "app")
    assert app_vm.canUndo and not app_vm.canRedo
    app_vm.undo()
    client.wait_until(lambda: client.store.state.shots[0].prompt == state.shots[0].prompt, 30)
    client.settle()
    api = ApiClient(client.commands.api.base_url, client.commands.api.token)
    assert api.storyboard(state.project.id).shots[0].prompt == state.shots[0].prompt  # type: ignore[union-attr]
    assert app_vm.canRedo
    app_vm.redo()
    client.wait_until(
        lambda: client.store.state.shots[0].prompt == "a lighthouse in a storm, ink drawing", 30
    )
    client.settle()

    # frames from the exported video
    vm(client, "preview").saveFrame("1.5")  # decoded off the UI thread; a notice says where
    client.settle()
    notice = client.store.state.notice
    assert notice is not None and notice.message.startswith("Frame saved: ")
    frame = Path(notice.message.removeprefix("Frame saved: "))
    assert frame.is_file() and frame.read_bytes()[:4] == b"\x89PNG"
    assert vm(client, "preview").poster.startswith("file://")  # made once the video was here
    project_id = state.project.id

    # the server goes away while the window is open: it notices and turns offline
    stack.stop()
    client.wait_until(lambda: client.store.state.offline, 30)
    client.settle()
    banner = client.window.grabWindow().pixelColor(4, 60)  # under the tool bar
    assert banner.name() == "#5c4310"  # the offline banner is drawn
    vm(client, "storyboard").select(state.shots[1].id)
    client.settle()
    vm(client, "shot").saveNarration("Written while the server was away.")
    client.wait_until(lambda: client.store.state.pending_edits == 1, 30)  # kept, not lost

    # a new client session on the same cache still shows everything, read-only
    offline = build(stack.url, cache_dir=cache)
    offline.settle()
    assert offline.store.state.signed_in and offline.store.state.offline
    assert [p.id for p in offline.store.state.projects] == [project_id]
    click(offline, "Open")  # the card's button, as a person clicks it (QML, not the slot)
    offline.settle()
    assert offline.store.state.read_only and len(offline.store.state.shots) == 2
    assert offline.store.state.page is Page.STORYBOARD
    shots = vm(offline, "storyboard").shots
    assert shots.rowCount() == 2
    assert shots.data(shots.index(0), 256 + 6).startswith("file://")  # image from the cache
    assert offline.store.state.shots[0].status is TaskStatus.SUCCESS
    offline.screenshot(tmp_path / "offline.png")

    # the server comes back: the open window notices, goes online and sends the kept edit
    stack.start()
    client.wait_until(
        lambda: not client.store.state.offline and client.store.state.pending_edits == 0, 60
    )
    client.settle()
    token = client.commands.api.token
    narration = ApiClient(stack.url, token).storyboard(project_id).shots[1].narration
    assert narration == "Written while the server was away."
    assert not client.store.state.read_only
