"""Projects: create (with the storyboard task), list, open, delete, generate, export."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponseRedirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from storyreel.contract import (
    AspectRatio,
    Language,
    SubtitlePosition,
    SubtitlePreset,
    SubtitleSize,
    SubtitleStyle,
    Transition,
)
from storyreel.media.documents import FORMATS
from storyreel.media.music import music_names
from storyreel.server.studio import selectors
from storyreel.server.studio.apis.outputs import (
    EmptyOutput,
    ProjectCreateOutput,
    ProjectOutput,
    ShotOutput,
    StoryboardOutput,
    TaskOutput,
    answers,
)
from storyreel.server.studio.apis.shots import GenerateInput
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.media import file_download
from storyreel.server.studio.services import documents, estimate, export, projects
from storyreel.server.studio.services.tasks import DEFAULT_SHORT_SIDE, EXPORT_SIZES


class ProjectCreateApi(APIView):
    serializer_class = ProjectCreateOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ProjectCreateInput"

        title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        story = serializers.CharField(
            max_length=1_000_000, allow_blank=True, trim_whitespace=False, required=False,
            default="",
        )  # fmt: skip
        # no story, a topic: an LLM writes the story first (story_length: short, medium, long)
        topic = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        story_length = serializers.ChoiceField(
            ["short", "medium", "long"], required=False, default="short"
        )
        # a field named style shadows DRF's Field.style (render hints), which is harmless here
        style = serializers.CharField(  # type: ignore[assignment]
            max_length=300, required=False, allow_blank=True, default=""
        )
        language = serializers.ChoiceField(
            [x.value for x in Language], required=False, allow_null=True, default=None
        )
        aspect = serializers.ChoiceField(
            [x.value for x in AspectRatio], required=False, default=AspectRatio.LANDSCAPE.value
        )
        voice = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
        seed = serializers.IntegerField(min_value=0, max_value=2**32 - 1, required=False, default=0)
        # the characters with their looks (storyreel.contract.CastMember); left out: read
        # from the story
        cast = serializers.ListField(
            child=serializers.DictField(), required=False, allow_null=True, default=None
        )

    @extend_schema(request=InputSerializer, responses=answers(ProjectCreateOutput, 201, 400))
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        project, task = projects.project_create(
            owner=request.user,
            title=values["title"],
            story=values["story"],
            style=values["style"],
            language=Language(values["language"]) if values["language"] else None,
            aspect=AspectRatio(values["aspect"]),
            voice=values["voice"],
            seed=values["seed"],
            cast=values["cast"],
            topic=values["topic"],
            story_length=values["story_length"],
        )
        context = {"request": request}
        return Response(
            {
                "project": ProjectOutput(project, context=context).data,
                "task": TaskOutput(task).data,
            },
            status=status.HTTP_201_CREATED,
        )


class EstimateApi(APIView):
    """How long a story will take to become a video here, per stage, from the speeds of
    this server's latest tasks (nothing is made)."""

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "EstimateInput"

        story = serializers.CharField(max_length=1_000_000, trim_whitespace=False)
        language = serializers.ChoiceField(
            [x.value for x in Language], required=False, allow_null=True, default=None
        )
        aspect = serializers.ChoiceField(
            [x.value for x in AspectRatio], required=False, default=AspectRatio.LANDSCAPE.value
        )
        transition = serializers.ChoiceField(
            [t.value for t in Transition], required=False, default=Transition.CROSSFADE.value
        )

    class OutputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "EstimateOutput"

        shots = serializers.IntegerField()
        video_s = serializers.FloatField()
        stages = serializers.DictField(child=serializers.FloatField())
        total_s = serializers.FloatField()
        samples = serializers.DictField(child=serializers.IntegerField())
        note = serializers.CharField()

    serializer_class = OutputSerializer

    @extend_schema(request=InputSerializer, responses=answers(OutputSerializer, 200, 400))
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        made = estimate.story_estimate(
            story=values["story"],
            language=Language(values["language"]) if values["language"] else None,
            aspect=AspectRatio(values["aspect"]),
            transition=Transition(values["transition"]),
        )
        return Response(
            {
                "shots": made.estimate.shots,
                "video_s": round(made.estimate.video_s, 2),
                "stages": {k: round(v, 2) for k, v in made.estimate.stages.items()},
                "total_s": round(made.estimate.total_s, 2),
                "samples": made.samples,
                "note": made.note,
            }
        )


