"""Qt's own strings (standard buttons and dialogs) follow the language with ours: the
catalogue Qt ships (qt_zh_CN.qm -> qtbase_zh_CN.qm ...) is loaded beside single_door_*.qm
and switched at run time."""

from ui.qt import QCoreApplication


def tr(ctx, text):
    return QCoreApplication.translate(ctx, text)


def test_qt_catalogue_switches_with_ours(qapp, compiled_translations):
    from ui.i18n import LanguageManager, qt_translations_dir
    assert (qt_translations_dir() / "qtbase_zh_CN.qm").exists(), "the PySide6 wheel ships qtbase_zh_CN.qm"
    langs = LanguageManager()
    try:
        assert langs.set_language("zh_CN")
        assert langs.qt_file is not None and langs.qt_file.name == "qt_zh_CN.qm"
        assert tr("QPlatformTheme", "Cancel") == "取消" and tr("QPlatformTheme", "OK") == "确定"
        assert tr("Attract", "Touch here to start") == "点击此处开始"           # ours at the same time
        assert langs.set_language("en")
        assert langs.qt_file is None
        assert tr("QPlatformTheme", "Cancel") == "Cancel" and tr("Attract", "Touch here to start") == "Touch here to start"
        assert langs.set_language("zh_CN")                                   # and back, at run time
        assert tr("QPlatformTheme", "Cancel") == "取消"
        # switching many times leaves one Qt and one app translator installed, not a pile
        for _ in range(5):
            langs.set_language("en")
            langs.set_language("zh_CN")
        assert tr("QPlatformTheme", "Cancel") == "取消"
    finally:
        langs.set_language("en")


def test_the_running_app_switches_qt_strings(kiosk_app, qtbot):
    k = kiosk_app("self-service")
    assert k.app_model.language == "zh_CN"
    assert tr("QPlatformTheme", "Cancel") == "取消"
    k.app_model.setLanguage("en")
    assert tr("QPlatformTheme", "Cancel") == "Cancel"
    k.app_model.setLanguage("zh_CN")
    assert tr("QPlatformTheme", "Close") == "关闭"


def test_an_app_started_in_english_switches_qt_strings_to_chinese(kiosk_app, qtbot):
    k = kiosk_app("counter", kiosk__language="en")
    assert tr("QPlatformTheme", "Cancel") == "Cancel"      # the engine loaded no catalogue of its own
    k.app_model.setLanguage("zh_CN")
    assert tr("QPlatformTheme", "Cancel") == "取消" and k.languages.qt_file.name == "qt_zh_CN.qm"
    k.app_model.setLanguage("en")
    assert tr("QPlatformTheme", "Cancel") == "Cancel"
