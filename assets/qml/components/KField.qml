import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A labelled text field; `problem` is the core's verdict in words (empty when fine).
ColumnLayout {
    id: field
    property alias label: caption.text
    property alias text: input.text
    property alias echoMode: input.echoMode
    property alias inputMethodHints: input.inputMethodHints
    property string problem: ""
    property string fieldId: ""
    signal edited(string value)
    spacing: app.sizes.spacing / 2

    KText { id: caption; Layout.fillWidth: true; font.bold: true }
    TextField {
        id: input
        objectName: "input_" + field.fieldId
        Layout.fillWidth: true
        Layout.preferredHeight: app.sizes.touch
        font.pixelSize: app.sizes.font
        color: app.colors.fg
        background: Rectangle {
            color: app.colors.panel
            border.color: field.problem ? app.colors.danger : app.colors.border
            border.width: 2
            radius: 4
        }
        onEditingFinished: field.edited(text)
        onActiveFocusChanged: if (activeFocus) revealTimer.restart()
        Accessible.name: caption.text
    }
    // Keep the field in view above the on-screen keyboard (after the keyboard has opened).
    Timer { id: revealTimer; interval: 350; onTriggered: field.reveal() }
    function reveal() {
        var f = field.parent
        while (f && !(f instanceof Flickable)) f = f.parent
        if (!f) return
        var y = field.mapToItem(f.contentItem, 0, 0).y
        if (y + field.height > f.contentY + f.height) f.contentY = Math.min(y + field.height - f.height, Math.max(0, f.contentHeight - f.height))
        else if (y < f.contentY) f.contentY = y
    }
    KText {
        Layout.fillWidth: true
        visible: field.problem !== ""
        text: field.problem
        color: app.colors.danger
    }
}
