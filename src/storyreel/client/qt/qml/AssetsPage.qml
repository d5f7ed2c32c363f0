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
    }
}
