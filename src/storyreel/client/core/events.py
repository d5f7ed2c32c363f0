"""Task and shot events from the server's WebSocket, with reconnect and a polling fallback.

`parse_event` and `Backoff` are shared by every transport (the Qt client uses QtWebSockets);
`ProjectEvents` is the plain-Python transport (a thread on `websockets`' sync client) that
the command line uses. `wait_for_tasks` follows a set of tasks to the end: it reads events
while the socket is up and polls `GET /api/tasks/{id}/status` while it is down.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from storyreel.client.core.api import ApiClient, ServerUnreachable
from storyreel.contract import ShotEvent, TaskEvent, TaskStatus
from storyreel.contract.api import TaskInfo

ProjectEvent = TaskEvent | ShotEvent
_EVENT: TypeAdapter[TaskEvent | ShotEvent] = TypeAdapter(ProjectEvent)
FINISHED = (TaskStatus.SUCCESS, TaskStatus.FAILED)


def parse_event(text: str | bytes) -> ProjectEvent | None:
    """One WebSocket message as an event; None for anything else (never raises)."""
    try:
        return _EVENT.validate_python(json.loads(text))
    except (ValueError, ValidationError):
        return None


def events_url(base_url: str, project_id: int, since: int = 0) -> str:
    """The project's WebSocket; the token goes in the Authorization header, not the URL
    (URLs end up in proxies' logs). `since`: replay the events after that one first."""
    scheme_host = base_url.rstrip("/").replace("https://", "wss://").replace("http://", "ws://")
    return f"{scheme_host}/ws/projects/{project_id}/" + (f"?since={since}" if since else "")


@dataclass
class EventSequence:
    """The newest event seen; a reconnect asks for those after it, and an event seen already
    (replayed and also sent live) is dropped."""

    last: int = 0

    def fresh(self, event: ProjectEvent) -> bool:
        if event.seq is None:
            return True
        if event.seq <= self.last:
            return False
        self.last = event.seq
        return True


@dataclass
class Backoff:
    """Reconnect delays: doubling from `first` up to `most`; `reset` after a good connection."""

    first: float = 0.5
    most: float = 8.0
    _next: float = field(default=0.0, init=False)

    def delay(self) -> float:
        self._next = self.first if self._next == 0 else min(self.most, self._next * 2)
        return self._next

    def reset(self) -> None:
        self._next = 0.0


class ProjectEvents:
    """A background thread that keeps a WebSocket to one project open and queues its events.

    `connected` says whether events are flowing now; while it is False the caller should poll.
    `refused` turns True when the server turns the token away (then the thread stops).
    """

    def __init__(self, base_url: str, token: str, project_id: int) -> None:
        self.base_url = base_url
        self.project_id = project_id
        self.sequence = EventSequence()
        self.token = token
        self.events: queue.Queue[ProjectEvent] = queue.Queue()
        self.connected = threading.Event()
        self.refused = False  # the server closed with 4404: wrong token or not the owner
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="storyreel-events", daemon=True)

    def start(self) -> ProjectEvents:
        self._thread.start()
        return self

    def wait_connected(self, timeout: float) -> bool:
        return self.connected.wait(timeout)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def __enter__(self) -> ProjectEvents:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _refuse(self) -> None:
        self.refused = True
        self.connected.clear()

    def _run(self) -> None:
        from websockets.exceptions import (
            ConnectionClosed,
            InvalidHandshake,
            InvalidStatus,
            InvalidURI,
        )
        from websockets.sync.client import connect

        backoff = Backoff()
        while not self._stop.is_set():
            try:
                with connect(
                    events_url(self.base_url, self.project_id, self.sequence.last),
                    additional_headers={"Authorization": f"Token {self.token}"},
                    open_timeout=5,
                    close_timeout=1,
                ) as socket:
                    self.connected.set()
                    backoff.reset()
                    while not self._stop.is_set():
                        try:
                            message = socket.recv(timeout=0.25)
                        except TimeoutError:
                            continue
                        event = parse_event(message)
                        if event is not None and self.sequence.fresh(event):
                            self.events.put(event)
            except ConnectionClosed as closed:
                if closed.rcvd is not None and closed.rcvd.code == 4404:
                    self._refuse()
                    return
            except InvalidStatus as rejected:
                # closed before accepting: the server answers the handshake with 403
                if rejected.response.status_code in (401, 403, 404):
                    self._refuse()
                    return
            except (OSError, InvalidHandshake, InvalidURI, TimeoutError):
                pass
            self.connected.clear()
            self._stop.wait(backoff.delay())


