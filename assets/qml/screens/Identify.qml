import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    title: qsTr("Who is applying?")
    help: qsTr("Place your ID card on the reader and touch the button, or type your details below.")

    KButton {
        objectName: "readCard"
        Layout.fillWidth: true
        primary: true
        enabled_: flow.cardState !== "reading"
        text: qsTr("Read my ID card")
        onClicked: flow.readIdCard()
    }
    NotAvailable {
        Layout.fillWidth: true
        visible: flow.cardState === "unavailable"
        what: qsTr("reading ID cards")
        detail: flow.unavailable.cards || ""
    }
    // Passport or chip ID card on the PC/SC reader: the chip opens with details from the MRZ.
    Rectangle {
        Layout.fillWidth: true
        visible: flow.chipPresent
        implicitHeight: chipCol.implicitHeight + app.sizes.spacing * 2
        color: app.colors.panel
        border.color: app.colors.border
        ColumnLayout {
            id: chipCol
            anchors.fill: parent
            anchors.margins: app.sizes.spacing
            KText { Layout.fillWidth: true; text: qsTr("A passport or chip card is on the reader. Type these details from its machine-readable lines:"); font.bold: true }
            KButton {
                objectName: "scanMrz"
                Layout.fillWidth: true
                visible: !flow.mrzScanning
                text: qsTr("Read these lines with the camera")
                onClicked: flow.scanMrz()
            }
            RowLayout {
                Layout.fillWidth: true
                visible: flow.mrzScanning
                spacing: app.sizes.spacing * 2
                Rectangle {
                    objectName: "mrzPreview"
                    Layout.preferredWidth: app.sizes.touch * 5
                    Layout.preferredHeight: app.sizes.touch * 5 * 0.75
                    color: "#000000"
                    Image {
                        anchors.fill: parent
                        fillMode: Image.PreserveAspectFit
                        cache: false
                        source: flow.mrzScanning ? "image://camera/" + flow.previewSerial : ""
                    }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.alignment: Qt.AlignTop
                    KText { Layout.fillWidth: true; text: qsTr("Lay the photo page face up under the camera…") }
                    KText {
                        Layout.fillWidth: true
                        visible: text !== "" && flow.cameraState !== "connected"
                        text: Words.camera(flow.cameraState)
                        color: app.colors.danger
                    }
                    KButton { objectName: "stopMrz"; text: qsTr("Stop"); onClicked: flow.stopMrzScan() }
                }
            }
            Connections {
                target: flow
                function onMrzFound(documentNumber, birthDate, expiryDate) {
                    docNo.text = documentNumber
                    birthField.text = birthDate
                    expiry.text = expiryDate
                }
            }
            KField { id: docNo; fieldId: "mrz_document"; Layout.fillWidth: true; label: qsTr("Document number")
                     inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText }
            KField { id: birthField; fieldId: "mrz_birth"; Layout.fillWidth: true; label: qsTr("Date of birth (YYMMDD)")
                     inputMethodHints: Qt.ImhDigitsOnly }
            KField { id: expiry; fieldId: "mrz_expiry"; Layout.fillWidth: true; label: qsTr("Date of expiry (YYMMDD)")
                     inputMethodHints: Qt.ImhDigitsOnly }
            KButton {
                objectName: "readChip"
                Layout.fillWidth: true
                primary: true
                enabled_: flow.cardState !== "reading"
                text: qsTr("Read the chip")
                onClicked: flow.readChip(docNo.text, birthField.text, expiry.text)
            }
        }
    }
    KText {
        objectName: "cardState"
        Layout.fillWidth: true
        visible: text !== ""
        text: Words.card(flow.cardState)
        color: flow.cardState === "reading" ? app.colors.fg : app.colors.danger
    }
    KText { Layout.fillWidth: true; text: qsTr("Or type your details:"); font.bold: true }
    KField { id: name; fieldId: "name"; Layout.fillWidth: true; label: qsTr("Name (as on the ID card)") }
    KField {
        id: idnum
        fieldId: "id_number"
        Layout.fillWidth: true
        label: qsTr("Resident ID number (18 characters)")
        inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
        problem: Words.identify(flow.identifyError)
    }
    NotAvailable {
        Layout.fillWidth: true
        visible: flow.unavailable.identity !== undefined
        what: qsTr("checking identities")
        detail: flow.unavailable.identity || ""
    }

    navigation: [
        KButton {
            text: app.mode === "counter" ? qsTr("Sign out") : qsTr("Cancel")
            onClicked: app.mode === "counter" ? flow.logout() : app.endSession("cancel")
        },
        KButton {
            objectName: "todaysCases"
            visible: app.mode === "counter"
            text: qsTr("Today's cases")
            onClicked: flow.showTodaysCases()
        },
        Item { Layout.fillWidth: true },
        KButton {
            objectName: "identifyNext"
            primary: true
            text: qsTr("Continue")
            onClicked: flow.identifyTyped(idnum.text, name.text)
        }
    ]
}
