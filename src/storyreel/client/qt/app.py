"""`storyreel client`: the desktop app (PySide6 + QML) on the Qt-free core."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from storyreel.client.core.api import ApiClient
from storyreel.client.core.cache import ClientCache
from storyreel.client.core.commands import Commands
from storyreel.client.core.store import Store
from storyreel.client.qt.bindings import check_bindings
from storyreel.client.qt.bridge import Dispatcher
from storyreel.client.qt.controller import Controller
from storyreel.client.qt.models import MediaLoader
from storyreel.client.qt.viewmodels import (
    AppViewModel,
    AssetsViewModel,
    CreateViewModel,
    PreviewViewModel,
    ShotViewModel,
    StoryboardViewModel,
    ViewModel,
)
from storyreel.client.qt.viewmodels.base import for_next_engine
from storyreel.errors import StoryReelError
from storyreel.settings import Settings

QML_DIR = Path(__file__).with_name("qml")
I18N_DIR = Path(__file__).with_name("i18n")


def default_cache_dir() -> Path:
    return Settings.from_env().client_cache_dir


@dataclass
class ClientApp:
    """Everything the window needs, built once: store, commands, view models, engine."""

    app: QGuiApplication
    engine: QQmlApplicationEngine
    store: Store
    commands: Commands
    dispatcher: Dispatcher
    controller: Controller
    media: MediaLoader
    view_models: dict[str, ViewModel]
    translators: tuple[QTranslator, ...]

    @property
    def window(self) -> QQuickWindow:
        root = self.engine.rootObjects()[0]
        assert isinstance(root, QQuickWindow)
        return root

    def wait_until(self, done: Callable[[], bool], timeout: float = 60.0) -> None:
        """Run the event loop until `done()` (tests and screenshots)."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError("the client did not get there in time")
            QCoreApplication.processEvents()
            time.sleep(0.01)

    def settle(self, timeout: float = 60.0) -> None:
        """Until no command is running and every image the views asked for is drawn
        (drawing the window is what makes the views ask for their images)."""
        for _ in range(6):
            self.wait_until(
                lambda: self.dispatcher.pending == 0 and self.media.pending == 0, timeout
            )
            self.window.grabWindow()
            for _ in range(3):
                QCoreApplication.processEvents()
            try:
                self.wait_until(lambda: not self._images_loading(), timeout)
            except TimeoutError:
                loading = getattr(self.view_models["app"], "loading_sources", {})
                raise TimeoutError(
                    f"images still loading after {timeout:.0f} s: {sorted(loading)}"
                ) from None
            if self.dispatcher.pending == 0 and self.media.pending == 0:
                return

    def _images_loading(self) -> bool:
        """Whether an image in the window is still decoding (QML's Thumb counts them)."""
        app = self.view_models["app"]
        return int(getattr(app, "images_loading", 0)) > 0

    def screenshot(self, path: Path) -> Path:
        for _ in range(3):
            QCoreApplication.processEvents()
        image = self.window.grabWindow()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path)):
            raise StoryReelError(f"could not write {path}")
        return path


def compiled_translation(cache_dir: Path, language: str = "zh_CN") -> Path | None:
    """The UI's translation as a .qm file, compiled from the .ts source with PySide6's
    lrelease into the cache (again whenever the source is newer); None when impossible."""
    import subprocess

    import PySide6

    source = I18N_DIR / f"storyreel_{language}.ts"
    target = cache_dir / "i18n" / f"storyreel_{language}.qm"
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    lrelease = Path(PySide6.__file__).parent / "lrelease"
    target.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(lrelease), "-silent", str(source), "-qm", str(target)],
        capture_output=True,
        check=False,
    )
    return target if done.returncode == 0 and target.is_file() else None


def qt_translation(language: str = "zh_CN") -> Path | None:
    """Qt's own catalogue for the language (file dialogs, standard buttons, text editing
    menus), as PySide6 ships it; None when this build has none."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    found = folder / f"qt_{language}.qm"
    return found if found.is_file() else None


def _translators(
    app: QGuiApplication, language: str | None, cache_dir: Path
) -> tuple[QTranslator, ...]:
    """Install the Chinese UI when asked (or the system speaks Chinese): ours, and Qt's own
    for the dialogs Qt draws."""
    name = language or QLocale.system().name()
    if not name.startswith("zh"):
        return ()
    installed = []
    for catalogue in (compiled_translation(cache_dir), qt_translation()):
        translator = QTranslator(app)
        if catalogue is not None and translator.load(str(catalogue)):
            app.installTranslator(translator)
            installed.append(translator)
    return tuple(installed)


def _add_cjk_font() -> None:
    """The bundled Noto Sans CJK as a fallback after the UI font, so Chinese stories and the
    Chinese UI draw on machines without a CJK system font."""
    from PySide6.QtGui import QFont, QFontDatabase

    from storyreel.text.fonts import subtitle_font_path

    loaded = QFontDatabase.addApplicationFont(str(subtitle_font_path()))
    families = QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
    if families:
        font = QGuiApplication.font()
        font.setFamilies([font.family(), *families])
        QGuiApplication.setFont(font)
        QFont.insertSubstitution(font.family(), families[0])


def build(
    server: str,
    *,
    token: str = "",
    cache_dir: Path | None = None,
    language: str | None = None,
    argv: list[str] | None = None,
) -> ClientApp:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
    app = QGuiApplication.instance() or QGuiApplication(argv or sys.argv[:1])
    assert isinstance(app, QGuiApplication)
    check_bindings()
    app.setApplicationName("StoryReel")
    _add_cjk_font()
    cache_dir = cache_dir or default_cache_dir()
    translators = _translators(app, language, cache_dir)

    store = Store()
    cache = ClientCache(cache_dir, server)
    commands = Commands(ApiClient(server, token), cache)
    dispatcher = Dispatcher(store)
    media = MediaLoader(commands.media, cache.media.cached)
    view_models: dict[str, ViewModel] = {
        "app": AppViewModel(store, dispatcher, commands),
        "assets": AssetsViewModel(store, dispatcher, commands, media),
        "create": CreateViewModel(store, dispatcher, commands),
        "storyboard": StoryboardViewModel(store, dispatcher, commands, media),
        "shot": ShotViewModel(store, dispatcher, commands, media),
        "preview": PreviewViewModel(store, dispatcher, commands, media),
    }
    controller = Controller(store, dispatcher, commands)
    # typed singletons of the module StoryReel.ViewModels: QML binds to App.page, ...
    for_next_engine(view_models.values())
    engine = QQmlApplicationEngine()
    engine.addImportPath(str(QML_DIR.parent))
    engine.load(QUrl.fromLocalFile(str(QML_DIR / "Main.qml")))
    if not engine.rootObjects():
        raise StoryReelError("the client's QML did not load; run with QT_DEBUG_PLUGINS=1")
    client = ClientApp(
        app, engine, store, commands, dispatcher, controller, media, view_models, translators
    )
    if token:
        from storyreel.client.core import actions as a

        store.dispatch(a.SignedIn("token"))
    else:
        for action in commands.resume():
            store.dispatch(action)
    if store.state.signed_in:
        dispatcher.run(commands.load_projects)
        dispatcher.run(commands.load_voices)
    return client


def run(server: str, token: str = "", language: str | None = None) -> int:
    client = build(server, token=token, language=language)
    return int(client.app.exec())
