import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

// Counter: the cases taken at this terminal today, with a reprint of the slip.
Page {
    id: casesPage
    title: qsTr("Today's cases")
    help: qsTr("Names are masked. Reprint a slip if the citizen lost it or the printer failed.")

    property string withdrawing: ""   // the case number a supervisor is withdrawing
    onWithdrawingChanged: {           // never leave a supervisor's PIN in a field
        wdUser.text = ""; wdPin.text = ""; wdReason.text = ""
        if (withdrawing !== "") { flow.clearWithdrawError(); casesPage.showItem(withdrawPanel) }
    }

    // A supervisor withdraws a case the platform has not received yet (kiosk.cases.withdraw).
    Rectangle {
        id: withdrawPanel
        objectName: "withdrawPanel"
        Layout.fillWidth: true
        visible: withdrawing !== ""
        implicitHeight: wdCol.implicitHeight + app.sizes.spacing * 2
        color: app.colors.panel
        border.color: app.colors.accent
        border.width: 2
        ColumnLayout {
            id: wdCol
            anchors.fill: parent
            anchors.margins: app.sizes.spacing
            KText { Layout.fillWidth: true; font.bold: true
                    text: qsTr("Withdraw case %1 (supervisor)").arg(withdrawing) }
            KText { Layout.fillWidth: true; color: app.colors.muted
                    text: qsTr("Only a case the platform has not received yet can be withdrawn here; once delivered, the department withdraws it.") }
            KField { id: wdUser; fieldId: "withdraw_supervisor"; Layout.fillWidth: true; label: qsTr("Supervisor's user name") }
            KField { id: wdPin; fieldId: "withdraw_pin"; Layout.fillWidth: true; label: qsTr("Supervisor's PIN")
                     echoMode: TextInput.Password }
            KField { id: wdReason; fieldId: "withdraw_reason"; Layout.fillWidth: true; label: qsTr("Reason") }
            KText {
                objectName: "withdrawError"
                Layout.fillWidth: true
                visible: text !== ""
                color: app.colors.danger
                text: flow.withdrawError === "auth" ? qsTr("Wrong supervisor name or PIN, or not a supervisor.")
                    : flow.withdrawError === "reason" ? qsTr("Please give a reason (at least 4 characters).")
                    : flow.withdrawError === "delivered" ? qsTr("Not withdrawn: the platform has already received this case. Only the department handling it can withdraw it now; ask the citizen to contact them.")
                    : flow.withdrawError === "sending" ? qsTr("Not withdrawn: the case is being sent to the platform right now. Try again in a minute.")
                    : flow.withdrawError === "error" ? qsTr("The withdrawal was not recorded.") : ""
            }
            RowLayout {
                KButton { objectName: "withdrawCancel"; text: qsTr("Cancel"); onClicked: withdrawing = "" }
                Item { Layout.fillWidth: true }
                KButton {
                    objectName: "withdrawConfirm"
                    primary: true
                    text: qsTr("Withdraw this case")
                    onClicked: flow.withdrawCase(withdrawing, wdUser.text, wdPin.text, wdReason.text)
                }
            }
        }
        Connections {
            target: flow
            function onChanged() { if (flow.withdrawError === "done") withdrawing = "" }
        }
    }
    KText {
        objectName: "withdrawDone"
        Layout.fillWidth: true
        visible: withdrawing === "" && flow.withdrawError === "done"
        text: qsTr("The case was withdrawn; it will not be sent to the platform.")
    }

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
                KButton {
                    objectName: "withdraw_" + index
                    visible: modelData.withdrawable === true
                    text: qsTr("Withdraw")
                    onClicked: withdrawing = modelData.case_number
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
