"""`storyreel doctor`: check a deployment's configuration and say what is wrong, one line
each, with the fix.

The server's settings, the node's and the tunnel between them must agree: which URL the
node calls back, which hosts it may call, the token and the webhook secret both hold, the
hosts Django answers. Read from the environment (or the env files systemd and compose use),
checked on paper first, then live: the database, the broker, the channel layer, the node,
and a signed probe the node sends back to the server's webhook.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

Env = Mapping[str, str]


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str
    detail: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.what}: {self.detail}"


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines (systemd's EnvironmentFile, compose's env_file); # comments."""
    found: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip().replace("_", "").isalnum():
            raise ValueError(f"{path}:{number}: not KEY=VALUE: {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[key.strip()] = value
    return found


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _host_port(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def paper_checks(server: Env, node: Env | None) -> list[Finding]:
    """What the settings say, before anything is asked."""
    found: list[Finding] = []
    production = server.get("STORYREEL_ENV") == "production"
    secret = server.get("STORYREEL_SECRET_KEY", "")
    if production and (len(secret) < 32 or secret.startswith("change-me")):
        found.append(
            Finding(False, "secret key", "STORYREEL_SECRET_KEY is missing, short or the "
                    "example's; set 48 random characters (python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))')")
        )  # fmt: skip
    for name in ("STORYREEL_NODE_TOKEN", "STORYREEL_WEBHOOK_SECRET"):
        value = server.get(name, "")
        if production and (not value or value.startswith("change-me")):
            found.append(Finding(False, name, f"{name} is missing or the example's; set it"))
    public = server.get("STORYREEL_PUBLIC_URL", "http://127.0.0.1:8000")
    allowed = [h.strip().lower() for h in server.get("STORYREEL_ALLOWED_HOSTS", "").split(",")]
    if production and _host(public) not in allowed and "*" not in allowed:
        found.append(
            Finding(False, "allowed hosts", f"the node calls back {public}, but Django answers "
                    f"only {', '.join(a for a in allowed if a) or 'no host'} (400); add "
                    f"{_host(public)} to STORYREEL_ALLOWED_HOSTS")
        )  # fmt: skip
    if server.get("STORYREEL_SSL_REDIRECT") == "1" and public.startswith("http://"):
        found.append(
            Finding(False, "redirect", "STORYREEL_SSL_REDIRECT=1 with an http "
                    "STORYREEL_PUBLIC_URL: let Nginx redirect to HTTPS (STORYREEL_SSL_REDIRECT=0)")
        )  # fmt: skip
    workers = int(server.get("STORYREEL_WEB_WORKERS", "1") or 1)
    if workers > 1 and not server.get("REDIS_URL"):
        found.append(
            Finding(False, "channel layer", f"{workers} web workers without REDIS_URL: a "
                    "WebSocket on one worker never hears events published on another; set "
                    "REDIS_URL")
        )  # fmt: skip
    if node is not None:
        for name in ("STORYREEL_NODE_TOKEN", "STORYREEL_WEBHOOK_SECRET"):
            if server.get(name, "") != node.get(name, ""):
                found.append(
                    Finding(False, name, f"{name} differs between the server and the node; "
                            "set the same value in both")
                )  # fmt: skip
        allow = [
            a.strip().lower() for a in node.get("STORYREEL_NODE_CALLBACK_ALLOW", "").split(",")
        ]
        if _host(public) not in allow and _host_port(public) not in allow:
            found.append(
                Finding(False, "callback host", f"the node may call back only "
                        f"{', '.join(a for a in allow if a) or 'nothing'}, but the server "
                        f"asks for {public}; add {_host(public)} to the node's "
                        "STORYREEL_NODE_CALLBACK_ALLOW")
            )  # fmt: skip
    return found


def _node_checks(server: Env) -> list[Finding]:
    """Each node of STORYREEL_NODE_URL (one, or a comma list), checked on its own."""
    listed = server.get("STORYREEL_NODE_URL", "http://127.0.0.1:8100").split(",")
    return [
        finding
        for url in (u.strip().rstrip("/") for u in listed)
        if url
        for finding in _one_node_checks(server, url)
    ]


def _one_node_checks(server: Env, node_url: str) -> list[Finding]:
    public = server.get("STORYREEL_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    headers = {"Authorization": f"Bearer {server.get('STORYREEL_NODE_TOKEN', '')}"}
    try:
        httpx.get(f"{node_url}/health", timeout=5).raise_for_status()
    except httpx.HTTPError as error:
        return [
            Finding(False, "node", f"{node_url} cannot be reached ({type(error).__name__}); "
                    "start the node, or the tunnel to it, or fix STORYREEL_NODE_URL")
        ]  # fmt: skip
    found = [Finding(True, "node", f"{node_url} answers")]
    capabilities = httpx.get(f"{node_url}/capabilities", headers=headers, timeout=10)
    if capabilities.status_code == 401:
        return [
            *found,
            Finding(False, "node token", "the node refuses the server's STORYREEL_NODE_TOKEN; "
                    "set the same token on both"),
        ]  # fmt: skip
    found.append(Finding(True, "node token", "accepted"))
    callback = f"{public}/api/webhook/task_complete"
    answer = httpx.post(
        f"{node_url}/probe", json={"callback_url": callback}, headers=headers, timeout=20
    )
    if answer.status_code == 404:
        return [*found, Finding(False, "callback", "the node is older than the server; update it")]
    probe = answer.json()
    status, detail = probe.get("status"), probe.get("detail", "")
    if not probe.get("allowed"):
        found.append(Finding(False, "callback host", f"{detail}"))
    elif status is None:
        found.append(
            Finding(False, "public URL", f"the node cannot reach {public} ({detail}); set "
                    "STORYREEL_PUBLIC_URL to an address the node can open (the tunnel's end)")
        )  # fmt: skip
    elif 300 <= status < 400:
        found.append(
            Finding(False, "callback", f"{callback} answers the node with {status}, a "
                    f"{detail}; the node follows no redirects: point STORYREEL_PUBLIC_URL "
                    "there, or let Nginx (not Django) redirect (STORYREEL_SSL_REDIRECT=0)")
        )  # fmt: skip
    elif status == 401:
        found.append(
            Finding(False, "webhook secret", "the server refuses the node's signature: "
                    "STORYREEL_WEBHOOK_SECRET differs between them; set the same on both")
        )  # fmt: skip
    elif status == 400 and "Bad Request" in detail:
        found.append(
            Finding(False, "allowed hosts", f"Django refuses the Host of {public}; add "
                    f"{_host(public)} to STORYREEL_ALLOWED_HOSTS")
        )  # fmt: skip
    elif status != 200:
        found.append(Finding(False, "callback", f"{callback} answers {status}: {detail}"))
    else:
        found.append(Finding(True, "callback", f"the node reaches {callback}, signature accepted"))
    return found


def live_checks(server: Env) -> list[Finding]:
    """Ask each part: the server's database, broker and channel layer, then the node."""
    os.environ.update(server)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")
    import django

    django.setup()
    from storyreel.server.studio.services.health import health_report

    _serving, report = health_report()
    found = []
    checks: dict[str, dict[str, object]] = report["checks"]  # type: ignore[assignment]
    for name in ("database", "broker", "channel_layer"):
        check = checks[name]
        found.append(Finding(bool(check["ok"]), name.replace("_", " "), str(check["detail"])))
    return found + _node_checks(server)


def doctor(
    server: Env, node: Env | None, *, live: bool = True, say: Callable[[str], None] = print
) -> int:
    """Print one line per check; 0 when all pass, 1 otherwise."""
    findings = paper_checks(server, node)
    if live:
        try:
            findings += live_checks(server)
        except Exception as error:  # a setting Django refuses: that is the finding
            findings.append(Finding(False, "settings", f"{type(error).__name__}: {error}"))
    for finding in findings:
        say(finding.line())
    failed = sum(1 for f in findings if not f.ok)
    say(f"{failed} problem(s) found" if failed else "the configuration is consistent")
    return 1 if failed else 0
