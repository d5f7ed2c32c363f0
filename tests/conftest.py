"""Shared fixtures: settings with a private cache, and warm pipeline objects."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyreel.settings import Settings


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Settings whose caches live in this test's temporary folder."""
    return Settings(cache_dir=tmp_path / "cache")


@pytest.fixture(scope="session")
def session_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings with one cache for the whole session (for expensive shared fixtures)."""
    return Settings(cache_dir=tmp_path_factory.mktemp("session-cache"))
