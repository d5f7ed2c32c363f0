"""ASGI entry: HTTP through Django, WebSockets through Channels."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")

import gc

from channels.routing import ProtocolTypeRouter, URLRouter
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.urls import get_resolver, path

django_application = get_asgi_application()

from storyreel.server.origins import BrowserOriginValidator  # noqa: E402
from storyreel.server.studio.consumers import ProjectEventsConsumer  # noqa: E402
from storyreel.server.threads import PooledThreads  # noqa: E402

application = ProtocolTypeRouter(
    {
        # requests share a few long-lived threads, which keep their database connections
        "http": PooledThreads(django_application, size=settings.STORYREEL_SERVER_THREADS),
        "websocket": BrowserOriginValidator(  # a page on another site may not listen in
            URLRouter([path("ws/projects/<int:project_id>/", ProjectEventsConsumer.as_asgi())])
        ),
    }
)

# Everything loaded so far lives as long as the process: move it out of the garbage
# collector's reach. A full collection then scans only what requests create; before this it
# scanned ~80,000 start-up objects and paused the server for ~55 ms (bench/server_load.py).
get_resolver().url_patterns  # noqa: B018 - import every view now, not on the first request
gc.freeze()
