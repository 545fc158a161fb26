import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

// Status enquiry by case number (the number on the slip). No personal data is shown.
Page {
    title: qsTr("Check an application")
    help: qsTr("Type the case number printed on your slip.")

    KField {
        id: number
        fieldId: "case_number"
        Layout.fillWidth: true
        label: qsTr("Case number")
        problem: flow.statusError === "invalid" ? qsTr("This is not a valid case number. Please check it.")
               : flow.statusError === "not_found" ? qsTr("No application with this number was made here.") : ""
    }
    KButton {
        objectName: "checkStatus"
        Layout.fillWidth: true
        primary: true
        text: qsTr("Check")
        onClicked: flow.checkStatus(number.text)
    }
    KButton {
        objectName: "scanSlip"
        Layout.fillWidth: true
        visible: !flow.qrScanning
        text: qsTr("Or hold the QR code on your slip to the camera")
        onClicked: flow.scanSlipCode()
    }
    RowLayout {
        Layout.fillWidth: true
        visible: flow.qrScanning
        spacing: app.sizes.spacing * 2
        Rectangle {
            Layout.preferredWidth: app.sizes.touch * 6
            Layout.preferredHeight: app.sizes.touch * 6 * 0.75
            color: "#000000"
            Image {
                anchors.fill: parent
                fillMode: Image.PreserveAspectFit
                cache: false
                source: flow.qrScanning ? "image://camera/" + flow.previewSerial : ""
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            KText { Layout.fillWidth: true; text: qsTr("Looking for the QR code…") }
            KText {
                Layout.fillWidth: true
                visible: text !== "" && flow.cameraState !== "connected"
                text: Words.camera(flow.cameraState)
                color: app.colors.danger
            }
            KButton { text: qsTr("Stop"); onClicked: flow.stopSlipScan() }
        }
    }
    NotAvailable {
        Layout.fillWidth: true
        visible: flow.unavailable.cases !== undefined
        what: qsTr("looking up applications")
        detail: flow.unavailable.cases || ""
    }
    ColumnLayout {
        objectName: "statusResult"
        Layout.fillWidth: true
        visible: (flow.caseStatus.case_number || "") !== ""
        KTitle { Layout.fillWidth: true; text: flow.caseStatus.service || "" }
        KText { Layout.fillWidth: true; text: qsTr("Case number: %1").arg(flow.caseStatus.case_number || "") }
        KText { Layout.fillWidth: true; text: qsTr("Status: %1").arg(Words.caseState(flow.caseStatus.state || "")); font.bold: true }
        KText {
            Layout.fillWidth: true
            visible: (flow.caseStatus.promised_date || "") !== ""
            text: qsTr("Promised by: %1").arg(flow.caseStatus.promised_date || "")
        }
        KText { Layout.fillWidth: true; text: Words.nextStep(flow.caseStatus.state || "") }
    }

    navigation: [
        KButton { text: qsTr("Back"); onClicked: app.endSession("cancel") },
        Item { Layout.fillWidth: true }
    ]
}
