"""Server tests: Django settings from the environment, set before Django starts."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")
os.environ.setdefault("STORYREEL_DATA_DIR", tempfile.mkdtemp(prefix="storyreel-server-"))
os.environ.setdefault("STORYREEL_TASKS_EAGER", "1")
os.environ.setdefault("STORYREEL_WEBHOOK_SECRET", "test-webhook-secret")
os.environ.setdefault("STORYREEL_NODE_TOKEN", "test-node-token")
os.environ.setdefault("STORYREEL_THROTTLE_USER", "100000/minute")
os.environ.setdefault("STORYREEL_THROTTLE_ANON", "100000/minute")

import pytest
from rest_framework.test import APIClient


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
