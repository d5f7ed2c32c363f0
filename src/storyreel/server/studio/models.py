"""Project, Shot, ShotVersion and Task: every field of the original draft, plus owner,
narration audio, duration, seed and versions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from storyreel.contract import AspectRatio, Language, ShotSize, TaskStatus, TaskType
from storyreel.server.studio.fields import EnumField


class Project(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(max_length=200)
    style = models.CharField(max_length=300, blank=True)
    story = models.TextField()
    language = EnumField(Language, max_length=2)
    aspect = EnumField(AspectRatio, max_length=5, default=AspectRatio.LANDSCAPE)
    voice = models.CharField(max_length=64, blank=True)
    seed = models.BigIntegerField(default=0)
    video = models.FileField(upload_to="exports/", blank=True)
    subtitles = models.FileField(upload_to="exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]


class LiveShots(models.Manager["Shot"]):
    """Shots that are not deleted: every query and `project.shots` see only these."""

    def get_queryset(self) -> models.QuerySet[Shot]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Shot(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shots")
    order = models.PositiveIntegerField()
    prompt = models.TextField()
    narration = models.TextField()
    shot_size = EnumField(ShotSize, max_length=10, default=ShotSize.MEDIUM)
    seed = models.BigIntegerField(default=0)
    source_start = models.PositiveIntegerField(default=0)
    source_end = models.PositiveIntegerField(default=0)
    image = models.FileField(upload_to="keyframes/", blank=True)
    video = models.FileField(upload_to="motion/", blank=True)
    audio = models.FileField(upload_to="narration/", blank=True)
    duration_s = models.FloatField(null=True, blank=True)  # the narration's length
    # The shot's length in the video as a person trimmed it (None: as long as its narration
    # needs; the compositor never cuts speech, so a shorter length acts as that minimum).
    length_s = models.FloatField(null=True, blank=True)
    # The state of the shot's latest generation task (PENDING until one succeeds).
    status = EnumField(TaskStatus, max_length=8, default=TaskStatus.PENDING)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when deleted: the shot stays (with its files, versions and tasks) so that undo can
    # bring it back; it goes with its project, or when the storyboard is written again.
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = LiveShots()
    everything = models.Manager()  # deleted ones too

    class Meta:
        ordering = ["project_id", "order"]


class EventRecord(models.Model):
    """Every event sent to a project's WebSocket, numbered by its id (the event's `seq`): a
    client that reconnects asks for those after the last one it saw (`?since=`)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]


class ShotVersion(models.Model):
    """What a shot looked like before a regeneration or edit, so a person can go back."""

    shot = models.ForeignKey(Shot, on_delete=models.CASCADE, related_name="versions")
    prompt = models.TextField()
    narration = models.TextField()
    seed = models.BigIntegerField(default=0)
    image = models.CharField(max_length=500, blank=True)
    video = models.CharField(max_length=500, blank=True)
    audio = models.CharField(max_length=500, blank=True)
    duration_s = models.FloatField(null=True, blank=True)
    reason = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Task(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tasks"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    shot = models.ForeignKey(
        Shot, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    type = EnumField(TaskType, max_length=12)
    payload = models.JSONField(default=dict)
    status = EnumField(TaskStatus, max_length=8, default=TaskStatus.PENDING)
    result_data = models.JSONField(default=dict, blank=True)
    err_msg = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # A PENDING or RUNNING task still so at its deadline is failed by the sweep (expired);
    # the node's outcome may still arrive and is kept then (see webhook_task_complete).
    deadline = models.DateTimeField(null=True, blank=True)
    expired = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]
