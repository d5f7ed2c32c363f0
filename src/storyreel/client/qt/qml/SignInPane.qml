import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import StoryReel.ViewModels

Rectangle {
    color: Theme.background
    MouseArea { anchors.fill: parent }  // nothing behind it takes clicks

    ColumnLayout {
        anchors.centerIn: parent
        width: 360
        spacing: 12
        Label {
            text: qsTr("Sign in to StoryReel")
            font.pixelSize: 24
            color: Theme.text
        }
        Label {
            text: qsTr("Server: %1").arg(App.server)
            color: Theme.muted
        }
        TextField {
            color: Theme.text
            placeholderTextColor: Theme.muted
            background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 4 }
            id: user
            objectName: "username"
            Layout.fillWidth: true
            placeholderText: qsTr("User name")
        }
        TextField {
            color: Theme.text
            placeholderTextColor: Theme.muted
            background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 4 }
            id: password
            objectName: "password"
            Layout.fillWidth: true
            placeholderText: qsTr("Password (8 characters or more)")
            echoMode: TextInput.Password
            onAccepted: App.signIn(user.text, password.text, false)
        }
        Label {
            Layout.fillWidth: true
            visible: App.notice !== ""
            text: App.notice
            color: Theme.warning
            wrapMode: Text.Wrap
        }
        RowLayout {
            Button {
                objectName: "signIn"
                text: qsTr("Sign in")
                highlighted: true
                onClicked: App.signIn(user.text, password.text, false)
            }
            Button {
                objectName: "register"
                text: qsTr("Create account")
                onClicked: App.signIn(user.text, password.text, true)
            }
        }
    }
}
