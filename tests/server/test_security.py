"""Production settings: refuse to start without secrets, pass `check --deploy`; throttling."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

# no particular database or broker: run once, not again in the PostgreSQL and MariaDB passes
pytestmark = pytest.mark.once


def _manage(args: list[str], env: dict[str, str], tmp: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STORYREEL_", "DJANGO_"))}
    clean.update(
        {"STORYREEL_DATA_DIR": str(tmp), "DJANGO_SETTINGS_MODULE": "storyreel.server.settings"}
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "storyreel.server.manage", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts(tmp_path: Path) -> None:
    missing = _manage(["check"], {"STORYREEL_ENV": "production"}, tmp_path)
    assert missing.returncode != 0
    assert "STORYREEL_SECRET_KEY must be set when STORYREEL_ENV=production" in missing.stderr
    no_hosts = _manage(
        ["check"], {"STORYREEL_ENV": "production", "STORYREEL_SECRET_KEY": "k" * 60}, tmp_path
    )
    assert "STORYREEL_ALLOWED_HOSTS must be set" in no_hosts.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {
        "STORYREEL_ENV": "production",
        "STORYREEL_SECRET_KEY": "a-long-random-secret-key-for-the-deploy-check-0123456789-abcdefg",
        "STORYREEL_ALLOWED_HOSTS": "storyreel.example.com",
        "STORYREEL_WEBHOOK_SECRET": "webhook-secret",
    }
    checked = _manage(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    static = _manage(["collectstatic", "--noinput"], env, tmp_path)
    assert static.returncode == 0, static.stderr
    assert (tmp_path / "static" / "rest_framework").is_dir()


@contextmanager
def throttle_rates(rates: dict[str, str]) -> Iterator[None]:
    """DRF's throttle rates replaced for the block (its settings and the throttles' copy)."""
    from django.conf import settings
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    try:
        with override_settings(
            REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
        ):
            api_settings.reload()
            SimpleRateThrottle.THROTTLE_RATES = rates
            yield
    finally:
        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@pytest.mark.django_db
def test_too_many_requests_get_429() -> None:
    with throttle_rates({"anon": "3/minute", "user": "3/minute"}):
        client = APIClient()
        answers = [
            client.post("/api/auth/login", {"username": "x", "password": "y"}, format="json")
            for _ in range(4)
        ]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert answers[-1].json()["error"] == "throttled"


@pytest.mark.django_db
def test_signed_media_links_have_their_own_rate() -> None:
    """A 100-shot storyboard fetches 100 images through signed links; the anonymous rate
    must not cut it off (the media scope has its own, higher rate)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from storyreel.server.studio.apis.outputs import media_url

    name = default_storage.save("keyframes/rate.png", ContentFile(b"\x89PNG rate test"))
    with throttle_rates({"anon": "3/minute", "user": "3/minute", "media": "1000/minute"}):
        client = APIClient()
        url = media_url(RequestFactory().get("/"), name)
        answers = [client.get(url).status_code for _ in range(10)]
    assert answers == [200] * 10


def test_production_refuses_a_short_secret_key(tmp_path: Path) -> None:
    env = {
        "STORYREEL_ENV": "production",
        "STORYREEL_SECRET_KEY": "short-secret",
        "STORYREEL_ALLOWED_HOSTS": "example.org",
    }
    short = _manage(["check"], env, tmp_path)
    assert short.returncode != 0 and "shorter than 32 characters" in short.stderr


