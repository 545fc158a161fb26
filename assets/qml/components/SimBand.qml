import QtQuick

// Shown on every screen while the device simulators are in use.
Rectangle {
    objectName: "simBand"
    visible: app.simulated
    height: visible ? bandText.implicitHeight + app.sizes.spacing : 0
    color: app.colors.band
    Text {
        id: bandText
        anchors.centerIn: parent
        text: qsTr("SIMULATED DEVICES / 模拟设备")
        color: app.colors.bandFg
        font.pixelSize: app.sizes.font
        font.bold: true
    }
}
