"""The deployment of deploy/, run for real on this machine without Docker: a self-made CA and
certificate, Nginx (Debian's nginx-light) with deploy/nginx.conf, gunicorn with
deploy/gunicorn.conf.py (2 uvicorn workers), a Celery worker, Celery beat and a model node,
on PostgreSQL (or MariaDB) with Redis or RabbitMQ, as the systemd units start them."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from nodekit import free_port
from system_packages import missing_system_package

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
SECRET = "a-long-random-secret-key-for-the-deployment-test-0123456789-abcdef"


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed: {done.stderr}")


def make_certificates(folder: Path, also_ip: str = "") -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) for localhost and 127.0.0.1 (and
    `also_ip`)."""
    if shutil.which("openssl") is None:
        missing_system_package("the deployment tests need openssl: apt-get install openssl")
    folder.mkdir(parents=True, exist_ok=True)
    _run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
         "-out", "ca.pem", "-days", "2", "-subj", "/CN=StoryReel test CA"],
        folder,
    )  # fmt: skip
    _run(
        ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
         "-out", "server.csr", "-subj", "/CN=localhost"],
        folder,
    )  # fmt: skip
    extra = f",IP:{also_ip}" if also_ip else ""
    (folder / "san.ext").write_text(f"subjectAltName=DNS:localhost,IP:127.0.0.1{extra}\n")
    _run(
        ["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext"],
        folder,
    )  # fmt: skip
    return folder / "ca.pem", folder / "server.pem", folder / "server.key"


def render_nginx(
    folder: Path,
    *,
    upstream: int,
    http: int,
    https: int,
    cert: Path,
    key: Path,
    static: Path,
    also_listen: str = "",
) -> Path:
    """deploy/nginx.conf with the lines it marks CHANGE filled in (and unprivileged ports),
    inside a main configuration of its own."""
    site = (DEPLOY / "nginx.conf").read_text()
    for old, new in [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};"),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        (
            "listen [::]:443 ssl http2;",
            f"listen {also_listen}:{https} ssl http2;" if also_listen else "",
        ),
        ("server_name storyreel.example.com;", "server_name localhost;"),
        ("/etc/letsencrypt/live/storyreel.example.com/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/storyreel.example.com/privkey.pem", str(key)),
        ("/var/log/nginx/storyreel.access.log", str(folder / "access.log")),
        ("/var/lib/storyreel/static/", f"{static}/"),
    ]:
        assert old in site, f"deploy/nginx.conf no longer has {old!r}"
        site = site.replace(old, new)
    (folder / "storyreel.conf").write_text(site)
    main = folder / "nginx-main.conf"
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    main.write_text(
        f"""
daemon off;
user root;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/storyreel.conf;
}}
"""
    )
    return main


