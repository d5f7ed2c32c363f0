"""The project's WebSocket through QtWebSockets: reconnects with backoff, and while it is
down the tasks still running are polled once a second over REST."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtNetwork import QNetworkRequest
from PySide6.QtWebSockets import QWebSocket

from storyreel.client.core.events import (
    Backoff,
    EventSequence,
    ProjectEvent,
    events_url,
    parse_event,
)


class QtProjectEvents(QObject):
    def __init__(
        self,
        base_url: str,
        token: Callable[[], str],
        on_event: Callable[[ProjectEvent], None],
        poll: Callable[[], None],
        poll_ms: int = 1000,
        on_drop: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.base_url = base_url
        self.token = token
        self.on_event = on_event
        self.poll = poll
        self.on_drop = on_drop  # the socket closed while it was live
        self.project_id: int | None = None
        self.live = False
        self.backoff = Backoff()
        self.sequence = EventSequence()
        self.socket = QWebSocket()
        self.socket.connected.connect(self._connected)
        self.socket.disconnected.connect(self._disconnected)
        self.socket.textMessageReceived.connect(self._message)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.poll)
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self._open)

    def watch(self, project_id: int | None) -> None:
        if project_id == self.project_id:
            return
        self.project_id = project_id
        self.sequence = EventSequence()
        self.backoff.reset()
        self.retry_timer.stop()
        self.live = False
        self.socket.abort()
        if project_id is not None:
            self.poll_timer.start()
            self._open()
        else:
            self.poll_timer.stop()

    def _open(self) -> None:
        if self.project_id is not None:
            url = events_url(self.base_url, self.project_id, self.sequence.last)
            request = QNetworkRequest(QUrl(url))
            request.setRawHeader(b"Authorization", f"Token {self.token()}".encode())
            self.socket.open(request)

    @Slot()
    def _connected(self) -> None:
        self.live = True
        self.backoff.reset()
        self.poll_timer.stop()
        self.poll()  # catch up on what happened while it was down

    @Slot()
    def _disconnected(self) -> None:
        was_live, self.live = self.live, False
        if was_live and self.on_drop is not None:
            self.on_drop()
        if self.project_id is not None:
            if not self.poll_timer.isActive():
                self.poll_timer.start()
            self.retry_timer.start(int(self.backoff.delay() * 1000))

    @Slot(str)
    def _message(self, text: str) -> None:
        event = parse_event(text)
        if event is not None and self.sequence.fresh(event):
            self.on_event(event)
