"""ASGI entry: HTTP through Django, WebSockets through Channels."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")

from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application
from django.urls import path

django_application = get_asgi_application()

from storyreel.server.studio.consumers import ProjectEventsConsumer  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": URLRouter(
            [path("ws/projects/<int:project_id>/", ProjectEventsConsumer.as_asgi())]
        ),
    }
)
