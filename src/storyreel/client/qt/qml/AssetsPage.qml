import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import StoryReel.ViewModels

Item {
    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 12
        RowLayout {
            Label {
                text: qsTr("Your projects")
                font.pixelSize: 22
                color: Theme.text
                Layout.fillWidth: true
            }
            TextField {
                color: Theme.text
                placeholderTextColor: Theme.muted
                background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 4 }
                id: search
                objectName: "search"
                placeholderText: qsTr("Search titles")
                implicitWidth: 260
                onAccepted: Assets.find(text)
            }
            Button { text: qsTr("Search"); onClicked: Assets.find(search.text) }
            Button {
                text: qsTr("New story")
                highlighted: true
                enabled: !App.offline
                onClicked: App.navigate("create")
            }
        }
        Label {
            visible: Assets.count === 0
            text: App.offline ? qsTr("Nothing cached on this computer yet.")
                              : qsTr("No projects yet: press “New story” and paste one.")
            color: Theme.muted
        }
        GridView {
            id: grid
            objectName: "projectGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            cellWidth: 300
            cellHeight: 300
            model: Assets.projects
            ScrollBar.vertical: ScrollBar {}
            delegate: Rectangle {
                id: card
                required property int projectId
                required property string title
                required property string subtitle
                required property string assets
                required property string thumbnail
                required property bool hasVideo
                width: grid.cellWidth - 16
                height: grid.cellHeight - 16
                radius: 8
                color: Theme.card
                border.color: Theme.border
                ColumnLayout {
                    anchors.fill: parent
                    anchors.margins: 10
                    Rectangle {
                        Layout.fillWidth: true
                        Layout.preferredHeight: 140
                        color: Theme.panel
                        radius: 4
                        Thumb {
                            anchors.fill: parent
                            source: card.thumbnail
                            fillMode: Image.PreserveAspectCrop
                        }
                        Label {
                            anchors.centerIn: parent
                            visible: card.thumbnail === ""
                            text: qsTr("no image yet")
                            color: Theme.muted
                        }
                    }
                    Label {
                        text: card.title
                        font.pixelSize: 16
                        font.bold: true
                        color: Theme.text
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        text: card.assets
                        color: Theme.text
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                    }
                    Label {
                        text: card.subtitle
                        color: Theme.muted
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                    }
                    RowLayout {
                        Item { Layout.fillWidth: true }
                        Button {
                            text: qsTr("Open")
                            onClicked: Assets.open(card.projectId)
                        }
                        Button {
                            text: qsTr("Delete")
                            enabled: !App.offline
                            onClicked: Assets.remove(card.projectId)
                        }
                    }
                }
                TapHandler { onDoubleTapped: Assets.open(card.projectId) }
            }
        }
        RowLayout {
            Label {
                text: Assets.nodeMode === "pull" ? qsTr("Model nodes (they lease jobs from the server)")
                                                 : qsTr("Model nodes")
                color: Theme.muted
                Layout.fillWidth: true
            }
            Button { text: qsTr("Refresh"); enabled: !App.offline; onClicked: Assets.reloadNodes() }
        }
        Column {
            objectName: "nodeList"
            Layout.fillWidth: true
            spacing: 2
            Label {
                visible: Assets.nodes.length === 0
                text: qsTr("No model node has called in yet.")
                color: Theme.muted
            }
            Repeater {
                model: Assets.nodes
                delegate: Label {
                    required property var modelData
                    width: parent ? parent.width : 0
                    elide: Text.ElideRight
                    color: modelData.live ? Theme.text : Theme.muted
                    text: qsTr("%1 — %2 — %3 done, %4 failed — %5")
                          .arg(modelData.name)
                          .arg(modelData.state === "live" ? qsTr("live")
                               : modelData.state === "revoked" ? qsTr("revoked") : qsTr("away"))
                          .arg(modelData.done).arg(modelData.failed).arg(modelData.runs)
                }
            }
        }
    }
}
