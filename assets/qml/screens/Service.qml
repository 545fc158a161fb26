import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../components"

Page {
    // (inside a Flow, `flow` is the Flow's own layout direction, not the view-model)
    readonly property bool showChips: flow.query === "" && flow.category === ""
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
    // Nothing typed: browse by category (names from the catalogue core), or the frequent services below.
    KText {
        Layout.fillWidth: true
        visible: flow.query === "" && flow.category === "" && flow.categories.length > 0
        text: qsTr("Or choose a category:")
        font.bold: true
    }
    Flow {
        objectName: "categoryChips"
        Layout.fillWidth: true
        visible: showChips
        spacing: app.sizes.spacing
        Repeater {
            model: flow.categories
            KButton {
                required property var modelData
                objectName: "category_" + modelData.code
                text: modelData.name
                onClicked: flow.browseCategory(modelData.code)
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        visible: flow.query === "" && flow.category !== ""
        spacing: app.sizes.spacing
        KText {
            objectName: "categoryTitle"
            Layout.fillWidth: true
            font.bold: true
            text: {
                for (var i = 0; i < flow.categories.length; i++)
                    if (flow.categories[i].code === flow.category) return qsTr("Category: %1").arg(flow.categories[i].name)
                return ""
            }
        }
        KButton {
            objectName: "allCategories"
            text: qsTr("All categories")
            onClicked: flow.browseCategory("")
        }
    }
    KText {
        Layout.fillWidth: true
        visible: flow.query === "" && flow.category === "" && flow.results.length > 0
        text: qsTr("Frequent services:")
        font.bold: true
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
