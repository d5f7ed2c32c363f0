"""The Celery app (embedded: a filesystem broker; distributed: Redis or RabbitMQ)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storyreel.server.settings")

app = Celery("storyreel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["storyreel.server.studio"])
