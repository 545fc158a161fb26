import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

// Counter: the cases taken at this terminal today, with a reprint of the slip.
Page {
    title: qsTr("Today's cases")
    help: qsTr("Names are masked. Reprint a slip if the citizen lost it or the printer failed.")

    // The hall's "one visit" measures for today (kiosk.kpi)
    Rectangle {
        Layout.fillWidth: true
        visible: flow.kpis.cases !== undefined
        implicitHeight: kpiCol.implicitHeight + app.sizes.spacing * 2
        color: app.colors.panel
        border.color: app.colors.border
        ColumnLayout {
            id: kpiCol
            anchors.fill: parent
            anchors.margins: app.sizes.spacing
            KText { Layout.fillWidth: true; text: qsTr("Today at this hall"); font.bold: true }
            KText {
                objectName: "kpiText"
                Layout.fillWidth: true
                text: flow.kpis.cases === undefined ? "" :
                      qsTr("Cases: %1 · one visit: %2 / %3 · materials not brought: %4 / %5 · services offered here: %6 / %7")
                      .arg(flow.kpis.cases).arg(flow.kpis.one_visit.num).arg(flow.kpis.one_visit.den)
                      .arg(flow.kpis.materials.num).arg(flow.kpis.materials.den)
                      .arg(flow.kpis.availability.num).arg(flow.kpis.availability.den)
            }
            KButton {
                objectName: "endOfDay"
                text: qsTr("Print the end-of-day slip")
                onClicked: flow.printEndOfDay()
            }
        }
    }
    KText {
        Layout.fillWidth: true
        visible: flow.todaysCases.length === 0
        text: qsTr("No cases yet today.")
    }
    Repeater {
        model: flow.todaysCases
        Rectangle {
            required property var modelData
            required property int index
            Layout.fillWidth: true
            implicitHeight: row.implicitHeight + app.sizes.spacing * 2
            color: app.colors.panel
            border.color: app.colors.border
            RowLayout {
                id: row
                anchors.fill: parent
                anchors.margins: app.sizes.spacing
                ColumnLayout {
                    Layout.fillWidth: true
                    KText { Layout.fillWidth: true; text: modelData.case_number + "  " + modelData.masked_name; font.bold: true }
                    KText { Layout.fillWidth: true; text: modelData.service + " · " + Words.caseState(modelData.state); color: app.colors.muted }
                }
                KButton {
                    objectName: "reprint_" + index
                    text: qsTr("Reprint slip")
                    onClicked: flow.reprint(modelData.case_number)
                }
            }
        }
    }
    KText { Layout.fillWidth: true; visible: text !== ""; text: Words.printing(flow.printState) }

    // Supervisor: bad reviews (好差评) waiting for a follow-up note (kiosk.ratings)
    KTitle {
        objectName: "followUpsTitle"
        Layout.fillWidth: true
        visible: flow.isSupervisor
        text: qsTr("Bad reviews to follow up: %1").arg((flow.followUps || []).length)
    }
    Repeater {
        model: flow.isSupervisor ? (flow.followUps || []) : []
        Rectangle {
            required property var modelData
            required property int index
            Layout.fillWidth: true
            implicitHeight: fcol.implicitHeight + app.sizes.spacing * 2
            color: app.colors.panel
            border.color: app.colors.danger
            ColumnLayout {
                id: fcol
                anchors.fill: parent
                anchors.margins: app.sizes.spacing
                KText { Layout.fillWidth: true; font.bold: true
                        text: modelData.case_number + "  " + modelData.masked_name + " · " + modelData.level_text }
                KText { Layout.fillWidth: true; color: app.colors.muted
                        text: modelData.service + " · " + modelData.at
                              + (modelData.reasons.length ? " · " + modelData.reasons.join(", ") : "") }
                KText { Layout.fillWidth: true; visible: modelData.comment !== ""; text: modelData.comment }
                KField {
                    id: note
                    fieldId: "followUpNote_" + index
                    Layout.fillWidth: true
                    label: qsTr("What was done (call-back, fix)")
                }
                KButton {
                    objectName: "resolveFollowUp_" + index
                    text: qsTr("Close the follow-up")
                    onClicked: flow.resolveFollowUp(modelData.id, note.text)
                }
            }
        }
    }
    KText {
        objectName: "followUpError"
        Layout.fillWidth: true
        visible: flow.isSupervisor && flow.followUpError !== ""
        color: app.colors.danger
        text: qsTr("Not closed: write at least a few words about what was done.")
    }

    navigation: [
        KButton { text: qsTr("Back"); onClicked: flow.back("Identify") },
        Item { Layout.fillWidth: true }
    ]
}
