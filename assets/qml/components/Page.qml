import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One step of the flow: a title, plain-language help, scrolling content, and the
// navigation row at the bottom (back on the left, the way forward on the right).
Item {
    id: page
    property alias title: titleText.text
    property alias help: helpText.text
    default property alias content: body.data
    property alias navigation: nav.data
    // the height the scrolling content has on screen (a screen fits a preview into it)
    readonly property real bodyHeight: scroller.availableHeight

    // Scroll so `item` (inside the content) is in view: a form that opens away from the
    // button that opened it. After the layout has placed it.
    function showItem(item) {
        Qt.callLater(function() {
            var f = scroller.contentItem
            var y = item.mapToItem(f.contentItem, 0, 0).y
            f.contentY = Math.max(0, Math.min(y - app.sizes.spacing, f.contentHeight - f.height))
        })
    }

    // Spoken guidance: the step's title and help, when the citizen has turned it on.
    function speak() { speech.say(titleText.text + (app.language === "en" ? ". " : "。") + helpText.text, app.language) }
    Component.onCompleted: speak()
    Connections {
        target: speech
        function onChanged() { if (speech.enabled) page.speak() }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: app.sizes.spacing * 2
        spacing: app.sizes.spacing

        KText {
            objectName: "step"
            Layout.fillWidth: true
            // The on-screen keyboard takes the lower part of the screen: the step line and
            // the help give their room to the field and what it finds.
            visible: app.flowStep >= 0 && app.flowStep < app.flowSteps && !Qt.inputMethod.visible
            text: qsTr("Step %1 of %2").arg(app.flowStep + 1).arg(app.flowSteps)
            color: app.colors.muted
            font.bold: true
        }
        KTitle { id: titleText; Layout.fillWidth: true }
        KText { id: helpText; Layout.fillWidth: true; visible: text !== "" && !Qt.inputMethod.visible; color: app.colors.muted }

        ScrollView {
            id: scroller
            objectName: "pageBody"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true
            ColumnLayout {
                id: body
                width: scroller.availableWidth
                spacing: app.sizes.spacing
            }
        }
        RowLayout {
            id: nav
            Layout.fillWidth: true
            spacing: app.sizes.spacing * 2
        }
    }
}
