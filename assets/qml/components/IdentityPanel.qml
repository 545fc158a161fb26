import QtQuick
import QtQuick.Layouts
import "words.js" as Words

// Who is applying: the document's photo (to compare faces), masked name and number,
// where it came from and how strongly it was checked.
Rectangle {
    id: panel
    visible: (flow.identity.source || "") !== ""
    implicitHeight: row.implicitHeight + app.sizes.spacing * 2
    color: app.colors.panel
    border.color: app.colors.border
    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: app.sizes.spacing
        spacing: app.sizes.spacing * 2
        Image {
            objectName: "identityPhoto"
            visible: (flow.identity.photo_serial || 0) > 0
            Layout.preferredWidth: app.sizes.touch * 1.6
            Layout.preferredHeight: app.sizes.touch * 2
            fillMode: Image.PreserveAspectFit
            cache: false
            source: (flow.identity.photo_serial || 0) > 0 ? "image://photo/" + flow.identity.photo_serial : ""
        }
        ColumnLayout {
            Layout.fillWidth: true
            KText {
                Layout.fillWidth: true
                text: (flow.identity.name || "") + "  " + (flow.identity.id_number || flow.identity.document_number || "")
                font.bold: true
            }
            KText {
                Layout.fillWidth: true
                text: qsTr("Identity: %1").arg(Words.verification(flow.identity.verification || ""))
                color: app.colors.muted
            }
            KText {   // the card's photo was read but cannot be shown: say so, compare faces another way
                objectName: "identityPhotoNote"
                Layout.fillWidth: true
                visible: text !== ""
                color: app.colors.danger
                text: flow.identity.photo_note === "no_decoder"
                      ? qsTr("Photo not shown: the reader's photo decoder is not installed. Compare the face with the card itself.")
                      : flow.identity.photo_note === "undecodable"
                      ? qsTr("Photo not shown: the reader's photo decoder could not decode it. Compare the face with the card itself.")
                      : ""
            }
        }
    }
}
