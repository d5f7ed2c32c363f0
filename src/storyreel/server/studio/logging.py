"""Structured request logs, each with a request id (X-Request-ID in and out)."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

log = logging.getLogger("storyreel.server.requests")


def loggable_path(path: str) -> str:
    """The path as it may be written to a log: a signed media link is a credential, so only
    its first characters are kept."""
    prefix = "/api/media/"
    if path.startswith(prefix) and len(path) > len(prefix) + 8:
        return f"{path[: len(prefix) + 8]}…"
    return path


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        request.META["STORYREEL_REQUEST_ID"] = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        user = getattr(request, "user", None)
        log.info(
            json.dumps(
                {
                    "request_id": request_id,
                    "method": request.method,
                    "path": loggable_path(request.path),
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                    "user": getattr(user, "id", None),
                }
            )
        )
        return response
