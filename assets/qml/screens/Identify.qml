import QtQuick
import QtQuick.Layouts
import "../components"
import "../components/words.js" as Words

Page {
    title: qsTr("Who is applying?")
    // At the counter the clerk reads these lines: the clerk's wording there, the citizen's in self-service.
    help: app.mode === "counter"
          ? qsTr("The citizen's ID card is read as soon as it is placed on the reader (or touch the button). Or type the citizen's details below.")
          : qsTr("Place your ID card on the reader: it is read at once (or touch the button). Or type your details below.")

    KButton {
        objectName: "readCard"
        Layout.fillWidth: true
        primary: true
        enabled_: flow.cardState !== "reading"
        text: app.mode === "counter" ? qsTr("Read the ID card") : qsTr("Read my ID card")
        onClicked: flow.readIdCard()
    }
    NotAvailable {
        Layout.fillWidth: true
        visible: flow.cardState === "unavailable"
        what: qsTr("reading ID cards")
        detail: flow.unavailable.cards || ""
    }
    // Passport or chip ID card on the PC/SC reader: the chip opens with details from the MRZ.
    ChipPanel {
        Layout.fillWidth: true
        visible: flow.chipPresent
        onRead: (documentNumber, birthDate, expiryDate) => flow.readChip(documentNumber, birthDate, expiryDate)
    }
    KText {
        objectName: "cardState"
        Layout.fillWidth: true
        visible: text !== ""
        text: Words.card(flow.cardState, app.mode === "counter")
        color: flow.cardState === "reading" ? app.colors.fg : app.colors.danger
    }
    KText { Layout.fillWidth: true; text: app.mode === "counter" ? qsTr("Or type the citizen's details:") : qsTr("Or type your details:"); font.bold: true }
    KField { id: name; fieldId: "name"; Layout.fillWidth: true; label: qsTr("Name (as on the ID card)") }
    KField {
        id: idnum
        fieldId: "id_number"
        Layout.fillWidth: true
        label: qsTr("Resident ID number (18 characters)")
        inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
        problem: Words.identify(flow.identifyError)
    }
    NotAvailable {
        Layout.fillWidth: true
        visible: flow.unavailable.identity !== undefined
        what: qsTr("checking identities")
        detail: flow.unavailable.identity || ""
    }

    navigation: [
        KButton {
            text: app.mode === "counter" ? qsTr("Sign out") : qsTr("Cancel")
            onClicked: app.mode === "counter" ? flow.logout() : app.endSession("cancel")
        },
        KButton {
            objectName: "todaysCases"
            visible: app.mode === "counter"
            text: qsTr("Today's cases")
            onClicked: flow.showTodaysCases()
        },
        KButton {
            objectName: "counterStatus"
            visible: app.mode === "counter"
            text: qsTr("Check an application")
            onClicked: app.go("Status")
        },
        Item { Layout.fillWidth: true },
        KButton {
            objectName: "identifyNext"
            primary: true
            text: qsTr("Continue")
            onClicked: flow.identifyTyped(idnum.text, name.text)
        }
    ]
}
