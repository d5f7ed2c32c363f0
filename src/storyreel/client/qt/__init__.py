"""The desktop client: ViewModels (QObjects) over the Qt-free core, and QML pages."""
