"""Editing comforts in the real client against a real stack: the animatic plays at once and
agrees with the export, trimming there, several shots regenerated at once, undo of a
delete and of a version restore, and notices that never move the page."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from driving import click, item, vm

from storyreel.client.core import actions as a
from storyreel.client.core.api import ApiClient
from storyreel.client.core.state import Page
from storyreel.client.qt.app import ClientApp, build
from storyreel.contract import TaskStatus, TaskType

STORY = (
    "The lantern maker worked by the river.\n\nHer daughter painted the paper red.\n\n"
    "At night the town lit every lantern.\n\nThe river glowed until dawn."
)


def _server(client: ClientApp) -> ApiClient:
    return ApiClient(client.commands.api.base_url, client.commands.api.token)


def _animatic(client: ClientApp) -> None:
    """Wait for the animatic of the shots as they are now (say why not, if it never comes)."""
    try:
        client.wait_until(lambda: client.store.state.animatic_current, 60)
    except TimeoutError:
        state = client.store.state
        raise AssertionError(f"no animatic: notice={state.notice}, page={state.page}") from None


def _generated(client: ClientApp, timeout: float = 240) -> None:
    state = lambda: client.store.state  # noqa: E731
    client.wait_until(
        lambda: (
            all(s.image_key and s.audio_key for s in state().shots)
            and all(t.finished for t in state().tasks.values())
        ),
        timeout,
    )


@pytest.fixture(scope="module")
def client(stack: Any, tmp_path_factory: pytest.TempPathFactory) -> ClientApp:
    """A signed-in client with a project of four shots, each drawn and spoken."""
    made = build(stack.url, cache_dir=tmp_path_factory.mktemp("cache"))
    vm(made, "app").signIn("bea", "correct horse", True)
    made.wait_until(lambda: made.store.state.signed_in)
    vm(made, "app").navigate("create")
    vm(made, "create").createStoryboard("Lanterns", STORY, "en", "16:9", "", "")
    try:
        made.wait_until(lambda: len(made.store.state.shots) >= 3 and not made.store.state.busy, 120)
    except TimeoutError:
        raise AssertionError(f"no storyboard: {made.store.state}") from None
    vm(made, "storyboard").generateAll()
    _generated(made)
    return made


def test_a_notice_floats_and_leaves_the_page_where_it_was(client: ClientApp) -> None:
    pages = item(client, "pages")
    before = pages.property("y")
    client.dispatcher.dispatch(a.Informed("Prompt saved."))
    client.settle()
    notice = item(client, "notice")
    assert notice.property("visible") and pages.property("y") == before
    client.dispatcher.dispatch(a.NoticeDismissed())
    client.settle()


def test_the_animatic_plays_at_once_and_matches_the_export(client: ClientApp) -> None:
    preview = vm(client, "preview")
    vm(client, "app").navigate("preview")
    _animatic(client)
    client.settle()
    state = client.store.state
    strip = preview.animaticShots
    assert [s["shot"] for s in strip] == [s.id for s in state.shots]
    assert all(s["image"].startswith("file://") and max(s["peaks"]) > 0.05 for s in strip)
    assert preview.animaticAudio.startswith("file://") and preview.animaticDuration > 4
    assert item(client, "previewMode").property("currentIndex") == 0

    # Play (the button, through QML): the clock runs and the picture changes shot
    click(client, "Play")
    started = time.monotonic()
    clock = item(client, "animatic")
    client.wait_until(lambda: time.monotonic() - started > 1.2, 5)
    assert clock.property("playing") and clock.property("clockMs") > 700
    click(client, "Pause")
    second = strip[1]
    frame = preview.frameAt((second["start"] + 0.25) * 1000)  # in the crossfade
    assert (frame["index"], frame["next"]) == (0, 1) and 0 < frame["blend"] < 1
    assert frame["nextImage"] == second["image"]
    speaking = preview.frameAt((second["start"] + 1.0) * 1000)
    assert speaking["index"] == 1 and speaking["subtitle"] == state.shots[1].narration

    # trim the second shot by two seconds, in the strip's terms; undo and redo it
    first_id, second_id = strip[0]["shot"], second["shot"]
    longer = round(second["length"] + 2.0, 2)
    preview.trim(second_id, longer)
    client.wait_until(lambda: client.store.state.shots[1].length_s == longer, 30)
    _animatic(client)
    client.settle()
    assert preview.animaticShots[1]["length"] == pytest.approx(longer, abs=1 / 24)
    assert preview.animaticDuration == pytest.approx(  # `longer` is rounded: a frame more
        sum(s["span"] for s in strip) + 2.0, abs=2 / 24
    )
    preview.trim(first_id, 0.5)  # shorter than its speech: nothing to change
    client.settle()
    assert client.store.state.shots[0].length_s is None
    vm(client, "app").undo()
    client.wait_until(lambda: client.store.state.shots[1].length_s is None, 30)
    assert _server(client).storyboard(state.project.id).shots[1].length_s is None  # type: ignore[union-attr]
    vm(client, "app").redo()
    client.wait_until(lambda: client.store.state.shots[1].length_s == longer, 30)
    _animatic(client)
    client.settle()

    # the export cuts the video exactly as the animatic showed it
    expected = preview.animaticDuration
    preview.export(180)
    client.wait_until(lambda: (t := client.store.state.export_task()) is not None and t.finished)
    task = client.store.state.export_task()
    assert task is not None and task.status is TaskStatus.SUCCESS
    exported = _server(client).task(task.task_id).result_data
    assert float(exported["duration_s"]) == pytest.approx(expected, abs=1 / 24)
    lengths = [s["duration_s"] for s in exported["storyboard"]["shots"]]
    assert lengths == pytest.approx([s["length"] for s in preview.animaticShots], abs=1 / 24)


def test_several_shots_are_picked_and_drawn_again_at_once(client: ClientApp) -> None:
    storyboard = vm(client, "storyboard")
    vm(client, "app").navigate("storyboard")
    ids = [s.id for s in client.store.state.shots]
    storyboard.pick(ids[0], True, False)
    storyboard.pick(ids[2], False, True)  # Shift: the run from the first to the third
    storyboard.pick(ids[1], True, False)  # Ctrl: the second out again
    client.settle()
    assert storyboard.selected == [ids[0], ids[2]]
    assert item(client, "selectionBar").property("visible")
    before = set(client.store.state.tasks)
    click(client, "Draw the images again")
    client.wait_until(lambda: len(set(client.store.state.tasks) - before) == 2, 30)
    started = [client.store.state.tasks[t] for t in set(client.store.state.tasks) - before]
    assert {t.shot_id for t in started} == {ids[0], ids[2]}
    assert all(t.type is TaskType.KEYFRAME for t in started)
    client.wait_until(lambda: storyboard.selected == [], 10)  # done with them
    _generated(client)
    assert all(client.store.state.tasks[t.task_id].status is TaskStatus.SUCCESS for t in started)


def test_undo_brings_back_a_deleted_shot_and_takes_back_a_restore(client: ClientApp) -> None:
    app, storyboard, shot = (vm(client, n) for n in ("app", "storyboard", "shot"))
    project_id = client.store.state.project.id  # type: ignore[union-attr]
    ids = [s.id for s in client.store.state.shots]
    storyboard.select(ids[1])
    client.settle()
    shot.remove()
    client.wait_until(lambda: [s.id for s in client.store.state.shots] == [ids[0], *ids[2:]], 30)
    assert client.store.state.page is Page.STORYBOARD
    app.undo()  # back where it was, on the server too
    client.wait_until(lambda: [s.id for s in client.store.state.shots] == ids, 30)
    assert [s.id for s in _server(client).storyboard(project_id).shots] == ids
    app.redo()
    client.wait_until(lambda: len(client.store.state.shots) == len(ids) - 1, 30)
    app.undo()
    client.wait_until(lambda: [s.id for s in client.store.state.shots] == ids, 30)

    # a restore is undone by restoring what the shot was just before it
    storyboard.select(ids[0])
    client.settle()
    shot.savePrompt("a red paper lantern by a river at night")
    client.wait_until(lambda: client.store.state.versions[:1] != (), 30)
    client.wait_until(
        lambda: client.store.state.shots[0].prompt == "a red paper lantern by a river at night"
    )
    original = client.store.state.versions[0]
    shot.restore(original.id)
    client.wait_until(lambda: client.store.state.shots[0].prompt == original.prompt, 30)
    app.undo()
    client.wait_until(
        lambda: client.store.state.shots[0].prompt == "a red paper lantern by a river at night",
        30,
    )
    server_prompt = _server(client).storyboard(project_id).shots[0].prompt
    assert server_prompt == "a red paper lantern by a river at night"
    app.redo()
    client.wait_until(lambda: client.store.state.shots[0].prompt == original.prompt, 30)


def test_screenshots_of_the_animatic(client: ClientApp, tmp_path: Path) -> None:
    vm(client, "app").navigate("preview")
    _animatic(client)
    click(client, "Animatic")  # the exported video shows first once there is one
    # a new animatic arrives while the clock stands still: the screen draws it
    first = client.store.state.shots[0]
    vm(client, "preview").trim(first.id, vm(client, "preview").animaticShots[0]["length"] + 1)
    client.wait_until(lambda: client.store.state.shots[0].length_s is not None, 30)
    _animatic(client)
    client.settle()
    from PySide6.QtGui import QImage

    picture = client.screenshot(tmp_path / "animatic.png")
    scale = QImage(str(picture)).width() / client.window.width()

    image = QImage(str(picture))
    screen = item(client, "animaticScreen")
    assert screen.property("visible")
    # the keyframe is drawn in the animatic's frame: many colours, not the empty card
    from PySide6.QtCore import QPointF

    centre = screen.mapToScene(QPointF(screen.width() / 2, screen.height() / 2))
    colours = {
        image.pixelColor(int((centre.x() + dx) * scale), int((centre.y() + dy) * scale)).name()
        for dx in range(-60, 61, 12)
        for dy in range(-40, 41, 10)
    }
    assert len(colours) > 5


def test_a_voice_is_heard_before_it_is_chosen(client: ClientApp) -> None:
    """The ▶ beside the voice list: a sentence in that voice, made once by the node."""
    create = vm(client, "create")
    played: list[str] = []
    create.playSample.connect(played.append)
    create.playVoice("joe")
    client.wait_until(lambda: bool(played), 60)
    path = Path(client.store.state.voice_samples["joe"])
    assert played == [path.as_uri()] and path.read_bytes()[:4] == b"RIFF"
    create.playVoice("joe")  # the second time from the cache, at once
    client.settle()
    assert len(played) == 2
    api = _server(client)
    with pytest.raises(Exception, match="no voice named"):
        api.voice_sample("nobody")


def test_the_shot_page_says_when_there_is_no_sound_output(client: ClientApp) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    vm(client, "storyboard").select(client.store.state.shots[0].id)
    client.settle()
    label = item(client, "noAudio")
    assert label.property("visible") == (not QMediaDevices.audioOutputs())
    assert label.property("text") == "no sound output on this computer"


def test_a_shot_says_which_node_made_it_and_the_server_lists_its_nodes(
    client: ClientApp,
) -> None:
    shot = client.store.state.shots[0]
    node = shot.made_by["keyframe"]
    assert node.startswith("http://127.0.0.1:") and shot.made_by["narration"] == node
    vm(client, "storyboard").select(shot.id)
    client.settle()
    label = item(client, "madeBy")
    assert label.property("visible")
    assert label.property("text") == f"Made by image: {node} · narration: {node}"

    vm(client, "app").navigate("assets")
    vm(client, "assets").reloadNodes()
    client.wait_until(lambda: bool(client.store.state.nodes), 30)
    client.settle()
    (listed,) = vm(client, "assets").property("nodes")
    assert listed["name"] == node and listed["state"] == "live"
    assert listed["done"] >= 2 * len(client.store.state.shots)  # push: its tasks, counted
    lines = [
        child.property("text")
        for child in item(client, "nodeList").childItems()
        if child.property("text")
    ]
    assert any(line.startswith(f"{node} — live — ") for line in lines), lines


def test_the_cast_shows_and_a_new_look_rewrites_the_prompts(client: ClientApp) -> None:
    vm(client, "app").navigate("storyboard")
    client.settle()
    storyboard = vm(client, "storyboard")
    names = [member["name"] for member in storyboard.cast]
    assert "the lantern maker" in names and item(client, "castList").property("visible")
    described = next(m for m in storyboard.cast if m["name"] == "the lantern maker")
    assert any(
        f"the lantern maker ({described['look']})" in s.prompt for s in client.store.state.shots
    )
    storyboard.editCast(names.index("the lantern maker"), "Old Lin", "an old man in a blue apron")
    client.wait_until(
        lambda: any(
            "Old Lin (an old man in a blue apron)" in s.prompt for s in client.store.state.shots
        ),
        30,
    )
    project = client.store.state.project
    assert project is not None and project.cast_fixed
    assert [m.name for m in project.cast][names.index("the lantern maker")] == "Old Lin"


def test_transitions_and_subtitles_chosen_in_the_client_reach_the_export(
    client: ClientApp,
) -> None:
    from PySide6.QtCore import Q_ARG, QMetaObject

    state = client.store.state
    second = state.shots[1]
    vm(client, "storyboard").select(second.id)
    client.settle()
    combo = item(client, "shotTransition")
    assert combo.property("currentIndex") == 0  # the project's transition
    combo.setProperty("currentIndex", 2)  # as a person picks "cut" from the list
    QMetaObject.invokeMethod(combo, "activated", Q_ARG(int, 2))
    server = _server(client)
    assert state.project is not None
    project_id = state.project.id

    def on_server() -> str:
        return server.storyboard(project_id).shots[1].transition

    client.wait_until(lambda: on_server() == "cut", 30)
    vm(client, "app").undo()
    client.wait_until(lambda: on_server() == "", 30)
    vm(client, "app").redo()
    client.wait_until(lambda: on_server() == "cut", 30)
    client.settle()
    assert combo.property("currentIndex") == 2

    # the export's own choices, on the Preview page: the animatic follows the transition
    vm(client, "app").navigate("preview")
    preview = vm(client, "preview")
    preview.setTransition("dip")
    preview.setSubtitlePreset("box")
    preview.setHighlightWords(True)
    preview.setMusic("calm")
    client.settle()
    assert item(client, "exportTransition").property("currentText") == "dip to black"
    assert item(client, "exportSubtitles").property("currentText") == "box"
    assert item(client, "exportHighlight").property("checked")
    assert item(client, "exportMusic").property("currentText") == "calm"
    _animatic(client)
    client.settle()
    strip = preview.animaticShots
    cut = preview.frameAt((strip[1]["start"] + 0.02) * 1000)
    assert cut["index"] == 1 and cut["blend"] == 0  # a cut: no blend at all
    dip = preview.frameAt((strip[2]["start"] + 0.25) * 1000)
    assert (dip["index"], dip["next"]) == (1, 2) and 0 < dip["blend"] < 1
    assert dip["effect"] == "dip" and cut["effect"] == ""  # drawn as the export dips
    expected = preview.animaticDuration

    earlier = client.store.state.export_task()
    preview.export(180)
    client.wait_until(
        lambda: (
            (t := client.store.state.export_task()) is not None
            and t is not earlier
            and (earlier is None or t.task_id != earlier.task_id)
            and t.finished
        ),
        240,
    )
    task = client.store.state.export_task()
    assert task is not None and task.status is TaskStatus.SUCCESS, task
    exported = server.task(task.task_id).result_data
    made = [s["transition"] for s in exported["storyboard"]["shots"]]
    assert made == [None, "cut", *["dip"] * (len(made) - 2)]
    assert float(exported["duration_s"]) == pytest.approx(expected, abs=1 / 24)
    vm(client, "shot").setTransition("")  # as it was, for what runs after
    client.wait_until(lambda: on_server() == "", 30)
