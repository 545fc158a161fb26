import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

// Qt's virtual keyboard (Pinyin and English); shown only while a field has focus.
InputPanel {
    id: panel
    width: parent ? parent.width : 0
    visible: active
    height: active ? implicitHeight : 0
    Component.onCompleted: VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_GB"]
}
