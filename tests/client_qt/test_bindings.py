"""The Qt bindings the client runs on keep Python's reference counts straight. PySide6 6.12.0
did not (Signal.emit dropped a reference to True each call): the client crashed with
"Fatal Python error: bool_dealloc" during an export, after a few thousand signals."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QObject, Signal

from storyreel.client.qt.bindings import check_bindings, emit_leaks_references
from storyreel.client.qt.models import ProjectListModel
from storyreel.errors import StoryReelError

# Other tests' threads (servers, pools) take and drop references to True/False/None while
# this runs, a few at a time; a leaking binding loses one per call, thousands here.
SLACK = 100


def _close(before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    return all(abs(a - b) < SLACK for a, b in zip(before, after))


class _Source(QObject):
    changed = Signal(int)


def test_emitting_signals_keeps_reference_counts() -> None:
    source = _Source()
    source.changed.connect(lambda _n: None)
    counts = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for n in range(2000):
        source.changed.emit(n)
    assert _close(counts, (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)))
    assert not emit_leaks_references()
    check_bindings()  # what the client does at start-up: passes here


def test_a_model_answered_from_cpp_keeps_reference_counts() -> None:
    """What QML does many times a second: ask a Python model's data() through C++."""

    class Model(QAbstractListModel):
        def rowCount(self, parent: object = QModelIndex()) -> int:
            return 1

        def roleNames(self) -> dict[int, QByteArray]:
            return {256: QByteArray(b"flag")}

        def data(self, index: object, role: int = 0) -> object:
            return False if role == 256 else None

    model = Model()
    index = model.index(0)
    counts = sys.getrefcount(False), sys.getrefcount(None)
    for _ in range(2000):
        index.data(256)
        index.data(999)
    assert _close(counts, (sys.getrefcount(False), sys.getrefcount(None)))


def test_a_leaking_binding_is_refused_with_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("storyreel.client.qt.bindings.emit_leaks_references", lambda: True)
    with pytest.raises(StoryReelError, match=r"PySide6-Essentials<6\.12"):
        check_bindings()


def test_refreshing_rows_many_times_does_not_crash() -> None:
    """The crash's call site: refresh_where emitting dataChanged for each matching row."""

    class Loader(QObject):
        loaded = Signal(str)

        def url(self, key: str, url: str) -> str:
            return ""

    model = ProjectListModel(Loader())  # type: ignore[arg-type]
    model._items = [object()] * 5
    counts = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        model.refresh_where(lambda _item: True)
    assert _close(counts, (sys.getrefcount(True), sys.getrefcount(False)))


def test_a_listener_leaves_the_store_once_qt_has_deleted_its_object() -> None:
    """A page's view model deleted by Qt while the store lives on (a closed engine) must
    not be called: its signals are gone ("Signal source has been deleted")."""
    import shiboken6

    from storyreel.client.core import actions as a
    from storyreel.client.core.store import Store
    from storyreel.client.qt.bridge import subscribe_while_alive

    store = Store()
    owner = QObject()
    heard: list[object] = []
    subscribe_while_alive(store, owner, lambda old, new: heard.append(new))
    store.dispatch(a.Busy("working"))
    assert len(heard) == 1
    shiboken6.delete(owner)
    store.dispatch(a.Busy("still working"))
    store.dispatch(a.Busy(""))
    assert len(heard) == 1
    assert store._listeners == []
