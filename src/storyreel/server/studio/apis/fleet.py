"""Pull nodes' calls (each with its own node key) and the node list people see.

Thin: authenticate the key, parse the contract's message, call services.fleet, answer. The
lease is a long poll, so it is an async view that holds no request thread while it waits.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from pydantic import BaseModel, ValidationError
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from storyreel.contract.fleet import (
    HeartbeatAnswer,
    LeaseAnswer,
    LeasedJob,
    LeaseOutcome,
    LeaseRequest,
    NodeRegistration,
)
from storyreel.server.studio.apis.outputs import answers
from storyreel.server.studio.errors import ApplicationError, http_status
from storyreel.server.studio.models import Node
from storyreel.server.studio.services import fleet


def _bearer(header: str) -> str:
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise ApplicationError(
            "send the node key as 'Authorization: Bearer <key>'", code="bad_node_key"
        )
    return key.strip()


class NodeKeyAuthentication(BaseAuthentication):
    """`Authorization: Bearer <node key>`: the node, as `request.auth`."""

    def authenticate(self, request: Request) -> tuple[Any, Node]:
        from django.contrib.auth.models import AnonymousUser

        try:
            node = fleet.node_authenticate(_bearer(request.headers.get("Authorization", "")))
        except ApplicationError as error:
            raise AuthenticationFailed(error.message) from error
        return AnonymousUser(), node

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


class IsNode(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, Node)


def _parse(model: type[BaseModel], body: bytes) -> Any:
    try:
        return model.model_validate_json(body or b"{}")
    except ValidationError as error:
        summary = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}"
            for e in error.errors()[:3]
        )
        raise ApplicationError(f"invalid request: {summary}", code="invalid_request") from error


def _address(request: HttpRequest) -> str:
    forwarded = request.headers.get("X-Forwarded-For", "")
    return forwarded.split(",")[0].strip() or str(request.META.get("REMOTE_ADDR", ""))


def _server_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _node(request: Request) -> Node:
    node = request.auth
    assert isinstance(node, Node)  # IsNode let it in
    return node


class NodeApi(APIView):
    """A call only a node makes, with its key; not in the people's API schema."""

    schema = None
    authentication_classes = [NodeKeyAuthentication]
    permission_classes = [IsNode]
    throttle_classes: list[type] = []


class NodeRegisterApi(NodeApi):
    def post(self, request: Request) -> Response:
        registration = _parse(NodeRegistration, request.body)
        node = fleet.node_register(
            node=_node(request), registration=registration, address=_address(request)
        )
        return Response(
            {
                "name": node.name,
                "routes": node.routes,
                "lease_ttl_s": settings.STORYREEL_LEASE_TTL_S,
                # a result for the server's own upload endpoint may come with its outcome
                "result_with_outcome": True,
            }
        )


class LeaseHeartbeatApi(NodeApi):
    def post(self, request: Request, lease_id: str) -> Response:
        until = fleet.lease_heartbeat(node=_node(request), lease_id=lease_id)
        return Response(HeartbeatAnswer(lease_until=until).model_dump(mode="json"))


class LeaseResultApi(NodeApi):
    """The result file of a leased job, as the request body (local storage)."""

    def put(self, request: Request, lease_id: str) -> Response:
        key = fleet.lease_upload(node=_node(request), lease_id=lease_id, stream=request._request)
        return Response({"key": key})


class LeaseCompleteApi(NodeApi):
    """The outcome as JSON; or, with local storage, `multipart/form-data` with the outcome
    (`outcome`) and its result file (`result`): one request instead of an upload and then
    the outcome."""

    def post(self, request: Request, lease_id: str) -> Response:
        result_file = None
        if request.content_type.startswith("multipart/form-data"):
            form, files = request._request.POST, request._request.FILES
            outcome = _parse(LeaseOutcome, form.get("outcome", "").encode()).outcome
            result_file = files.get("result")
            if result_file is None:
                raise ApplicationError(
                    "a multipart outcome carries its result file as 'result'", code="bad_result"
                )
            if result_file.size is not None and result_file.size > fleet.MAX_UPLOAD_BYTES:
                raise ApplicationError(
                    f"the result is over {fleet.MAX_UPLOAD_BYTES} bytes", code="too_large"
                )
        else:
            outcome = _parse(LeaseOutcome, request.body).outcome
        applied = fleet.lease_complete(
            node=_node(request), lease_id=lease_id, outcome=outcome, result_file=result_file
        )
        return Response({"applied": applied})


