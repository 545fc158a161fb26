"""Seen driving `make run MODE=self-service` by hand under a virtual display: with Qt's
virtual keyboard open on the service search, the search box and its results were pushed
out of sight, and pinyin typed on the keyboard (still the input method's preedit, before
a candidate is chosen) searched nothing. Own process, like test_keyboard.py: the input
context must be chosen before the application object exists."""

from ui_testkit import run_with_virtual_keyboard

SCRIPT = r"""
from PySide6.QtGui import QInputMethodEvent
def top(name):
    it = find_item(k, name)
    return it.mapToScene(QPointF(0, 0)).y(), it.height(), it.isVisible()
def focus():
    k.app_model.go("Service")
    QTimer.singleShot(400, lambda: (find_item(k, "searchBox").forceActiveFocus(), QTimer.singleShot(800, type_pinyin)))
def type_pinyin():
    box = find_item(k, "searchBox")
    # what the Pinyin keyboard sends while "hydj" is typed and no candidate chosen yet
    QGuiApplication.sendEvent(box, QInputMethodEvent("hydj", []))
    QTimer.singleShot(1500, check)
def check():
    kb = find_item(k, "keyboard")
    out["keyboard_top"] = kb.mapToScene(QPointF(0, 0)).y()
    out["keyboard_active"] = bool(kb.property("active"))
    out["results"] = [r["id"] for r in k.flow.property("results")]
    out["box"] = top("searchBox")
    out["first_result"] = top("result_0") if out["results"] else None
    out["warnings"] = [w for w in k.qml_warnings if "assets/qml" in w]
    shoot(k, "self-service-keyboard-search-" + sys.argv[3])
    app.quit()
QTimer.singleShot(3000, focus)
"""


def test_search_box_and_results_stay_above_the_keyboard_and_pinyin_preedit_searches(tmp_path):
    for lang in ("zh_CN", "en"):
        res = run_with_virtual_keyboard(SCRIPT, tmp_path / lang, lang)
        assert res["keyboard_active"], res
        assert "marriage-record-certificate" in res["results"], res          # the preedit searched
        box_y, box_h, box_visible = res["box"]
        assert box_visible and box_y + box_h <= res["keyboard_top"], res     # the field is in sight
        first_y, first_h, first_visible = res["first_result"]
        assert first_visible and first_y + first_h <= res["keyboard_top"], res   # and what it found
        assert res["warnings"] == []
