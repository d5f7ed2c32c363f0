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
    story = models.TextField()  # "" while an LLM writes it from the topic
    topic = models.CharField(max_length=300, blank=True)  # what the story was written from
    language = EnumField(Language, max_length=2)
    aspect = EnumField(AspectRatio, max_length=5, default=AspectRatio.LANDSCAPE)
    voice = models.CharField(max_length=64, blank=True)
    seed = models.BigIntegerField(default=0)
    video = models.FileField(upload_to="exports/", blank=True)
    subtitles = models.FileField(upload_to="exports/", blank=True)
    # the story bible: the cast (storyreel.contract.CastMember, as JSON) with fixed looks, the
    # places and key props; read from the story by the storyboard, or set by a person
    cast = models.JSONField(default=list, blank=True)
    cast_fixed = models.BooleanField(default=False)  # a person set it: the storyboard keeps it
    places = models.JSONField(default=list, blank=True)
    props = models.JSONField(default=list, blank=True)
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
    # How the shot comes in after the one before (a contract Transition); "": the export's.
    transition = models.CharField(max_length=10, blank=True, default="")
    # The state of the shot's latest generation task (PENDING until one succeeds).
    status = EnumField(TaskStatus, max_length=8, default=TaskStatus.PENDING)
    updated_at = models.DateTimeField(auto_now=True)
    # Which node made each of the shot's media, by stage ({"keyframe": "gpu-1", ...}).
    made_by = models.JSONField(default=dict, blank=True)
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
    backend = models.CharField(max_length=64, blank=True)  # "": the node's default
    node = models.CharField(max_length=100, blank=True)  # the node that ran it (last try)
    # A PENDING or RUNNING task still so at its deadline is failed by the sweep (expired);
    # the node's outcome may still arrive and is kept then (see webhook_task_complete).
    deadline = models.DateTimeField(null=True, blank=True)
    expired = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # a SUCCESS task's: when it finished
    # when its last try started running (a node took its job, a worker began the export):
    # how long each stage takes here, for estimates
    started_at = models.DateTimeField(null=True, blank=True)
    # what a DOCUMENT task made (a PDF, or a zip of a timeline with its media, or the stems)
    output = models.FileField(upload_to="documents/", blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]


class Node(models.Model):
    """A pull-mode model node: its key (only a hash is kept), what it can run, when it last
    called in, and what it did. `storyreel nodes add NAME` makes one."""

    name = models.CharField(max_length=64, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 of the key, hex
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    capabilities = models.JSONField(default=dict, blank=True)
    routes = models.JSONField(default=list, blank=True)  # ["keyframe.sketch", ...]
    slots = models.PositiveIntegerField(default=1)
    last_seen = models.DateTimeField(null=True, blank=True)
    address = models.CharField(max_length=100, blank=True)
    jobs_done = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]


class JobState(models.TextChoices):
    WAITING = "waiting"
    LEASED = "leased"
    DONE = "done"


class Job(models.Model):
    """Model work for pull nodes: WAITING in its queue (stage and backend), LEASED by a node
    until `lease_until` (a lease not renewed runs out and the job waits again), then DONE."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )  # None: work nobody's task waits on (a voice sample)
    stage = EnumField(TaskType, max_length=12)
    backend = models.CharField(max_length=64, blank=True)  # "": the node's default
    voice = models.CharField(max_length=64, blank=True)  # narration: who must speak
    language = models.CharField(max_length=2, blank=True)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=8, choices=JobState.choices, default=JobState.WAITING)
    node = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    lease_id = models.CharField(max_length=40, blank=True, db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    leased_at = models.DateTimeField(null=True, blank=True)  # when the last lease began
    attempts = models.PositiveIntegerField(default=0)
    outcome = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["state", "created_at"])]
