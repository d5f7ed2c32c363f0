"""The desktop client offscreen (QT_QPA_PLATFORM=offscreen) against a real embedded stack."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from system_packages import missing_system_package

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qpa.*=false")


@pytest.fixture(autouse=True)
def _qt_loads() -> None:
    """Qt cannot run here without PySide6, or without libpulse for QtMultimedia."""
    try:
        from PySide6 import QtMultimedia  # noqa: F401
    except ImportError as error:
        missing_system_package(
            f"the desktop client cannot load here ({error}); install the client extra "
            "(pip install 'storyreel[client]') and on Debian/Ubuntu: apt-get install libpulse0"
        )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Server, worker and node on loopback, as `storyreel up` runs them (own data folder)."""
    pytest.importorskip("PySide6")
    from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port

    data = tmp_path_factory.mktemp("stack")
    keep = {k: v for k, v in os.environ.items() if k.startswith(("STORYREEL_", "DJANGO_"))}
    for name in keep:  # the server test settings must not leak into the stack
        del os.environ[name]
    try:
        stack = EmbeddedStack(
            StackPorts(server=free_port(), node=free_port()),
            extra_env={"STORYREEL_DATA_DIR": str(data), "STORYREEL_CACHE_DIR": str(data / "c")},
            log_path=Path(data) / "stack.log",
        ).start()
    finally:
        os.environ.update(keep)
    yield stack
    stack.stop()
