import QtQuick
import QtQuick.Layouts
import "../components"

// Self-service start: language in its own script, one big "Start".
Item {
    ColumnLayout {
        anchors.centerIn: parent
        width: parent.width * 0.8
        spacing: app.sizes.spacing * 3
        KTitle {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Welcome to the service hall")
        }
        KText {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Apply for a service, hand in documents and get a receipt, all at this terminal.")
        }
        RowLayout {
            Layout.alignment: Qt.AlignHCenter
            spacing: app.sizes.spacing * 2
            Repeater {
                model: app.languages
                KButton {
                    required property var modelData
                    objectName: "attractLang_" + modelData.code
                    text: modelData.name
                    primary: app.language === modelData.code
                    onClicked: app.setLanguage(modelData.code)
                }
            }
        }
        KButton {
            objectName: "start"
            Layout.fillWidth: true
            primary: true
            text: qsTr("Touch here to start")
            onClicked: app.go("Identify")
        }
        KButton {
            objectName: "status"
            Layout.fillWidth: true
            text: qsTr("Check an application")
            onClicked: app.go("Status")
        }
    }
    // Hidden technician access: five taps in the bottom-left corner ask for a PIN.
    MouseArea {
        objectName: "techCorner"
        property int taps: 0
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        width: app.sizes.touch
        height: app.sizes.touch
        onClicked: { taps += 1; if (taps >= 5) { taps = 0; app.technicianLogin() } }
    }
}
