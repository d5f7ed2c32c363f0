"""Webhook signatures: the scheme both node and server use."""

from __future__ import annotations

from storyreel.contract.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signed_headers,
    verify_signature,
)

BODY = b'{"task_id":"t1","status":"SUCCESS"}'


def _check(
    headers: dict[str, str], body: bytes = BODY, secret: str = "s", now: float = 1_000
) -> bool:
    return verify_signature(
        secret=secret,
        timestamp=headers.get(TIMESTAMP_HEADER),
        signature=headers.get(SIGNATURE_HEADER),
        body=body,
        now=now,
    )


def test_a_signed_body_verifies() -> None:
    assert _check(signed_headers(secret="s", body=BODY, now=1_000))


def test_any_change_breaks_the_signature() -> None:
    headers = signed_headers(secret="s", body=BODY, now=1_000)
    assert not _check(headers, body=BODY.replace(b"SUCCESS", b"FAILED"))
    assert not _check(headers, secret="other")
    moved = dict(headers, **{TIMESTAMP_HEADER: "1001"})
    assert not _check(moved, now=1_001)


def test_old_or_future_timestamps_are_refused() -> None:
    headers = signed_headers(secret="s", body=BODY, now=1_000)
    assert _check(headers, now=1_000 + 300)
    assert not _check(headers, now=1_000 + 301)
    assert not _check(headers, now=1_000 - 301)


def test_missing_or_malformed_headers_are_refused() -> None:
    assert not _check({})
    assert not _check({TIMESTAMP_HEADER: "abc", SIGNATURE_HEADER: "sha256=00"})
    headers = signed_headers(secret="s", body=BODY, now=1_000)
    assert not _check({TIMESTAMP_HEADER: headers[TIMESTAMP_HEADER]})
