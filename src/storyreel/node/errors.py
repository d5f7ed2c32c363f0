"""Node errors a caller can act on, each with its HTTP status and a stable code."""

from __future__ import annotations

from storyreel.errors import StoryReelError


class NodeRequestError(StoryReelError):
    """The request cannot be served as asked (unknown backend, refused callback, ...)."""

    def __init__(self, message: str, *, code: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
