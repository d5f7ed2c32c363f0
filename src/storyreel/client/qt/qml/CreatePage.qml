import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import QtMultimedia
import StoryReel.ViewModels

Item {
    readonly property int storyLimit: 20000

    MediaPlayer {
        id: sample
        objectName: "voiceSample"
        audioOutput: AudioOutput {}
    }

    Connections {
        target: Create
        function onCreated() { title.text = ""; story.text = ""; style.text = "" }
        function onPlaySample(url) { sample.source = url; sample.play() }
    }

    FileDialog {
        id: openFile
        title: qsTr("Open a story (UTF-8 text)")
        nameFilters: [qsTr("Text files (*.txt *.md)"), qsTr("All files (*)")]
        onAccepted: {
            const text = Create.readStory(selectedFile.toString())
            if (text !== "") story.text = text
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 10
        Label { text: qsTr("New story"); font.pixelSize: 22; color: Theme.text }
        TextField {
            color: Theme.text
            placeholderTextColor: Theme.muted
            background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 4 }
            id: title
            objectName: "title"
            Layout.fillWidth: true
            placeholderText: qsTr("Title")
            maximumLength: 200
        }
        RowLayout {
            Layout.fillWidth: true
            Label { text: qsTr("Story"); color: Theme.muted; Layout.fillWidth: true }
            Label {
                text: qsTr("%1 / %2 characters").arg(story.length).arg(storyLimit)
                color: story.length > storyLimit ? Theme.warning : Theme.muted
            }
            Button { text: qsTr("Open file…"); onClicked: openFile.open() }
        }
        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            TextArea {
                color: Theme.text
                placeholderTextColor: Theme.muted
                id: story
                objectName: "story"
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("Paste your story here (English or Chinese).")
                background: Rectangle { color: Theme.panel; radius: 4 }
                onTextChanged: estimateSoon.restart()
            }
        }
        Timer {  // how long it will take, asked of the server once typing pauses
            id: estimateSoon
            interval: 800
            onTriggered: Create.estimate(story.text, language.currentValue, aspect.currentText)
        }
        GridLayout {
            columns: 4
            columnSpacing: 16
            Label { text: qsTr("Language"); color: Theme.muted }
            Label { text: qsTr("Aspect ratio"); color: Theme.muted }
            Label { text: qsTr("Voice"); color: Theme.muted }
            Label { text: qsTr("Style"); color: Theme.muted }
            ComboBox {
                id: language
                objectName: "language"
                textRole: "text"
                valueRole: "value"
                model: [
                    { value: "auto", text: qsTr("detect from the story") },
                    { value: "en", text: qsTr("English") },
                    { value: "zh", text: qsTr("Chinese") }
                ]
                implicitWidth: 200
            }
            ComboBox { id: aspect; objectName: "aspect"; model: Create.aspects }
            RowLayout {  // the voice and ▶ to hear it: one cell of the grid
                spacing: 4
                ComboBox {
                    id: voice
                    objectName: "voice"
                    textRole: "text"
                    valueRole: "value"
                    model: [{ value: "", text: qsTr("the language's default voice"), language: "" }]
                           .concat(Create.voices.filter(v => language.currentValue === "auto"
                                                             || v.language === language.currentValue))
                    implicitWidth: 320
                }
                Button {
                    objectName: "playVoice"
                    text: sample.playbackState === MediaPlayer.PlayingState ? "■" : "▶"
                    enabled: voice.currentValue !== "" && !App.readOnly
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Hear this voice")
                    onClicked: sample.playbackState === MediaPlayer.PlayingState ? sample.stop()
                                                                                  : Create.playVoice(voice.currentValue)
                }
            }
            TextField {
                color: Theme.text
                placeholderTextColor: Theme.muted
                background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 4 }
                id: style
                objectName: "style"
                Layout.fillWidth: true
                placeholderText: qsTr("e.g. watercolour, soft light")
            }
        }
        RowLayout {  // only an idea: the server's LLM writes the story (when the story is empty)
            Layout.fillWidth: true
            Label { text: qsTr("Or a topic:"); color: Theme.muted }
            TextField {
                id: topic
                objectName: "topic"
                Layout.fillWidth: true
                enabled: story.text.trim() === ""
                color: Theme.text
                placeholderTextColor: Theme.muted
                placeholderText: qsTr("e.g. a lighthouse keeper's last night — an LLM writes the story")
                background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 4 }
            }
        }
        Label { text: qsTr("Cast (optional: read from the story when left empty)"); color: Theme.muted }
        TextArea {
            id: cast
            objectName: "cast"
            color: Theme.text
            placeholderTextColor: Theme.muted
            Layout.fillWidth: true
            Layout.preferredHeight: 64
            wrapMode: TextEdit.Wrap
            placeholderText: qsTr("One a line: Mei: a girl of twelve, long black hair, red coat")
            background: Rectangle { color: Theme.panel; border.color: Theme.border; radius: 4 }
        }
        RowLayout {
            Button {
                objectName: "createStoryboard"
                text: qsTr("Create storyboard")
                highlighted: true
                enabled: Create.busy === "" && !App.offline && story.length <= storyLimit
                onClicked: Create.createStoryboard(title.text, story.text, language.currentValue,
                                         aspect.currentText, voice.currentValue, style.text,
                                         cast.text, topic.text)
            }
            BusyIndicator { running: Create.busy !== ""; visible: running }
            Label { text: Create.busy; color: Theme.muted }
            Label {
                objectName: "estimate"
                visible: text !== "" && Create.busy === ""
                text: Words.expected(Create.expected)
                color: Theme.muted
                Layout.fillWidth: true
                wrapMode: Text.Wrap
            }
        }
    }
}
