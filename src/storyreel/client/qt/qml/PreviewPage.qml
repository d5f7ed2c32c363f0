import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia
import StoryReel.ViewModels

Item {
    function clock(ms) {
        const s = Math.floor(ms / 1000)
        return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2)
    }

    MediaPlayer {
        id: player
        objectName: "player"
        source: Preview.video
        videoOutput: screen
        audioOutput: AudioOutput { id: sound; volume: volume.value }
        onPositionChanged: Preview.reportPosition(position)
    }
    // Space plays and pauses (while this page is shown)
    Shortcut {
        sequence: "Space"
        enabled: App.page === "preview"
        onActivated: player.playbackState === MediaPlayer.PlayingState ? player.pause() : player.play()
    }

    Connections {
        target: Preview
        function onPlayRequested() { player.play() }
        function onPauseRequested() { player.pause() }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 10
        RowLayout {
            Label {
                text: qsTr("Preview — %1").arg(Storyboard.title)
                font.pixelSize: 22
                color: Theme.text
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            ComboBox { id: size; model: [720, 1080, 480, 360]; implicitWidth: 90 }
            Button {
                objectName: "exportServer"
                text: qsTr("Export MP4")
                highlighted: true
                enabled: !App.readOnly && Preview.exportProgress < 0
                onClicked: Preview.export(size.currentValue)
            }
            Button {
                objectName: "exportHere"
                text: qsTr("Export here")
                enabled: Preview.exportProgress < 0
                onClicked: Preview.exportHere()
            }
        }
        RowLayout {
            visible: Preview.exportProgress >= 0
            ProgressBar {
                objectName: "exportProgress"
                Layout.fillWidth: true
                value: Math.max(0, Preview.exportProgress)
            }
            Label { text: Math.round(Math.max(0, Preview.exportProgress) * 100) + " %"; color: Theme.muted }
        }
        Label {
            visible: Preview.exportError !== ""
            text: qsTr("Export failed: %1").arg(Preview.exportError)
            color: "#ff9b9b"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: "black"
            radius: 6
            VideoOutput {
                id: screen
                anchors.fill: parent
            }
            Thumb {
                // the first frame until it plays (and where video cannot be drawn, offscreen)
                anchors.fill: parent
                visible: player.playbackState !== MediaPlayer.PlayingState && Preview.poster !== ""
                source: Preview.poster
                fillMode: Image.PreserveAspectFit
            }
            Label {
                anchors.centerIn: parent
                visible: Preview.video === ""
                text: qsTr("No video yet: generate every shot, then “Export MP4”.")
                color: Theme.muted
            }
        }
        RowLayout {
            Button {
                objectName: "play"
                text: player.playbackState === MediaPlayer.PlayingState ? qsTr("Pause") : qsTr("Play")
                enabled: Preview.video !== ""
                onClicked: player.playbackState === MediaPlayer.PlayingState ? player.pause() : player.play()
            }
            Label { text: clock(player.position) + " / " + clock(player.duration); color: Theme.muted }
            Slider {
                id: seek
                objectName: "seek"
                Layout.fillWidth: true
                from: 0
                to: Math.max(1, player.duration)
                value: player.position
                enabled: player.seekable
                onMoved: player.position = value
            }
            Label { text: qsTr("Volume"); color: Theme.muted }
            Slider { id: volume; from: 0; to: 1; value: 0.8; implicitWidth: 120 }
            Button {
                objectName: "saveFrame"
                text: qsTr("Save frame")
                enabled: Preview.video !== ""
                onClicked: Preview.saveFrame((player.position / 1000).toString())
            }
        }
    }
}
