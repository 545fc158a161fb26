import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Item {
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width * 0.7, app.sizes.touch * 12)
        spacing: app.sizes.spacing * 2
        KTitle { Layout.fillWidth: true; text: qsTr("Counter sign-in") }
        // Which hall and window this terminal serves (the terminal's config): the clerk
        // signs in to this window, and the slips name it.
        KText {
            objectName: "loginWhere"
            Layout.fillWidth: true
            text: qsTr("%1 · Window %2").arg(app.hallName).arg(app.window)
            color: app.colors.muted
        }
        TrainingHint { Layout.fillWidth: true; role: "clerk" }
        KField { id: user; fieldId: "username"; Layout.fillWidth: true; label: qsTr("User name") }
        KField { id: pin; fieldId: "pin"; Layout.fillWidth: true; label: qsTr("PIN"); echoMode: TextInput.Password
                 inputMethodHints: Qt.ImhDigitsOnly }
        KText {
            objectName: "loginError"
            Layout.fillWidth: true
            visible: text !== ""
            text: Words.login(flow.loginError)
            color: app.colors.danger
        }
        KButton {
            objectName: "signIn"
            Layout.fillWidth: true
            primary: true
            text: qsTr("Sign in")
            onClicked: flow.login(user.text, pin.text)
        }
        KButton {
            objectName: "technician"
            Layout.fillWidth: true
            text: qsTr("Technician")
            onClicked: app.technicianLogin()
        }
    }
}
