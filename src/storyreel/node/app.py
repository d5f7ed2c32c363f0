"""The node's HTTP transport (FastAPI). Thin: parse, authenticate, call NodeService, answer."""

from __future__ import annotations

import asyncio
import hmac
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyreel.contract import (
    Capabilities,
    ErrorBody,
    FieldError,
    JobAccepted,
    KeyframeJob,
    MotionJob,
    NarrationJob,
    NodeHealth,
    NodeJob,
    StoryboardJob,
    TaskType,
    WebhookPayload,
)
from storyreel.contract.node import (
    ROUTE_ALIASES,
    STAGE_ROUTES,
    CallbackProbe,
    CallbackProbeResult,
)
from storyreel.errors import StoryReelError
from storyreel.node.errors import NodeRequestError
from storyreel.node.runner import NodeStopping, QueueFull
from storyreel.node.service import NodeService

Wait = Annotated[bool, Query(description="run now and return the outcome")]


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body = ErrorBody(error=code, message=message, **extra)
    return JSONResponse(body.model_dump(), status_code=status)


class BodyLimit:
    """Refuse bodies over the limit (413), as plain ASGI for speed: at once when
    Content-Length says so; a body sent without one (chunked) is read here first, up to the
    limit, and handed on only when it fits."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = _error(413, "too_large", f"request body is over {self.max_bytes} bytes")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if int(length or b"0") > self.max_bytes:
                await too_large(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def create_app(service: NodeService) -> FastAPI:
    """The node's FastAPI application around a service."""
    app = FastAPI(
        title="StoryReel model node",
        version=service.capabilities().version,
        on_startup=[service.start],
        on_shutdown=[service.close],
    )
    app.add_middleware(BodyLimit, max_bytes=service.settings.max_body_bytes)
    expected = f"Bearer {service.settings.token}".encode()

    async def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        # async: a cheap check, so no trip through the thread pool
        given = (authorization or "").encode()
        if not hmac.compare_digest(given, expected):
            raise NodeRequestError(
                "missing or wrong node token: send 'Authorization: Bearer <token>'",
                code="unauthorized",
                status=401,
            )

    authed = [Depends(require_token)]

    @app.exception_handler(NodeRequestError)
    async def _request_error(_request: Request, error: NodeRequestError) -> JSONResponse:
        response = _error(error.status, error.code, error.message)
        if error.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(NodeStopping)
    async def _stopping(_request: Request, error: NodeStopping) -> JSONResponse:
        response = _error(503, "node_stopping", error.message)
        response.headers["Retry-After"] = str(error.retry_after_s)
        return response

    @app.exception_handler(QueueFull)
    async def _queue_full(_request: Request, error: QueueFull) -> JSONResponse:
        response = _error(503, "queue_full", error.message)
        response.headers["Retry-After"] = str(error.retry_after_s)
        return response

    @app.exception_handler(StoryReelError)
    async def _domain_error(_request: Request, error: StoryReelError) -> JSONResponse:
        return _error(400, "bad_request", error.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields = [
            FieldError(
                field=".".join(str(part) for part in item["loc"] if part != "body") or "body",
                message=item["msg"],
            )
            for item in error.errors()
        ]
        summary = "; ".join(f"{f.field}: {f.message}" for f in fields[:3])
        return _error(422, "invalid_request", f"invalid request: {summary}", fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return _error(error.status_code, "http_error", str(error.detail))

    async def respond(stage: TaskType, job: NodeJob[Any], wait: bool) -> Response:
        # The model runs on its device's worker thread; this coroutine only queues and
        # awaits it. Serialised once, by pydantic (FastAPI would validate the union again).
        accepted, future = service.submit(stage, job, wait=wait)
        if not wait:
            return Response(
                accepted.model_dump_json(), status_code=202, media_type="application/json"
            )
        outcome = await asyncio.wrap_future(future)
        return Response(
            outcome.model_dump_json(),
            media_type="application/json",
            headers={"Server-Timing": f"model;dur={outcome.model_ms:.3f}"},
        )

    job_responses: dict[int | str, dict[str, Any]] = {
        200: {"model": WebhookPayload, "description": "with ?wait=true: the outcome"},
        202: {"model": JobAccepted, "description": "queued; the outcome goes to callback_url"},
        400: {"model": ErrorBody},
        401: {"model": ErrorBody},
        422: {"model": ErrorBody},
        503: {"model": ErrorBody, "description": "queue full; see Retry-After"},
    }

    @app.post(STAGE_ROUTES[TaskType.STORYBOARD], dependencies=authed, responses=job_responses)
    @app.post(
        ROUTE_ALIASES[TaskType.STORYBOARD],
        dependencies=authed,
        responses=job_responses,
        deprecated=True,
    )
    async def storyboard(job: StoryboardJob, wait: Wait = False) -> Response:
        """Cut a story into shots (planner or an LLM)."""
        return await respond(TaskType.STORYBOARD, job, wait)

    @app.post(STAGE_ROUTES[TaskType.KEYFRAME], dependencies=authed, responses=job_responses)
    @app.post(
        ROUTE_ALIASES[TaskType.KEYFRAME],
        dependencies=authed,
        responses=job_responses,
        deprecated=True,
    )
    async def sd_generate(job: KeyframeJob, wait: Wait = False) -> Response:
        """Render a shot's keyframe (sketch or diffusers)."""
        return await respond(TaskType.KEYFRAME, job, wait)

    @app.post(STAGE_ROUTES[TaskType.MOTION], dependencies=authed, responses=job_responses)
    @app.post(
        ROUTE_ALIASES[TaskType.MOTION],
        dependencies=authed,
        responses=job_responses,
        deprecated=True,
    )
    async def svd_generate(job: MotionJob, wait: Wait = False) -> Response:
        """Animate a keyframe into a clip (Ken Burns or Stable Video Diffusion)."""
        return await respond(TaskType.MOTION, job, wait)

    @app.post(STAGE_ROUTES[TaskType.NARRATION], dependencies=authed, responses=job_responses)
    @app.post(
        ROUTE_ALIASES[TaskType.NARRATION],
        dependencies=authed,
        responses=job_responses,
        deprecated=True,
    )
    async def tts(job: NarrationJob, wait: Wait = False) -> Response:
        """Speak a shot's narration (piper, espeak-ng, Kokoro, CosyVoice)."""
        return await respond(TaskType.NARRATION, job, wait)

    @app.get("/health")
    def health() -> NodeHealth:
        """Liveness and queue depth (no token needed)."""
        return service.health()

    @app.get("/capabilities", dependencies=authed)
    def capabilities() -> Capabilities:
        """Backends loaded, available, and for each unavailable one the reason."""
        return service.capabilities()

    @app.post("/probe", dependencies=authed)
    def probe(request: CallbackProbe) -> CallbackProbeResult:
        """Can this node call `callback_url` back, and does the server there accept its
        signature? Only an allowed host is called (`storyreel doctor` asks)."""
        return service.probe_callback(request.callback_url)

    @app.get("/files/{key:path}", dependencies=authed, response_model=None)
    def files(key: str) -> FileResponse | JSONResponse:
        """A stored result (local storage only)."""
        path = service.storage.local_path(key)
        if path is None:
            return _error(404, "not_found", f"no stored result {key!r}")
        return FileResponse(path)

    return app
