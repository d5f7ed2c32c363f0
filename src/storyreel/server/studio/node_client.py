"""The server's client for the model node: send a job, fetch a result file."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from storyreel.contract import Capabilities, TaskType
from storyreel.contract.node import STAGE_ROUTES
from storyreel.errors import StoryReelError


class NodeUnavailable(StoryReelError):
    """The node cannot be reached, is busy (503) or failed (5xx): worth retrying."""


class NodeBusy(NodeUnavailable):
    """The node's queue is full (503): back-pressure, not failure; try again after a while."""

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class NodeRefused(StoryReelError):
    """The node refused the job (4xx): retrying the same job will not help."""


def _headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.STORYREEL_NODE_TOKEN}"}


def node_submit(*, task_type: TaskType, job: dict[str, Any]) -> None:
    """Queue a job on the node; it calls the webhook when done."""
    url = settings.STORYREEL_NODE_URL.rstrip("/") + STAGE_ROUTES[task_type]
    try:
        response = httpx.post(url, json=job, headers=_headers(), timeout=30.0)
    except httpx.HTTPError as error:
        raise NodeUnavailable(
            f"the model node at {settings.STORYREEL_NODE_URL} cannot be reached ({error})"
        ) from error
    if response.status_code == 503:
        try:
            wait = float(response.headers.get("Retry-After", "2"))
        except ValueError:
            wait = 2.0
        raise NodeBusy("the model node is busy (its queue is full)", min(max(wait, 0.5), 60))
    if response.status_code >= 500:
        raise NodeUnavailable(f"the model node answered HTTP {response.status_code}")
    if response.status_code >= 400:
        try:
            message = response.json().get("message", response.text)
        except ValueError:
            message = response.text
        raise NodeRefused(f"the model node refused the job: {message}")


def node_run(*, task_type: TaskType, job: dict[str, Any], timeout_s: float = 60.0) -> Any:
    """Run a short job on the node and wait for its outcome (?wait=true): for what a person
    waits on in the window, like a voice sample. Returns the WebhookPayload."""
    from storyreel.contract import WebhookPayload

    url = settings.STORYREEL_NODE_URL.rstrip("/") + STAGE_ROUTES[task_type]
    try:
        response = httpx.post(
            url, params={"wait": "true"}, json=job, headers=_headers(), timeout=timeout_s
        )
    except httpx.HTTPError as error:
        raise NodeUnavailable(
            f"the model node at {settings.STORYREEL_NODE_URL} cannot be reached ({error})"
        ) from error
    if response.status_code == 503:
        raise NodeBusy("the model node is busy (its queue is full); try again", 2.0)
    if response.status_code >= 400:
        raise NodeRefused(f"the model node answered HTTP {response.status_code}")
    return WebhookPayload.model_validate_json(response.content)


_CAPABILITIES_TTL_S = 60.0
_capabilities: tuple[float, Capabilities] | None = None


def node_capabilities() -> Capabilities:
    """What the node can run (backends, voices), asked at most once a minute."""
    global _capabilities
    now = time.monotonic()
    if _capabilities is not None and now - _capabilities[0] < _CAPABILITIES_TTL_S:
        return _capabilities[1]
    url = settings.STORYREEL_NODE_URL.rstrip("/") + "/capabilities"
    try:
        response = httpx.get(url, headers=_headers(), timeout=10.0)
        response.raise_for_status()
        found = Capabilities.model_validate_json(response.content)
    except (httpx.HTTPError, ValueError) as error:
        raise NodeUnavailable(
            f"the model node at {settings.STORYREEL_NODE_URL} cannot be asked what it runs "
            f"({error}); check that it is running"
        ) from error
    _capabilities = (now, found)
    return found


def _result_hosts() -> set[str]:
    hosts = {urlsplit(settings.STORYREEL_NODE_URL).netloc}
    hosts.update(h.strip() for h in settings.STORYREEL_NODE_RESULT_HOSTS.split(",") if h.strip())
    return hosts


def node_fetch(url: str) -> bytes:
    """Download a result the node stored (its /files route needs the node token). Only from
    the node's own hosts (STORYREEL_NODE_URL, STORYREEL_NODE_RESULT_HOSTS): a webhook can
    never make the server fetch an address of someone's choosing."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc not in _result_hosts():
        raise StoryReelError(
            f"the result is on {parts.netloc or url!r}, not a host of the model node; add it "
            "to STORYREEL_NODE_RESULT_HOSTS if the node stores its results there"
        )
    headers = _headers() if url.startswith(settings.STORYREEL_NODE_URL.rstrip("/")) else {}
    try:
        response = httpx.get(url, headers=headers, timeout=60.0)
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise NodeUnavailable(f"cannot download the result {url}: {error}") from error
    return response.content
