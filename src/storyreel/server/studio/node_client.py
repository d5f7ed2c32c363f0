"""The server's client for the model node: send a job, fetch a result file."""

from __future__ import annotations

import itertools
import threading
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


def node_urls() -> list[str]:
    """STORYREEL_NODE_URL: one node, or several separated by commas (jobs go round-robin to
    the ones that answer)."""
    found = [u.strip().rstrip("/") for u in settings.STORYREEL_NODE_URL.split(",")]
    return [u for u in found if u]


_PROBE_EVERY_S = 5.0
_turn = itertools.count()  # whose turn it is (one counter per process)
_lock = threading.Lock()
_down: dict[str, float] = {}  # a node that failed -> when to ask its /health again


def node_usable(url: str) -> bool:
    """A node is used until it fails; then skipped until its /health answers again (asked
    at most every few seconds)."""
    with _lock:
        retry_at = _down.get(url)
        if retry_at is None:
            return True
        if time.monotonic() < retry_at:
            return False
        _down[url] = time.monotonic() + _PROBE_EVERY_S
    healthy = node_answers(url)
    if healthy:
        with _lock:
            _down.pop(url, None)
    return healthy


def node_answers(url: str) -> bool:
    """Whether a push node's /health answers now."""
    try:
        return httpx.get(f"{url}/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def _mark_down(url: str) -> None:
    with _lock:
        _down[url] = time.monotonic() + _PROBE_EVERY_S


def _in_turn() -> list[str]:
    """The nodes to try, the next in turn first, those known to be down left out (all of
    them when every one is: a node may just have come back)."""
    urls = node_urls()
    if not urls:
        raise NodeUnavailable("no model node is configured; set STORYREEL_NODE_URL")
    usable = [u for u in urls if node_usable(u)] or urls  # the turns go round the live ones
    start = next(_turn) % len(usable)
    return usable[start:] + usable[:start]


def _post(url: str, task_type: TaskType, job: dict[str, Any], **options: Any) -> httpx.Response:
    """POST a job to one node; the node's answer, or NodeUnavailable/NodeBusy/NodeRefused."""
    try:
        response = httpx.post(f"{url}{STAGE_ROUTES[task_type]}", json=job, headers=_headers(),
                              **options)  # fmt: skip
    except httpx.HTTPError as error:
        raise NodeUnavailable(f"the model node at {url} cannot be reached ({error})") from error
    if response.status_code == 503:
        try:
            wait = float(response.headers.get("Retry-After", "2"))
        except ValueError:
            wait = 2.0
        raise NodeBusy(f"the model node at {url} is busy (its queue is full)",
                       min(max(wait, 0.5), 60))  # fmt: skip
    if response.status_code >= 500:
        raise NodeUnavailable(f"the model node at {url} answered HTTP {response.status_code}")
    if response.status_code >= 400:
        try:
            message = response.json().get("message", response.text)
        except ValueError:
            message = response.text
        raise NodeRefused(f"the model node refused the job: {message}")
    return response


def _to_some_node(
    task_type: TaskType, job: dict[str, Any], **options: Any
) -> tuple[str, httpx.Response]:
    """Offer the job to each node in turn: the first that takes it answers. All busy: the
    shortest Retry-After (back-pressure); all down: why, for each."""
    busy: list[NodeBusy] = []
    down: list[str] = []
    for url in _in_turn():
        try:
            return url, _post(url, task_type, job, **options)
        except NodeBusy as full:
            busy.append(full)
        except NodeUnavailable as error:
            _mark_down(url)
            down.append(error.message)
    if busy:
        first = min(busy, key=lambda b: b.retry_after_s)
        message = first.message if len(busy) == 1 else f"all {len(busy)} model nodes are busy"
        raise NodeBusy(message, first.retry_after_s)
    raise NodeUnavailable("; ".join(down))


def node_submit(*, task_type: TaskType, job: dict[str, Any]) -> str:
    """Queue a job on a node (it calls the webhook when done); the node's URL."""
    url, _answer = _to_some_node(task_type, job, timeout=30.0)
    return url


def node_run(*, task_type: TaskType, job: dict[str, Any], timeout_s: float = 60.0) -> Any:
    """Run a short job on a node and wait for its outcome (?wait=true): for what a person
    waits on in the window, like a voice sample. Returns the WebhookPayload."""
    from storyreel.contract import WebhookPayload

    _url, response = _to_some_node(task_type, job, params={"wait": "true"}, timeout=timeout_s)
    return WebhookPayload.model_validate_json(response.content)


_CAPABILITIES_TTL_S = 60.0
_capabilities: tuple[float, Capabilities] | None = None


def node_capabilities() -> Capabilities:
    """What the nodes can run (backends, voices: the first node that answers), asked at most
    once a minute."""
    global _capabilities
    now = time.monotonic()
    if _capabilities is not None and now - _capabilities[0] < _CAPABILITIES_TTL_S:
        return _capabilities[1]
    reasons = []
    for url in _in_turn():
        try:
            response = httpx.get(f"{url}/capabilities", headers=_headers(), timeout=10.0)
            response.raise_for_status()
            found = Capabilities.model_validate_json(response.content)
        except (httpx.HTTPError, ValueError) as error:
            _mark_down(url)
            reasons.append(f"the model node at {url} cannot be asked what it runs ({error})")
            continue
        _capabilities = (now, found)
        return found
    raise NodeUnavailable("; ".join(reasons) + "; check that it is running")


def _result_hosts() -> set[str]:
    hosts = {urlsplit(url).netloc for url in node_urls()}
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
    own = any(url.startswith(f"{node}/") for node in node_urls())
    headers = _headers() if own else {}
    try:
        response = httpx.get(url, headers=headers, timeout=60.0)
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise NodeUnavailable(f"cannot download the result {url}: {error}") from error
    return response.content
