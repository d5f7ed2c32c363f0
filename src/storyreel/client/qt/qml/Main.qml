import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import StoryReel.ViewModels

ApplicationWindow {
    id: window
    width: 1280
    height: 800
    visible: true
    title: qsTr("StoryReel")
    color: Theme.background
    // one control set for the dark theme: every Basic-style control (buttons, drop-downs,
    // progress bars, sliders, lists) takes its colours from here
    palette {
        window: Theme.panel
        windowText: Theme.text
        base: Theme.panel
        alternateBase: Theme.card
        text: Theme.text
        button: Theme.card
        buttonText: Theme.text
        brightText: Theme.background
        highlight: Theme.accent
        highlightedText: Theme.text
        light: Theme.border
        midlight: Theme.border
        mid: Theme.muted
        dark: Theme.accent
        shadow: "#000000"
        placeholderText: Theme.muted
        toolTipBase: Theme.card
        toolTipText: Theme.text
    }

    // undo / redo the open project's edits (prompt, narration, order); a text field that has
    // the focus keeps Ctrl+Z for its own text
    Shortcut { sequences: [StandardKey.Undo]; enabled: App.canUndo; onActivated: App.undo() }
    Shortcut {
        sequences: [StandardKey.Redo, "Ctrl+Shift+Z"]
        enabled: App.canRedo
        onActivated: App.redo()
    }

    // F1 (or ?) lists the keys
    Shortcut { sequences: ["F1", "?"]; onActivated: App.toggleKeysHelp() }
    Popup {
        id: keysHelp
        objectName: "keysHelp"
        visible: App.keysHelp
        focus: true  // Escape, or a click outside, closes it
        onClosed: if (App.keysHelp) App.toggleKeysHelp()
        anchors.centerIn: Overlay.overlay
        modal: true
        padding: 20
        background: Rectangle { color: Theme.card; border.color: Theme.border; radius: 8 }
        ColumnLayout {
            spacing: 8
            Label { text: qsTr("Keys"); font.pixelSize: 18; color: Theme.text }
            Repeater {
                model: [
                    ["← → ↑ ↓", qsTr("move between shots (storyboard)")],
                    ["Enter", qsTr("open the shot")],
                    ["R", qsTr("draw the shot's image again")],
                    ["Ctrl+click", qsTr("pick several shots (Shift+click: a run of them)")],
                    ["Esc", qsTr("forget the picked shots")],
                    ["Space", qsTr("play or pause (preview)")],
                    ["Ctrl+Z", qsTr("undo an edit, a move, a trim, a delete or a restore")],
                    ["Ctrl+Shift+Z", qsTr("redo")],
                    ["F1", qsTr("this list")]
                ]
                delegate: RowLayout {
                    required property var modelData
                    spacing: 16
                    Label {
                        text: modelData[0]
                        font.bold: true
                        color: Theme.accent
                        Layout.preferredWidth: 120
                    }
                    Label { text: modelData[1]; color: Theme.text }
                }
            }
        }
    }

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
                    { page: "create", label: qsTr("Create"), enabled: !App.offline },
                    { page: "storyboard", label: qsTr("Storyboard"), enabled: App.hasProject },
                    { page: "shot", label: qsTr("Shot"), enabled: App.hasShot },
                    { page: "preview", label: qsTr("Preview"), enabled: App.hasProject }
                ]
                delegate: TabButton {
                    id: tab
                    required property var modelData
                    background: Rectangle {
                        implicitHeight: 40
                        color: tab.checked ? Theme.card : "transparent"
                        Rectangle {
                            anchors.bottom: parent.bottom
                            width: parent.width
                            height: 3
                            color: Theme.accent
                            visible: tab.checked
                        }
                    }
                    palette.brightText: Theme.muted  // the text of a tab not shown now
                    objectName: "nav-" + modelData.page
                    text: modelData.label
                    enabled: modelData.enabled && App.signedIn
                    checked: App.page === modelData.page
                    width: implicitWidth + 16
                    onClicked: App.navigate(modelData.page)
                }
            }
            Item { Layout.fillWidth: true }
            ToolButton {
                objectName: "undo"
                text: qsTr("Undo")
                enabled: App.canUndo
                opacity: enabled ? 1 : 0.35
                onClicked: App.undo()
            }
            ToolButton {
                objectName: "redo"
                text: qsTr("Redo")
                enabled: App.canRedo
                opacity: enabled ? 1 : 0.35
                onClicked: App.redo()
            }
            Label {
                visible: App.pendingEdits > 0
                text: qsTr("%n edit(s) waiting for the server", "", App.pendingEdits)
                color: Theme.warning
            }
            Label {
                text: App.signedIn ? App.username + " · " + App.server : App.server
                color: Theme.muted
            }
            ToolButton {
                visible: App.signedIn
                text: qsTr("Sign out")
                onClicked: App.signOut()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            objectName: "offlineBanner"
            Layout.fillWidth: true
            visible: App.offline
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
                Button { text: qsTr("Retry"); onClicked: App.retry() }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            visible: App.busy !== ""
            color: Theme.panel
            implicitHeight: 36
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 16
                BusyIndicator { running: App.busy !== ""; implicitWidth: 28; implicitHeight: 28 }
                Label { text: App.busy; color: Theme.text }
            }
        }

        StackLayout {
            objectName: "pages"
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: Math.max(0, window.pages.indexOf(App.page))
            AssetsPage {}
            CreatePage {}
            StoryboardPage {}
            ShotPage {}
            PreviewPage {}
        }
    }

    // One line about what just happened, floating over the page's foot so that the page
    // never moves; a notice that is not an error goes by itself after a few seconds.
    Rectangle {
        objectName: "notice"
        visible: App.notice !== "" && !(App.offline && App.noticeFix === "retry")
        color: App.noticeIsError ? Theme.errorBackground : Theme.infoBackground
        border.color: Theme.border
        radius: 6
        z: 10
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 16
        width: Math.min(parent.width - 40, noticeRow.implicitWidth + 32)
        implicitHeight: 40
        Timer {
            interval: 5000
            running: parent.visible && !App.noticeIsError
            onTriggered: App.dismiss()
        }
        RowLayout {
            id: noticeRow
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 8
            Label {
                objectName: "noticeText"
                Layout.fillWidth: true
                text: App.notice
                color: Theme.text
                elide: Text.ElideRight
            }
            Button {
                visible: App.noticeFix === "retry"
                text: qsTr("Retry")
                onClicked: App.retry()
            }
            Button {
                visible: App.noticeFix === "log_in"
                text: qsTr("Log in again")
                onClicked: App.dismiss()
            }
            ToolButton { text: "✕"; onClicked: App.dismiss() }
        }
    }

    SignInPane {
        anchors.fill: parent
        visible: !App.signedIn
    }
}
