import QtQuick
import QtQuick.Layouts

// After a minute without input: a 30 s countdown and "I need more time" (WCAG 2.2.1).
Rectangle {
    objectName: "idleOverlay"
    visible: idle.warning
    color: "#cc000000"
    MouseArea { anchors.fill: parent }   // modal: taps behind it do nothing

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width * 0.8, app.sizes.touch * 14)
        height: col.implicitHeight + app.sizes.spacing * 4
        color: app.colors.panel
        border.color: app.colors.border
        radius: app.sizes.spacing
        ColumnLayout {
            id: col
            anchors.fill: parent
            anchors.margins: app.sizes.spacing * 2
            spacing: app.sizes.spacing * 2
            KTitle { Layout.fillWidth: true; text: qsTr("Do you need more time?") }
            KText {
                Layout.fillWidth: true
                text: app.mode === "counter"
                      ? qsTr("This screen will lock in %n second(s). The citizen's details stay; your PIN unlocks it.", "", idle.secondsLeft)
                      : qsTr("For your privacy, this screen will be cleared in %n second(s) and what you entered will be deleted.", "", idle.secondsLeft)
            }
            KButton {
                objectName: "moreTime"
                Layout.fillWidth: true
                primary: true
                text: qsTr("I need more time")
                onClicked: idle.extend()
            }
            KButton {
                Layout.fillWidth: true
                objectName: "idleFinish"
                text: app.mode === "counter" ? qsTr("Lock now") : qsTr("Finish and clear now")
                onClicked: app.mode === "counter" ? flow.lock() : app.endSession("finished")
            }
        }
    }
}
