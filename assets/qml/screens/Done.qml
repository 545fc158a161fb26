import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    // (a fallback while the view-models go away at shutdown)
    readonly property var rating: flow.rating || ({level: 0, reasons: [], state: ""})
    title: qsTr("Application received")
    help: qsTr("Keep your slip. You can check the status with your case number at any terminal.")

    KText { Layout.fillWidth: true; text: qsTr("Your case number"); font.bold: true }
    KTitle { objectName: "caseNumber"; Layout.fillWidth: true; text: flow.done.case_number || "" }
    KText {
        Layout.fillWidth: true
        visible: (flow.done.promised_date || "") !== ""
        text: qsTr("Promised by: %1").arg(flow.done.promised_date || "")
    }
    KText { Layout.fillWidth: true; text: Words.printing(flow.printState) }
    KText {
        Layout.fillWidth: true
        text: qsTr("What happens next: the department checks your application. If anything is missing, they will tell you everything at once.")
    }

    // Rating (好差评): five levels, optional reasons, once per visit; a bad one goes to a supervisor.
    Rectangle {
        objectName: "ratingPanel"
        Layout.fillWidth: true
        implicitHeight: rateCol.implicitHeight + app.sizes.spacing * 2
        color: app.colors.panel
        border.color: app.colors.border
        ColumnLayout {
            id: rateCol
            anchors.fill: parent
            anchors.margins: app.sizes.spacing
            spacing: app.sizes.spacing
            KText { Layout.fillWidth: true; font.bold: true; text: qsTr("How satisfied are you with this service?") }
            Flow {
                Layout.fillWidth: true
                spacing: app.sizes.spacing
                visible: rating.state !== "sent"
                Repeater {
                    model: (flow.ratingChoices || {}).levels || []
                    KButton {
                        required property var modelData
                        objectName: "rate_" + modelData.level
                        text: modelData.text
                        primary: rating.level === modelData.level
                        onClicked: flow.chooseRating(modelData.level)
                    }
                }
            }
            KText {
                Layout.fillWidth: true
                visible: rating.level > 0 && rating.state !== "sent"
                text: qsTr("Anything in particular? (optional, tap all that apply)")
                color: app.colors.muted
            }
            Flow {
                Layout.fillWidth: true
                spacing: app.sizes.spacing
                visible: rating.state !== "sent"
                Repeater {
                    model: (flow.ratingChoices || {}).reasons || []
                    KButton {
                        required property var modelData
                        objectName: "reason_" + modelData.code
                        text: modelData.text
                        primary: rating.reasons.indexOf(modelData.code) >= 0
                        onClicked: flow.toggleRatingReason(modelData.code)
                    }
                }
            }
            KButton {
                objectName: "sendRating"
                visible: rating.level > 0 && rating.state !== "sent"
                enabled_: rating.state !== "sending"
                text: qsTr("Send my rating")
                onClicked: flow.sendRating()
            }
            KText {
                objectName: "ratingResult"
                Layout.fillWidth: true
                visible: text !== ""
                color: rating.state === "error" ? app.colors.danger : app.colors.fg
                text: rating.state === "error" ? qsTr("Your rating could not be saved. Please tell the staff.")
                    : rating.state !== "sent" ? ""
                    : rating.follow_up === "open" ? qsTr("Thank you. We are sorry: a supervisor will look into it.")
                    : qsTr("Thank you for your rating.")
            }
        }
    }

    navigation: [
        Item { Layout.fillWidth: true },
        KButton {
            objectName: "finish"
            primary: true
            text: app.mode === "counter" ? qsTr("Next citizen") : qsTr("Finish")
            onClicked: {
                // A face tapped but not sent is still a rating: citizens tap a level and
                // then Finish, the send button being below the fold (seen by hand).
                if (rating.level > 0 && rating.state === "")
                    flow.sendRating()
                app.mode === "counter" ? flow.nextCitizen() : app.endSession("done")
            }
        }
    ]
}
