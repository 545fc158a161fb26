import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    title: qsTr("Application received")
    help: qsTr("Keep your slip. You can check the status with your case number at any terminal.")

    KText { Layout.fillWidth: true; text: qsTr("Your case number"); font.bold: true }
    KTitle { objectName: "caseNumber"; Layout.fillWidth: true; text: flow.done.case_number || "" }
    KText {
        Layout.fillWidth: true
        visible: (flow.done.promised_date || "") !== ""
        text: qsTr("Promised by: %1").arg(flow.done.promised_date || "")
    }
    KText { Layout.fillWidth: true; text: Words.printing(flow.printState) }
    KText {
        Layout.fillWidth: true
        text: qsTr("What happens next: the department checks your application. If anything is missing, they will tell you everything at once.")
    }

    navigation: [
        Item { Layout.fillWidth: true },
        KButton {
            objectName: "finish"
            primary: true
            text: app.mode === "counter" ? qsTr("Next citizen") : qsTr("Finish")
            onClicked: app.mode === "counter" ? flow.nextCitizen() : app.endSession("done")
        }
    ]
}