@dataclass
class TaskProgress:
    """Where a set of tasks stands."""

    statuses: dict[str, TaskStatus]
    errors: dict[str, str]
    fractions: dict[str, float] = field(default_factory=dict)  # RUNNING tasks that report it

    def apply(self, event: TaskEvent) -> bool:
        """Take a task event in; True when something changed."""
        changed = False
        if self.statuses[event.task_id] != event.status:
            self.statuses[event.task_id] = event.status
            changed = True
        if event.err_msg and self.errors.get(event.task_id) != event.err_msg:
            self.errors[event.task_id] = event.err_msg
            changed = True
        if event.progress is not None and self.fractions.get(event.task_id) != event.progress:
            self.fractions[event.task_id] = event.progress
            changed = True
        return changed

    def units(self, per_task: int = 1) -> int:
        """Work done, counting each finished task as `per_task` and running ones by share."""
        total = 0.0
        for task_id, status in self.statuses.items():
            share = 1.0 if status in FINISHED else self.fractions.get(task_id, 0.0)
            total += share * per_task
        return int(total)

    @property
    def done(self) -> int:
        return sum(1 for s in self.statuses.values() if s in FINISHED)

    @property
    def failed(self) -> list[str]:
        return [t for t, s in self.statuses.items() if s == TaskStatus.FAILED]

    @property
    def finished(self) -> bool:
        return self.done == len(self.statuses)


def wait_for_tasks(
    api: ApiClient,
    tasks: Iterable[TaskInfo],
    *,
    events: ProjectEvents | None = None,
    on_change: Callable[[TaskProgress], None] | None = None,
    timeout: float = 3600.0,
    poll_s: float = 1.0,
    safety_poll_s: float = 10.0,
) -> TaskProgress:
    """Follow tasks until each is SUCCESS or FAILED (or raise TimeoutError).

    Events drive progress while the socket is up; every task is also polled once at the start
    (events before the socket opened are not replayed), every `poll_s` while the socket is
    down, and every `safety_poll_s` while it is up.
    """
    progress = TaskProgress({t.task_id: t.status for t in tasks}, {})
    for task in tasks:
        if task.err_msg:
            progress.errors[task.task_id] = task.err_msg
    deadline = time.monotonic() + timeout
    last_poll = float("-inf")
    changed = True
    while True:
        if changed and on_change is not None:
            on_change(progress)
        changed = False
        if progress.finished:
            return progress
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(progress.statuses) - progress.done} task(s) still running")
        live = events is not None and events.connected.is_set()
        if events is not None:
            try:
                event = events.events.get(timeout=0.25)
            except queue.Empty:
                event = None
            while event is not None:
                if isinstance(event, TaskEvent) and event.task_id in progress.statuses:
                    changed = progress.apply(event) or changed
                try:
                    event = events.events.get_nowait()
                except queue.Empty:
                    event = None
        else:
            time.sleep(min(poll_s, 0.25))
        if time.monotonic() - last_poll >= (safety_poll_s if live else poll_s):
            last_poll = time.monotonic()
            try:
                for task_id, status in list(progress.statuses.items()):
                    if status in FINISHED:
                        continue
                    info = api.task(task_id)
                    if info.status != status:
                        progress.statuses[task_id] = info.status
                        if info.err_msg:
                            progress.errors[task_id] = info.err_msg
                        changed = True
            except ServerUnreachable:
                pass  # the server is away for now: keep waiting (up to the deadline)
