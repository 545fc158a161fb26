"""UI test fixtures: Qt offscreen with the virtual keyboard, translations compiled,
a tmp data dir, and a `kiosk_app` factory that builds the real application."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for ui_testkit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The virtual keyboard's input context swallows synthetic key events: in-process tests
# type without it; test_keyboard.py checks the keyboard in its own process.
os.environ.pop("QT_IM_MODULE", None)

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "assets" / "i18n"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"
SCREENSHOTS = ROOT / "tests" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The same step as `make translations`: .ts -> .qm when out of date."""
    for ts in sorted(I18N.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            # Into a new file, then renamed: Qt maps a loaded .qm, and rewriting it in place
            # under a running app (a demo, another test process) garbles its translations.
            tmp = qm.with_suffix(".qm.tmp")
            subprocess.run([str(LRELEASE), "-silent", str(ts), "-qm", str(tmp)], check=True)
            os.replace(tmp, qm)
    return I18N


@pytest.fixture
def ui_config(tmp_path):
    from kiosk.config import defaults
    return defaults().with_overrides(kiosk__data_dir=str(tmp_path / "data"), log__dir=str(tmp_path / "logs"),
                                     kiosk__simulated_devices=True)


@pytest.fixture
def kiosk_app(qapp, ui_config, qtbot):
    """factory(mode, **config_overrides) -> KioskApplication shown at 1280x800."""
    from ui.app import KioskApplication
    made = []

    def make(mode="counter", speech_engine=None, pcsc_scanner_factory=None, **overrides):
        cfg = ui_config.with_overrides(**overrides) if overrides else ui_config
        k = KioskApplication(cfg, mode, speech_engine=speech_engine, pcsc_scanner_factory=pcsc_scanner_factory)
        k.window.resize(1280, 800)
        k.window.show()
        qtbot.waitExposed(k.window)
        made.append(k)
        return k

    yield make
    problems = [w for k in made for w in k.qml_warnings if "assets/qml" in w]
    for k in made:
        k.close()
    assert problems == [], "QML warnings during the test:\n" + "\n".join(problems)

