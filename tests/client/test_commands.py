"""The client's commands (Commands) against the real server and node, then with the server
gone: cached projects open read-only, edits wait in the outbox and go when it is back."""

from __future__ import annotations

from pathlib import Path

import pytest

from nodekit import RunningNode, free_port
from storyreel.client.core import actions as a
from storyreel.client.core.api import ApiClient
from storyreel.client.core.cache import ClientCache
from storyreel.client.core.commands import Commands
from storyreel.client.core.events import wait_for_tasks
from storyreel.client.core.state import Fix
from storyreel.client.core.store import Store
from storyreel.contract import TaskType
from storyreel.media.probe import probe_media

STORY = "The storm came at dusk. The keeper lit the lamp.\n\nA ship turned away from the rocks."


def run(store: Store, done: list[a.Action]) -> Store:
    for action in done:
        store.dispatch(action)
    return store


@pytest.mark.django_db(transaction=True)
def test_studio_online_then_offline_then_back(
    stack: tuple[str, RunningNode], tmp_path: Path
) -> None:
    url, _node = stack
    cache = ClientCache(tmp_path / "cache", url)
    api = ApiClient(url)
    commands = Commands(api, cache)
    store = run(Store(), commands.sign_in("mei", "correct horse", register=True))
    assert store.state.signed_in and store.state.projects == ()
    assert cache.session() == ("mei", api.token)

    run(store, commands.create_project(story=STORY, title="Storm"))
    project = store.state.project
    assert project is not None and store.state.busy
    created = next(iter(store.state.tasks))
    wait_for_tasks(api, [api.task(created)], timeout=60)
    run(store, commands.open_project(project.id))
    assert len(store.state.shots) == 2 and not store.state.read_only

    run(store, commands.generate_all(project.id))
    started = [t.task_id for t in store.state.tasks.values() if t.task_id != created]
    assert len(started) == 4  # an image and a narration per shot
    wait_for_tasks(api, [api.task(t) for t in started], timeout=120)
    run(store, commands.poll(started))
    assert all(store.state.tasks[t].finished for t in started) and not store.state.failed_tasks()
    run(store, commands.open_project(project.id))
    first = store.state.shots[0]
    assert commands.media(first.image_key, first.image_url) is not None
    assert commands.media(first.image_key, "") is not None  # second look: from the cache
    assert cache.media.downloads == 1 and cache.media.hits == 1

    run(store, commands.edit(first.id, "prompt", "a lighthouse, ink"))
    assert store.state.shots[0].prompt == "a lighthouse, ink"
    run(store, commands.versions(first.id))  # the detail page's list needs the shot selected
    store.dispatch(a.ShotSelected(first.id))
    run(store, commands.versions(first.id))
    assert store.state.versions[0].reason == "prompt_edit"
    run(store, commands.restore(first.id, store.state.versions[0].id))
    assert store.state.shots[0].prompt == first.prompt

    export = tmp_path / "local.mp4"
    for shot in store.state.shots:  # everything the local export needs, fetched once
        commands.media(shot.audio_key, shot.audio_url)
    view = cache.storyboard(project.id)
    assert view is not None
    commands.export_local(view, export)
    assert probe_media(export).duration_s > 2

    # the server goes away: same cache, an address where nothing answers
    away = Commands(ApiClient(f"http://127.0.0.1:{free_port()}", api.token), cache)
    away.cache.server = cache.server
    offline = run(Store(), away.load_projects())
    assert offline.state.offline and [p.id for p in offline.state.projects] == [project.id]
    assert offline.state.notice is not None and offline.state.notice.fix is Fix.RETRY
    run(offline, away.open_project(project.id))
    assert offline.state.read_only and len(offline.state.shots) == 2
    assert away.media(first.image_key, first.image_url) is not None  # images still show
    run(offline, away.edit(first.id, "narration", "Written on the train."))
    assert offline.state.pending_edits == 1
    progress: list[tuple[int, int]] = []
    here = run(
        offline,
        away.export_here(view, tmp_path / "offline.mp4", lambda d, t: progress.append((d, t))),
    )
    local = Path(here.state.local_video)  # "Export here" needs no server
    assert local == tmp_path / "offline.mp4" and probe_media(local).duration_s > 2
    assert here.state.local_export_progress is None and progress[-1][0] == progress[-1][1]
    run(offline, away.poster(local))
    assert Path(offline.state.posters[str(local)]).read_bytes()[:4] == b"\x89PNG"
    run(offline, away.save_frame(local, 0.5))
    assert offline.state.notice is not None and offline.state.notice.message.startswith(
        "Frame saved"
    )
    run(offline, away.export_here(view, tmp_path / "no-such-dir" / "x.txt"))
    assert offline.state.notice.error and offline.state.local_export_progress is None

    back = run(Store(), commands.send_pending())
    assert back.state.pending_edits == 0 and cache.pending_edits() == []
    assert api.storyboard(project.id).shots[0].narration == "Written on the train."


@pytest.mark.django_db(transaction=True)
def test_studio_turns_refusals_into_notices(stack: tuple[str, RunningNode], tmp_path: Path) -> None:
    url, _node = stack
    commands = Commands(ApiClient(url), ClientCache(tmp_path / "cache", url))
    store = run(Store(), commands.sign_in("li", "correct horse", register=True))
    run(store, commands.create_project(story="   "))
    assert store.state.notice is not None and "empty" in store.state.notice.message
    run(store, commands.create_project(story="x" * 20_001))
    assert (
        store.state.notice is not None and "over the limit of 20,000" in store.state.notice.message
    )
    assert store.state.notice.fix is Fix.EDIT
    commands.api.token = "revoked"
    run(store, commands.generate(1, TaskType.KEYFRAME))
    assert not store.state.signed_in
    assert store.state.notice is not None and store.state.notice.fix is Fix.LOG_IN
    wrong = run(Store(), commands.sign_in("li", "wrong password"))
    assert (
        wrong.state.notice is not None
        and "wrong username or password" in wrong.state.notice.message
    )
