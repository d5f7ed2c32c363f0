import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia
import StoryReel.ViewModels

Item {
    id: page
    // "animatic": the storyboard played at once from its pictures and narration;
    // "video": the exported MP4
    readonly property string mode: Preview.mode
    property real pxPerSecond: 40

    function clock(ms) {
        const s = Math.floor(ms / 1000)
        return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2)
    }

    MediaPlayer {
        id: player
        objectName: "player"
        source: Preview.video
        videoOutput: screen
        audioOutput: AudioOutput { volume: volume.value }
        onPositionChanged: Preview.reportPosition(position)
    }

    // The animatic's clock runs on wall time; its narration track follows it (and is put
    // back in step when it drifts), so pictures play even where there is no sound device.
    QtObject {
        id: animatic
        objectName: "animatic"
        property real clockMs: 0
        property bool playing: false
        property real startWall: 0
        property real startClock: 0
        // (it names animaticShots so that a new animatic draws again, the clock standing still)
        property var frame: (Preview.animaticShots, Preview.frameAt(clockMs))
        readonly property real durationMs: Preview.animaticDuration * 1000

        function play() {
            if (clockMs >= durationMs - 40) clockMs = 0
            startWall = Date.now()
            startClock = clockMs
            voice.position = clockMs
            voice.play()
            playing = true
        }
        function pause() {
            playing = false
            voice.pause()
        }
        function toggle() { playing ? pause() : play() }
        function seek(ms) {
            clockMs = Math.max(0, Math.min(durationMs, ms))
            startClock = clockMs
            startWall = Date.now()
            voice.position = clockMs
        }
        function tick() {
            clockMs = Math.min(durationMs, startClock + Date.now() - startWall)
            if (clockMs >= durationMs) pause()
            else if (voice.playbackState === MediaPlayer.PlayingState
                     && Math.abs(voice.position - clockMs) > 200) voice.position = clockMs
        }
    }
    MediaPlayer {
        id: voice
        source: Preview.animaticAudio
        audioOutput: AudioOutput { volume: volume.value }
    }
    Timer {
        interval: 33
        repeat: true
        running: animatic.playing
        onTriggered: animatic.tick()
    }
    Connections {
        target: App
        function onPageChanged() { if (App.page !== "preview") { animatic.pause(); player.pause() } }
    }

    // Space plays and pauses (while this page is shown)
    Shortcut {
        sequence: "Space"
        enabled: App.page === "preview"
        onActivated: page.mode === "animatic" ? animatic.toggle()
            : (player.playbackState === MediaPlayer.PlayingState ? player.pause() : player.play())
    }

    Connections {
        target: Preview
        function onPlayRequested() { page.mode === "animatic" ? animatic.play() : player.play() }
        function onPauseRequested() { animatic.pause(); player.pause() }
    }

    // a keyframe moving as the export moves it: zoom, and the view's place in the margin
    component Still: Image {
        property real zoom: 1
        property real fx: 0.5
        property real fy: 0.5
        width: parent.width * zoom
        height: parent.height * zoom
        x: -(width - parent.width) * fx
        y: -(height - parent.height) * fy
        fillMode: Image.PreserveAspectCrop
        smooth: true
        cache: true
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
            Row {
                objectName: "previewMode"
                property int currentIndex: page.mode === "animatic" ? 0 : 1
                spacing: 2
                Button {
                    text: qsTr("Animatic")
                    highlighted: page.mode === "animatic"
                    onClicked: { player.pause(); Preview.setMode("animatic") }
                }
                Button {
                    text: qsTr("Video")
                    highlighted: page.mode === "video"
                    onClicked: { animatic.pause(); Preview.setMode("video") }
                }
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
            // how the export looks and sounds (the animatic follows the transition)
            spacing: 8
            Label { text: qsTr("Transition"); color: Theme.muted }
            ComboBox {
                objectName: "exportTransition"
                textRole: "text"
                valueRole: "value"
                implicitWidth: 140
                model: [
                    { value: "crossfade", text: qsTr("crossfade") },
                    { value: "cut", text: qsTr("cut") },
                    { value: "dip", text: qsTr("dip to black") },
                    { value: "slide", text: qsTr("slide") },
                    { value: "zoom", text: qsTr("zoom") }
                ]
                currentIndex: Math.max(0, indexOfValue(Preview.transition))
                onActivated: Preview.setTransition(currentValue)
            }
            Label { text: qsTr("Subtitles"); color: Theme.muted }
            ComboBox {
                objectName: "exportSubtitles"
                textRole: "text"
                valueRole: "value"
                implicitWidth: 130
                model: [
                    { value: "outline", text: qsTr("outline") },
                    { value: "shadow", text: qsTr("shadow") },
                    { value: "box", text: qsTr("box") }
                ]
                currentIndex: Math.max(0, indexOfValue(Preview.subtitlePreset))
                onActivated: Preview.setSubtitlePreset(currentValue)
            }
            CheckBox {
                objectName: "exportHighlight"
                text: qsTr("Highlight each word")
                checked: Preview.highlightWords
                onToggled: Preview.setHighlightWords(checked)
            }
            Label { text: qsTr("For editors"); color: Theme.muted }
            ComboBox {
                id: documentKind
                objectName: "documentKind"
                implicitWidth: 100
                model: Preview.documentKinds
            }
            Button {
                objectName: "makeDocuments"
                text: qsTr("Make")
                enabled: !App.readOnly && Preview.video !== ""
                onClicked: Preview.makeDocuments(documentKind.currentText)
            }
            Label { text: qsTr("Music"); color: Theme.muted }
            ComboBox {
                objectName: "exportMusic"
                implicitWidth: 110
                model: [qsTr("none")].concat(Preview.musicNames)
                currentIndex: Math.max(0, Preview.musicNames.indexOf(Preview.music) + 1)
                onActivated: Preview.setMusic(currentIndex === 0 ? "" : Preview.musicNames[currentIndex - 1])
            }
            Item { Layout.fillWidth: true }
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
            objectName: "madeIn"
            visible: text !== "" && Preview.exportProgress < 0
            text: Words.madeIn(Preview.madeIn)
            color: Theme.muted
            wrapMode: Text.Wrap
            Layout.fillWidth: true
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
            clip: true
            // the exported video
            VideoOutput {
                id: screen
                anchors.fill: parent
                visible: page.mode === "video"
            }
            Thumb {
                // the first frame until it plays (and where video cannot be drawn, offscreen)
                anchors.fill: parent
                visible: page.mode === "video" && player.playbackState !== MediaPlayer.PlayingState
                         && Preview.poster !== ""
                source: Preview.poster
                fillMode: Image.PreserveAspectFit
            }
            Label {
                anchors.centerIn: parent
                visible: page.mode === "video" && Preview.video === ""
                text: qsTr("No video yet: generate every shot, then “Export MP4”.")
                color: Theme.muted
            }
            // the animatic: the frame in the project's aspect, crossfades as the export has them
            Item {
                objectName: "animaticScreen"
                visible: page.mode === "animatic"
                anchors.centerIn: parent
                width: Math.min(parent.width, parent.height * Preview.aspectRatio)
                height: width / Preview.aspectRatio
                clip: true
                Rectangle { anchors.fill: parent; color: Theme.card }
                // a transition as the export draws it: crossfade, dip (to black and back),
                // slide (the next shot pushes this one out to the left), zoom (this one
                // grows while the next fades in); a cut has none
                Item {
                    property real blend: animatic.frame.blend || 0
                    property string effect: animatic.frame.effect || ""
                    anchors.fill: parent
                    Item {
                        width: parent.width
                        height: parent.height
                        x: parent.effect === "slide" ? -parent.blend * parent.width : 0
                        scale: parent.effect === "zoom" ? 1 + parent.blend : 1
                        Still {
                            source: animatic.frame.image || ""
                            zoom: animatic.frame.zoom || 1
                            fx: animatic.frame.x || 0.5
                            fy: animatic.frame.y || 0.5
                        }
                    }
                    Item {
                        objectName: "animaticNext"
                        visible: parent.blend > 0
                        width: parent.width
                        height: parent.height
                        x: parent.effect === "slide" ? (1 - parent.blend) * parent.width : 0
                        opacity: parent.effect === "slide" ? 1
                                 : parent.effect === "dip" ? (parent.blend < 0.5 ? 0 : 1)
                                 : parent.blend
                        Still {
                            source: animatic.frame.nextImage || ""
                            zoom: animatic.frame.nextZoom || 1
                            fx: animatic.frame.nextX || 0.5
                            fy: animatic.frame.nextY || 0.5
                        }
                    }
                    Rectangle {
                        objectName: "animaticDip"
                        anchors.fill: parent
                        color: "black"
                        visible: parent.effect === "dip"
                        opacity: 1 - Math.abs(2 * parent.blend - 1)
                    }
                }
                Label {
                    objectName: "animaticSubtitle"
                    anchors.bottom: parent.bottom
                    // as the export places them (SubtitleLayout.margin_v): above the bottom
                    // fifth of an upright video, where phone apps draw their buttons
                    anchors.bottomMargin: parent.height * (parent.height > parent.width ? 0.2 : 0.06)
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: parent.width * 0.86
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    text: animatic.frame.subtitle
                    color: "white"
                    style: Text.Outline
                    styleColor: "black"
                    font.pixelSize: Math.max(14, parent.height / 22)
                }
            }
            Label {
                anchors.centerIn: parent
                visible: page.mode === "animatic" && Preview.animaticShots.length === 0
                text: qsTr("The animatic appears once the storyboard has shots.")
                color: Theme.muted
            }
        }
        RowLayout {
            Button {
                objectName: "play"
                text: (page.mode === "animatic" ? animatic.playing
                       : player.playbackState === MediaPlayer.PlayingState) ? qsTr("Pause") : qsTr("Play")
                enabled: page.mode === "animatic" ? Preview.animaticShots.length > 0 : Preview.video !== ""
                onClicked: page.mode === "animatic" ? animatic.toggle()
                    : (player.playbackState === MediaPlayer.PlayingState ? player.pause() : player.play())
            }
            Label {
                text: page.mode === "animatic"
                      ? clock(animatic.clockMs) + " / " + clock(animatic.durationMs)
                      : clock(player.position) + " / " + clock(player.duration)
                color: Theme.muted
            }
            Slider {
                id: seek
                objectName: "seek"
                Layout.fillWidth: true
                from: 0
                to: page.mode === "animatic" ? Math.max(1, animatic.durationMs) : Math.max(1, player.duration)
                value: page.mode === "animatic" ? animatic.clockMs : player.position
                enabled: page.mode === "animatic" || player.seekable
                onMoved: page.mode === "animatic" ? animatic.seek(value) : player.position = value
            }
            Label { text: qsTr("Volume"); color: Theme.muted }
            Slider { id: volume; from: 0; to: 1; value: 0.8; implicitWidth: 120 }
            Button {
                objectName: "saveFrame"
                text: qsTr("Save frame")
                visible: page.mode === "video"
                enabled: Preview.video !== ""
                onClicked: Preview.saveFrame((player.position / 1000).toString())
            }
        }
        // the strip: each shot as long as it lasts, its narration's waveform, a handle on its
        // right edge to trim it (it never gets shorter than its narration)
        Flickable {
            id: strip
            objectName: "animaticStrip"
            Layout.fillWidth: true
            implicitHeight: 104
            contentWidth: Math.max(width, Preview.animaticDuration * page.pxPerSecond + 20)
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.horizontal: ScrollBar {}
            Repeater {
                model: Preview.animaticShots
                delegate: Rectangle {
                    id: cell
                    required property var modelData
                    property real dragLength: -1
                    readonly property real shown: dragLength >= 0 ? dragLength : modelData.length
                    readonly property bool current: animatic.frame.index === modelData.number - 1
                    x: modelData.start * page.pxPerSecond
                    y: 2
                    width: Math.max(12, (modelData.span + shown - modelData.length) * page.pxPerSecond - 3)
                    height: 88
                    radius: 4
                    color: Theme.card
                    border.color: current ? Theme.accent : Theme.border
                    border.width: current ? 2 : 1
                    clip: true
                    Image {
                        x: 4; y: 4
                        height: 40
                        width: height * Preview.aspectRatio
                        source: cell.modelData.image
                        fillMode: Image.PreserveAspectCrop
                        sourceSize.height: 80
                    }
                    Label {
                        x: 4 + 40 * Preview.aspectRatio + 6; y: 4
                        width: parent.width - x - 12
                        text: "#" + cell.modelData.number + " · " + cell.shown.toFixed(1) + " s"
                              + (cell.modelData.trimmed ? " ✂" : "")
                        color: Theme.text
                        font.pixelSize: 12
                        elide: Text.ElideRight
                    }
                    Row {  // the narration's waveform under the shot
                        anchors.bottom: parent.bottom
                        anchors.bottomMargin: 4
                        x: 4
                        width: parent.width - 14
                        height: 34
                        Repeater {
                            model: cell.modelData.peaks
                            Item {
                                required property real modelData
                                width: parent.width / cell.modelData.peaks.length
                                height: parent.height
                                Rectangle {
                                    anchors.bottom: parent.bottom
                                    width: Math.max(1, parent.width - 1)
                                    height: Math.max(1, parent.modelData * parent.height)
                                    color: Theme.accent
                                    opacity: 0.7
                                }
                            }
                        }
                    }
                    MouseArea {
                        anchors.fill: parent
                        anchors.rightMargin: 10
                        onClicked: animatic.seek(cell.modelData.start * 1000 + 1)
                    }
                    Rectangle {  // the trim handle
                        objectName: "trimHandle"
                        anchors.right: parent.right
                        width: 10
                        height: parent.height
                        color: trimArea.containsMouse || trimArea.pressed ? Theme.accent : Theme.border
                        opacity: App.readOnly ? 0.3 : 1
                        MouseArea {
                            id: trimArea
                            anchors.fill: parent
                            hoverEnabled: true
                            enabled: !App.readOnly
                            cursorShape: Qt.SizeHorCursor
                            property real pressX: 0
                            onPressed: (mouse) => { pressX = mapToItem(strip.contentItem, mouse.x, 0).x }
                            onPositionChanged: (mouse) => {
                                if (!pressed) return
                                const dx = mapToItem(strip.contentItem, mouse.x, 0).x - pressX
                                cell.dragLength = Math.max(cell.modelData.min,
                                                           cell.modelData.length + dx / page.pxPerSecond)
                            }
                            onReleased: {
                                if (cell.dragLength >= 0) Preview.trim(cell.modelData.shot, cell.dragLength)
                                cell.dragLength = -1
                            }
                        }
                    }
                }
            }
            Rectangle {  // the playhead
                objectName: "playhead"
                visible: page.mode === "animatic"
                x: animatic.clockMs / 1000 * page.pxPerSecond
                width: 2
                height: 92
                color: "white"
            }
        }
        Label {
            text: qsTr("Drag a shot's right edge to make it last longer; Ctrl+Z takes it back.")
            color: Theme.muted
            font.pixelSize: 12
        }
    }
}
