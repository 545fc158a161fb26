import QtQuick

// A touch button at least 15 mm high (app.sizes.touch, from the panel's real DPI).
Rectangle {
    id: button
    property alias text: label.text
    property bool primary: false
    property bool enabled_: true
    signal clicked()

    implicitHeight: Math.max(app.sizes.touch, label.implicitHeight + app.sizes.spacing * 2)
    implicitWidth: Math.max(app.sizes.touch * 2, label.implicitWidth + app.sizes.spacing * 4)
    radius: app.sizes.spacing
    opacity: enabled_ ? 1.0 : 0.45
    color: primary ? app.colors.accent : app.colors.panel
    border.color: primary ? app.colors.accent : app.colors.border
    border.width: app.highContrast ? 3 : 2
    Accessible.role: Accessible.Button
    Accessible.name: label.text

    Text {
        id: label
        anchors.centerIn: parent
        width: Math.min(implicitWidth, button.width - app.sizes.spacing * 2)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        textFormat: Text.PlainText
        color: button.primary ? app.colors.accentFg : app.colors.fg
        font.pixelSize: app.sizes.font
        font.bold: button.primary
    }
    MouseArea {
        anchors.fill: parent
        enabled: button.enabled_
        // Take the focus first: a text field being typed in loses it and commits its value
        // (editingFinished) before the button acts, as a person expects.
        onClicked: { button.forceActiveFocus(); button.clicked() }
    }
}
