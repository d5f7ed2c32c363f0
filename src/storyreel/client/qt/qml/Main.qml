import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window
    width: 1280
    height: 800
    visible: true
    title: qsTr("StoryReel")
    color: Theme.background

    readonly property var pages: ["assets", "create", "storyboard", "shot", "preview"]

    header: ToolBar {
        background: Rectangle { color: Theme.panel }
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 12
            spacing: 4
            Label {
                text: "StoryReel"
                font.pixelSize: 20
                font.bold: true
                color: Theme.accent
                Layout.rightMargin: 20
            }
            Repeater {
                model: [
                    { page: "assets", label: qsTr("Assets"), enabled: true },
                    { page: "create", label: qsTr("Create"), enabled: !app.offline },
                    { page: "storyboard", label: qsTr("Storyboard"), enabled: app.hasProject },
                    { page: "shot", label: qsTr("Shot"), enabled: app.hasShot },
                    { page: "preview", label: qsTr("Preview"), enabled: app.hasProject }
                ]
                delegate: TabButton {
                    required property var modelData
                    objectName: "nav-" + modelData.page
                    text: modelData.label
                    enabled: modelData.enabled && app.signedIn
                    checked: app.page === modelData.page
                    width: implicitWidth + 16
                    onClicked: app.navigate(modelData.page)
                }
            }
            Item { Layout.fillWidth: true }
            Label {
                visible: app.pendingEdits > 0
                text: qsTr("%n edit(s) waiting for the server", "", app.pendingEdits)
                color: Theme.warning
            }
            Label {
                text: app.signedIn ? app.username + " · " + app.server : app.server
                color: Theme.muted
            }
            ToolButton {
                visible: app.signedIn
                text: qsTr("Sign out")
                onClicked: app.signOut()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            objectName: "offlineBanner"
            Layout.fillWidth: true
            visible: app.offline
            color: Theme.warningBackground
            implicitHeight: 40
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 16
                anchors.rightMargin: 8
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Offline: the server cannot be reached. Cached projects open read-only; nothing you kept is lost.")
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Button { text: qsTr("Retry"); onClicked: app.retry() }
            }
        }

        Rectangle {
            objectName: "notice"
            Layout.fillWidth: true
            visible: app.notice !== "" && !(app.offline && app.noticeFix === "retry")
            color: app.noticeIsError ? Theme.errorBackground : Theme.infoBackground
            implicitHeight: 40
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 16
                anchors.rightMargin: 8
                Label {
                    objectName: "noticeText"
                    Layout.fillWidth: true
                    text: app.notice
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Button {
                    visible: app.noticeFix === "retry"
                    text: qsTr("Retry")
                    onClicked: app.retry()
                }
                Button {
                    visible: app.noticeFix === "log_in"
                    text: qsTr("Log in again")
                    onClicked: app.dismiss()
                }
                ToolButton { text: "✕"; onClicked: app.dismiss() }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            visible: app.busy !== ""
            color: Theme.panel
            implicitHeight: 36
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 16
                BusyIndicator { running: app.busy !== ""; implicitWidth: 28; implicitHeight: 28 }
                Label { text: app.busy; color: Theme.text }
            }
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: Math.max(0, window.pages.indexOf(app.page))
            AssetsPage {}
            CreatePage {}
            StoryboardPage {}
            ShotPage {}
            PreviewPage {}
        }
    }

    SignInPane {
        anchors.fill: parent
        visible: !app.signedIn
    }
}
