"""Known-bad Qt bindings, refused at start-up with what to install instead of crashing later.

PySide6 6.12.0's `Signal.emit` returns True without taking a reference to it: every emit from
Python drops one reference, and after a few thousand (an export's progress, a grid of images
landing) Python aborts with "Fatal Python error: bool_dealloc" and the window vanishes.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal

from storyreel.errors import StoryReelError


class _Probe(QObject):
    fired = Signal()


def emit_leaks_references(times: int = 500) -> bool:
    """Whether emitting a signal from Python loses references to what emit returns."""
    probe = _Probe()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(times):
        probe.fired.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    return any(b - a >= times // 2 for a, b in zip(after, before))


def check_bindings() -> None:
    """Refuse a PySide6 whose signals would crash the client after a while."""
    if emit_leaks_references():
        raise StoryReelError(
            f"PySide6 {pyside_version} loses a reference on every signal and would crash the "
            "client (bool_dealloc); install another version: "
            "pip install 'PySide6-Essentials<6.12' 'PySide6-Addons<6.12'"
        )
