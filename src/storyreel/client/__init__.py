"""The StoryReel client: a Qt-free core (API, events, store, cache) and a PySide6 + QML UI."""
