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

    navigation: [
        KButton { text: qsTr("Back"); onClicked: flow.back("Identify") },
        Item { Layout.fillWidth: true }
    ]
}
