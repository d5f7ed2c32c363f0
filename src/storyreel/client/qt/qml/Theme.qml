pragma Singleton
import QtQuick

QtObject {
    readonly property color background: "#15171c"
    readonly property color panel: "#1f232b"
    readonly property color card: "#262b35"
    readonly property color border: "#353b47"
    readonly property color text: "#e8eaef"
    readonly property color muted: "#9aa3b2"
    readonly property color accent: "#f0b64a"
    readonly property color warning: "#f0b64a"
    readonly property color warningBackground: "#5c4310"
    readonly property color errorBackground: "#6b2222"
    readonly property color infoBackground: "#1f4466"

    function statusColor(status) {
        switch (status) {
        case "SUCCESS": return "#3c9a5f"
        case "FAILED": return "#c94444"
        case "RUNNING": return "#3a7bd5"
        default: return "#6b7280"
        }
    }
}