class ProjectListApi(APIView):
    serializer_class = ProjectOutput

    @extend_schema(responses=answers(ProjectOutput(many=True)))
    def get(self, request: Request) -> Response:
        projects = selectors.project_list(
            owner=request.user, search=request.query_params.get("search", "")
        )
        return Response(ProjectOutput(projects, many=True, context={"request": request}).data)


class ProjectDeleteApi(APIView):
    serializer_class = EmptyOutput

    @extend_schema(responses=answers(None, 204, 404))
    def delete(self, request: Request, project_id: int) -> Response:
        projects.project_delete(
            project=selectors.project_get(owner=request.user, project_id=project_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectStoryboardApi(APIView):
    serializer_class = StoryboardOutput

    @extend_schema(responses=answers(StoryboardOutput, 200, 404))
    def get(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        shots = selectors.project_shots(project=project)
        return Response(
            {
                "project": ProjectOutput(project, context={"request": request}).data,
                "shots": ShotOutput(shots, many=True, context={"request": request}).data,
            }
        )


class ProjectCastApi(APIView):
    """`POST /api/projects/{id}/cast`: a person's cast (names and looks); shot prompts that
    describe a member as the storyboard wrote it follow the new look (and name: `was`)."""

    serializer_class = ProjectOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ProjectCastInput"

        cast = serializers.ListField(child=serializers.DictField(), max_length=24)

    @extend_schema(request=InputSerializer, responses=answers(ProjectOutput, 200, 400, 404))
    def post(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        projects.project_cast_update(project=project, cast=data.validated_data["cast"])
        project.refresh_from_db()
        return Response(ProjectOutput(project, context={"request": request}).data)


class ProjectGenerateImagesApi(APIView):
    serializer_class = TaskOutput

    @extend_schema(request=GenerateInput, responses=answers(TaskOutput(many=True), 202, 400, 404))
    def post(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        data = GenerateInput(data=request.data)
        data.is_valid(raise_exception=True)
        tasks = projects.project_generate_images(
            project=project, backend=data.validated_data["backend"]
        )
        return Response([TaskOutput(t).data for t in tasks], status=status.HTTP_202_ACCEPTED)


class SubtitleStyleInput(serializers.Serializer[Any]):
    """The burned subtitles' look (contract.SubtitleStyle)."""

    preset = serializers.ChoiceField([p.value for p in SubtitlePreset], default="outline")
    position = serializers.ChoiceField([p.value for p in SubtitlePosition], default="bottom")
    size = serializers.ChoiceField([s.value for s in SubtitleSize], default="medium")
    # the word being said drawn in `highlight` (#RRGGBB)
    highlight_words = serializers.BooleanField(default=False)
    highlight = serializers.RegexField(r"^#[0-9A-Fa-f]{6}$", default="#FFD23F")


class ProjectExportApi(APIView):
    serializer_class = TaskOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ProjectExportInput"

        short_side = serializers.ChoiceField(
            list(EXPORT_SIZES), required=False, default=DEFAULT_SHORT_SIDE
        )
        # EBU R128 integrated loudness of the sound; null: as the voices made it
        loudness_lufs = serializers.FloatField(
            required=False, allow_null=True, default=-16.0, min_value=-40.0, max_value=-5.0
        )
        # a music bed under the narration, ducked while it speaks ("": none)
        music = serializers.ChoiceField(["", *music_names()], required=False, default="")
        music_volume_db = serializers.FloatField(
            required=False, default=-12.0, min_value=-40.0, max_value=0.0
        )
        duck_db = serializers.FloatField(
            required=False, default=12.0, min_value=0.0, max_value=40.0
        )
        # between shots that name none of their own
        transition = serializers.ChoiceField(
            [t.value for t in Transition], required=False, default=Transition.CROSSFADE.value
        )
        subtitles = SubtitleStyleInput(required=False)

    @extend_schema(request=InputSerializer, responses=answers(TaskOutput, 202, 400, 404))
    def post(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        options = export.ExportOptions(
            short_side=values["short_side"],
            loudness_lufs=values["loudness_lufs"],
            music=values["music"],
            music_volume_db=values["music_volume_db"],
            duck_db=values["duck_db"],
            transition=Transition(values["transition"]),
            subtitles=SubtitleStyle.model_validate(values.get("subtitles", {})),
        )
        task = export.project_export(project=project, options=options)
        return Response(TaskOutput(task).data, status=status.HTTP_202_ACCEPTED)


class ProjectDocumentsApi(APIView):
    """What editors and directors get from the project's last export, one task per kind
    (made on a worker): pdf, otio, fcp7, fcpxml, edl, kdenlive, stems, or all. Each task's
    file downloads from /api/tasks/{id}/download once it succeeded."""

    serializer_class = TaskOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ProjectDocumentsInput"

        formats = serializers.ListField(
            child=serializers.ChoiceField(["all", *FORMATS]), min_length=1, max_length=10
        )
        paper = serializers.ChoiceField(list(documents.PAPERS), required=False, default="A4")
        portrait = serializers.BooleanField(required=False, default=False)
        panels = serializers.ChoiceField(list(documents.PANELS), required=False, default=6)

    @extend_schema(request=InputSerializer, responses=answers(TaskOutput(many=True), 202, 400, 404))
    def post(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        tasks = documents.project_documents(
            project=project,
            formats=list(values["formats"]),
            paper=values["paper"],
            portrait=values["portrait"],
            panels=int(values["panels"]),
        )
        answer = [TaskOutput(task).data for task in tasks]
        return Response(answer, status=status.HTTP_202_ACCEPTED)


class ProjectTimingApi(APIView):
    """How long the server worked on the project, stage by stage (what an estimate
    foretells): each stage from its finished tasks' creation to their end."""

    class OutputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "TimingOutput"

        stages = serializers.DictField(child=serializers.FloatField())
        total_s = serializers.FloatField()

    serializer_class = OutputSerializer

    @extend_schema(responses=answers(OutputSerializer, 200, 404))
    def get(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        stages = estimate.project_timing(project.id)
        return Response({"stages": stages, "total_s": round(sum(stages.values()), 3)})


class ProjectDownloadApi(APIView):
    """The exported MP4, for its owner."""

    serializer_class = EmptyOutput

    @extend_schema(
        responses={
            (200, "video/mp4"): OpenApiTypes.BINARY,
            **{code: out for code, out in answers(None, 200, 404).items() if code != 200},
        }
    )
    def get(self, request: Request, project_id: int) -> FileResponse | HttpResponseRedirect:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        if not project.video:
            raise ApplicationError("no video yet: export the project first", code="no_video")
        return file_download(project.video, export.export_download_name(project))


class ShotsReorderApi(APIView):
    serializer_class = ShotOutput

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "ShotsReorderInput"

        shot_ids = serializers.ListField(child=serializers.IntegerField(), max_length=1000)

    @extend_schema(request=InputSerializer, responses=answers(ShotOutput(many=True), 200, 400, 404))
    def post(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(owner=request.user, project_id=project_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        projects.shots_reorder(project=project, shot_ids=data.validated_data["shot_ids"])
        return Response(
            ShotOutput(
                selectors.project_shots(project=project), many=True, context={"request": request}
            ).data
        )
