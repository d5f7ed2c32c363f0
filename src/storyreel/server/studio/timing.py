"""`Server-Timing: app;dur=<ms>` on every answer: the time spent in the view.

Deliberately sync-only and innermost. Django builds its middleware chain from the inside
out: under ASGI, a chain whose innermost middleware is sync runs entirely in one worker
thread, with one thread hop per request. With only async-capable middleware inside, each
built-in middleware hops twice (process_request and process_response), which cost about
6 ms per request on a 2-core machine (bench/server_load.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ServerTimingMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
