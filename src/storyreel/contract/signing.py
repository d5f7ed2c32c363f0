"""Webhook signatures: HMAC-SHA256 over the timestamp and the body, checked in constant time.

The node signs every callback; the server verifies it. Both import these functions, so the
scheme is written once.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-StoryReel-Timestamp"
SIGNATURE_HEADER = "X-StoryReel-Signature"
MAX_AGE_S = 300  # a signature older than five minutes is refused (replay window)
_PREFIX = "sha256="


def sign_body(*, secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value for a body sent at `timestamp` (Unix seconds)."""
    message = timestamp.encode("ascii") + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def signed_headers(*, secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """Timestamp and signature headers for a callback body."""
    timestamp = str(int(time.time() if now is None else now))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign_body(secret=secret, timestamp=timestamp, body=body),
    }


def verify_signature(
    *,
    secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float | None = None,
    max_age_s: int = MAX_AGE_S,
) -> bool:
    """True when the signature matches and the timestamp is recent (and not far in the future)."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > max_age_s:
        return False
    expected = sign_body(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected.encode(), signature.encode())
