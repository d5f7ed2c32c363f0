"""Serve a node with uvicorn; a stop signal starts the drain at once (no new jobs), before
uvicorn finishes the requests in flight and the service hands back what it still holds."""

from __future__ import annotations

from types import FrameType

import uvicorn

from storyreel.node.app import create_app
from storyreel.node.service import NodeService


class _DrainingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, service: NodeService) -> None:
        super().__init__(config)
        self.service = service

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.service.begin_drain()
        super().handle_exit(sig, frame)


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
