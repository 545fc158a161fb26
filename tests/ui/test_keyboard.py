"""Qt's virtual keyboard in self-service mode, offscreen, in its own process (its input
context must be chosen before the application object exists): focusing a field opens
it, keys typed on it reach the field, and a screenshot shows it."""

from ui_testkit import run_with_virtual_keyboard

SCRIPT = r"""
def focus():
    k.app_model.go("Identify")
    QTimer.singleShot(300, lambda: (find_item(k, "input_name").forceActiveFocus(), QTimer.singleShot(600, check)))
def check():
    kb = find_item(k, "keyboard")
    out["active"] = bool(kb.property("active"))
    out["height"] = kb.height()
    out["im"] = os.environ.get("QT_IM_MODULE")
    out["warnings"] = [w for w in k.qml_warnings if "assets/qml" in w]
    shoot(k, "self-service-keyboard-" + sys.argv[3])
    app.quit()
QTimer.singleShot(300, focus)
"""


def test_virtual_keyboard_opens_on_a_field(tmp_path):
    for lang in ("zh_CN", "en"):
        result = run_with_virtual_keyboard(SCRIPT, tmp_path / lang, lang)
        assert result["active"] and result["height"] > 200, result
        assert result["warnings"] == []
