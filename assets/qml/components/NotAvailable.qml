import QtQuick
import QtQuick.Layouts

// A part of the system this step needs is not available: said plainly, nothing invented.
Rectangle {
    id: na
    property string detail: ""
    property string what: ""
    implicitHeight: col.implicitHeight + app.sizes.spacing * 2
    color: app.colors.panel
    border.color: app.colors.danger
    border.width: 2
    radius: 4
    ColumnLayout {
        id: col
        anchors.fill: parent
        anchors.margins: app.sizes.spacing
        KText {
            Layout.fillWidth: true
            text: na.what !== "" ? qsTr("Not available on this terminal: %1").arg(na.what)
                                 : qsTr("Not available on this terminal.")
            color: app.colors.danger
            font.bold: true
        }
        KText {
            Layout.fillWidth: true
            visible: app.mode !== "self-service" && na.detail !== ""
            text: na.detail
            color: app.colors.muted
        }
        KText {
            Layout.fillWidth: true
            visible: app.mode === "self-service"
            text: qsTr("Please ask a member of staff for help.")
        }
    }
}
