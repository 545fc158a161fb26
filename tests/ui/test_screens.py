"""Every screen of every mode loads without QML warnings, in Chinese and in English,
and the language switch re-labels the screen at run time. Screenshots go to
tests/screenshots/ (gitignored): look at them."""

import pytest

from ui_testkit import find_item, qml_problems, settle, shoot, truncated_texts

SCREENS = {
    "self-service": ["Attract", "Status", "Identify", "Service", "Form", "Materials", "Review", "Done", "TechLogin", "Technician"],
    "counter": ["CounterLogin", "Identify", "Service", "TechLogin"],
    "technician": ["TechLogin", "Technician"],
}


@pytest.mark.parametrize("mode", list(SCREENS))
def test_every_screen_loads_clean_in_both_languages(kiosk_app, qtbot, qtlog, mode):
    k = kiosk_app(mode)
    for screen in SCREENS[mode]:
        for lang in ("zh_CN", "en"):
            k.app_model.setLanguage(lang)
            k.app_model.go(screen)
            settle(qtbot, k)
            assert k.app_model.screen == screen
            assert find_item(k, "simBand").isVisible()      # simulators in use: band on every screen
            assert qml_problems(k, qtlog) == [], (mode, screen, lang)
            shoot(k, f"{mode}-{screen}-{lang}")
            assert truncated_texts(k) == [], (mode, screen, lang)


def test_language_switch_relabels_at_run_time(kiosk_app, qtbot):
    k = kiosk_app("self-service")
    start = find_item(k, "start")
    label = start.findChildren(type(start))  # the Text inside the button
    texts = lambda: [c.property("text") for c in label if c.property("text")]
    k.app_model.setLanguage("en")
    qtbot.waitUntil(lambda: "Touch here to start" in texts())
    k.app_model.setLanguage("zh_CN")
    qtbot.waitUntil(lambda: "点击此处开始" in texts())
    assert k.languages.loaded_file is not None and k.languages.loaded_file.name == "single_door_zh_CN.qm"


def test_language_buttons_are_in_their_own_script(kiosk_app, qtbot):
    k = kiosk_app("self-service")
    names = {l["code"]: l["name"] for l in k.app_model.property("languages")}
    assert names == {"zh_CN": "中文", "en": "English"}


def test_touch_targets_and_text_sizes_follow_the_screen_dpi(kiosk_app, qtbot):
    from ui.metrics import mm_to_px
    k = kiosk_app("self-service")
    start = find_item(k, "start")
    assert start.height() >= mm_to_px(15, k.dpi) - 0.5
    sizes = k.app_model.property("sizes")
    assert sizes["cap_mm"] >= 4.8
    k.app_model.toggleLargeText()
    assert k.app_model.property("sizes")["font"] > sizes["font"]
    for lang in ("en", "zh_CN"):
        k.app_model.setLanguage(lang)
        for screen in ("Attract", "Identify", "Service", "Status"):
            k.app_model.go(screen)
            settle(qtbot, k)
            assert truncated_texts(k) == [], ("large text", lang, screen)
    k.app_model.go("Attract")
    settle(qtbot, k)
    shoot(k, "self-service-Attract-large-text")
    k.app_model.toggleHighContrast()
    settle(qtbot, k)
    shoot(k, "self-service-Attract-high-contrast")
    assert k.app_model.property("colors")["bg"] == "#000000"
