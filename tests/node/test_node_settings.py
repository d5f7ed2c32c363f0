"""Node settings: one place, and production refuses secrets it would have to invent."""

from __future__ import annotations

import subprocess
import sys

import pytest

from storyreel.errors import StoryReelError
from storyreel.node.settings import NodeSettings


def test_development_generates_a_token_and_secret_for_the_run() -> None:
    settings = NodeSettings.from_env({})
    assert len(settings.token) >= 24 and len(settings.webhook_secret) >= 24


def test_production_refuses_to_invent_the_token_or_the_secret() -> None:
    with pytest.raises(StoryReelError, match=r"STORYREEL_NODE_TOKEN and STORYREEL_WEBHOOK_SECRET"):
        NodeSettings.from_env({"STORYREEL_ENV": "production"})
    with pytest.raises(StoryReelError, match=r"^STORYREEL_WEBHOOK_SECRET must be set"):
        NodeSettings.from_env({"STORYREEL_ENV": "production", "STORYREEL_NODE_TOKEN": "t"})
    kept = NodeSettings.from_env(
        {
            "STORYREEL_ENV": "production",
            "STORYREEL_NODE_TOKEN": "t",
            "STORYREEL_WEBHOOK_SECRET": "s",
        }
    )
    assert (kept.token, kept.webhook_secret) == ("t", "s")


def test_storyreel_node_in_production_without_secrets_is_one_line_and_exit_2() -> None:
    env = {"STORYREEL_ENV": "production", "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    done = subprocess.run(
        [sys.executable, "-m", "storyreel.cli", "node", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "storyreel: error: STORYREEL_NODE_TOKEN and STORYREEL_WEBHOOK_SECRET must be set when "
        "STORYREEL_ENV=production (the server holds the same values)"
    ]
