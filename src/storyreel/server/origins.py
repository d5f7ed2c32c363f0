"""Which web pages may open the project WebSocket: a browser always says where the page came
from (Origin), and only this server's own hosts (ALLOWED_HOSTS) may; the desktop client and
other programs send no Origin and authenticate with their token alone."""

from __future__ import annotations

from typing import Any

from channels.security.websocket import OriginValidator
from django.conf import settings


class BrowserOriginValidator(OriginValidator):  # type: ignore[misc]
    """Channels' AllowedHostsOriginValidator, except that no Origin (not a browser) passes."""

    def __init__(self, application: Any) -> None:
        allowed = list(settings.ALLOWED_HOSTS)
        if settings.DEBUG and not allowed:
            allowed = ["localhost", "127.0.0.1", "[::1]"]
        super().__init__(application, allowed)

    def valid_origin(self, parsed_origin: Any) -> bool:
        return parsed_origin is None or bool(super().valid_origin(parsed_origin))
