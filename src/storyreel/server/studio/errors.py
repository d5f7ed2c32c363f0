"""One JSON error shape for every API error: {"error", "message", "fields"}."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from storyreel.errors import StoryReelError

log = logging.getLogger("storyreel.server.errors")


class ApplicationError(StoryReelError):
    """What a service refuses, with a stable code; only this module turns it into HTTP."""

    def __init__(self, message: str, *, code: str = "bad_request") -> None:
        super().__init__(message)
        self.code = code


# The HTTP status of each code that is not a plain 400 (bad input).
_STATUS = {
    "not_found": status.HTTP_404_NOT_FOUND,
    "no_video": status.HTTP_404_NOT_FOUND,
    "no_file": status.HTTP_404_NOT_FOUND,
    "bad_credentials": status.HTTP_401_UNAUTHORIZED,
    "bad_signature": status.HTTP_401_UNAUTHORIZED,
    "bad_node_key": status.HTTP_401_UNAUTHORIZED,
    "lease_lost": status.HTTP_409_CONFLICT,
    "node_exists": status.HTTP_409_CONFLICT,
    "too_large": status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    "bad_link": status.HTTP_403_FORBIDDEN,
    "username_taken": status.HTTP_409_CONFLICT,
    "not_failed": status.HTTP_409_CONFLICT,
    "node_unavailable": status.HTTP_503_SERVICE_UNAVAILABLE,
    "node_failed": status.HTTP_502_BAD_GATEWAY,
    "login_locked": status.HTTP_429_TOO_MANY_REQUESTS,
}


def http_status(code: str) -> int:
    """The HTTP status an ApplicationError's code answers with."""
    return _STATUS.get(code, status.HTTP_400_BAD_REQUEST)


def _fields(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            out += _fields(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")
        return out
    if isinstance(detail, list):
        return [{"field": prefix or "body", "message": str(item)} for item in detail]
    return [{"field": prefix or "body", "message": str(detail)}]


def exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(error, ApplicationError):
        return Response(
            {"error": error.code, "message": error.message, "fields": []},
            status=http_status(error.code),
        )
    if isinstance(error, StoryReelError):
        return Response(
            {"error": "bad_request", "message": error.message, "fields": []}, status=400
        )
    if isinstance(error, (TooManyFieldsSent, RequestDataTooBig)):
        return Response(
            {"error": "too_large", "message": f"the request is too large: {error}", "fields": []},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(error, IntegrityError):  # e.g. the project was deleted meanwhile
        return Response(
            {
                "error": "conflict",
                "message": "it changed while you asked (deleted by another request?); reload",
                "fields": [],
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(error, SuspiciousOperation):
        return Response(
            {"error": "bad_request", "message": f"bad request: {error}", "fields": []},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(error, context)
    if response is None:  # a bug: log it whole, answer one JSON line with the request id
        request = context.get("request")
        request_id = request.META.get("STORYREEL_REQUEST_ID", "") if request else ""
        log.error("unhandled error (request %s)", request_id, exc_info=error)
        return Response(
            {
                "error": "server_error",
                "message": f"something went wrong on the server; it is logged as request "
                f"{request_id}",
                "fields": [],
            },
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(error, exceptions.ValidationError):
        fields = _fields(error.detail)
        summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:3])
        response.data = {
            "error": "invalid_request",
            "message": f"invalid request: {summary}",
            "fields": fields,
        }
    else:
        code = {
            status.HTTP_401_UNAUTHORIZED: "unauthorized",
            status.HTTP_403_FORBIDDEN: "forbidden",
            status.HTTP_404_NOT_FOUND: "not_found",
            status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
        }.get(response.status_code, "error")
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"error": code, "message": str(detail), "fields": []}
    return response
