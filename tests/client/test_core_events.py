"""The client core's event handling, without a network: parsing, backoff, task progress."""

from __future__ import annotations

from storyreel.client.core.events import (
    Backoff,
    EventSequence,
    TaskProgress,
    events_url,
    parse_event,
)
from storyreel.contract import ShotEvent, TaskEvent, TaskStatus, TaskType


def test_parse_event_takes_task_and_shot_events_and_ignores_the_rest() -> None:
    task = parse_event(
        '{"type": "task", "task_id": "t1", "task_type": "export", "status": "RUNNING",'
        ' "project_id": 3, "progress": 0.5}'
    )
    assert isinstance(task, TaskEvent) and task.progress == 0.5
    shot = parse_event('{"type": "shot", "project_id": 3, "shot_id": 9, "status": "SUCCESS"}')
    assert isinstance(shot, ShotEvent) and shot.shot_id == 9
    for junk in ("", "not json", "[]", '{"type": "task"}', '{"type": "other"}', b"\xff"):
        assert parse_event(junk) is None


def test_backoff_doubles_up_to_a_ceiling_and_resets() -> None:
    backoff = Backoff(first=0.5, most=4.0)
    assert [backoff.delay() for _ in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    backoff.reset()
    assert backoff.delay() == 0.5


def test_events_url_follows_the_scheme() -> None:
    assert events_url("http://h:8000/", 4) == "ws://h:8000/ws/projects/4/"  # no token in it
    assert events_url("https://h", 4) == "wss://h/ws/projects/4/"
    assert events_url("https://h", 4, since=17) == "wss://h/ws/projects/4/?since=17"


def test_an_event_seen_already_is_dropped_and_the_reconnect_asks_after_the_newest() -> None:
    sequence = EventSequence()

    def event(seq: int | None) -> object:
        text = '{"type":"shot","project_id":1,"shot_id":2,"status":"PENDING","seq":%s}'
        return parse_event(text % ("null" if seq is None else seq))

    assert [sequence.fresh(event(n)) for n in (3, 4, 4, 2, 7)] == [True, True, False, False, True]  # type: ignore[arg-type]
    assert sequence.last == 7
    assert sequence.fresh(event(None))  # type: ignore[arg-type]  # an older server: no numbers


def _event(task_id: str, status: TaskStatus, **extra: object) -> TaskEvent:
    return TaskEvent(
        task_id=task_id, task_type=TaskType.EXPORT, status=status, project_id=1, **extra
    )


def test_task_progress_counts_finished_and_running_shares() -> None:
    state = TaskProgress({"a": TaskStatus.PENDING, "b": TaskStatus.PENDING}, {})
    assert not state.finished and state.units(100) == 0
    assert state.apply(_event("a", TaskStatus.RUNNING, progress=0.25))
    assert state.units(100) == 25
    assert not state.apply(_event("a", TaskStatus.RUNNING, progress=0.25))  # nothing new
    assert state.apply(_event("a", TaskStatus.SUCCESS))
    assert state.apply(_event("b", TaskStatus.FAILED, err_msg="node down"))
    assert state.finished and state.done == 2 and state.failed == ["b"]
    assert state.errors == {"b": "node down"} and state.units(100) == 200
