"""Tasks: status (what clients poll), retry, and the file a document task made."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, HttpResponseRedirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from storyreel.server.studio import selectors
from storyreel.server.studio.apis.outputs import EmptyOutput, TaskOutput, answers
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.media import file_download
from storyreel.server.studio.services.tasks import task_retry


class TaskStatusApi(APIView):
    serializer_class = TaskOutput

    @extend_schema(responses=answers(TaskOutput, 200, 404))
    def get(self, request: Request, task_id: str) -> Response:
        return Response(TaskOutput(selectors.task_get(owner=request.user, task_id=task_id)).data)


class TaskRetryApi(APIView):
    serializer_class = TaskOutput

    @extend_schema(request=None, responses=answers(TaskOutput, 202, 404, 409))
    def post(self, request: Request, task_id: str) -> Response:
        task = task_retry(task=selectors.task_get(owner=request.user, task_id=task_id))
        return Response(TaskOutput(task).data, status=status.HTTP_202_ACCEPTED)


class TaskDownloadApi(APIView):
    """The file a document task made (a PDF or a zip), for its owner."""

    serializer_class = EmptyOutput

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            **{code: out for code, out in answers(None, 200, 404).items() if code != 200},
        }
    )
    def get(self, request: Request, task_id: str) -> FileResponse | HttpResponseRedirect:
        task = selectors.task_get(owner=request.user, task_id=task_id)
        if not task.output:
            raise ApplicationError("this task made no file (yet)", code="no_file")
        name = str(task.result_data.get("file") or Path(str(task.output.name)).name)
        return file_download(task.output, name)
