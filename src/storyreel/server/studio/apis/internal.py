"""What is not a person's call: the node's signed webhook, events relayed from workers,
signed media links, and what the model node offers."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpResponseRedirect
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from storyreel.contract import WebhookPayload
from storyreel.contract.node import PROBE_BODY
from storyreel.contract.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from storyreel.server.studio.apis.outputs import (
    ErrorOutput,
    VoiceOutput,
    WebhookAnswer,
    answers,
    media_url,
)
from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.events import group_publish
from storyreel.server.studio.media import direct_url, media_name
from storyreel.server.studio.node_client import node_fetch
from storyreel.server.studio.services import fleet, voices
from storyreel.server.studio.services.tasks import webhook_task_complete


def _signed_body(request: Request) -> bytes:
    """The request body, once its HMAC signature and timestamp check out (else 401)."""
    body: bytes = request.body
    if not verify_signature(
        secret=settings.STORYREEL_WEBHOOK_SECRET,
        timestamp=request.headers.get(TIMESTAMP_HEADER),
        signature=request.headers.get(SIGNATURE_HEADER),
        body=body,
    ):
        raise ApplicationError("bad or expired webhook signature", code="bad_signature")
    return body


class WebhookTaskCompleteApi(APIView):
    """The node's signed callback. 401 on any signature problem; unknown or finished tasks
    get 200 and change nothing, so the node stops retrying."""

    serializer_class = WebhookAnswer

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes: list[type] = []

    @extend_schema(
        responses={200: WebhookAnswer, 400: ErrorOutput, 401: ErrorOutput, 413: ErrorOutput}
    )
    def post(self, request: Request) -> Response:
        body = _signed_body(request)
        if body == PROBE_BODY:  # a node checking that it can call back (storyreel doctor)
            return Response({"applied": False})
        try:
            payload = WebhookPayload.model_validate_json(body)
        except ValueError as error:
            raise ApplicationError(
                f"invalid webhook payload: {error}", code="invalid_request"
            ) from error
        applied = webhook_task_complete(payload=payload, fetch=node_fetch)
        return Response({"applied": applied})


class EventRelayApi(APIView):
    """Events from worker processes (embedded mode), signed like the webhook."""

    schema = None  # not part of the public API schema

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes: list[type] = []

    def post(self, request: Request) -> Response:
        relayed = json.loads(_signed_body(request))
        group_publish(int(relayed["project_id"]), dict(relayed["event"]))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VoicesApi(APIView):
    """The narration voices the model node offers (for the client's voice list)."""

    class OutputSerializer(serializers.Serializer[Any]):
        voices = serializers.ListField(child=serializers.CharField())
        details = serializers.ListField(child=VoiceOutput())

    @extend_schema(responses=answers(OutputSerializer, 200, 503))
    def get(self, request: Request) -> Response:
        capabilities = fleet.any_capabilities()
        return Response(
            {
                "voices": capabilities.voices,
                "details": [v.model_dump(mode="json") for v in capabilities.voice_info],
            }
        )


class VoiceSampleApi(APIView):
    """A short sentence spoken in one voice (made once, then kept), as a signed link."""

    class OutputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "VoiceSampleOutput"

        url = serializers.CharField()
        key = serializers.CharField()

    @extend_schema(responses=answers(OutputSerializer, 200, 404, 503))
    def get(self, request: Request, voice: str) -> Response:
        key = voices.voice_sample(voice=voice)
        return Response({"url": media_url(request, key), "key": key})


class MediaApi(APIView):
    """A stored file behind a signed, expiring URL."""

    schema = None  # not part of the public API schema

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    # Signed links are capabilities, and one storyboard shows a hundred images: the anonymous
    # rate (60/minute) cut a 100-shot grid off after 59 (bench/client_bench.py found it).
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "media"

    def get(self, request: Request, token: str) -> FileResponse | HttpResponseRedirect:
        from django.core.files.storage import default_storage

        try:
            name = media_name(token)
        except signing.BadSignature as error:
            raise ApplicationError(
                "this link is invalid or expired; reload the storyboard", code="bad_link"
            ) from error
        if direct := direct_url(name):
            return HttpResponseRedirect(direct)  # presigned: the store serves it
        if not default_storage.exists(name):
            raise ApplicationError("file not found", code="not_found")
        return FileResponse(default_storage.open(name, "rb"))
