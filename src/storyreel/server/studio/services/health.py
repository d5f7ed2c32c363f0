"""What `/api/health` reports: each part the server depends on, with its state.

The database and the broker are needed (without them nothing can be kept or queued): one
of them down answers 503, so a load balancer takes this server out. The channel layer (live
events; clients poll without it) and the model node (tasks wait and retry) are reported but
leave the server up ("degraded").
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from asgiref.sync import async_to_sync
from django.db import connection

NEEDED = ("database", "broker")
TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Check:
    ok: bool
    ms: float
    detail: str = ""


def _timed(probe: Callable[[], str]) -> Check:
    started = time.perf_counter()
    try:
        detail = probe()
    except Exception as error:  # every failure is a state to report, not a 500
        return Check(False, _ms(started), f"{type(error).__name__}: {error}"[:300])
    return Check(True, _ms(started), detail)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _broker() -> str:
    from storyreel.server.celery import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=TIMEOUT_S)
        return str(broker.transport_cls)


def _channel_layer() -> str:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")

    async def round_trip() -> None:
        channel = f"health.{uuid.uuid4().hex}"
        await layer.send(channel, {"type": "health.check"})
        await layer.receive(channel)

    async def bounded() -> None:
        await asyncio.wait_for(round_trip(), TIMEOUT_S)

    async_to_sync(bounded)()
    return type(layer).__name__


def _node() -> str:
    """Every configured node's /health; up when at least one answers."""
    from storyreel.server.studio.node_client import node_urls

    urls = node_urls()
    if not urls:  # pull mode: nodes call in
        from storyreel.server.studio.services.fleet import live_nodes

        live = [node.name for node in live_nodes()]
        if not live:
            raise RuntimeError(
                "no pull node has called in lately; start one with "
                "`storyreel node --server URL --node-key KEY`"
            )
        return f"{len(live)} pull node(s) live: {', '.join(live[:10])}"
    down = []
    for url in urls:
        try:
            httpx.get(f"{url}/health", timeout=TIMEOUT_S).raise_for_status()
        except httpx.HTTPError as error:
            down.append(f"{url} ({type(error).__name__})")
    if len(down) == len(urls):
        raise RuntimeError("no model node answers: " + ", ".join(down))
    answering = f"{len(urls) - len(down)} of {len(urls)} model nodes answer"
    return answering + (f"; down: {', '.join(down)}" if down else "")


def health_report() -> tuple[bool, dict[str, object]]:
    """(serving, report): serving is False when a needed part is down."""
    checks = {
        "database": _timed(_database),
        "broker": _timed(_broker),
        "channel_layer": _timed(_channel_layer),
        "node": _timed(_node),
    }
    serving = all(checks[name].ok for name in NEEDED)
    status = "ok" if all(c.ok for c in checks.values()) else "degraded" if serving else "down"
    return serving, {
        "status": status,
        "checks": {
            name: {"ok": c.ok, "ms": c.ms, "detail": c.detail, "needed": name in NEEDED}
            for name, c in checks.items()
        },
    }