@dataclass
class Deployment:
    """The processes of a deployment; `url` is Nginx's https address."""

    folder: Path
    env: dict[str, str]
    node_env: dict[str, str]
    ports: dict[str, int]
    ca: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def tls(self) -> ssl.SSLContext:
        """What trusts the deployment's certificate."""
        return ssl.create_default_context(cafile=str(self.ca))

    @property
    def url(self) -> str:
        return f"https://localhost:{self.ports['https']}"

    @property
    def internal_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['web']}"

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> None:
        log = (self.folder / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            args, env=env, stdout=log, stderr=log, cwd=REPO, start_new_session=True
        )
        log.close()

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def _wait(self, url: str, name: str, verify: bool | ssl.SSLContext = True) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                raise AssertionError(f"{name} exited: {self.log(name)}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=2.0, verify=verify).status_code < 500:
                    return
            time.sleep(0.3)
        raise AssertionError(f"{name} did not answer at {url}: {self.log(name)}")

    def start(self, *, node: bool = True) -> Deployment:
        """Everything, as the systemd units start it (`node=False`: the node runs elsewhere)."""
        python = sys.executable
        manage = [python, "-m", "storyreel.server.manage"]
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            done = subprocess.run(
                [*manage, *command], env=self.env, capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, done.stderr  # what ExecStartPre runs
        bin_dir = Path(python).parent
        if node:
            self._spawn_node()
        self._spawn(
            "web", [str(bin_dir / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py")], self.env
        )
        self._spawn(
            "worker",
            [python, "-m", "celery", "-A", "storyreel.server", "worker", "--pool", "threads",
             "--concurrency", "4", "--loglevel", "WARNING", "--hostname", "worker1@%h"],
            self.env,
        )  # fmt: skip
        self._spawn(
            "beat",
            [python, "-m", "celery", "-A", "storyreel.server", "beat", "--loglevel", "WARNING",
             "--schedule", str(self.folder / "beat-schedule")],
            self.env,
        )  # fmt: skip
        self._spawn(
            "nginx", ["nginx", "-c", str(self.folder / "nginx-main.conf")], dict(os.environ)
        )
        if node:
            self._wait(f"http://127.0.0.1:{self.ports['node']}/health", "node")
        self._wait(f"{self.internal_url}/api/health/live", "web")
        self._wait(f"{self.url}/api/health/live", "nginx", verify=self.tls())
        return self

    def _spawn_node(self) -> None:
        args = ["node", "--host", "127.0.0.1", "--port", str(self.ports["node"])]
        self._spawn("node", [sys.executable, "-m", "storyreel.cli", *args], self.node_env)

    def restart_node(self, **changes: str) -> None:
        """The node stopped and started again with settings changed (kept for later)."""
        process = self.processes["node"]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        self.node_env.update(changes)
        self._spawn_node()
        self._wait(f"http://127.0.0.1:{self.ports['node']}/health", "node")

    def write_env_files(self, **server_changes: str) -> tuple[Path, Path]:
        """The server's and the node's settings as env files (what systemd reads)."""
        keys = ("STORYREEL_", "DATABASE_URL", "CELERY_", "REDIS_URL")
        files = []
        for name, env in (("server", {**self.env, **server_changes}), ("node", self.node_env)):
            path = self.folder / f"{name}.env"
            lines = [f"{k}={v}" for k, v in sorted(env.items()) if k.startswith(keys)]
            path.write_text("# written by the test\n" + "\n".join(lines) + "\n")
            files.append(path)
        return files[0], files[1]

    def stop(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def deployment(
    folder: Path, *, database_url: str, broker_url: str, redis_url: str, also_listen: str = ""
) -> Deployment:
    """A deployment in `folder` on the given services (not started); Nginx also listens on
    `also_listen` (an address of this host another host reaches)."""
    if shutil.which("nginx") is None:
        missing_system_package("the deployment tests need Nginx: apt-get install nginx-light")
    ports = {name: free_port() for name in ("web", "node", "http", "https")}
    ca, cert, key = make_certificates(folder / "tls", also_ip=also_listen)
    data = folder / "data"
    render_nginx(
        folder,
        upstream=ports["web"],
        http=ports["http"],
        https=ports["https"],
        cert=cert,
        key=key,
        static=data / "static",
        also_listen=also_listen,
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("STORYREEL_", "DJANGO_"))}
    shared = {
        "STORYREEL_ENV": "production",
        "STORYREEL_NODE_TOKEN": "deploy-test-node-token",
        "STORYREEL_WEBHOOK_SECRET": "deploy-test-webhook-secret",
        "STORYREEL_CACHE_DIR": str(folder / "cache"),
    }
    env = {
        **base,
        **shared,
        "STORYREEL_SECRET_KEY": SECRET,
        "STORYREEL_ALLOWED_HOSTS": ",".join(["localhost", "127.0.0.1", also_listen]).strip(","),
        "STORYREEL_DATA_DIR": str(data),
        "STORYREEL_NUM_PROXIES": "1",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "REDIS_URL": redis_url,
        "STORYREEL_NODE_URL": f"http://127.0.0.1:{ports['node']}",
        # the node calls back on the internal address: plain http, never redirected
        "STORYREEL_PUBLIC_URL": f"http://127.0.0.1:{ports['web']}",
        "STORYREEL_BIND": f"127.0.0.1:{ports['web']}",
        "STORYREEL_WEB_WORKERS": "2",
    }
    node_env = {
        **base,
        **shared,
        "STORYREEL_NODE_CALLBACK_ALLOW": "127.0.0.1",
        "STORYREEL_NODE_PUBLIC_URL": f"http://127.0.0.1:{ports['node']}",
    }
    return Deployment(folder=folder, env=env, node_env=node_env, ports=ports, ca=ca)
