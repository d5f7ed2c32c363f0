"""`storyreel up`: the whole stack on loopback — ASGI server, Celery worker, model node.

Embedded defaults: SQLite, a filesystem broker, an in-memory channel layer, local media, all
under STORYREEL_DATA_DIR. The first run creates a user and prints its token.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from storyreel.errors import StoryReelError


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class StackPorts:
    server: int = 8000
    node: int = 8100


def data_dir_secret(data_dir: Path) -> str:
    """The data folder's own secret key: made once (random, 0600), then read back."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "secret_key"
    if not path.is_file():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _environment(ports: StackPorts, extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    data_dir = Path(env.get("STORYREEL_DATA_DIR", Path.home() / ".local/share/storyreel"))
    env.setdefault("STORYREEL_DATA_DIR", str(data_dir))
    env.setdefault("STORYREEL_NODE_STORAGE", str(data_dir / "node-results"))
    # signed media links and tokens need a key nobody else has: one per data folder, kept
    env.setdefault("STORYREEL_SECRET_KEY", data_dir_secret(data_dir))
    env.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")
    env.setdefault("STORYREEL_NODE_TOKEN", secrets.token_urlsafe(24))
    env.setdefault("STORYREEL_WEBHOOK_SECRET", secrets.token_urlsafe(24))
    env.setdefault("STORYREEL_NODE_URL", f"http://127.0.0.1:{ports.node}")
    env.setdefault("STORYREEL_NODE_PUBLIC_URL", f"http://127.0.0.1:{ports.node}")
    env.setdefault("STORYREEL_PUBLIC_URL", f"http://127.0.0.1:{ports.server}")
    return env


def _prepare(env: dict[str, str]) -> tuple[str, str]:
    """Migrate, collect static files and make sure a first user exists, in a process of its
    own (the caller may be running Django with other settings); the user's name and token."""
    done = subprocess.run(
        [sys.executable, "-m", "storyreel.devtools.stack"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise StoryReelError(f"could not prepare the database: {last}")
    username, token = done.stdout.split()[-2:]
    return username, token


def _prepare_here() -> None:
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
    print(user.get_username(), token.key)


def _wait_healthy(
    url: str, processes: dict[str, subprocess.Popen[bytes]], timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                raise StoryReelError(
                    f"the {name} exited during start-up (exit {process.returncode})"
                )
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise StoryReelError(f"{url} did not answer within {timeout:.0f} s")


def _signal_group(process: subprocess.Popen[bytes], number: signal.Signals) -> None:
    """Signal a child's whole process group (it leads one: start_new_session)."""
    with contextlib.suppress(ProcessLookupError):  # the group is gone already
        os.killpg(process.pid, number)


class EmbeddedStack:
    """The three processes of `storyreel up`, started together and stopped together.

    `with EmbeddedStack(ports) as stack:` waits until the node and the server answer; then
    `stack.url` and `stack.token` (the first user's) are ready, and `stack.check()` raises when
    a process has died. Leaving the block stops all three.
    """

    def __init__(
        self,
        ports: StackPorts,
        *,
        extra_env: dict[str, str] | None = None,
        log_path: Path | None = None,
        with_node: bool = True,
    ) -> None:
        self.ports = ports
        self.with_node = with_node
        self.env = _environment(ports, extra_env or {})
        if not with_node:  # pull mode: the server calls no node; pull nodes lease the work
            self.env["STORYREEL_NODE_URL"] = ""
        self.url = f"http://127.0.0.1:{ports.server}"
        self.username = ""
        self.token = ""
        self.log_path = log_path  # the children's output; None: this terminal
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def _commands(self) -> dict[str, list[str]]:
        python = sys.executable
        commands = {
            "node": [
                python, "-m", "storyreel.cli", "node",
                "--port", str(self.ports.node), "--log-level", "warning",
            ],
            "worker": [
                python, "-m", "celery", "-A", "storyreel.server", "worker",
                "--pool", "threads", "--concurrency", "4", "--loglevel", "WARNING",
                # beat inside the worker runs the sweep that ends tasks past their deadline
                "--beat", "--schedule", str(Path(self.env["STORYREEL_DATA_DIR"]) / "beat"),
            ],
            "server": [
                python, "-m", "uvicorn", "storyreel.server.asgi:application",
                "--host", "127.0.0.1", "--port", str(self.ports.server),
                "--log-level", "warning", "--no-access-log", "--timeout-keep-alive", "30",
            ],
        }  # fmt: skip
        if not self.with_node:
            del commands["node"]
        return commands

    def _spawn(self, name: str) -> None:
        output = self.log_path.open("ab") if self.log_path else None
        try:
            child_env = dict(self.env)
            if name == "worker" and "REDIS_URL" not in self.env:
                # in-memory channel layer: the worker's events go through the server
                child_env["STORYREEL_EVENT_RELAY_URL"] = f"{self.url}/api/internal/events"
            # a process group of its own: the worker forks its beat, which a kill of the
            # worker alone would leave running (still sweeping) beside the revived one
            self.processes[name] = subprocess.Popen(
                self._commands()[name],
                env=child_env,
                stdout=output,
                stderr=output,
                start_new_session=True,
            )
        finally:
            if output is not None:
                output.close()  # the child holds its own copy

    def kill(self, name: str) -> None:
        """Kill one process and its children outright (SIGKILL), as a crash would (fault
        tests, benches)."""
        process = self.processes[name]
        _signal_group(process, signal.SIGKILL)
        process.wait()

    def revive(self, name: str) -> None:
        """Start a killed process again and wait until it answers."""
        self._spawn(name)
        health = {
            "node": f"http://127.0.0.1:{self.ports.node}/health",
            "server": f"{self.url}/api/health",
        }
        if name in health:
            _wait_healthy(health[name], {name: self.processes[name]})

    def start(self) -> EmbeddedStack:
        self.username, self.token = _prepare(self.env)
        try:
            for name in self._commands():
                self._spawn(name)
            running = dict(self.processes)
            if self.with_node:
                _wait_healthy(f"http://127.0.0.1:{self.ports.node}/health", running)
            _wait_healthy(f"{self.url}/api/health", running)
        except StoryReelError as error:
            self.stop()
            where = f"; see {self.log_path}" if self.log_path else ""
            raise StoryReelError(f"the stack did not start: {error.message}{where}") from error
        except BaseException:
            self.stop()
            raise
        return self

    def check(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                where = f"; see {self.log_path}" if self.log_path else ""
                raise StoryReelError(f"the {name} stopped (exit {process.returncode}){where}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
            _signal_group(process, signal.SIGKILL)  # whatever of its group is left
            process.wait()

    def __enter__(self) -> EmbeddedStack:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def check_ports_free(ports: StackPorts, host: str = "127.0.0.1", with_node: bool = True) -> None:
    """Refuse, with the option to change, a port something else already listens on."""
    wanted = [(ports.server, "--port")] + ([(ports.node, "--node-port")] if with_node else [])
    for port, option in wanted:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError as error:
                raise StoryReelError(
                    f"port {port} is in use ({error.strerror}); try {option} {free_port()}"
                ) from error


def run_stack(ports: StackPorts, with_node: bool = True) -> int:
    """Start everything, print how to reach it, and stop everything on Ctrl+C or a crash.
    The three processes' own output (Celery's banner, access logs) goes to a log file.
    Without the node (`up --no-node`), pull nodes do the model work."""
    check_ports_free(ports, with_node=with_node)
    stopping = False

    def stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    data = Path(_environment(ports, {})["STORYREEL_DATA_DIR"])
    log = data / "stack.log"
    data.mkdir(parents=True, exist_ok=True)
    parts = "server, worker and model node" if with_node else "server and worker (no node)"
    print(f"starting {parts} (log: {log}) ...", flush=True)
    with EmbeddedStack(ports, log_path=log, with_node=with_node) as stack:
        nodes = (
            f"node on :{ports.node}"
            if with_node
            else "no node: add one with `storyreel nodes add NAME`, then run "
            f"`storyreel node --server {stack.url} --node-key KEY`"
        )
        print(
            f"StoryReel is up: {stack.url}/api/ "
            f"({nodes}, data in {stack.env['STORYREEL_DATA_DIR']})\n"
            f"user: {stack.username}\ntoken: {stack.token}\n"
            f'try: curl -H "Authorization: Token {stack.token}" {stack.url}/api/projects/\n'
            f"desktop client, signed in as {stack.username}: "
            f"storyreel client --server {stack.url} --token {stack.token}\n"
            f"(or create your own account in the client's sign-in page)\n"
            f"log: {log}\n"
            "Ctrl+C stops everything.",
            flush=True,
        )
        while not stopping:
            try:
                stack.check()
            except StoryReelError as error:
                raise StoryReelError(f"{error.message}; stopping") from error
            time.sleep(0.5)
    return 0


if __name__ == "__main__":
    _prepare_here()
