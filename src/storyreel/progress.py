"""Progress events of a pipeline run, and the reporters that show them."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class ProgressReporter(Protocol):
    """Receives stage starts and step counts; the pipeline never prints by itself."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, done: int) -> None: ...

    def finish(self) -> None: ...


class SilentProgress:
    """Discards progress (library use, tests)."""

    def stage(self, name: str, total: int) -> None:
        return None

    def advance(self, done: int) -> None:
        return None

    def finish(self) -> None:
        return None


class RecordingProgress:
    """Keeps every event, for tests: [("stage", name, total), ("advance", done), ...]."""

    def __init__(self) -> None:
        self.events: list[tuple[str, ...]] = []

    def stage(self, name: str, total: int) -> None:
        self.events.append(("stage", name, str(total)))

    def advance(self, done: int) -> None:
        self.events.append(("advance", str(done)))

    def finish(self) -> None:
        self.events.append(("finish",))


class ConsoleProgress:
    """One line per stage: a bar redrawn in place on a terminal, a final line otherwise."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.name = ""
        self.total = 0
        self.started = 0.0

    def _line(self, done: int) -> str:
        width = 24
        filled = int(width * done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        elapsed = time.monotonic() - self.started
        return f"  {self.name:<11} [{bar}] {done}/{self.total}  {elapsed:5.1f}s"

    def stage(self, name: str, total: int) -> None:
        self.finish()
        self.name, self.total, self.started = name, total, time.monotonic()
        if self.tty:
            self.stream.write(self._line(0))
            self.stream.flush()

    def advance(self, done: int) -> None:
        if self.tty and self.name:
            self.stream.write("\r" + self._line(done))
            self.stream.flush()

    def finish(self) -> None:
        if not self.name:
            return
        line = self._line(self.total)
        self.stream.write(("\r" + line if self.tty else line) + "\n")
        self.stream.flush()
        self.name = ""
