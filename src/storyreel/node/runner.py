"""The bounded job pool: one job at a time per device, a limited queue in front of each."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from storyreel.errors import StoryReelError

T = TypeVar("T")


class QueueFull(StoryReelError):
    """The device's queue is at its limit; the caller should retry later."""

    def __init__(self, device: str, limit: int, retry_after_s: int) -> None:
        super().__init__(
            f"the {device} queue is full ({limit} jobs waiting); retry in {retry_after_s} s"
        )
        self.retry_after_s = retry_after_s


class NodeStopping(StoryReelError):
    """The node is draining before it stops: it takes no new jobs (503, as a full queue)."""

    retry_after_s = 5

    def __init__(self) -> None:
        super().__init__("the model node is stopping; send the job to another node or retry")


class JobRunner:
    """Runs jobs on one worker thread per device, so one model at a time holds each device."""

    def __init__(self, queue_limit: int) -> None:
        self.queue_limit = queue_limit
        self._executors: dict[str, ThreadPoolExecutor] = {}
        self._depth: dict[str, int] = {}
        self._lock = threading.Lock()

    def submit(self, device: str, work: Callable[[], T]) -> tuple[Future[T], int]:
        """Queue work on a device; returns its future and how many jobs are ahead of it."""
        with self._lock:
            ahead = self._depth.get(device, 0)
            if ahead >= self.queue_limit + 1:  # one running plus queue_limit waiting
                raise QueueFull(device, self.queue_limit, retry_after_s=max(1, ahead))
            executor = self._executors.get(device)
            if executor is None:
                executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"node-{device}")
                self._executors[device] = executor
            self._depth[device] = ahead + 1
        future = executor.submit(work)
        future.add_done_callback(lambda _f: self._finished(device))
        return future, ahead

    def _finished(self, device: str) -> None:
        with self._lock:
            self._depth[device] -= 1

    def depth(self) -> dict[str, int]:
        """Jobs queued or running, per device."""
        with self._lock:
            return dict(self._depth)

    def shutdown(self) -> None:
        for executor in self._executors.values():
            executor.shutdown(wait=False, cancel_futures=True)
