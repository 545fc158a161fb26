import QtQuick
import QtQuick.Layouts

// Simulated devices only: the training accounts' user names and PINs (the store had no
// operators; see ui.services.ensure_training_operators). `role` picks which to show.
Rectangle {
    id: hint
    property string role: "clerk"
    readonly property var account: {
        for (var i = 0; i < app.training.length; i++)
            if (app.training[i].role === hint.role) return app.training[i]
        return null
    }
    objectName: "trainingHint"
    visible: app.simulated && account !== null
    implicitHeight: visible ? hintText.implicitHeight + app.sizes.spacing * 2 : 0
    color: app.colors.band
    radius: app.sizes.spacing / 2
    KText {
        id: hintText
        objectName: "trainingHintText"
        anchors.fill: parent
        anchors.margins: app.sizes.spacing
        color: app.colors.bandFg
        text: hint.account === null ? "" :
              qsTr("Training account (simulated devices): user name %1, PIN %2").arg(hint.account.username).arg(hint.account.pin)
    }
}
