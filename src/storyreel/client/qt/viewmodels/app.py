"""The window: pages, the session, the connection and the one-line notice."""

from __future__ import annotations

from PySide6.QtCore import Property, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from storyreel.client.core import actions as a
from storyreel.client.core.state import Page
from storyreel.client.qt.viewmodels.base import (  # QmlNamedElement reads the first two
    QML_IMPORT_MAJOR_VERSION,  # noqa: F401
    QML_IMPORT_NAME,  # noqa: F401
    ViewModel,
    instance_for,
)


@QmlNamedElement("App")
@QmlSingleton
class AppViewModel(ViewModel):  # type: ignore[operator]
    """Pages, the session, the connection and the one-line notice."""

    images_loading = 0  # images being decoded in the window (QML's Thumb counts)
    loading_sources: dict[str, int] = {}  # noqa: RUF012 - replaced, never changed in place

    changed = Signal()

    page = Property(str, lambda self: self.state.page.value, notify=changed)
    offline = Property(bool, lambda self: self.state.offline, notify=changed)
    readOnly = Property(bool, lambda self: self.state.read_only, notify=changed)
    signedIn = Property(bool, lambda self: self.state.signed_in, notify=changed)
    username = Property(str, lambda self: self.state.username, notify=changed)
    busy = Property(str, lambda self: self.state.busy, notify=changed)
    notice = Property(
        str, lambda self: self.state.notice.message if self.state.notice else "", notify=changed
    )
    noticeFix = Property(
        str, lambda self: self.state.notice.fix.value if self.state.notice else "", notify=changed
    )
    noticeIsError = Property(
        bool, lambda self: bool(self.state.notice and self.state.notice.error), notify=changed
    )
    pendingEdits = Property(int, lambda self: self.state.pending_edits, notify=changed)
    hasProject = Property(bool, lambda self: self.state.project is not None, notify=changed)
    hasShot = Property(bool, lambda self: self.state.shot is not None, notify=changed)
    server = Property(str, lambda self: self.commands.api.base_url, notify=changed)

    canUndo = Property(
        bool, lambda self: bool(self.state.undo) and not self.state.read_only, notify=changed
    )
    canRedo = Property(
        bool, lambda self: bool(self.state.redo) and not self.state.read_only, notify=changed
    )

    keysHelpChanged = Signal()
    keysHelp = Property(bool, lambda self: self._keys_help, notify=keysHelpChanged)
    _keys_help = False

    @Slot()
    def toggleKeysHelp(self) -> None:
        """Show or hide the list of keys (F1)."""
        self._keys_help = not self._keys_help
        self.keysHelpChanged.emit()

    @Slot()
    def undo(self) -> None:
        """Take back the newest edit of the open project (prompt, narration, order)."""
        if self.state.undo and not self.state.read_only:
            edit = self.state.undo[-1]
            self.dispatcher.dispatch(a.Undone(edit))
            self.dispatcher.run(lambda: self.commands.apply_edit(edit, edit.before))

    @Slot()
    def redo(self) -> None:
        """Make again the newest edit undo took back."""
        if self.state.redo and not self.state.read_only:
            edit = self.state.redo[-1]
            self.dispatcher.dispatch(a.Redone(edit))
            self.dispatcher.run(lambda: self.commands.apply_edit(edit, edit.after))

    @Slot(int, str)
    def imageLoading(self, delta: int, source: str) -> None:
        self.images_loading += delta
        # which ones (a copy each time: a class attribute is never changed in place)
        loading = dict(self.loading_sources)
        loading[source] = loading.get(source, 0) + delta
        self.loading_sources = {s: n for s, n in loading.items() if n > 0}

    @Slot(str)
    def navigate(self, page: str) -> None:
        self.dispatcher.dispatch(a.Navigate(Page(page)))

    @Slot(str, str, bool)
    def signIn(self, username: str, password: str, register: bool) -> None:
        if not username.strip() or not password:
            self.dispatcher.dispatch(a.Failed("Enter a user name and a password."))
            return
        self.dispatcher.run(
            lambda: self.commands.sign_in(username.strip(), password, register=register)
        )

    @Slot()
    def signOut(self) -> None:
        self.dispatcher.run(self.commands.sign_out)

    @Slot()
    def retry(self) -> None:
        """The notice's Retry: reach the server again and reload what is on screen."""
        self.dispatcher.dispatch(a.NoticeDismissed())
        project = self.state.project

        def again() -> list[a.Action]:
            done = self.commands.load_projects(self.state.search)
            if project is not None:
                done += self.commands.open_project(project.id)
            return done

        self.dispatcher.run(again)

    @Slot()
    def dismiss(self) -> None:
        self.dispatcher.dispatch(a.NoticeDismissed())

    @staticmethod
    def create(engine: QQmlEngine) -> AppViewModel:
        """QML's singleton `App` for this engine."""
        return instance_for(AppViewModel)
