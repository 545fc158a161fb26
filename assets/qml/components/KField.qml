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
        Accessible.name: caption.text
    }
    KText {
        Layout.fillWidth: true
        visible: field.problem !== ""
        text: field.problem
        color: app.colors.danger
    }
}
