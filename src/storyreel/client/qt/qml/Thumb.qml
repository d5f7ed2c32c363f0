import QtQuick
import StoryReel.ViewModels

// An image loaded off the UI thread at the size it is shown; tells the app while it loads
// (the app waits for none loading before a screenshot).
Image {
    property bool counted: false
    property string countedSource: ""  // what it counted, to say which image never came
    asynchronous: true
    sourceSize.width: Math.max(1, Math.round(width))
    sourceSize.height: Math.max(1, Math.round(height))
    onStatusChanged: {
        if (status === Image.Loading && !counted) {
            counted = true
            countedSource = String(source)
            App.imageLoading(1, countedSource)
        } else if (status !== Image.Loading && counted) {
            counted = false
            App.imageLoading(-1, countedSource)
        }
    }
    Component.onDestruction: if (counted) App.imageLoading(-1, countedSource)
}
