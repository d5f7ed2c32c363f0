import QtQuick
import QtQuick.Controls

Rectangle {
    property string status: ""
    visible: status !== ""
    radius: 4
    color: Theme.statusColor(status)
    implicitWidth: badgeText.implicitWidth + 12
    implicitHeight: badgeText.implicitHeight + 4
    Label {
        id: badgeText
        anchors.centerIn: parent
        text: {
            switch (status) {
            case "NEW": return qsTr("not generated")
            case "PENDING": return qsTr("queued")
            case "RUNNING": return qsTr("running")
            case "SUCCESS": return qsTr("done")
            case "FAILED": return qsTr("failed")
            default: return status
            }
        }
        font.pixelSize: 11
        font.bold: true
        color: "white"
    }
}
