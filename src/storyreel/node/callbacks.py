"""Signed callbacks to the server: allowlisted hosts only, retried with exponential backoff."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx

from storyreel.contract import WebhookPayload
from storyreel.contract.node import PROBE_BODY
from storyreel.contract.signing import signed_headers
from storyreel.errors import StoryReelError

log = logging.getLogger(__name__)
_MAX_DELAY_S = 30.0


class CallbackRefused(StoryReelError):
    """The callback URL is malformed or points at a host the node may not call."""


def check_callback_url(url: str, allow: tuple[str, ...]) -> None:
    """Refuse anything but http(s) to an allowlisted host (or host:port)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CallbackRefused(f"callback_url must be an http(s) URL, got {url!r}")
    host = parts.hostname.lower()
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise CallbackRefused(f"callback_url has an invalid port: {url!r}") from error
    candidates = {host, f"{host}:{port}", f"[{host}]:{port}"}
    if not any(entry.lower() in candidates for entry in allow):
        listed = ", ".join(allow) or "nothing"
        raise CallbackRefused(
            f"callback host {host}:{port} is not allowed; this node calls back only to: "
            f"{listed} (set STORYREEL_NODE_CALLBACK_ALLOW)"
        )


class CallbackSender:
    """Posts webhook payloads in the background so retries never hold a model's device."""

    def __init__(
        self,
        secret: str,
        attempts: int,
        backoff_s: float,
    ) -> None:
        self._secret = secret
        self._attempts = max(1, attempts)
        self._backoff_s = backoff_s
        self._closing = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="callback")
        self._client = httpx.Client(timeout=10.0, follow_redirects=False)
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def send(self, url: str, payload: WebhookPayload) -> None:
        """Queue a delivery; it is retried until it succeeds or attempts run out."""
        with self._lock:
            self._pending += 1
        self._pool.submit(self._deliver, url, payload)

    def wait_idle(self, timeout: float) -> bool:
        """Block until every queued delivery finished (for shutdown and tests)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def probe(self, url: str) -> tuple[int | None, str]:
        """POST the signed probe body to the callback URL: (status, detail)."""
        headers = {"Content-Type": "application/json"}
        headers.update(signed_headers(secret=self._secret, body=PROBE_BODY))
        try:
            response = self._client.post(url, content=PROBE_BODY, headers=headers)
        except httpx.HTTPError as error:
            return None, f"{type(error).__name__}: {error}"
        location = response.headers.get("location", "")
        return response.status_code, (
            f"redirect to {location}" if location else response.text[:300]
        )

    def deliver_now(self, url: str, payload: WebhookPayload) -> bool:
        """Deliver synchronously; True when the server acknowledged with 2xx."""
        body = payload.model_dump_json().encode()
        delay = self._backoff_s
        for attempt in range(1, self._attempts + 1):
            # Sign each attempt afresh: the server refuses timestamps older than 5 minutes.
            headers = {"Content-Type": "application/json"}
            headers.update(signed_headers(secret=self._secret, body=body))
            try:
                response = self._client.post(url, content=body, headers=headers)
            except httpx.HTTPError as error:
                outcome = f"{type(error).__name__}: {error}"
            else:
                if response.is_success:
                    return True
                if response.is_redirect:
                    # configuration, not a passing fault: following it would send a signed
                    # result wherever a Location header points
                    log.error(
                        "callback for %s: %s answered HTTP %s, a redirect to %s; the node "
                        "follows no redirects: set the server's STORYREEL_PUBLIC_URL to the "
                        "address the node should call, and let the proxy, not Django, "
                        "redirect HTTP to HTTPS (STORYREEL_SSL_REDIRECT=0)",
                        payload.task_id,
                        url,
                        response.status_code,
                        response.headers.get("location", "?"),
                    )
                    return False
                if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
                    # The server read it and said no (bad signature, unknown task): final.
                    log.warning(
                        "callback for %s refused by %s with %s; not retrying",
                        payload.task_id,
                        url,
                        response.status_code,
                    )
                    return False
                outcome = f"HTTP {response.status_code}"
            if attempt == self._attempts or self._closing.is_set():
                log.error(
                    "callback for %s to %s failed after %d attempts (%s)",
                    payload.task_id,
                    url,
                    attempt,
                    outcome,
                )
                return False
            log.info("callback for %s: %s; retry in %.1fs", payload.task_id, outcome, delay)
            if self._closing.wait(delay):
                log.error("node shutting down; callback for %s not delivered", payload.task_id)
                return False
            delay = min(delay * 2, _MAX_DELAY_S)
        return False

    def _deliver(self, url: str, payload: WebhookPayload) -> None:
        try:
            self.deliver_now(url, payload)
        except Exception:
            log.exception("callback for %s crashed", payload.task_id)
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def close(self, timeout: float = 5.0) -> None:
        """Give deliveries in flight a moment, then stop retrying and close."""
        self.wait_idle(timeout)
        self._closing.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._client.close()
