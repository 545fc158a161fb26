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
            text: app.flowStep >= 0 && app.flowStep < app.flowSteps
                  ? qsTr("Step %1 of %2").arg(app.flowStep + 1).arg(app.flowSteps) : qsTr("Single Door")
            font.bold: true
            elide: Text.ElideRight
            wrapMode: Text.NoWrap
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
