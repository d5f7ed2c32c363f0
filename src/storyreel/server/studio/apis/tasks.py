"""Tasks: status (what clients poll) and retry."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from storyreel.server.studio import selectors
from storyreel.server.studio.apis.outputs import TaskOutput, answers
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
