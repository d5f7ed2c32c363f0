import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import StoryReel.ViewModels

Item {
    // a shot's framing, in words
    function sizeLabel(size) {
        switch (size) {
        case "wide": return qsTr("wide")
        case "medium": return qsTr("medium")
        case "close_up": return qsTr("close-up")
        default: return size
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 12
        RowLayout {
            Label {
                text: Storyboard.title
                font.pixelSize: 22
                color: Theme.text
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                visible: Storyboard.progressTotal > 0
                text: qsTr("%1 of %2 done").arg(Storyboard.progressDone).arg(Storyboard.progressTotal)
                color: Theme.muted
            }
            Label {
                visible: App.readOnly
                text: qsTr("read-only")
                color: Theme.warning
            }
            Button {
                objectName: "generateAll"
                text: qsTr("Generate all")
                highlighted: true
                enabled: !App.readOnly && Storyboard.count > 0
                onClicked: Storyboard.generateAll()
            }
            Button {
                objectName: "retryFailed"
                text: qsTr("Retry failed (%1)").arg(Storyboard.failedCount)
                visible: Storyboard.failedCount > 0
                enabled: !App.readOnly
                onClicked: Storyboard.retryFailed()
            }
            Button {
                text: qsTr("Preview")
                onClicked: App.navigate("preview")
            }
        }
        Flow {  // the cast, as every prompt describes them; click a name to change it
            objectName: "castList"
            visible: Storyboard.cast.length > 0
            Layout.fillWidth: true
            spacing: 8
            Label { text: qsTr("Cast:"); color: Theme.muted }
            Repeater {
                model: Storyboard.cast
                delegate: Rectangle {
                    required property var modelData
                    required property int index
                    width: Math.min(420, castText.implicitWidth + 16)
                    height: castText.implicitHeight + 8
                    radius: 4
                    color: Theme.panel
                    border.color: Theme.border
                    Label {
                        id: castText
                        anchors.centerIn: parent
                        width: parent.width - 16
                        elide: Text.ElideRight
                        text: "<b>" + modelData.name + "</b> — " + modelData.look
                        textFormat: Text.StyledText
                        color: Theme.text
                        ToolTip.visible: castMouse.containsMouse
                        ToolTip.text: modelData.look
                    }
                    MouseArea {
                        id: castMouse
                        anchors.fill: parent
                        hoverEnabled: true
                        enabled: !App.readOnly
                        onClicked: {
                            castEditor.index = index
                            castName.text = modelData.name
                            castLook.text = modelData.look
                            castEditor.open()
                        }
                    }
                }
            }
        }
        Dialog {
            id: castEditor
            objectName: "castEditor"
            property int index: -1
            title: qsTr("Cast member")
            modal: true
            standardButtons: Dialog.Save | Dialog.Cancel
            anchors.centerIn: parent
            width: 520
            ColumnLayout {
                anchors.fill: parent
                TextField { id: castName; objectName: "castName"; Layout.fillWidth: true }
                TextArea {
                    id: castLook
                    objectName: "castLook"
                    Layout.fillWidth: true
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("age, build, hair, clothes and their colours")
                }
            }
            onAccepted: Storyboard.editCast(index, castName.text, castLook.text)
        }
        Label {
            visible: Storyboard.count === 0
            text: App.busy !== "" ? qsTr("The shots appear here when the storyboard is written.")
                                  : qsTr("No shots.")
            color: Theme.muted
        }
        Label {
            visible: Storyboard.count > 1 && !App.readOnly && Storyboard.selected.length === 0
            text: qsTr("Drag a card onto another to move it there. Click a card to edit the shot; Ctrl+click or Shift+click picks several.")
            color: Theme.muted
            font.pixelSize: 12
        }
        RowLayout {  // what to do with the picked shots
            objectName: "selectionBar"
            visible: Storyboard.selected.length > 0
            Label {
                text: qsTr("%n shot(s) picked", "", Storyboard.selected.length)
                color: Theme.accent
            }
            Button {
                objectName: "regenerateSelectedImages"
                text: qsTr("Draw the images again")
                enabled: !App.readOnly
                onClicked: Storyboard.regenerateSelected("keyframe")
            }
            Button {
                text: qsTr("Speak the narration again")
                enabled: !App.readOnly
                onClicked: Storyboard.regenerateSelected("narration")
            }
            Button {
                text: qsTr("Clear")
                flat: true
                onClicked: Storyboard.clearSelection()
            }
        }
        GridView {
            id: grid
            objectName: "shotGrid"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            cellWidth: 300
            cellHeight: 290
            model: Storyboard.shots
            Connections {
                target: Storyboard
                function onReveal(index) { grid.positionViewAtIndex(index, GridView.Contain) }
            }
            cacheBuffer: 0  // delegates (and their images) are made as they scroll into view
            // keys: arrows move between shots, Enter opens one, R draws its image again
            focus: true
            keyNavigationEnabled: true
            Keys.onReturnPressed: if (currentItem) Storyboard.select(currentItem.shotId)
            Keys.onEnterPressed: if (currentItem) Storyboard.select(currentItem.shotId)
            Keys.onEscapePressed: Storyboard.clearSelection()
            Keys.onPressed: (event) => {
                if (event.key === Qt.Key_R && currentItem && !App.readOnly) {
                    Storyboard.regenerateImage(currentItem.shotId)
                    event.accepted = true
                }
            }
            ScrollBar.vertical: ScrollBar {}
            delegate: Item {
                id: slot
                required property int index
                required property int shotId
                required property int number
                required property string narration
                required property string duration
                required property string status
                required property string image
                required property string error
                required property string shotSize
                width: grid.cellWidth
                height: grid.cellHeight

                Rectangle {
                    id: card
                    width: slot.width - 16
                    height: slot.height - 16
                    radius: 8
                    color: Theme.card
                    readonly property bool picked: Storyboard.selected.indexOf(slot.shotId) >= 0
                    border.color: dragArea.drag.active || picked || (slot.GridView.isCurrentItem && grid.activeFocus)
                                  ? Theme.accent : Theme.border
                    border.width: picked ? 3 : slot.GridView.isCurrentItem && grid.activeFocus ? 2 : 1
                    Drag.active: dragArea.drag.active
                    Drag.hotSpot.x: width / 2
                    Drag.hotSpot.y: height / 2
                    z: dragArea.drag.active ? 10 : 0

                    ColumnLayout {
                        anchors.fill: parent
                        anchors.margins: 10
                        spacing: 6
                        Rectangle {
                            Layout.fillWidth: true
                            Layout.preferredHeight: 150
                            color: Theme.panel
                            radius: 4
                            Thumb {
                                anchors.fill: parent
                                source: slot.image
                                // the whole frame, whatever its shape (9:16 was cut to 16:9)
                                fillMode: Image.PreserveAspectFit
                            }
                            Label {
                                anchors.centerIn: parent
                                visible: slot.image === ""
                                text: qsTr("no image yet")
                                color: Theme.muted
                            }
                        }
                        RowLayout {
                            Label {
                                text: qsTr("Shot %1").arg(slot.number)
                                font.bold: true
                                color: Theme.text
                            }
                            Label {
                                text: sizeLabel(slot.shotSize) + " · " + slot.duration
                                color: Theme.muted
                            }
                            Item { Layout.fillWidth: true }
                            StatusBadge { status: slot.status }
                        }
                        Label {
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            text: slot.error !== "" ? slot.error : slot.narration
                            color: slot.error !== "" ? "#ff9b9b" : Theme.text
                            wrapMode: Text.Wrap
                            elide: Text.ElideRight
                            maximumLineCount: 4
                        }
                    }
                    Rectangle {  // the mark of a picked card
                        visible: card.picked
                        x: 16; y: 16
                        width: 26; height: 26; radius: 13
                        color: Theme.accent
                        z: 2
                        Label { anchors.centerIn: parent; text: "✓"; color: Theme.background; font.bold: true }
                    }
                    MouseArea {
                        id: dragArea
                        anchors.fill: parent
                        drag.target: App.readOnly ? null : card
                        onClicked: (mouse) => {
                            grid.currentIndex = slot.index
                            const toggle = (mouse.modifiers & Qt.ControlModifier) !== 0
                            const extend = (mouse.modifiers & Qt.ShiftModifier) !== 0
                            if (toggle || extend) Storyboard.pick(slot.shotId, toggle, extend)
                            else Storyboard.select(slot.shotId)
                        }
                        onReleased: {
                            if (!drag.active) return
                            const point = mapToItem(grid.contentItem, mouseX, mouseY)
                            const target = grid.indexAt(point.x, point.y)
                            card.x = 0
                            card.y = 0
                            if (target >= 0 && target !== slot.index) Storyboard.move(slot.index, target)
                        }
                    }
                }
            }
        }
    }
}
