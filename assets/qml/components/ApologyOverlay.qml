import QtQuick
import QtQuick.Layouts

// Something went wrong: never a traceback. The session was already wiped and logged.
Rectangle {
    objectName: "apologyOverlay"
    visible: app.apology
    color: app.colors.bg
    MouseArea { anchors.fill: parent }
    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width * 0.8
        spacing: app.sizes.spacing * 2
        KTitle { Layout.fillWidth: true; text: qsTr("Sorry, something went wrong.") }
        KText {
            Layout.fillWidth: true
            text: qsTr("For your privacy, everything you entered has been cleared. Please start again, or ask a member of staff for help.")
        }
        KButton {
            objectName: "startAgain"
            Layout.fillWidth: true
            primary: true
            text: qsTr("Start again")
            onClicked: app.dismissApology()
        }
    }
}
