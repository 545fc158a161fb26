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
                                                        : qsTr("Form: %1").arg(fieldLabel(modelData.id) + ": "
                                                                               + Words.problem(modelData.rule)))
        }
    }

    navigation: [
        KButton { text: qsTr("Back"); onClicked: flow.back("Materials") },
        Item { Layout.fillWidth: true },
        KButton { objectName: "submit"; primary: true; enabled_: flow.ready; text: qsTr("Submit"); onClicked: flow.submit() }
    ]
}
