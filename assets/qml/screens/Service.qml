import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Page {
    title: qsTr("Which service do you need?")
    help: qsTr("Type a few letters: Chinese characters, pinyin, initials (for example hk) or English.")

    IdentityPanel {   // shown again as soon as the keyboard closes
        Layout.fillWidth: true
        visible: (flow.identity.source || "") !== "" && !(searchBox.activeFocus && Qt.inputMethod.visible)
    }
    TextField {
        id: searchBox
        objectName: "searchBox"
        Layout.fillWidth: true
        Layout.preferredHeight: app.sizes.touch
        font.pixelSize: app.sizes.font
        color: app.colors.fg
        placeholderText: qsTr("Search services")
        placeholderTextColor: app.colors.muted
        text: flow.query
        background: Rectangle { color: app.colors.panel; border.color: app.colors.border; border.width: 2; radius: 4 }
        onTextEdited: flow.search(text)
        // Search as the citizen types pinyin on the on-screen keyboard, before a candidate
        // is chosen: displayText includes the input method's preedit ("hydj", "hun'yin").
        onDisplayTextChanged: {
            var typed = displayText.replace(/'/g, "")
            if (activeFocus && typed !== flow.query) flow.search(typed)
        }
        Accessible.name: qsTr("Search services")
    }
    NotAvailable {
        Layout.fillWidth: true
        visible: flow.unavailable.catalog !== undefined
        what: qsTr("the service catalogue")
        detail: flow.unavailable.catalog || ""
    }
    KText {
        Layout.fillWidth: true
        visible: flow.unavailable.catalog === undefined && flow.results.length === 0 && flow.query !== ""
        text: qsTr("No service matches. Try fewer letters or ask a member of staff.")
    }
    Repeater {
        model: flow.results
        KButton {
            required property var modelData
            required property int index
            objectName: "result_" + index
            Layout.fillWidth: true
            text: modelData.name + "\n" + modelData.department + " · "
                  + (modelData.days > 0 ? qsTr("%n working day(s)", "", modelData.days) : qsTr("done on the spot"))
            onClicked: flow.chooseService(modelData.id)
        }
    }

    navigation: [
        KButton { text: qsTr("Back"); onClicked: flow.back("Identify") },
        Item { Layout.fillWidth: true }
    ]
}
