import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

// Qt's virtual keyboard (Pinyin and English), shown only while a field has focus.
// Narrower than the screen so the field being typed into stays in view.
Item {
    id: holder
    property alias active: panel.active
    implicitHeight: panel.active ? panel.height : 0

    InputPanel {
        id: panel
        objectName: "keyboard"
        width: Math.min(holder.width, app.sizes.touch * 14)
        anchors.horizontalCenter: parent.horizontalCenter
        visible: active
        Component.onCompleted: {
            VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_GB"]
            VirtualKeyboardSettings.locale = holder.wantedLocale
        }
    }
    // Pinyin for Chinese, QWERTY for English: follows the citizen's language choice.
    property string wantedLocale: app.language === "en" ? "en_GB" : "zh_CN"
    onWantedLocaleChanged: VirtualKeyboardSettings.locale = wantedLocale
}
