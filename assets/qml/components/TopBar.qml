import QtQuick
import QtQuick.Layouts

// Language (each in its own script), large text and high contrast: one tap away on every screen.
Rectangle {
    id: bar
    implicitHeight: row.implicitHeight + app.sizes.spacing * 2
    color: app.colors.panel
    border.color: app.colors.border

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: app.sizes.spacing
        spacing: app.sizes.spacing

        KText {
            Layout.fillWidth: true
            text: app.mode === "counter" ? (flow.loggedIn ? qsTr("Window %1 · %2").arg(app.window).arg(flow.operatorName)
                                                           : qsTr("Window %1").arg(app.window))
                                         : qsTr("Single Door")
            font.bold: true
            elide: Text.ElideRight
            wrapMode: Text.NoWrap
            opacity: truncated ? 0 : 1      // no half words: hidden when the buttons need the room
        }
        Repeater {
            model: app.languages
            KButton {
                required property var modelData
                objectName: "lang_" + modelData.code
                text: modelData.name
                primary: app.language === modelData.code
                onClicked: app.setLanguage(modelData.code)
            }
        }
        KButton {
            objectName: "speech"
            visible: app.mode === "self-service" && speech.available
            text: qsTr("Read aloud")
            primary: speech.enabled
            onClicked: speech.toggle()
        }
        KButton {
            objectName: "largeText"
            text: qsTr("Larger text")
            primary: app.largeText
            onClicked: app.toggleLargeText()
        }
        KButton {
            objectName: "highContrast"
            text: qsTr("High contrast")
            primary: app.highContrast
            onClicked: app.toggleHighContrast()
        }
    }
}
