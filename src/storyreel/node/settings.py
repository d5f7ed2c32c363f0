"""Model node settings, read from the environment in one place."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from storyreel.errors import StoryReelError
from storyreel.settings import Settings

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class NodeSettings:
    """Everything a node needs to know; each field has an environment variable."""

    token: str  # STORYREEL_NODE_TOKEN: callers send `Authorization: Bearer <token>`
    webhook_secret: str  # STORYREEL_WEBHOOK_SECRET: signs callbacks (the server holds it too)
    # STORYREEL_NODE_STORAGE: a folder, or s3://bucket/prefix for any S3-compatible store.
    storage: str
    public_url: str = "http://127.0.0.1:8100"  # STORYREEL_NODE_PUBLIC_URL: base of /files URLs
    s3_endpoint_url: str | None = None  # STORYREEL_S3_ENDPOINT_URL (MinIO, moto, R2, ...)
    s3_url_expiry_s: int = 3600  # STORYREEL_S3_URL_EXPIRY_S: life of presigned result URLs
    # STORYREEL_NODE_CALLBACK_ALLOW: hosts (host or host:port) callbacks may go to.
    callback_allow: tuple[str, ...] = _LOOPBACK
    callback_attempts: int = 6  # STORYREEL_NODE_CALLBACK_ATTEMPTS
    callback_backoff_s: float = 0.5  # STORYREEL_NODE_CALLBACK_BACKOFF_S: first retry delay
    queue_limit: int = 32  # STORYREEL_NODE_QUEUE_LIMIT: queued jobs per device before 503
    idle_unload_s: float = 900.0  # STORYREEL_NODE_IDLE_UNLOAD_S: 0 keeps models loaded
    max_body_bytes: int = 1_000_000  # STORYREEL_NODE_MAX_BODY_BYTES
    drain_s: float = 30.0  # STORYREEL_NODE_DRAIN_S: how long a stopping node lets jobs finish
    # STORYREEL_NODE_BACKENDS: offer only these (stage.backend, e.g. keyframe.sketch);
    # empty: every backend that can run here.
    backends: tuple[str, ...] = ()
    hold_s: float = 0.0  # STORYREEL_NODE_HOLD_S: > 0 adds the fleet bench's `hold` backends
    base: Settings = field(default_factory=Settings)  # models: base.models (ModelSettings)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> NodeSettings:
        """Build settings from environment variables. A missing token or secret is generated
        for this run in development; in production (STORYREEL_ENV=production) it is an error."""
        env = dict(os.environ if environ is None else environ)
        base = Settings.from_env(env)
        if base.production:
            missing = [
                name
                for name in ("STORYREEL_NODE_TOKEN", "STORYREEL_WEBHOOK_SECRET")
                if not env.get(name)
            ]
            if missing:
                raise StoryReelError(
                    f"{' and '.join(missing)} must be set when STORYREEL_ENV=production "
                    "(the server holds the same values)"
                )
        defaults = cls(token="", webhook_secret="", storage="")
        return cls(
            token=env.get("STORYREEL_NODE_TOKEN") or secrets.token_urlsafe(24),
            webhook_secret=env.get("STORYREEL_WEBHOOK_SECRET") or secrets.token_urlsafe(24),
            storage=env.get("STORYREEL_NODE_STORAGE") or str(base.cache_dir / "node-results"),
            public_url=env.get("STORYREEL_NODE_PUBLIC_URL", defaults.public_url).rstrip("/"),
            s3_endpoint_url=env.get("STORYREEL_S3_ENDPOINT_URL") or None,
            s3_url_expiry_s=int(env.get("STORYREEL_S3_URL_EXPIRY_S", defaults.s3_url_expiry_s)),
            callback_allow=_split(env["STORYREEL_NODE_CALLBACK_ALLOW"])
            if "STORYREEL_NODE_CALLBACK_ALLOW" in env
            else defaults.callback_allow,
            callback_attempts=int(
                env.get("STORYREEL_NODE_CALLBACK_ATTEMPTS", defaults.callback_attempts)
            ),
            callback_backoff_s=float(
                env.get("STORYREEL_NODE_CALLBACK_BACKOFF_S", defaults.callback_backoff_s)
            ),
            queue_limit=int(env.get("STORYREEL_NODE_QUEUE_LIMIT", defaults.queue_limit)),
            idle_unload_s=float(env.get("STORYREEL_NODE_IDLE_UNLOAD_S", defaults.idle_unload_s)),
            max_body_bytes=int(env.get("STORYREEL_NODE_MAX_BODY_BYTES", defaults.max_body_bytes)),
            drain_s=float(env.get("STORYREEL_NODE_DRAIN_S", defaults.drain_s)),
            backends=_split(env.get("STORYREEL_NODE_BACKENDS", "")),
            hold_s=float(env.get("STORYREEL_NODE_HOLD_S", defaults.hold_s)),
            base=base,
        )
