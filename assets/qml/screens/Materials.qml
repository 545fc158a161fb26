import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    title: qsTr("Your documents")
    help: qsTr("For each document: scan it, or use the copy the government already holds where offered.")

    property string waiving: ""       // counter: the material a supervisor is waiving
    onWaivingChanged: {               // never leave a supervisor's PIN in a field
        supUser.text = ""; supPin.text = ""; reason.text = ""
        if (waiving !== "") flow.clearWaiveError()
    }

    // Counter: a supervisor's waiver (their user name and PIN, and a reason).
    Rectangle {
        Layout.fillWidth: true
        visible: waiving !== ""
        implicitHeight: waiveCol.implicitHeight + app.sizes.spacing * 2
        color: app.colors.panel
        border.color: app.colors.accent
        border.width: 2
        ColumnLayout {
            id: waiveCol
            anchors.fill: parent
            anchors.margins: app.sizes.spacing
            KText { Layout.fillWidth: true; text: qsTr("Supervisor's waiver"); font.bold: true }
            KField { id: supUser; fieldId: "supervisor"; Layout.fillWidth: true; label: qsTr("Supervisor's user name") }
            KField { id: supPin; fieldId: "supervisor_pin"; Layout.fillWidth: true; label: qsTr("Supervisor's PIN")
                     echoMode: TextInput.Password }
            KField { id: reason; fieldId: "waive_reason"; Layout.fillWidth: true; label: qsTr("Reason") }
            KText {
                objectName: "waiveError"
                Layout.fillWidth: true
                visible: text !== ""
                color: app.colors.danger
                text: flow.waiveError === "auth" ? qsTr("Wrong supervisor name or PIN, or not a supervisor.")
                    : flow.waiveError === "reason" ? qsTr("Please give a reason (at least 4 characters).")
                    : flow.waiveError === "error" ? qsTr("The waiver was not recorded.") : ""
            }
            RowLayout {
                KButton { text: qsTr("Cancel"); onClicked: waiving = "" }
                Item { Layout.fillWidth: true }
                KButton {
                    objectName: "waiveConfirm"
                    primary: true
                    text: qsTr("Waive this document")
                    onClicked: flow.waiveMaterial(waiving, supUser.text, supPin.text, reason.text)
                }
            }
        }
        Connections {
            target: flow
            function onChanged() { if (flow.waiveError === "done") waiving = "" }
        }
    }

    NotAvailable {
        Layout.fillWidth: true
        visible: flow.unavailable.scanner !== undefined
        what: qsTr("scanning documents with the camera")
        detail: flow.unavailable.scanner || ""
    }
    Repeater {
        model: flow.materials
        Rectangle {
            required property var modelData
            required property int index
            Layout.fillWidth: true
            implicitHeight: row.implicitHeight + app.sizes.spacing * 2
            color: app.colors.panel
            border.color: modelData.satisfied ? app.colors.ok : app.colors.border
            border.width: 2
            ColumnLayout {
                id: row
                anchors.fill: parent
                anchors.margins: app.sizes.spacing
                KText { Layout.fillWidth: true; text: modelData.name + (modelData.required ? " *" : ""); font.bold: true }
                KText { Layout.fillWidth: true; text: Words.disposition(modelData.disposition); color: app.colors.muted }
                KText {
                    Layout.fillWidth: true
                    visible: modelData.reuse !== "" && !modelData.satisfied
                    text: qsTr("You gave this with application %1; it can be used again.").arg(modelData.reuse)
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: app.sizes.spacing
                    KButton {
                        objectName: "scan_" + index
                        text: modelData.disposition === "provided" ? qsTr("Scan again") : qsTr("Scan")
                        onClicked: flow.scanMaterial(modelData.id)
                    }
                    KButton {
                        objectName: "reuse_" + index
                        visible: modelData.reuse !== "" && !modelData.satisfied
                        text: qsTr("Use it again")
                        onClicked: flow.reuseMaterial(modelData.id)
                    }
                    KButton {
                        objectName: "waive_" + index
                        visible: app.mode === "counter" && !modelData.satisfied
                        text: qsTr("Supervisor waiver")
                        onClicked: waiving = modelData.id
                    }
                    KButton {
                        objectName: "shared_" + index
                        visible: modelData.shared && modelData.disposition === ""
                        text: qsTr("Use data sharing")
                        onClicked: flow.markShared(modelData.id)
                    }
                }
            }
        }
    }

    navigation: [
        KButton { text: qsTr("Back"); onClicked: flow.back("Form") },
        Item { Layout.fillWidth: true },
        KButton { objectName: "materialsNext"; primary: true; text: qsTr("Continue"); onClicked: flow.toReview() }
    ]
}
