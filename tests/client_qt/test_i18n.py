"""The Chinese UI: every string translated, compiled at run time, and used by Qt."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication, QTranslator

from storyreel.client.qt.app import I18N_DIR, QML_DIR, compiled_translation


def test_every_qml_string_has_a_chinese_translation(tmp_path: Path) -> None:
    source = (I18N_DIR / "storyreel_zh_CN.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in source
    translated = set(re.findall(r"<source>(.*?)</source>", source, flags=re.S))
    in_qml = set()
    for page in QML_DIR.glob("*.qml"):
        in_qml |= set(
            re.findall(r'qsTr\("((?:[^"\\\\]|\\\\.)*)"', page.read_text(encoding="utf-8"))
        )
    assert len(in_qml) > 50
    unescaped = {html.unescape(s) for s in translated}
    assert in_qml <= unescaped, f"not in the .ts file (run pyside6-lupdate): {in_qml - unescaped}"

    compiled = compiled_translation(tmp_path)
    assert compiled is not None
    app = QCoreApplication.instance() or QCoreApplication([])
    translator = QTranslator()
    assert translator.load(str(compiled))
    app.installTranslator(translator)
    try:
        assert QCoreApplication.translate("Main", "Assets") == "素材"
        assert QCoreApplication.translate("StoryboardPage", "Generate all") == "全部生成"
    finally:
        app.removeTranslator(translator)


def test_the_chinese_ui_also_installs_qts_own_catalogue(tmp_path: Path) -> None:
    """File dialogs and standard buttons are drawn by Qt: their words come from Qt's own
    catalogue (qt_zh_CN.qm, shipped with PySide6), installed beside ours."""
    from storyreel.client.qt.app import _translators, qt_translation

    assert qt_translation() is not None
    app = QCoreApplication.instance() or QCoreApplication([])
    installed = _translators(app, "zh_CN", tmp_path)  # type: ignore[arg-type]
    try:
        assert len(installed) == 2
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("QPlatformTheme", "Open") == "打开"
        assert QCoreApplication.translate("Main", "Assets") == "素材"
    finally:
        for translator in installed:
            app.removeTranslator(translator)
    assert _translators(app, "en_US", tmp_path) == ()  # type: ignore[arg-type]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
