"""A callback answered with a redirect is not followed (a signed result would go wherever a
Location header points) and not retried: the log says what to set."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import pytest

from nodekit import CallbackReceiver
from storyreel.contract import TaskStatus, TaskType, WebhookPayload
from storyreel.node.callbacks import CallbackSender


def test_a_redirect_is_reported_once_and_not_followed(
    receiver: CallbackReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    receiver.reset(answers=[301])
    sender = CallbackSender("secret", attempts=4, backoff_s=0.01)
    payload = WebhookPayload(
        task_id="t-redirect",
        task_type=TaskType.NARRATION,
        status=TaskStatus.FAILED,
        backend="espeak",
        err_msg="x",
        finished_at=datetime.now(timezone.utc),
    )
    with caplog.at_level(logging.ERROR, logger="storyreel.node.callbacks"):
        delivered = sender.deliver_now(f"{receiver.url}/api/webhook/task_complete", payload)
    sender.close()
    assert not delivered
    assert len(receiver.deliveries) == 1  # no retries, no request to the Location
    message = caplog.records[-1].getMessage()
    assert "HTTP 301, a redirect to https://" in message and "STORYREEL_PUBLIC_URL" in message
    receiver.reset()
