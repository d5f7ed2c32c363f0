"""HTTP transport: one API class per operation, nested input/output serializers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core import signing
from django.http import FileResponse, HttpRequest
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from storyreel.contract import (
    MAX_PROMPT_CHARS,
    AspectRatio,
    Language,
    TaskStatus,
    TaskType,
    WebhookPayload,
)
from storyreel.contract.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from storyreel.server.studio import selectors, services
from storyreel.server.studio.errors import ApiError
from storyreel.server.studio.events import group_publish
from storyreel.server.studio.models import Project, Shot, ShotVersion, Task
from storyreel.server.studio.node_client import NodeUnavailable, node_capabilities, node_fetch

MEDIA_URL_LIFETIME_S = 3600


def media_url(request: Request | HttpRequest, name: str) -> str:
    """A signed, expiring URL for a stored file (or "" when there is none)."""
    if not name:
        return ""
    token = signing.dumps(name, salt="media", compress=True)  # URL-safe, no slashes
    return request.build_absolute_uri(f"/api/media/{token}")


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
            "status",
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


# --- accounts -----------------------------------------------------------------------------


class RegisterApi(APIView):
    serializer_class = TokenOutput
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []  # a stale token in the header must not block a new one

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "RegisterInput"

        username = serializers.CharField(max_length=150)
        password = serializers.CharField(min_length=8, max_length=128)

    @extend_schema(request=InputSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        users = get_user_model()
        if users.objects.filter(username=data.validated_data["username"]).exists():
            raise ApiError("that username is taken", code="username_taken", status_code=409)
        user = users.objects.create_user(**data.validated_data)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"user_id": user.pk, "token": token.key}, status=status.HTTP_201_CREATED)


class LoginApi(APIView):
    serializer_class = TokenOutput
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []  # a stale token in the header must not block a new one

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "LoginInput"

        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128)

    @extend_schema(request=InputSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request._request, **data.validated_data)
        if user is None:
            raise ApiError("wrong username or password", code="bad_credentials", status_code=401)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"user_id": user.pk, "token": token.key})


# --- projects -----------------------------------------------------------------------------


class ProjectCreateApi(APIView):
    serializer_class = ProjectCreateOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ProjectCreateInput"

        title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        story = serializers.CharField(max_length=1_000_000, allow_blank=True, trim_whitespace=False)
        style = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        language = serializers.ChoiceField(
            [x.value for x in Language], required=False, allow_null=True, default=None
        )
        aspect = serializers.ChoiceField(
            [x.value for x in AspectRatio], required=False, default=AspectRatio.LANDSCAPE.value
        )
        voice = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
        seed = serializers.IntegerField(min_value=0, max_value=2**32 - 1, required=False, default=0)

    @extend_schema(request=InputSerializer)
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        project, task = services.project_create(
            owner=request.user,
            title=values["title"],
            story=values["story"],
            style=values["style"],
            language=Language(values["language"]) if values["language"] else None,
            aspect=AspectRatio(values["aspect"]),
            voice=values["voice"],
            seed=values["seed"],
        )
        context = {"request": request}
        return Response(
            {
                "project": ProjectOutput(project, context=context).data,
                "task": TaskOutput(task).data,
            },
            status=status.HTTP_201_CREATED,
        )


class ProjectListApi(APIView):
    serializer_class = ProjectOutput

    def get(self, request: Request) -> Response:
        projects = selectors.project_list(
            owner=request.user, search=request.query_params.get("search", "")
        )
        return Response(ProjectOutput(projects, many=True, context={"request": request}).data)


class ProjectDeleteApi(APIView):
    serializer_class = EmptyOutput

    def delete(self, request: Request, project_id: int) -> Response:
        services.project_delete(
            project=selectors.project_get(owner=request.user, project_id=project_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectStoryboardApi(APIView):
    serializer_class = StoryboardOutput

    def get(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        shots = selectors.project_shots(project=project)
        return Response(
            {
                "project": ProjectOutput(project, context={"request": request}).data,
                "shots": ShotOutput(shots, many=True, context={"request": request}).data,
            }
        )


class ProjectGenerateImagesApi(APIView):
    serializer_class = TaskOutput

    def post(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        tasks = services.project_generate_images(project=project)
        return Response(TaskOutput(tasks, many=True).data, status=status.HTTP_202_ACCEPTED)


class ProjectExportApi(APIView):
    serializer_class = TaskOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ProjectExportInput"

        short_side = serializers.ChoiceField(
            list(services.EXPORT_SIZES), required=False, default=services.DEFAULT_SHORT_SIDE
        )

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.project_export(
            project=project, short_side=data.validated_data["short_side"]
        )
        return Response(TaskOutput(task).data, status=status.HTTP_202_ACCEPTED)


class ProjectDownloadApi(APIView):
    """The exported MP4, for its owner."""

    serializer_class = EmptyOutput

    def get(self, request: Request, project_id: int) -> FileResponse:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        if not project.video:
            raise ApiError(
                "no video yet: export the project first", code="no_video", status_code=404
            )
        return FileResponse(
            project.video.open("rb"),
            as_attachment=True,
            filename=f"{project.title or 'storyreel'}.mp4",
        )


class ShotsReorderApi(APIView):
    serializer_class = ShotOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ShotsReorderInput"

        shot_ids = serializers.ListField(child=serializers.IntegerField(), max_length=1000)

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.shots_reorder(project=project, shot_ids=data.validated_data["shot_ids"])
        return Response(
            ShotOutput(
                selectors.project_shots(project=project), many=True, context={"request": request}
            ).data
        )


# --- shots --------------------------------------------------------------------------------


class ShotUpdatePromptApi(APIView):
    serializer_class = ShotOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ShotUpdatePromptInput"

        prompt = serializers.CharField(max_length=MAX_PROMPT_CHARS)

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, shot_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shot = services.shot_update_prompt(shot=shot, prompt=data.validated_data["prompt"])
        return Response(ShotOutput(shot, context={"request": request}).data)


class ShotUpdateNarrationApi(APIView):
    serializer_class = ShotOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ShotUpdateNarrationInput"

        narration = serializers.CharField(max_length=5000)

    @extend_schema(request=InputSerializer)
    def post(self, request: Request, shot_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shot = services.shot_update_narration(shot=shot, narration=data.validated_data["narration"])
        return Response(ShotOutput(shot, context={"request": request}).data)


def _generate(request: Request, shot_id: int, task_type: TaskType) -> Response:
    shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
    task = services.shot_generate(shot=shot, task_type=task_type)
    return Response(TaskOutput(task).data, status=status.HTTP_202_ACCEPTED)


class ShotGenerateImageApi(APIView):
    serializer_class = TaskOutput

    def post(self, request: Request, shot_id: int) -> Response:
        return _generate(request, shot_id, TaskType.KEYFRAME)


class ShotGenerateVideoApi(APIView):
    serializer_class = TaskOutput

    def post(self, request: Request, shot_id: int) -> Response:
        return _generate(request, shot_id, TaskType.MOTION)


class ShotGenerateNarrationApi(APIView):
    serializer_class = TaskOutput

    def post(self, request: Request, shot_id: int) -> Response:
        return _generate(request, shot_id, TaskType.NARRATION)


class ShotDeleteApi(APIView):
    serializer_class = EmptyOutput

    def delete(self, request: Request, shot_id: int) -> Response:
        services.shot_delete(shot=selectors.shot_get(owner=request.user, shot_id=shot_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShotVersionsApi(APIView):
    class OutputSerializer(serializers.ModelSerializer[ShotVersion]):
        image_url = serializers.SerializerMethodField()
        audio_url = serializers.SerializerMethodField()
        image_key = serializers.CharField(source="image")
        audio_key = serializers.CharField(source="audio")

        class Meta:
            model = ShotVersion
            fields = [
                "id",
                "prompt",
                "narration",
                "seed",
                "image_url",
                "audio_url",
                "image_key",
                "audio_key",
                "duration_s",
                "reason",
                "created_at",
            ]
            ref_name = "ShotVersion"

        def get_image_url(self, version: ShotVersion) -> str:
            return media_url(self.context["request"], version.image)

        def get_audio_url(self, version: ShotVersion) -> str:
            return media_url(self.context["request"], version.audio)

    serializer_class = OutputSerializer

    def get(self, request: Request, shot_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        versions = selectors.shot_versions(shot=shot)
        return Response(
            self.OutputSerializer(versions, many=True, context={"request": request}).data
        )


class ShotRestoreVersionApi(APIView):
    serializer_class = ShotOutput

    def post(self, request: Request, shot_id: int, version_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        version = selectors.shot_versions(shot=shot).filter(id=version_id).first()
        if version is None:
            raise ApiError("version not found", code="not_found", status_code=404)
        shot = services.shot_restore_version(shot=shot, version=version)
        return Response(ShotOutput(shot, context={"request": request}).data)


# --- tasks, webhook, media ----------------------------------------------------------------


class TaskStatusApi(APIView):
    serializer_class = TaskOutput

    def get(self, request: Request, task_id: str) -> Response:
        return Response(TaskOutput(selectors.task_get(owner=request.user, task_id=task_id)).data)


class TaskRetryApi(APIView):
    serializer_class = TaskOutput

    def post(self, request: Request, task_id: str) -> Response:
        task = services.task_retry(task=selectors.task_get(owner=request.user, task_id=task_id))
        return Response(TaskOutput(task).data, status=status.HTTP_202_ACCEPTED)


def _signed_body(request: Request) -> bytes:
    """The request body, once its HMAC signature and timestamp check out (else 401)."""
    body: bytes = request.body
    if not verify_signature(
        secret=settings.STORYREEL_WEBHOOK_SECRET,
        timestamp=request.headers.get(TIMESTAMP_HEADER),
        signature=request.headers.get(SIGNATURE_HEADER),
        body=body,
    ):
        raise ApiError("bad or expired webhook signature", code="bad_signature", status_code=401)
    return body


class WebhookTaskCompleteApi(APIView):
    """The node's signed callback. 401 on any signature problem; unknown or finished tasks
    get 200 and change nothing, so the node stops retrying."""

    serializer_class = WebhookAnswer

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes: list[type] = []

    def post(self, request: Request) -> Response:
        body = _signed_body(request)
        try:
            payload = WebhookPayload.model_validate_json(body)
        except ValueError as error:
            raise ApiError(f"invalid webhook payload: {error}", code="invalid_request") from error
        applied = services.webhook_task_complete(payload=payload, fetch=node_fetch)
        return Response({"applied": applied})


class EventRelayApi(APIView):
    """Events from worker processes (embedded mode), signed like the webhook."""

    schema = None  # not part of the public API schema

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes: list[type] = []

    def post(self, request: Request) -> Response:
        _signed_body(request)
        group_publish(int(request.data["project_id"]), dict(request.data["event"]))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VoicesApi(APIView):
    """The narration voices the model node offers (for the client's voice list)."""

    class OutputSerializer(serializers.Serializer[Any]):
        voices = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        try:
            voices = node_capabilities().voices
        except NodeUnavailable as error:
            raise ApiError(error.message, code="node_unavailable", status_code=503) from error
        return Response({"voices": voices})


class MediaApi(APIView):
    """A stored file behind a signed, expiring URL."""

    schema = None  # not part of the public API schema

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    # Signed links are capabilities, and one storyboard shows a hundred images: the anonymous
    # rate (60/minute) cut a 100-shot grid off after 59 (bench/client_bench.py found it).
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "media"

    def get(self, request: Request, token: str) -> FileResponse:
        from django.core.files.storage import default_storage

        try:
            name = signing.loads(token, salt="media", max_age=MEDIA_URL_LIFETIME_S)
        except signing.BadSignature as error:
            raise ApiError(
                "this link is invalid or expired; reload the storyboard",
                code="bad_link",
                status_code=403,
            ) from error
        if not default_storage.exists(name):
            raise ApiError("file not found", code="not_found", status_code=404)
        return FileResponse(default_storage.open(name, "rb"))
