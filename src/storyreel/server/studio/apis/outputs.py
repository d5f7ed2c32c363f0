"""The answers' shapes, shared by the APIs (the contract's `storyreel.contract.api` models
validate them in the tests), and signed media links."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework import serializers
from rest_framework.request import Request

from storyreel.contract import Language, TaskStatus, TaskType
from storyreel.server.studio.media import media_token
from storyreel.server.studio.models import Project, Shot, Task


def media_url(request: Request | HttpRequest, name: str | None) -> str:
    """A signed, expiring URL for a stored file (or "" when there is none)."""
    if not name:
        return ""
    return request.build_absolute_uri(f"/api/media/{media_token(name)}")


class TaskOutput(serializers.Serializer[Task]):
    """A task's state. Declared field by field (not a ModelSerializer): it is the most
    polled answer, and a ModelSerializer rebuilds its fields from the model each time."""

    task_id = serializers.UUIDField(source="id")
    type = serializers.ChoiceField([x.value for x in TaskType])
    status = serializers.ChoiceField([x.value for x in TaskStatus])
    err_msg = serializers.CharField()
    result_data = serializers.JSONField()
    project_id = serializers.IntegerField()
    shot_id = serializers.IntegerField(allow_null=True)
    attempts = serializers.IntegerField()
    backend = serializers.CharField()  # "": the node's default
    node = serializers.CharField()  # the node that ran it (its name, or a push node's URL)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ShotOutput(serializers.ModelSerializer[Shot]):
    image_url = serializers.SerializerMethodField()
    video_url = serializers.SerializerMethodField()
    audio_url = serializers.SerializerMethodField()

    class Meta:
        model = Shot
        fields = [
            "id",
            "project_id",
            "order",
            "prompt",
            "narration",
            "shot_size",
            "seed",
            "source_start",
            "source_end",
            "image_url",
            "video_url",
            "audio_url",
            "image_key",
            "video_key",
            "audio_key",
            "duration_s",
            "length_s",
            "transition",
            "status",
            "made_by",
            "updated_at",
        ]

    image_key = serializers.CharField(source="image.name", default="")
    video_key = serializers.CharField(source="video.name", default="")
    audio_key = serializers.CharField(source="audio.name", default="")

    def get_image_url(self, shot: Shot) -> str:
        return media_url(self.context["request"], shot.image.name)

    def get_video_url(self, shot: Shot) -> str:
        return media_url(self.context["request"], shot.video.name)

    def get_audio_url(self, shot: Shot) -> str:
        return media_url(self.context["request"], shot.audio.name)


class ProjectOutput(serializers.ModelSerializer[Project]):
    """A project; list views annotate `thumbnail` (first shot's image) and `shot_count`."""

    video_url = serializers.SerializerMethodField()
    subtitles_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    shot_count = serializers.SerializerMethodField()
    image_count = serializers.SerializerMethodField()
    narration_count = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "style",
            "language",
            "aspect",
            "voice",
            "seed",
            "topic",
            "cast",
            "cast_fixed",
            "places",
            "props",
            "video_url",
            "subtitles_url",
            "thumbnail_url",
            "thumbnail_key",
            "video_key",
            "shot_count",
            "image_count",
            "narration_count",
            "created_at",
            "updated_at",
        ]

    def get_video_url(self, project: Project) -> str:
        return media_url(self.context["request"], project.video.name)

    def get_subtitles_url(self, project: Project) -> str:
        return media_url(self.context["request"], project.subtitles.name)

    thumbnail_key = serializers.SerializerMethodField()
    video_key = serializers.CharField(source="video.name", default="")

    def get_thumbnail_url(self, project: Project) -> str:
        return media_url(self.context["request"], self.get_thumbnail_key(project))

    def get_thumbnail_key(self, project: Project) -> str:
        name = getattr(project, "thumbnail", None)
        if name is None:
            first = project.shots.exclude(image="").order_by("order").first()
            name = first.image.name if first else ""
        return str(name or "")

    def get_shot_count(self, project: Project) -> int:
        count = getattr(project, "shot_count", None)
        return int(count if count is not None else project.shots.count())

    def get_image_count(self, project: Project) -> int:
        count = getattr(project, "image_count", None)
        return int(count if count is not None else project.shots.exclude(image="").count())

    def get_narration_count(self, project: Project) -> int:
        count = getattr(project, "narration_count", None)
        return int(count if count is not None else project.shots.exclude(audio="").count())


class StoryboardOutput(serializers.Serializer[Any]):
    project = ProjectOutput()
    shots = ShotOutput(many=True)


class ProjectCreateOutput(serializers.Serializer[Any]):
    project = ProjectOutput()
    task = TaskOutput()


class TokenOutput(serializers.Serializer[Any]):
    user_id = serializers.IntegerField()
    token = serializers.CharField()


class WebhookAnswer(serializers.Serializer[Any]):
    applied = serializers.BooleanField()


class EmptyOutput(serializers.Serializer[Any]):
    pass


class ErrorOutput(serializers.Serializer[Any]):
    """The one error shape of every refusal: {"error", "message", "fields"}."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # built here: a field named `fields` cannot be declared (Serializer.fields is taken)
        return {
            "error": serializers.CharField(),
            "message": serializers.CharField(),
            "fields": serializers.ListField(
                child=serializers.DictField(child=serializers.CharField())
            ),
        }


def answers(ok: Any, status_code: int = 200, *refusals: int) -> dict[int, Any]:
    """An operation's documented answers: the success (a serializer, many=True for a list,
    or None for no body) and its refusals, all in the one error shape."""
    return {status_code: ok, **{code: ErrorOutput for code in (401, 409, 413, 429, *refusals)}}


class VoiceOutput(serializers.Serializer[Any]):
    """One narration voice (`contract.VoiceInfo`): name, language, readable label."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # built here: a field named `label` cannot be declared (Field.label is taken)
        return {
            "name": serializers.CharField(),
            "language": serializers.ChoiceField([x.value for x in Language]),
            "label": serializers.CharField(),
        }
