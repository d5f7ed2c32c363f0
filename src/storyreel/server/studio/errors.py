"""One JSON error shape for every API error: {"error", "message", "fields"}."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from storyreel.errors import StoryReelError


class ApiError(StoryReelError):
    """A request the service refuses, with its HTTP status and a stable code."""

    def __init__(self, message: str, *, code: str = "bad_request", status_code: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status_code = status_code


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
    if isinstance(error, ApiError):
        return Response(
            {"error": error.code, "message": error.message, "fields": []}, status=error.status_code
        )
    if isinstance(error, StoryReelError):
        return Response(
            {"error": "bad_request", "message": error.message, "fields": []}, status=400
        )
    response = drf_exception_handler(error, context)
    if response is None:
        return None
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
