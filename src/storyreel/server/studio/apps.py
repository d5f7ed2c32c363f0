from __future__ import annotations

from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "storyreel.server.studio"
    label = "studio"
    default_auto_field = "django.db.models.BigAutoField"
