import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    title: flow.service.name || ""
    help: qsTr("Please check the details we filled in and complete the rest.")

    // Tell everything once: time limit, fee, who must come, every material, before the form.
    Rectangle {
        Layout.fillWidth: true
        implicitHeight: info.implicitHeight + app.sizes.spacing * 2
        color: app.colors.panel
        border.color: app.colors.border
        ColumnLayout {
            id: info
            anchors.fill: parent
            anchors.margins: app.sizes.spacing
            KText {
                Layout.fillWidth: true
                text: ((flow.service.days || 0) > 0 ? qsTr("Done within %n working day(s).", "", flow.service.days)
                                                    : qsTr("Done on the spot.")) + (app.language === "en" ? " " : "")
                      + (flow.service.fee > 0 ? qsTr("Fee: %1 yuan.").arg(flow.service.fee) : qsTr("No fee."))
            }
            KText {
                Layout.fillWidth: true
                visible: (flow.service.presence || []).length > 0
                text: qsTr("Who must come: %1").arg((flow.service.presence || []).join(app.language === "en" ? "; " : "；"))
            }
            KText { Layout.fillWidth: true; text: qsTr("Documents needed:"); font.bold: true }
            Repeater {
                model: flow.service.materials || []
                KText {
                    required property var modelData
                    Layout.fillWidth: true
                    text: "• " + modelData.name + (modelData.required ? "" : " " + qsTr("(if it applies)"))
                }
            }
        }
    }

    Repeater {
        model: flow.fields
        ColumnLayout {
            id: fieldItem
            required property var modelData
            Layout.fillWidth: true
            KField {
                Layout.fillWidth: true
                visible: modelData.options.length === 0
                fieldId: modelData.id
                label: modelData.label + (modelData.required ? " *" : "")
                text: modelData.value
                problem: Words.problem(flow.problems[modelData.id])
                onEdited: (value) => flow.setField(modelData.id, value)
                // the on-screen keyboard's layout for the kind of value
                inputMethodHints: modelData.type === "phone" ? Qt.ImhDialableCharactersOnly
                                : modelData.type === "number" ? Qt.ImhDigitsOnly
                                : modelData.type === "id_number" ? (Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText)
                                : modelData.type === "date" ? (Qt.ImhDate | Qt.ImhPreferNumbers) : Qt.ImhNone
            }
            KText {
                Layout.fillWidth: true
                visible: modelData.options.length > 0
                text: modelData.label + (modelData.required ? " *" : "")
                font.bold: true
            }
            Flow {
                Layout.fillWidth: true
                visible: modelData.options.length > 0
                spacing: app.sizes.spacing
                Repeater {
                    model: modelData.options
                    KButton {
                        required property var modelData
                        objectName: "choice_" + fieldItem.modelData.id + "_" + modelData.value
                        text: modelData.label
                        primary: fieldItem.modelData.value === modelData.value
                        onClicked: flow.setField(fieldItem.modelData.id, modelData.value)
                    }
                }
            }
        }
    }

    navigation: [
        KButton { text: qsTr("Back"); onClicked: flow.back("Service") },
        Item { Layout.fillWidth: true },
        KButton { objectName: "formNext"; primary: true; text: qsTr("Continue"); onClicked: flow.toMaterials() }
    ]
}