class LeaseReleaseApi(NodeApi):
    def post(self, request: Request, lease_id: str) -> Response:
        fleet.lease_release(node=_node(request), lease_id=lease_id)
        return Response({"released": True})


def _error(error: ApplicationError) -> JsonResponse:
    response = JsonResponse(
        {"error": error.code, "message": error.message, "fields": []},
        status=http_status(error.code),
    )
    if error.code == "bad_node_key":
        response["WWW-Authenticate"] = "Bearer"
    return response


# Lease polls run on threads of their own, kept (with their database connections) for the
# process's life: a poll is not a request thread's work, and a fresh thread per poll opened a
# database connection each time.
_LEASES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="storyreel-lease")
# A request only for busy slots waits this long while jobs were offered in the last
# _FILLING_S: long enough for a run's jobs to be made, short against a model's time.
_FILLING_S = 1.0
_AHEAD_WAIT_S = 0.5


def _authenticate_here(key: str) -> Node:
    close_old_connections()
    return fleet.node_authenticate(key)


def _lease_here(*, node: Node, slots: int, ahead: int, server_url: str) -> list[LeasedJob]:
    close_old_connections()  # one that broke or aged out is replaced
    return fleet.jobs_lease(node=node, slots=slots, ahead=ahead, server_url=server_url)


@csrf_exempt  # a node's key authenticates it; there is no cookie to forge
async def lease_view(request: HttpRequest) -> HttpResponse:
    """`POST /api/node/lease`: the jobs this node can run, up to its free slots; with none
    waiting, asks again every STORYREEL_LEASE_POLL_S until `wait_s` is over."""
    if request.method != "POST":
        return JsonResponse(
            {"error": "method_not_allowed", "message": "POST only", "fields": []}, status=405
        )
    try:
        key = _bearer(request.headers.get("Authorization", ""))
        node = await sync_to_async(_authenticate_here, thread_sensitive=False, executor=_LEASES)(
            key
        )
        asked: LeaseRequest = _parse(LeaseRequest, request.body)
        server_url = _server_url(request)
        lease = sync_to_async(_lease_here, thread_sensitive=False, executor=_LEASES)
        # jobs only for slots that are not free yet: no reason to wait for them, unless the
        # queue is being filled right now (a run starting: the jobs are still being made);
        # then for a moment, so that the node has its next job when a slot frees
        wait_s = asked.wait_s
        if asked.ahead >= asked.slots:
            filling = fleet.JOBS_OFFERED.rang_within(_FILLING_S)
            wait_s = min(wait_s, _AHEAD_WAIT_S) if filling else 0.0
        ends = time.monotonic() + wait_s
        while True:
            jobs = await lease(
                node=node, slots=asked.slots, ahead=asked.ahead, server_url=server_url
            )
            if jobs or time.monotonic() >= ends:
                break
            # until a job is offered in this process, or the next ask
            await fleet.JOBS_OFFERED.wait(
                min(settings.STORYREEL_LEASE_POLL_S, max(0.0, ends - time.monotonic()))
            )
    except ApplicationError as error:
        return _error(error)
    return HttpResponse(LeaseAnswer(jobs=jobs).model_dump_json(), content_type="application/json")


class NodeListApi(APIView):
    """Every model node the server knows: pull nodes (live, what they run, jobs done and
    failed) and push URLs; and how many jobs wait in each queue."""

    class OutputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "NodeListOutput"

        nodes = serializers.ListField(child=serializers.DictField())
        queues = serializers.DictField(child=serializers.IntegerField())
        mode = serializers.CharField()

    @extend_schema(responses=answers(OutputSerializer, 200))
    def get(self, request: Request) -> Response:
        return Response(
            {
                "nodes": [n.model_dump(mode="json") for n in fleet.nodes_list()],
                "queues": fleet.queue_depths(),
                "mode": "pull" if fleet.pull_mode() else "push",
            }
        )
