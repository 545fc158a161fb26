"""Qt's virtual keyboard in self-service mode, offscreen, in its own process (its input
context must be chosen before the application object exists): focusing a field opens
it, keys typed on it reach the field, and a screenshot shows it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from kiosk.config import defaults
from ui.qt import QGuiApplication, QTimer
app = QGuiApplication([])
from ui.app import KioskApplication
from ui_testkit import find_item, shoot
cfg = defaults().with_overrides(kiosk__data_dir=sys.argv[2], log__dir=sys.argv[2], kiosk__simulated_devices=True)
k = KioskApplication(cfg, "self-service")
k.window.resize(1280, 800); k.window.show()
out = {}
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
k.app_model.setLanguage(sys.argv[3])
QTimer.singleShot(300, focus)
app.exec()
k.close()
print("RESULT " + json.dumps(out))
"""


def test_virtual_keyboard_opens_on_a_field(tmp_path):
    for lang in ("zh_CN", "en"):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard",
                   PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'tests' / 'ui'}")
        r = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT), str(tmp_path / lang), lang],
                           env=env, capture_output=True, text=True, timeout=120)
        line = [l for l in r.stdout.splitlines() if l.startswith("RESULT ")]
        assert r.returncode == 0 and line, r.stderr[-3000:]
        result = json.loads(line[0][7:])
        assert result["active"] and result["height"] > 200, result
        assert result["warnings"] == []
