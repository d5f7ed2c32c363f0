"""An S3-compatible store on loopback for tests: moto's server mode in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from nodekit import free_port

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def boto_credentials() -> dict[str, str]:
    return {
        "aws_access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        "region_name": CREDENTIALS["AWS_DEFAULT_REGION"],
    }


@contextmanager
def moto_server(log_dir: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Start moto's S3 server on `host`; yields its endpoint URL."""
    port = free_port()
    log = log_dir / "moto.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", host, "-p", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=dict(os.environ, **CREDENTIALS),
    )
    endpoint = f"http://{host}:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(endpoint, timeout=1.0)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError(f"moto server did not start: {log.read_text()}") from None
            time.sleep(0.2)
    try:
        yield endpoint
    finally:
        process.terminate()
        process.wait(10)
