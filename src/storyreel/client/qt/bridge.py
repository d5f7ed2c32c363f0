"""Runs the core's commands off the UI thread and brings their actions back to it."""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance, Slot

from storyreel.client.core import actions as a
from storyreel.client.core.state import AppState
from storyreel.client.core.store import Listener, Store

log = logging.getLogger(__name__)


def subscribe_while_alive(store: Store, owner: QObject, listener: Listener) -> None:
    """Call listener on each state change while owner's Qt object lives; once Qt has
    deleted it (a page or engine gone, the store still there), the listener leaves."""

    def listen(old: AppState, new: AppState) -> None:
        if shiboken6.isValid(owner):
            listener(old, new)
        else:
            leave()

    leave = store.subscribe(listen)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], list[a.Action]], done: SignalInstance) -> None:
        super().__init__()
        self.work = work
        self.done = done

    def run(self) -> None:
        try:
            actions = self.work()
        except Exception as error:  # a bug, not a person's mistake: say so, keep running
            log.exception("client command failed")
            actions = [a.Busy(""), a.Failed(f"Something went wrong inside StoryReel: {error}")]
        self.done.emit(actions)


class Dispatcher(QObject):
    """`run(command)` executes it on a worker thread; its actions reach the store on the UI
    thread, in order. `pending` counts commands still running (tests wait for 0)."""

    _finished = Signal(list)
    _posted = Signal(list)

    def __init__(self, store: Store, threads: int = 4) -> None:
        super().__init__()
        self.store = store
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(threads)
        self.pending = 0
        self._finished.connect(self._apply)
        self._posted.connect(self._apply_posted)

    def run(self, work: Callable[[], list[a.Action]]) -> None:
        self.pending += 1
        self.pool.start(_Job(work, self._finished))

    def dispatch(self, action: a.Action) -> None:
        """Apply an action now (the UI thread only)."""
        self.store.dispatch(action)

    def post(self, actions: list[a.Action]) -> None:
        """Apply actions on the UI thread, from any thread (a running command's progress)."""
        self._posted.emit(actions)

    @Slot(list)
    def _apply_posted(self, actions: list[a.Action]) -> None:
        for action in actions:
            self.store.dispatch(action)

    @Slot(list)
    def _apply(self, actions: list[a.Action]) -> None:
        self.pending -= 1
        for action in actions:
            self.store.dispatch(action)
