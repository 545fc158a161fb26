import QtQuick

Text {
    color: app.colors.fg
    font.pixelSize: app.sizes.font
    wrapMode: Text.WordWrap
    textFormat: Text.PlainText
}
