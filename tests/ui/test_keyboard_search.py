"""Seen driving `make run MODE=self-service` by hand under a virtual display: with Qt's
virtual keyboard open on the service search, the search box and its results were pushed
out of sight, and pinyin typed on the keyboard (still the input method's preedit, before
a candidate is chosen) searched nothing. Own process, like test_keyboard.py: the input
context must be chosen before the application object exists."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from kiosk.config import defaults
from ui.qt import QGuiApplication, QTimer, QPointF
from PySide6.QtGui import QInputMethodEvent
app = QGuiApplication([])
from ui.app import KioskApplication
from ui_testkit import find_item, shoot
cfg = defaults().with_overrides(kiosk__data_dir=sys.argv[2], log__dir=sys.argv[2], kiosk__simulated_devices=True)
k = KioskApplication(cfg, "self-service")
k.window.resize(1280, 800); k.window.show()
out = {}
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
k.app_model.setLanguage(sys.argv[3])
QTimer.singleShot(3000, focus)
app.exec()
k.close()
print("RESULT " + json.dumps(out))
"""


def test_search_box_and_results_stay_above_the_keyboard_and_pinyin_preedit_searches(tmp_path):
    for lang in ("zh_CN", "en"):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard",
                   PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'tests' / 'ui'}")
        r = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT), str(tmp_path / lang), lang],
                           env=env, capture_output=True, text=True, timeout=120)
        line = [l for l in r.stdout.splitlines() if l.startswith("RESULT ")]
        assert r.returncode == 0 and line, r.stderr[-3000:]
        res = json.loads(line[0][7:])
        assert res["keyboard_active"], res
        assert "marriage-record-certificate" in res["results"], res          # the preedit searched
        box_y, box_h, box_visible = res["box"]
        assert box_visible and box_y + box_h <= res["keyboard_top"], res     # the field is in sight
        first_y, first_h, first_visible = res["first_result"]
        assert first_visible and first_y + first_h <= res["keyboard_top"], res   # and what it found
        assert res["warnings"] == []
