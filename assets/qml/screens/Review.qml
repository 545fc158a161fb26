import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    title: qsTr("Check and submit")
    help: qsTr("Nothing is sent until you press Submit.")

    // The form field's own label, so a blocker says which field to fix.
    function fieldLabel(id) {
        for (var i = 0; i < flow.fields.length; i++)
            if (flow.fields[i].id === id) return flow.fields[i].label
        return id
    }
    // A choice shows its label, not its stored value.
    // "label: value" with the language's own colon (full-width in Chinese).
    function pair(label, value) { return qsTr("%1: %2").arg(label).arg(value) }
    // An ID number is masked like the identity panel (the screen faces the hall).
    function shownValue(field) {
        for (var i = 0; i < field.options.length; i++)
            if (field.options[i].value === field.value) return field.options[i].label
        var v = field.value
        if (field.type === "id_number" && v.length > 8)
            return v.slice(0, 4) + "*".repeat(v.length - 8) + v.slice(-4)
        return v
    }

    KText { Layout.fillWidth: true; text: qsTr("Service: %1").arg(flow.service.name || ""); font.bold: true }
    IdentityPanel { Layout.fillWidth: true }

    KText {
        objectName: "readyText"
        Layout.fillWidth: true
        text: flow.ready ? qsTr("Everything needed is here.") : qsTr("Before you can submit:")
        color: flow.ready ? app.colors.ok : app.colors.danger
        font.bold: true
    }
    Repeater {
        model: flow.blockers
        KText {
            required property var modelData
            Layout.fillWidth: true
            text: "• " + (modelData.kind === "material" ? qsTr("Document missing: %1").arg(modelData.id)
                                                        : qsTr("Form: %1").arg(pair(fieldLabel(modelData.id),
                                                                                         Words.problem(modelData.rule))))
        }
    }

    // Everything that will be sent, once more, before Submit ("tell everything once").
    Rectangle {
        objectName: "reviewSummary"
        Layout.fillWidth: true
        implicitHeight: summary.implicitHeight + app.sizes.spacing * 2
        color: app.colors.panel
        border.color: app.colors.border
        ColumnLayout {
            id: summary
            anchors.fill: parent
            anchors.margins: app.sizes.spacing
            spacing: app.sizes.spacing / 2
            KText { Layout.fillWidth: true; font.bold: true; text: qsTr("Your answers") }
            Repeater {
                model: flow.fields
                KText {
                    required property var modelData
                    objectName: "answer_" + modelData.id
                    Layout.fillWidth: true
                    text: pair(modelData.label, modelData.value !== "" ? shownValue(modelData) : "—")
                }
            }
            KText { Layout.fillWidth: true; font.bold: true; text: qsTr("Documents") }
            Repeater {
                model: flow.materials
                KText {
                    required property var modelData
                    objectName: "document_" + modelData.id
                    Layout.fillWidth: true
                    text: pair(modelData.name, Words.disposition(modelData.disposition))
                }
            }
        }
    }
    navigation: [
        KButton { text: qsTr("Back"); onClicked: flow.back("Materials") },
        Item { Layout.fillWidth: true },
        KButton { objectName: "submit"; primary: true; enabled_: flow.ready; text: qsTr("Submit"); onClicked: flow.submit() }
    ]
}
