import QtQuick
import QtQuick.Window
import QtQuick.Layouts
import "components"

Window {
    id: root
    width: 1280
    height: 800
    visible: false
    color: app.colors.bg
    title: qsTr("Single Door")

    ColumnLayout {
        anchors.fill: parent
        anchors.topMargin: band.height
        spacing: 0

        TopBar { Layout.fillWidth: true }

        Loader {
            id: screenLoader
            objectName: "screenLoader"
            Layout.fillWidth: true
            Layout.fillHeight: true
            source: Qt.resolvedUrl("screens/" + app.screen + ".qml")
        }

        Loader {
            id: keyboardLoader
            Layout.fillWidth: true
            Layout.preferredHeight: item && item.active ? item.implicitHeight : 0
            active: app.mode === "self-service"
            source: "components/Keyboard.qml"
        }
    }

    IdleOverlay { anchors.fill: parent }
    LockOverlay { anchors.fill: parent; anchors.topMargin: band.height }
    ApologyOverlay { anchors.fill: parent }
    BusyOverlay { anchors.fill: parent }
    // Last, so it stays on top of every screen and overlay.
    SimBand { id: band; anchors.left: parent.left; anchors.right: parent.right; anchors.top: parent.top }
}
