pragma Singleton
import QtQuick

// How the pages word what the server counts: the stages of making a video, and times.
QtObject {
    function stageName(name) {
        switch (name) {
        case "storyboard": return qsTr("storyboard")
        case "keyframes": return qsTr("keyframes")
        case "narration": return qsTr("narration")
        case "export": return qsTr("export")
        }
        return name
    }

    // "storyboard 3 s, keyframes 20 s, ..." from [{name, seconds}]
    function stages(list) {
        return (list || []).map(s => qsTr("%1 %2 s").arg(stageName(s.name)).arg(s.seconds)).join(qsTr(", "))
    }

    // The Create page's line: what the server expects for the story (its note alone while
    // it has measured nothing).
    function expected(e) {
        if (e.seconds === undefined)
            return ""
        let line = e.seconds < 0 ? "" : qsTr("Expected: about %1 s to make %2 shots, %3 s of video (%4)")
                .arg(e.seconds).arg(e.shots).arg(e.video).arg(stages(e.stages))
        if (e.note)
            line += (line ? "; " : qsTr("Expected: ")) + e.note
        return line
    }

    // The Preview page's line: how long the server worked, beside what it expected.
    function madeIn(m) {
        if (m.seconds === undefined)
            return ""
        let line = qsTr("Made in %1 s of server work (%2)").arg(m.seconds).arg(stages(m.stages))
        if (m.expected !== undefined)
            line += qsTr("; expected about %1 s (%2%3 %)").arg(m.expected).arg(m.off > 0 ? "+" : "").arg(m.off)
        return line
    }
}
