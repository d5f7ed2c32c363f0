"""Shots: edit prompt or narration, generate each stage, delete, versions and restore."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from storyreel.contract import MAX_PROMPT_CHARS, TaskType, Transition
from storyreel.server.studio import selectors
from storyreel.server.studio.apis.outputs import (
    EmptyOutput,
    ShotOutput,
    TaskOutput,
    answers,
    media_url,
)
from storyreel.server.studio.models import ShotVersion
from storyreel.server.studio.services import shots


class ShotUpdatePromptApi(APIView):
    serializer_class = ShotOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ShotUpdatePromptInput"

        prompt = serializers.CharField(max_length=MAX_PROMPT_CHARS)

    @extend_schema(request=InputSerializer, responses=answers(ShotOutput, 200, 400, 404))
    def post(self, request: Request, shot_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shot = shots.shot_update_prompt(shot=shot, prompt=data.validated_data["prompt"])
        return Response(ShotOutput(shot, context={"request": request}).data)


class ShotUpdateNarrationApi(APIView):
    serializer_class = ShotOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ShotUpdateNarrationInput"

        narration = serializers.CharField(max_length=5000)

    @extend_schema(request=InputSerializer, responses=answers(ShotOutput, 200, 400, 404))
    def post(self, request: Request, shot_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shot = shots.shot_update_narration(shot=shot, narration=data.validated_data["narration"])
        return Response(ShotOutput(shot, context={"request": request}).data)


class GenerateInput(serializers.Serializer[Any]):
    """Which backend makes it (e.g. `diffusers`); left out: the node's default. Only a node
    that has it takes the job."""

    backend = serializers.RegexField(
        r"^[a-z0-9_.-]{1,64}$", required=False, allow_blank=True, default=""
    )


def _generate(request: Request, shot_id: int, task_type: TaskType) -> Response:
    shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
    data = GenerateInput(data=request.data)
    data.is_valid(raise_exception=True)
    task = shots.shot_generate(
        shot=shot, task_type=task_type, backend=data.validated_data["backend"]
    )
    return Response(TaskOutput(task).data, status=status.HTTP_202_ACCEPTED)


class ShotGenerateImageApi(APIView):
    serializer_class = TaskOutput

    @extend_schema(request=GenerateInput, responses=answers(TaskOutput, 202, 400, 404))
    def post(self, request: Request, shot_id: int) -> Response:
        return _generate(request, shot_id, TaskType.KEYFRAME)


class ShotGenerateVideoApi(APIView):
    serializer_class = TaskOutput

    @extend_schema(request=GenerateInput, responses=answers(TaskOutput, 202, 400, 404))
    def post(self, request: Request, shot_id: int) -> Response:
        return _generate(request, shot_id, TaskType.MOTION)


class ShotGenerateNarrationApi(APIView):
    serializer_class = TaskOutput

    @extend_schema(request=GenerateInput, responses=answers(TaskOutput, 202, 400, 404))
    def post(self, request: Request, shot_id: int) -> Response:
        return _generate(request, shot_id, TaskType.NARRATION)


class ShotUpdateLengthApi(APIView):
    serializer_class = ShotOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ShotUpdateLengthInput"

        length_s = serializers.FloatField(allow_null=True)

    @extend_schema(request=InputSerializer, responses=answers(ShotOutput, 200, 400, 404))
    def post(self, request: Request, shot_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shot = shots.shot_update_length(shot=shot, length_s=data.validated_data["length_s"])
        return Response(ShotOutput(shot, context={"request": request}).data)


class ShotUpdateTransitionApi(APIView):
    serializer_class = ShotOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ShotUpdateTransitionInput"

        # how the shot comes in after the one before; "": the export's transition
        transition = serializers.ChoiceField(["", *(t.value for t in Transition)])

    @extend_schema(request=InputSerializer, responses=answers(ShotOutput, 200, 400, 404))
    def post(self, request: Request, shot_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shot = shots.shot_update_transition(shot=shot, transition=data.validated_data["transition"])
        return Response(ShotOutput(shot, context={"request": request}).data)


class ShotUndeleteApi(APIView):
    serializer_class = ShotOutput

    @extend_schema(request=None, responses=answers(ShotOutput(many=True), 200, 404))
    def post(self, request: Request, shot_id: int) -> Response:
        """Bring a deleted shot back; the answer is the project's shots in their order."""
        shot = shots.shot_undelete(
            shot=selectors.deleted_shot_get(owner=request.user, shot_id=shot_id)
        )
        return Response(
            ShotOutput(
                selectors.project_shots(project=shot.project),
                many=True,
                context={"request": request},
            ).data
        )


class ShotDeleteApi(APIView):
    serializer_class = EmptyOutput

    @extend_schema(responses=answers(None, 204, 404))
    def delete(self, request: Request, shot_id: int) -> Response:
        shots.shot_delete(shot=selectors.shot_get(owner=request.user, shot_id=shot_id))
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

    @extend_schema(responses=answers(OutputSerializer(many=True), 200, 404))
    def get(self, request: Request, shot_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        versions = selectors.shot_versions(shot=shot)
        return Response(
            self.OutputSerializer(versions, many=True, context={"request": request}).data
        )


class ShotRestoreVersionApi(APIView):
    serializer_class = ShotOutput

    @extend_schema(request=None, responses=answers(ShotOutput, 200, 404))
    def post(self, request: Request, shot_id: int, version_id: int) -> Response:
        shot = selectors.shot_get(owner=request.user, shot_id=shot_id)
        version = selectors.shot_version_get(shot=shot, version_id=version_id)
        shot = shots.shot_restore_version(shot=shot, version=version)
        return Response(ShotOutput(shot, context={"request": request}).data)
