from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView


def health(_request: HttpRequest) -> JsonResponse:
    """Each part the server depends on with its state; 503 when a needed one is down."""
    from storyreel.server.studio.services.health import health_report

    serving, report = health_report()
    return JsonResponse(report, status=200 if serving else 503)


def alive(_request: HttpRequest) -> JsonResponse:
    """The process answers (what a client's "is the server there" probe asks: no checks)."""
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("api/health", health),
    path("api/health/live", alive),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/", include("storyreel.server.studio.urls")),
]
