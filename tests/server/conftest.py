"""Server tests: users with tokens (Django settings come from tests/conftest.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from livestack import stack  # noqa: F401  (the live server and a node)


def make_user(name: str) -> tuple[APIClient, int]:
    client = APIClient()
    answer = client.post(
        "/api/auth/register", {"username": name, "password": "correct horse"}, format="json"
    )
    assert answer.status_code == 201, answer.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    return client, answer.json()["user_id"]


@pytest.fixture()
def alice(db: None) -> APIClient:
    return make_user("alice")[0]


@pytest.fixture()
def bob(db: None) -> APIClient:
    return make_user("bob")[0]