def test_each_data_folder_gets_its_own_secret_key(tmp_path: Path) -> None:
    """`storyreel up` used to sign media links with the public development key."""
    from storyreel.devtools.stack import data_dir_secret

    first = data_dir_secret(tmp_path / "a")
    assert len(first) >= 48 and data_dir_secret(tmp_path / "a") == first  # kept
    assert data_dir_secret(tmp_path / "b") != first
    assert (tmp_path / "a" / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db
def test_a_browser_asking_for_html_gets_json(db: None) -> None:
    answer = APIClient().get("/api/projects/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert answer.status_code == 401 and answer["Content-Type"] == "application/json"
    assert answer.json()["error"] == "unauthorized"


@pytest.mark.django_db
def test_usernames_are_compared_as_people_read_them(db: None) -> None:
    def register(name: str, password: str = "correct horse") -> object:
        return APIClient().post(
            "/api/auth/register", {"username": name, "password": password}, format="json"
        )

    assert register("alice").status_code == 201  # type: ignore[attr-defined]
    for same in ("\u00aalice", "ALICE", " alice "):  # ª is a; case and spaces do not count
        answer = register(same)
        assert answer.status_code == 409, same  # type: ignore[attr-defined]
        assert answer.json()["error"] == "username_taken"  # type: ignore[attr-defined]
    control = register("bob\u0007")
    assert control.status_code == 400 and control.json()["error"] == "bad_username"  # type: ignore[attr-defined]
    weak = register("carol", "12345678")
    assert weak.status_code == 400 and weak.json()["error"] == "weak_password"  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_rotating_forwarded_for_does_not_get_past_the_login_throttle() -> None:
    with throttle_rates({"anon": "3/minute", "user": "3/minute"}):
        client = APIClient()
        answers = [
            client.post(
                "/api/auth/login",
                {"username": "x", "password": "y"},
                format="json",
                HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            )
            for n in range(4)
        ]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]


@pytest.mark.django_db
def test_an_account_is_locked_after_too_many_wrong_passwords(db: None) -> None:
    """Per account, whatever addresses the attempts come from; the right password then
    waits too, and a success clears the count."""
    cache.clear()
    APIClient().post(
        "/api/auth/register", {"username": "dora", "password": "correct horse"}, format="json"
    )
    with override_settings(STORYREEL_LOGIN_FAILURES=3):
        wrong = [
            APIClient()
            .post("/api/auth/login", {"username": "dora", "password": f"guess {n}"}, format="json")
            .status_code
            for n in range(4)
        ]
        right = APIClient().post(
            "/api/auth/login", {"username": "Dora", "password": "correct horse"}, format="json"
        )
    assert wrong == [401, 401, 401, 429]
    assert right.status_code == 429 and right.json()["error"] == "login_locked"
    assert "try again in 15 minutes" in right.json()["message"]
    cache.clear()
    assert (
        APIClient()
        .post("/api/auth/login", {"username": "dora", "password": "correct horse"}, format="json")
        .status_code
        == 200
    )


@pytest.mark.django_db
def test_a_bug_answers_json_500_and_logs_the_traceback_with_the_request_id(
    alice: APIClient, caplog: pytest.LogCaptureFixture
) -> None:
    from unittest import mock

    with mock.patch(
        "storyreel.server.studio.selectors.project_list", side_effect=RuntimeError("boom")
    ):
        answer = alice.get("/api/projects/", HTTP_X_REQUEST_ID="req-123")
    assert answer.status_code == 500 and answer.json()["error"] == "server_error"
    assert "req-123" in answer.json()["message"]
    [record] = [r for r in caplog.records if r.name == "storyreel.server.errors"]
    assert "req-123" in record.getMessage() and record.exc_info is not None


def test_signed_media_links_are_not_logged_whole() -> None:
    from storyreel.server.studio.logging import loggable_path

    assert loggable_path("/api/media/abcdefghSECRETPART") == "/api/media/abcdefgh…"
    assert loggable_path("/api/projects/") == "/api/projects/"


@pytest.mark.django_db
def test_logout_revokes_the_token_and_tokens_expire(db: None) -> None:
    from datetime import timedelta

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    client = APIClient()
    token = client.post(
        "/api/auth/register", {"username": "erin", "password": "correct horse"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/projects/").status_code == 200
    assert client.post("/api/auth/logout").status_code == 204
    assert client.get("/api/projects/").status_code == 401  # revoked

    login = {"username": "erin", "password": "correct horse"}
    fresh = APIClient().post("/api/auth/login", login, format="json").json()["token"]
    assert fresh != token
    client.credentials(HTTP_AUTHORIZATION=f"Token {fresh}")
    Token.objects.filter(key=fresh).update(created=timezone.now() - timedelta(days=31))
    expired = client.get("/api/projects/")
    assert expired.status_code == 401 and "expired" in expired.json()["message"]
    renewed = APIClient().post("/api/auth/login", login, format="json").json()["token"]
    assert renewed != fresh  # logging in again gives a new token
    client.credentials(HTTP_AUTHORIZATION=f"Token {renewed}")
    assert client.get("/api/projects/").status_code == 200
