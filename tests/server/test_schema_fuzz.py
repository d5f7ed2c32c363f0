"""The whole OpenAPI schema fuzzed by Schemathesis against a real `storyreel up` stack:
no answer is a 5xx, every answer matches the schema and its status is documented."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyreel.client.core.api import ApiClient
from storyreel.devtools.stack import EmbeddedStack, StackPorts, free_port

# no particular database or broker: run once, not again in the PostgreSQL and MariaDB passes
pytestmark = pytest.mark.once


@pytest.fixture(scope="module")
def fuzzed_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    data = tmp_path_factory.mktemp("fuzz")
    keep = {k: v for k, v in os.environ.items() if k.startswith(("STORYREEL_", "DJANGO_"))}
    for name in keep:
        del os.environ[name]
    try:
        stack = EmbeddedStack(
            StackPorts(server=free_port(), node=free_port()),
            extra_env={
                "STORYREEL_DATA_DIR": str(data),
                "STORYREEL_CACHE_DIR": str(data / "cache"),
                "STORYREEL_THROTTLE_ANON": "100000/minute",  # fuzzing is not an attack
                "STORYREEL_THROTTLE_USER": "100000/minute",
                # a project from a topic would have the node's LLM write for a minute on a
                # slow machine, and a voice sample then waits behind it past the server's
                # node timeout (a 503): here topic storyboards fail at once instead
                "STORYREEL_TOPIC_BACKEND": "no-llm-while-fuzzing",
            },
            log_path=data / "stack.log",
        ).start()
    finally:
        os.environ.update(keep)
    try:
        with ApiClient(stack.url) as api:
            token = api.register("fuzzer", "correct horse battery").token
            api.create_project(story="The storm came at dusk. The keeper lit the lamp.")
        yield stack.url, token
    finally:
        stack.stop()


def test_schemathesis_finds_no_5xx_and_no_schema_violation(
    fuzzed_stack: tuple[str, str], tmp_path: Path
) -> None:
    url, token = fuzzed_stack
    command = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert command, "schemathesis is in the dev extra"
    done = subprocess.run(
        [
            command, "run", f"{url}/api/schema/",
            "--header", f"Authorization: Token {token}",
            "--checks", "not_a_server_error",
            "--checks", "response_schema_conformance",
            "--checks", "status_code_conformance",
            "--exclude-path", "/api/auth/logout",  # it would revoke the token mid-run
            "--max-examples", "10",
            "--workers", "1",  # one at a time: a run is the same every time (seeded)
            "--seed", "1",
            # a voice's first sample loads its model on the node (Kokoro: seconds, more on
            # a busy machine): a slow answer is not what this test looks for
            "--request-timeout", "60",
            "--no-color",
        ],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-12000:]
