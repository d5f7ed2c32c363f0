"""Server tests: users with tokens (Django settings come from tests/conftest.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from livestack import make_user, stack  # noqa: F401  (the live server and a node)


@pytest.fixture()
def alice(db: None) -> APIClient:
    return make_user("alice")[0]


@pytest.fixture()
def bob(db: None) -> APIClient:
    return make_user("bob")[0]
