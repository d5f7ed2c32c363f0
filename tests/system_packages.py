"""A test that needs a system package (Debian's xvfb, libpulse0) and does not find it."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing_system_package(reason: str) -> NoReturn:
    """Skip, saying what to install. scripts/test.sh installs the system packages first and
    sets STORYREEL_SYSTEM_PACKAGES=required: there a missing one fails the run instead."""
    if os.environ.get("STORYREEL_SYSTEM_PACKAGES") == "required":
        pytest.fail(reason)
    pytest.skip(reason)
