"""Driving the client in tests as a person does: keys typed into the window, buttons clicked
through QML (with QML's own name lookup), view models by page name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from storyreel.client.qt.app import ClientApp


def vm(client: ClientApp, name: str) -> Any:
    return client.view_models[name]


_CLICKER = b"""
import QtQuick
QtObject {
    function find(item, text) {
        if (!item || !item.visible) return null
        if (item.text === text && item.clicked !== undefined) return item
        for (let i = 0; i < item.children.length; i++) {
            const found = find(item.children[i], text)
            if (found) return found
        }
        return null
    }
    property var window
    property string label
    property bool clicked: false
    Component.onCompleted: {
        const button = find(window.contentItem, label)
        if (button) {
            button.clicked()  // what a press and release on it emits
            clicked = true
        }
    }
}
"""


def press(client: ClientApp, focus: str | None, *keys: Qt.Key) -> None:
    """Type keys into the window, with the focus on the shot grid (focus="storyboard")."""
    from PySide6.QtTest import QTest

    window = client.window
    window.requestActivate()
    if focus == "storyboard":
        grid = window.findChild(QObject, "shotGrid")
        grid.setProperty("currentIndex", 0)
        grid.forceActiveFocus()
    for key in keys:
        QTest.keyClick(window, key)
        client.settle()


def click(client: ClientApp, text: str) -> None:
    """Click the first visible QML button labelled `text`: its onClicked runs in QML, with
    QML's own name lookup (where a delegate's property once hid a view model)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent

    component = QQmlComponent(client.engine)
    component.setData(_CLICKER, QUrl("clicker.qml"))
    clicker = component.createWithInitialProperties({"window": client.window, "label": text})
    assert clicker is not None, component.errorString()
    assert clicker.property("clicked"), f"no visible button {text!r}"


def item(client: ClientApp, name: str) -> QObject:
    """The QML object named `name` (objectName). Held through the window: a child found
    from a window wrapper that is already gone reads as "already deleted"."""
    window = client.window
    found = window.findChild(QObject, name)
    assert found is not None, f"no QML object named {name!r}"
    item._windows = [*getattr(item, "_windows", [])[-3:], window]  # type: ignore[attr-defined]
    return found
