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
        text: status
        font.pixelSize: 11
        font.bold: true
        color: "white"
    }
}
