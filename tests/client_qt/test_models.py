"""The list models QML binds to: a reorder moves rows in place (no reset), so the grid keeps
its scroll position; it used to reset the model and scroll to the top."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from storyreel.client.qt.models import VersionListModel


@dataclass(frozen=True)
class Item:
    id: int
    prompt: str


class Loader(QObject):
    loaded = Signal(str)

    def url(self, key: str, url: str) -> str:
        return ""


def test_a_reorder_updates_rows_in_place_and_new_rows_reset() -> None:
    model = VersionListModel(Loader())  # type: ignore[arg-type]
    resets: list[int] = []
    changes: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda top, bottom, _roles: changes.append((top.row(), bottom.row())))
    items = [Item(n, f"p{n}") for n in range(4)]
    model.replace(items, lambda x: x.id)
    assert len(resets) == 1  # the first fill
    model.replace([items[0], items[2], items[1], items[3]], lambda x: x.id)
    assert len(resets) == 1 and changes == [(1, 2)]  # only the rows that changed
    assert [model.data(model.index(r), 256) for r in range(4)] == [0, 2, 1, 3]
    model.replace([*items, Item(9, "p9")], lambda x: x.id)
    assert len(resets) == 2  # a new row: reset
