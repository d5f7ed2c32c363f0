"""`storyreel up`: the whole stack on loopback — ASGI server, Celery worker, model node.

Embedded defaults: SQLite, a filesystem broker, an in-memory channel layer, local media, all
under STORYREEL_DATA_DIR. The first run creates a user and prints its token.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from storyreel.errors import StoryReelError


@dataclass(frozen=True)
class StackPorts:
    server: int = 8000
    node: int = 8100


def _environment(ports: StackPorts) -> dict[str, str]:
    env = dict(os.environ)
    data_dir = Path(env.get("STORYREEL_DATA_DIR", Path.home() / ".local/share/storyreel"))
    env.setdefault("STORYREEL_DATA_DIR", str(data_dir))
    env.setdefault("STORYREEL_NODE_STORAGE", str(data_dir / "node-results"))
    env.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")
    env.setdefault("STORYREEL_NODE_TOKEN", secrets.token_urlsafe(24))
    env.setdefault("STORYREEL_WEBHOOK_SECRET", secrets.token_urlsafe(24))
    env.setdefault("STORYREEL_NODE_URL", f"http://127.0.0.1:{ports.node}")
    env.setdefault("STORYREEL_NODE_PUBLIC_URL", f"http://127.0.0.1:{ports.node}")
    env.setdefault("STORYREEL_PUBLIC_URL", f"http://127.0.0.1:{ports.server}")
    return env


def _prepare(env: dict[str, str]) -> tuple[str, str]:
    """Migrate, collect static files, and make sure a first user exists; its name and token."""
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    users = get_user_model()
    user = users.objects.order_by("id").first()
    if user is None:
        user = users.objects.create_user(username="storyreel", password=secrets.token_urlsafe(16))
    token, _ = Token.objects.get_or_create(user=user)
    return user.get_username(), token.key


def _wait_healthy(url: str, processes: list[subprocess.Popen[bytes]], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise StoryReelError(f"{process.args!s} exited during start-up")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise StoryReelError(f"{url} did not answer within {timeout:.0f} s")


def run_stack(ports: StackPorts) -> int:
    """Start everything, print how to reach it, and stop everything on Ctrl+C or a crash."""
    env = _environment(ports)
    username, token = _prepare(env)
    python = sys.executable
    commands = {
        "node": [
            python, "-m", "storyreel.cli", "node",
            "--port", str(ports.node), "--log-level", "warning",
        ],
        "worker": [
            python, "-m", "celery", "-A", "storyreel.server", "worker",
            "--pool", "threads", "--concurrency", "4", "--loglevel", "WARNING",
        ],
        "server": [
            python, "-m", "uvicorn", "storyreel.server.asgi:application",
            "--host", "127.0.0.1", "--port", str(ports.server), "--log-level", "warning",
        ],
    }  # fmt: skip
    processes: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        for name, command in commands.items():
            child_env = dict(env)
            if name == "worker" and "REDIS_URL" not in env:
                # in-memory channel layer: the worker's events go through the server
                child_env["STORYREEL_EVENT_RELAY_URL"] = (
                    f"http://127.0.0.1:{ports.server}/api/internal/events"
                )
            processes[name] = subprocess.Popen(command, env=child_env)
        _wait_healthy(f"http://127.0.0.1:{ports.node}/health", list(processes.values()))
        _wait_healthy(f"http://127.0.0.1:{ports.server}/api/health", list(processes.values()))
        data_dir = env["STORYREEL_DATA_DIR"]
        print(
            f"StoryReel is up: http://127.0.0.1:{ports.server}/api/ "
            f"(node on :{ports.node}, data in {data_dir})\n"
            f"user: {username}\ntoken: {token}\n"
            f'try: curl -H "Authorization: Token {token}" http://127.0.0.1:{ports.server}/api/projects/\n'
            "Ctrl+C stops everything.",
            flush=True,
        )
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    raise StoryReelError(
                        f"the {name} stopped (exit {process.returncode}); stopping"
                    )
            time.sleep(0.5)
        return 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
