"""What every ViewModel shares: the store, the dispatcher and the commands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QObject

from storyreel.client.core.commands import Commands
from storyreel.client.core.state import AppState
from storyreel.client.core.store import Store
from storyreel.client.qt.bridge import Dispatcher, subscribe_while_alive

QML_IMPORT_NAME = "StoryReel.ViewModels"  # QML: `import StoryReel.ViewModels`
QML_IMPORT_MAJOR_VERSION = 1

VM = TypeVar("VM", bound="ViewModel")
_for_next_engine: dict[type[ViewModel], ViewModel] = {}


def stage_seconds(stages: dict[str, float]) -> list[dict[str, object]]:
    """A server's seconds per stage as the pages word them (Words.stages in QML)."""
    return [{"name": name, "seconds": round(seconds)} for name, seconds in stages.items()]


def for_next_engine(view_models: Iterable[ViewModel]) -> None:
    """The instances the next QML engine gets as its singletons (each engine creates its
    singletons once, on first use, through the class's `create`)."""
    for view_model in view_models:
        _for_next_engine[type(view_model)] = view_model


def instance_for(cls: type[VM]) -> VM:
    """The instance bound for the engine being loaded (a class's `create` returns it)."""
    found = _for_next_engine[cls]
    assert isinstance(found, cls)
    return found


class ViewModel(QObject):
    """Each subclass declares its own `changed` signal (the NOTIFY of all its properties):
    PySide does not link a NOTIFY to a signal inherited under the same name."""

    changed: Any

    def __init__(self, store: Store, dispatcher: Dispatcher, commands: Commands) -> None:
        super().__init__()
        self.store = store
        self.dispatcher = dispatcher
        self.commands = commands
        subscribe_while_alive(store, self, self._on_state)

    @property
    def state(self) -> AppState:
        return self.store.state

    def _on_state(self, old: AppState, new: AppState) -> None:
        self.changed.emit()
