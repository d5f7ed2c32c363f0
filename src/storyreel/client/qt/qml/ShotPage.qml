import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia
import StoryReel.ViewModels

Item {
    // why a version was kept, in words (the server's reason codes)
    function reasonLabel(reason) {
        switch (reason) {
        case "prompt_edit": return qsTr("before a prompt edit")
        case "narration_edit": return qsTr("before a narration edit")
        case "restore": return qsTr("before a restore")
        case "before_keyframe": return qsTr("before a new image")
        case "before_narration": return qsTr("before a new narration")
        case "before_motion": return qsTr("before a new clip")
        default: return reason
        }
    }

    MediaDevices { id: devices }

    MediaPlayer {
        id: voice
        source: Shot.audio
        audioOutput: AudioOutput {}
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 20

        ColumnLayout {
            Layout.preferredWidth: parent.width * 0.5
            Layout.fillHeight: true
            spacing: 10
            RowLayout {
                Label {
                    text: qsTr("Shot %1").arg(Shot.number)
                    font.pixelSize: 22
                    color: Theme.text
                }
                StatusBadge { status: Shot.status }
                Label {
                    visible: Shot.working !== ""
                    text: qsTr("working: %1").arg(Shot.working)
                    color: Theme.muted
                }
                Item { Layout.fillWidth: true }
                Button { text: qsTr("Back"); onClicked: App.navigate("storyboard") }
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: width * 9 / 16
                color: Theme.panel
                radius: 6
                Thumb {
                    anchors.fill: parent
                    source: Shot.image
                    fillMode: Image.PreserveAspectFit
                }
                Label {
                    anchors.centerIn: parent
                    visible: Shot.image === ""
                    text: qsTr("no image yet: press “Image”")
                    color: Theme.muted
                }
            }
            Label {
                Layout.fillWidth: true
                visible: Shot.error !== ""
                text: qsTr("Failed: %1 — press the button again to retry.").arg(Shot.error)
                color: "#ff9b9b"
                wrapMode: Text.Wrap
            }
            RowLayout {
                Label { text: qsTr("Regenerate:"); color: Theme.muted }
                Button {
                    objectName: "regenImage"
                    text: qsTr("Image")
                    enabled: !App.readOnly
                    onClicked: Shot.regenerate("keyframe")
                }
                Button {
                    text: qsTr("Motion")
                    enabled: !App.readOnly && Shot.image !== ""
                    onClicked: Shot.regenerate("motion")
                }
                Button {
                    objectName: "regenNarration"
                    text: qsTr("Narration")
                    enabled: !App.readOnly
                    onClicked: Shot.regenerate("narration")
                }
                Item { Layout.fillWidth: true }
                Button {
                    text: voice.playbackState === MediaPlayer.PlayingState ? qsTr("Stop") : qsTr("Play narration")
                    enabled: Shot.audio !== ""
                    onClicked: voice.playbackState === MediaPlayer.PlayingState ? voice.stop() : voice.play()
                }
                Label {
                    text: Shot.duration > 0 ? Shot.duration.toFixed(1) + " s" : ""
                    color: Theme.muted
                }
            }
            RowLayout {
                Label { text: qsTr("Comes in by"); color: Theme.muted }
                ComboBox {
                    objectName: "shotTransition"
                    textRole: "text"
                    valueRole: "value"
                    implicitWidth: 220
                    enabled: !App.readOnly
                    model: [
                        { value: "", text: qsTr("the project's transition") },
                        { value: "crossfade", text: qsTr("crossfade") },
                        { value: "cut", text: qsTr("cut") },
                        { value: "dip", text: qsTr("dip to black") },
                        { value: "slide", text: qsTr("slide") },
                        { value: "zoom", text: qsTr("zoom") }
                    ]
                    currentIndex: Math.max(0, indexOfValue(Shot.transition))
                    onActivated: Shot.setTransition(currentValue)
                }
            }
            Label {
                objectName: "madeBy"
                visible: Shot.madeBy.length > 0
                text: qsTr("Made by %1").arg(Shot.madeBy.map(m => (
                    m.stage === "keyframe" ? qsTr("image") : m.stage === "narration"
                    ? qsTr("narration") : qsTr("motion")) + ": " + m.node).join(" · "))
                color: Theme.muted
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            Label {
                objectName: "noAudio"
                visible: devices.audioOutputs.length === 0
                text: qsTr("no sound output on this computer")
                color: Theme.warning
                Layout.fillWidth: true
                wrapMode: Text.Wrap
            }
            Label { text: qsTr("Earlier versions"); color: Theme.muted }
            ListView {
                objectName: "versions"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 6
                model: Shot.versions
                Label {
                    visible: parent.count === 0
                    text: qsTr("None yet: each edit or regeneration keeps the shot as it was here.")
                    color: Theme.muted
                    wrapMode: Text.Wrap
                    width: parent.width
                }
                delegate: Rectangle {
                    id: row
                    required property int versionId
                    required property string prompt
                    required property string reason
                    required property string when
                    required property string image
                    width: ListView.view.width
                    height: 64
                    radius: 4
                    color: Theme.card
                    RowLayout {
                        anchors.fill: parent
                        anchors.margins: 6
                        Thumb {
                            source: row.image
                            Layout.preferredWidth: 92
                            Layout.fillHeight: true
                            fillMode: Image.PreserveAspectCrop
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            Label {
                                text: row.when + " · " + reasonLabel(row.reason)
                                color: Theme.muted
                                font.pixelSize: 12
                            }
                            Label {
                                text: row.prompt
                                color: Theme.text
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                        }
                        Button {
                            text: qsTr("Restore")
                            enabled: !App.readOnly
                            onClicked: Shot.restore(row.versionId)
                        }
                    }
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 8
            Label { text: qsTr("Visual prompt"); color: Theme.muted }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                TextArea {
                    color: Theme.text
                    placeholderTextColor: Theme.muted
                    id: prompt
                    objectName: "prompt"
                    text: Shot.prompt
                    wrapMode: TextEdit.Wrap
                    readOnly: App.readOnly
                    background: Rectangle { color: Theme.panel; radius: 4 }
                }
            }
            RowLayout {
                Label {
                    text: qsTr("%1 / 1000").arg(prompt.length)
                    color: prompt.length > 1000 ? Theme.warning : Theme.muted
                    Layout.fillWidth: true
                }
                Button {
                    objectName: "savePrompt"
                    text: qsTr("Save prompt")
                    enabled: !App.readOnly && prompt.text !== Shot.prompt
                    onClicked: Shot.savePrompt(prompt.text)
                }
            }
            Label { text: qsTr("Narration"); color: Theme.muted }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                TextArea {
                    color: Theme.text
                    placeholderTextColor: Theme.muted
                    id: narration
                    objectName: "narration"
                    text: Shot.narration
                    wrapMode: TextEdit.Wrap
                    readOnly: App.readOnly
                    background: Rectangle { color: Theme.panel; radius: 4 }
                }
            }
            RowLayout {
                Item { Layout.fillWidth: true }
                Button {
                    text: qsTr("Delete shot")
                    enabled: !App.readOnly
                    onClicked: Shot.remove()
                }
                Button {
                    objectName: "saveNarration"
                    text: qsTr("Save narration")
                    enabled: !App.readOnly && narration.text !== Shot.narration
                    onClicked: Shot.saveNarration(narration.text)
                }
            }
        }
    }
}
