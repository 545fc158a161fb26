import QtQuick

// Work is running on a background thread; the screen stays responsive.
Rectangle {
    visible: app.busy
    anchors.right: parent.right
    anchors.bottom: parent.bottom
    width: busyText.implicitWidth + app.sizes.spacing * 2
    height: busyText.implicitHeight + app.sizes.spacing
    color: app.colors.panel
    border.color: app.colors.border
    KText { id: busyText; anchors.centerIn: parent; text: qsTr("Working…"); wrapMode: Text.NoWrap }
}
