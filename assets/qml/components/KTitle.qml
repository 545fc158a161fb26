import QtQuick

Text {
    color: app.colors.fg
    font.pixelSize: app.sizes.title
    font.bold: true
    wrapMode: Text.WordWrap
    textFormat: Text.PlainText
    Accessible.role: Accessible.Heading
}
