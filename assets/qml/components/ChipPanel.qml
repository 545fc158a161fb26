import QtQuick
import QtQuick.Layouts
import "words.js" as Words

// A passport or chip ID card on the PC/SC reader: the chip opens (BAC) with details from
// its machine-readable lines, typed or read by the document camera. `read` hands them on:
// Identify reads the identity, Status looks up the citizen's cases.
Rectangle {
    id: panel
    property alias intro: introText.text
    property alias action: readButton.text
    signal read(string documentNumber, string birthDate, string expiryDate)

    implicitHeight: chipCol.implicitHeight + app.sizes.spacing * 2
    color: app.colors.panel
    border.color: app.colors.border
    ColumnLayout {
        id: chipCol
        anchors.fill: parent
        anchors.margins: app.sizes.spacing
        KText { id: introText; Layout.fillWidth: true; font.bold: true
                text: qsTr("A passport or chip card is on the reader. Type these details from its machine-readable lines:") }
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
                    objectName: "mrzHint"
                    Layout.fillWidth: true
                    visible: text !== "" && flow.cameraState === "connected"
                    text: Words.mrzHint(flow.mrzHint)
                    font.bold: true
                    // what the citizen can mend stands out; progress does not
                    color: ["looking", "hold_still", "reading"].indexOf(flow.mrzHint) >= 0
                           ? app.colors.fg : app.colors.danger
                }
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
            id: readButton
            objectName: "readChip"
            Layout.fillWidth: true
            primary: true
            enabled_: flow.cardState !== "reading"
            text: qsTr("Read the chip")
            onClicked: panel.read(docNo.text, birthField.text, expiry.text)
        }
    }
}
