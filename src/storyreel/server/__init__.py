"""The StoryReel server: Django + DRF + Celery + Channels (accounts, projects, shots, tasks)."""

from storyreel.server.celery import app as celery_app

__all__ = ["celery_app"]
