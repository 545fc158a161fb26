import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    title: qsTr("Check and submit")
    help: qsTr("Nothing is sent until you press Submit.")

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
                                                        : qsTr("Form: %1").arg(Words.problem(modelData.rule)))
        }
    }

    navigation: [
        KButton { text: qsTr("Back"); onClicked: flow.back("Materials") },
        Item { Layout.fillWidth: true },
        KButton { objectName: "submit"; primary: true; enabled_: flow.ready; text: qsTr("Submit"); onClicked: flow.submit() }
    ]
}
