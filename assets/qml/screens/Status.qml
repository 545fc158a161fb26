import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

// Status enquiry: by the citizen's ID card (or passport chip), which lists all their
// cases here, or by the case number on the slip (typed or its QR code). No personal data
// is shown; leaving the screen wipes the session.
Page {
    title: qsTr("Check an application")
    // At the counter the clerk reads these lines: the clerk's wording there, the citizen's in self-service.
    help: app.mode === "counter"
          ? qsTr("The citizen's ID card is read as soon as it is placed on the reader (or touch the button). Or type the case number printed on the slip.")
          : qsTr("Place your ID card on the reader: it is read at once (or touch the button). Or type the case number printed on your slip.")

    KButton {
        objectName: "statusReadCard"
        Layout.fillWidth: true
        primary: true
        enabled_: flow.cardState !== "reading"
        text: app.mode === "counter" ? qsTr("Read the ID card") : qsTr("Read my ID card")
        onClicked: flow.statusByIdCard()
    }
    ChipPanel {
        Layout.fillWidth: true
        visible: flow.chipPresent
        action: app.mode === "counter" ? qsTr("Show the citizen's applications") : qsTr("Show my applications")
        onRead: (documentNumber, birthDate, expiryDate) => flow.statusByChip(documentNumber, birthDate, expiryDate)
    }
    KText {
        objectName: "statusCardState"
        Layout.fillWidth: true
        visible: text !== ""
        text: flow.cardState === "unavailable" ? "" : Words.card(flow.cardState, app.mode === "counter")
        color: flow.cardState === "reading" ? app.colors.fg : app.colors.danger
    }
    NotAvailable {
        Layout.fillWidth: true
        visible: flow.cardState === "unavailable"
        what: qsTr("reading ID cards")
        detail: flow.unavailable.cards || ""
    }
    ColumnLayout {
        id: citizenCases
        objectName: "citizenCases"
        Layout.fillWidth: true
        visible: flow.citizenLookedUp
        spacing: app.sizes.spacing
        // The answer comes into view (it may be below the chip panel the citizen just used).
        onVisibleChanged: if (visible) revealTimer.restart()
        Timer { id: revealTimer; interval: 20; onTriggered: citizenCases.reveal() }   // after the layout has placed it
        Connections {            // other words, other line breaks: keep the answer in view
            target: app
            function onLanguageChanged() { if (citizenCases.visible) revealTimer.restart() }
        }
        function reveal() {
            for (var p = citizenCases; p; p = p.parent) if (p.forceLayout) p.forceLayout()   // positions now, not at the next frame
            var f = citizenCases.parent
            while (f && !(f instanceof Flickable)) f = f.parent
            if (!f) return
            var y = citizenCases.mapToItem(f.contentItem, 0, 0).y
            f.contentY = Math.max(0, Math.min(y - app.sizes.spacing, f.contentHeight - f.height))
        }
        KTitle {
            Layout.fillWidth: true
            visible: flow.citizenCases.length > 0
            text: (app.mode === "counter" ? qsTr("The citizen's applications made here (%1)")
                                          : qsTr("Your applications made here (%1)")).arg(flow.citizenCases.length)
        }
        KText {
            objectName: "noCitizenCases"
            Layout.fillWidth: true
            visible: flow.citizenCases.length === 0
            font.bold: true
            text: qsTr("No applications made with this card were found at this terminal.")
        }
        Repeater {
            model: flow.citizenCases
            Rectangle {
                required property var modelData
                required property int index
                objectName: "citizenCase_" + index
                Layout.fillWidth: true
                implicitHeight: caseCol.implicitHeight + app.sizes.spacing * 2
                color: app.colors.panel
                border.color: modelData.state === "needs_more" || modelData.state === "rejected" ? app.colors.danger : app.colors.border
                border.width: 2
                radius: 4
                ColumnLayout {
                    id: caseCol
                    anchors.fill: parent
                    anchors.margins: app.sizes.spacing
                    KText { Layout.fillWidth: true; text: modelData.service; font.bold: true }
                    KText { Layout.fillWidth: true; wrapMode: Text.WrapAnywhere
                            text: qsTr("Case number: %1").arg(modelData.case_number) }
                    KText { Layout.fillWidth: true; text: qsTr("Status: %1").arg(Words.caseState(modelData.state)) }
                    KText {
                        Layout.fillWidth: true
                        visible: modelData.promised_date !== "" && modelData.state !== "completed"
                                 && modelData.state !== "rejected" && modelData.state !== "withdrawn"
                        text: qsTr("Promised by: %1").arg(modelData.promised_date)
                    }
                    KText { Layout.fillWidth: true; visible: text !== ""; text: Words.nextStep(modelData.state); color: app.colors.muted }
                }
            }
        }
    }
    KText { Layout.fillWidth: true; text: app.mode === "counter" ? qsTr("Or the case number on the slip:") : qsTr("Or the case number on your slip:"); font.bold: true }

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
        text: app.mode === "counter" ? qsTr("Or hold the slip's QR code to the camera") : qsTr("Or hold the QR code on your slip to the camera")
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
        KButton { objectName: "statusBack"; text: qsTr("Back"); onClicked: app.endSession(app.mode === "counter" ? "next" : "cancel") },
        Item { Layout.fillWidth: true }
    ]
}
