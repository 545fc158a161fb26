import QtQuick
import QtQuick.Layouts
import "words.js" as Words

// Counter: the screen locks after the idle time; the clerk's PIN unlocks it and the
// citizen's details stay as they were. Signing out instead wipes them.
Rectangle {
    objectName: "lockOverlay"
    visible: flow.locked
    color: app.colors.bg
    MouseArea { anchors.fill: parent }   // modal: nothing behind it can be touched or read

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width * 0.7, app.sizes.touch * 12)
        spacing: app.sizes.spacing * 2
        KTitle { Layout.fillWidth: true; text: qsTr("Screen locked") }
        KText {
            Layout.fillWidth: true
            text: qsTr("Window %1 · %2. The citizen's details are kept. Enter your PIN to continue.")
                  .arg(app.window).arg(flow.operatorName)
        }
        KField {
            id: pin
            fieldId: "unlockPin"
            Layout.fillWidth: true
            label: qsTr("PIN")
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly
        }
        KText {
            objectName: "unlockError"
            Layout.fillWidth: true
            visible: text !== ""
            text: Words.login(flow.unlockError)
            color: app.colors.danger
        }
        KButton {
            objectName: "unlock"
            Layout.fillWidth: true
            primary: true
            text: qsTr("Unlock")
            onClicked: { flow.unlock(pin.text); pin.text = "" }
        }
        KButton {
            objectName: "lockSignOut"
            Layout.fillWidth: true
            text: qsTr("Sign out (clears the citizen's details)")
            onClicked: { pin.text = ""; flow.logout() }
        }
    }
}
