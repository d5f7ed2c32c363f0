"""The Assets page: your projects, search, open, delete."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from storyreel.client.core import actions as a
from storyreel.client.core.commands import Commands
from storyreel.client.core.state import AppState, Page
from storyreel.client.core.store import Store
from storyreel.client.qt.bridge import Dispatcher
from storyreel.client.qt.models import (
    MediaLoader,
    ProjectListModel,
)
from storyreel.client.qt.viewmodels.base import (  # QmlNamedElement reads the first two
    QML_IMPORT_MAJOR_VERSION,  # noqa: F401
    QML_IMPORT_NAME,  # noqa: F401
    ViewModel,
    instance_for,
)


@QmlNamedElement("Assets")
@QmlSingleton
class AssetsViewModel(ViewModel):  # type: ignore[operator]
    changed = Signal()

    def __init__(
        self, store: Store, dispatcher: Dispatcher, commands: Commands, media: MediaLoader
    ) -> None:
        super().__init__(store, dispatcher, commands)
        self._projects = ProjectListModel(media)
        self._projects.update(self.state)

    def _on_state(self, old: AppState, new: AppState) -> None:
        if old.projects is not new.projects:
            self._projects.update(new)
        super()._on_state(old, new)

    projects = Property(QObject, lambda self: self._projects, constant=True)
    count = Property(int, lambda self: len(self.state.projects), notify=changed)
    search = Property(str, lambda self: self.state.search, notify=changed)

    # the server's model nodes, one line each, for the page's "Model nodes" list
    nodes = Property(
        list,
        lambda self: [
            {
                "name": n.name,
                "live": n.live and not n.revoked,
                "state": "revoked" if n.revoked else "live" if n.live else "away",
                "runs": ", ".join(n.routes) or n.address,
                "done": n.jobs_done,
                "failed": n.failures,
            }
            for n in self.state.nodes
        ],
        notify=changed,
    )
    nodeMode = Property(str, lambda self: self.state.node_mode, notify=changed)

    @Slot()
    def reloadNodes(self) -> None:
        self.dispatcher.run(self.commands.load_nodes)

    @Slot(str)
    def find(self, text: str) -> None:
        self.dispatcher.run(lambda: self.commands.load_projects(text.strip()))

    @Slot()
    def reload(self) -> None:
        self.dispatcher.run(lambda: self.commands.load_projects(self.state.search))

    @Slot(int)
    def open(self, project_id: int) -> None:
        self.dispatcher.dispatch(a.Navigate(Page.STORYBOARD))
        self.dispatcher.run(lambda: self.commands.open_project(project_id))

    @Slot(int)
    def remove(self, project_id: int) -> None:
        self.dispatcher.run(lambda: self.commands.delete_project(project_id))

    @staticmethod
    def create(engine: QQmlEngine) -> AssetsViewModel:
        """QML's singleton `Assets` for this engine."""
        return instance_for(AssetsViewModel)
