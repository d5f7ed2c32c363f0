"""Run each HTTP request's sync work on one of a few long-lived threads.

Django's ASGI handler gives every request a thread of its own (a fresh
`ThreadSensitiveContext`), so per-thread state never survives a request: each request opens
and closes its own database connection. This ASGI wrapper hands every request one of
`size` single-thread executors instead (asgiref's `ThreadSensitiveContext(executor=...)`):
the threads live as long as the process and keep their database connections
(`CONN_MAX_AGE`). More than `size` requests at once wait for a free thread.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext

Scope = dict[str, Any]
LONG_POLLS = frozenset({"/api/node/lease"})  # async views that wait


class PooledThreads:
    def __init__(self, app: Any, size: int = 8) -> None:
        self.app = app
        self.size = size
        self._executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"storyreel-http-{n}")
            for n in range(size)
        ]
        self._free: asyncio.Queue[ThreadPoolExecutor] | None = None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") in LONG_POLLS:
            # a long poll waits without a thread: it must not hold one of the few
            await self.app(scope, receive, send)
            return
        if self._free is None:  # created on the server's event loop
            self._free = asyncio.Queue()
            for executor in self._executors:
                self._free.put_nowait(executor)
        executor = await self._free.get()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.app(scope, receive, send)
        finally:
            self._free.put_nowait(executor)
