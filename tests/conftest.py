"""Shared fixtures: settings with a private cache, and warm pipeline objects."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest

from processes import reap_descendants
from storyreel.settings import Settings


def pytest_sessionstart(session: pytest.Session) -> None:
    """A run stopped by SIGTERM (CI's time limit) still ends the processes it started."""

    def stop(number: int, frame: FrameType | None) -> None:
        reap_descendants()
        sys.exit(128 + number)

    signal.signal(signal.SIGTERM, stop)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """No node, stack or model server outlives the test run, whatever the tests did."""
    left = reap_descendants()
    if left:
        print(f"\nended {len(left)} process(es) the tests left running", file=sys.stderr)


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Settings whose caches live in this test's temporary folder."""
    return Settings(cache_dir=tmp_path / "cache")


@pytest.fixture(scope="session")
def session_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings with one cache for the whole session (for expensive shared fixtures)."""
    return Settings(cache_dir=tmp_path_factory.mktemp("session-cache"))


_TIMINGS: list[tuple[str, float]] = []


@pytest.fixture(scope="session")
def record_timing() -> Callable[[str, float], None]:
    """Note a timing (e.g. a diffusers render on CPU or CUDA); printed at the end of the run."""

    def record(name: str, seconds: float) -> None:
        _TIMINGS.append((name, seconds))

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _TIMINGS:
        terminalreporter.section("model timings")
        for name, seconds in _TIMINGS:
            terminalreporter.write_line(f"{name}: {seconds * 1000:.1f} ms")


@pytest.fixture(scope="session")
def tiny_sd_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny SD-Turbo-shaped diffusers folder (random weights), built once per session."""
    pytest.importorskip(
        "diffusers", reason="needs the diffusion extra: pip install 'storyreel[diffusion]'"
    )
    from tiny_pipelines import build_tiny_sd

    return build_tiny_sd(tmp_path_factory.mktemp("tiny-sd"))


@pytest.fixture(scope="session")
def tiny_svd_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Stable Video Diffusion folder (random weights), built once per session."""
    pytest.importorskip(
        "diffusers", reason="needs the diffusion extra: pip install 'storyreel[diffusion]'"
    )
    from tiny_pipelines import build_tiny_svd

    return build_tiny_svd(tmp_path_factory.mktemp("tiny-svd"))
