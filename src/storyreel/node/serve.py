"""Serve a node with uvicorn. A stop signal drains the node while it still serves: no new
jobs (503), queued ones handed back, running ones finished and called back, and the server
can still fetch their result files from /files. Only then does uvicorn stop. A second signal
stops at once."""

from __future__ import annotations

import threading
from types import FrameType

import uvicorn

from storyreel.node.app import create_app
from storyreel.node.service import NodeService


class _DrainingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, service: NodeService) -> None:
        super().__init__(config)
        self.service = service
        self._drain: threading.Thread | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self._drain is not None:  # asked again: stop now
            super().handle_exit(sig, frame)
            return
        self.service.begin_drain()

        def drain_then_stop() -> None:
            try:
                self.service.close()
            finally:
                super(_DrainingServer, self).handle_exit(sig, frame)

        self._drain = threading.Thread(target=drain_then_stop, name="node-drain", daemon=True)
        self._drain.start()


def serve(service: NodeService, host: str, port: int, log_level: str) -> None:
    """Run until SIGTERM/SIGINT; then drain (see NodeService.close) and return."""
    config = uvicorn.Config(
        create_app(service),
        host=host,
        port=port,
        log_level=log_level,
        access_log=log_level == "debug",
    )
    _DrainingServer(config, service).run()
