"""The ASGI server's request threads: a few long-lived ones, so connections are kept."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
from asgiref.sync import ThreadSensitiveContext, sync_to_async

from storyreel.server.threads import PooledThreads


async def _thread_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answers with the thread its sync work ran on, entering a context of its own per
    request as Django's ASGI handler does (alone, that means a new thread per request)."""
    async with ThreadSensitiveContext():
        ident = await sync_to_async(threading.get_ident)()
    await asyncio.sleep(0.01)  # hold the thread's slot a little, so requests overlap
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(ident).encode()})


def _threads_used(app: Any) -> set[str]:
    async def run() -> set[str]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            answers = await asyncio.gather(*(client.get("/") for _ in range(30)))
            again = await asyncio.gather(*(client.get("/") for _ in range(30)))
        return {a.text for a in [*answers, *again]}

    return asyncio.run(run())


def test_requests_share_a_few_long_lived_threads() -> None:
    assert len(_threads_used(_thread_app)) >= 20  # Django's way: a thread per request
    assert len(_threads_used(PooledThreads(_thread_app, size=3))) == 3


def test_every_answer_has_server_timing(client: Any) -> None:
    answer = client.get("/api/health/live")
    assert answer.status_code == 200
    assert answer["Server-Timing"].startswith("app;dur=")
