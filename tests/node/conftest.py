"""Fixtures for the model node: a real `storyreel node` process and a callback receiver."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nodekit import CallbackReceiver, Delivery, RunningNode, free_port, start_node, stop_node


@pytest.fixture(scope="session")
def receiver() -> Iterator[CallbackReceiver]:
    port = free_port()
    state = CallbackReceiver(url=f"http://127.0.0.1:{port}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with state.arrived:
                state.deliveries.append(Delivery(self.path, dict(self.headers.items()), body))
                status = state.answers.pop(0) if state.answers else 200
                state.arrived.notify_all()
            self.send_response(status)
            if 300 <= status < 400:  # a proxy or Django redirecting http to https
                self.send_header("Location", state.url.replace("http://", "https://"))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()


@pytest.fixture(scope="session")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningNode]:
    """One real node process on the offline defaults for the whole session."""
    running = start_node(tmp_path_factory.mktemp("node"))
    yield running
    stop_node(running)
