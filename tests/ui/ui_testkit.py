"""Helpers for the UI tests: drive the real QML like a person, collect QML warnings."""

from contextlib import contextmanager
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def settle(qtbot, kiosk, ms=3000):
    """Wait until background tasks are done and the event queue is drained."""
    qtbot.waitUntil(lambda: not kiosk.tasks.busy, timeout=ms)
    qtbot.wait(30)


def shoot(kiosk, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    img = kiosk.window.grabWindow()
    path = SCREENSHOTS / f"{name}.png"
    img.save(str(path))
    return path


def find_item(kiosk, name):
    from ui.qt import QQuickItem
    item = kiosk.window.findChild(QQuickItem, name)
    if item is None:   # items made by a Repeater are only in the visual tree
        todo = [kiosk.window.contentItem()]
        while todo and item is None:
            it = todo.pop()
            if it.objectName() == name:
                item = it
            todo.extend(it.childItems())
    assert item is not None, f"no QML item named {name!r} on screen {kiosk.app_model.screen}"
    return item


def scroll_into_view(item):
    """Scroll the enclosing Flickable (a page's ScrollView) so `item` is on screen, as a
    person would before touching it."""
    from ui.qt import QPointF
    f = item.parentItem()
    while f is not None and f.property("contentY") is None:
        f = f.parentItem()
    if f is None:
        return
    y = item.mapToItem(f.property("contentItem"), QPointF(0, 0)).y()
    top, height = f.property("contentY"), f.height()
    if y < top or y + item.height() > top + height:
        f.setProperty("contentY", max(0.0, min(y - 20, f.property("contentHeight") - height)))


def tap(kiosk, name):
    """A real mouse click in the middle of the QML item called `name`."""
    from PySide6.QtTest import QTest
    from ui.qt import QPointF, Qt
    item = find_item(kiosk, name)
    assert item.isVisible(), f"{name} is not visible"
    scroll_into_view(item)
    p = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)


def qml_problems(kiosk, qtlog=None):
    """QML warnings from our own files (the engine's list plus Qt's log)."""
    found = [w for w in kiosk.qml_warnings if "assets/qml" in w]
    if qtlog is not None:
        found += [r.message for r in qtlog.records if "assets/qml" in r.message]
    return found


def add_operator(config, username, role, pin):
    from kiosk.operators import Operators
    from kiosk.store import Store
    store = Store.open(config.data_dir, config=config)
    try:
        Operators(store).add(username, role, pin, display_name=username.title(), actor="test")
    finally:
        store.close()


def type_into(kiosk, name, text):
    """Focus the QML text field called `name` and type `text` with real key events."""
    from PySide6.QtTest import QTest
    item = find_item(kiosk, name)
    item.forceActiveFocus()
    from ui.qt import Qt
    for ch in text:   # QTest.keyClicks has no QWindow overload in PySide6
        code = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Click, kiosk.window, code, ch, Qt.KeyboardModifier.NoModifier)


def visible_items(kiosk):
    """Every QML item on screen (visible and not fully transparent, with its parents)."""
    todo = [kiosk.window.contentItem()]
    while todo:
        it = todo.pop()
        if not it.isVisible() or it.opacity() == 0:
            continue
        yield it
        todo.extend(it.childItems())


def truncated_texts(kiosk):
    """Visible texts cut short with an ellipsis (clipped words), by their text."""
    return [it.property("text") for it in visible_items(kiosk) if it.property("truncated") is True]


def in_each_language(qtbot, kiosk, check):
    """`check(lang)` on the current screen in Chinese, then English (back to the original after)."""
    original = kiosk.app_model.language
    for lang in ("zh_CN", "en"):
        kiosk.app_model.setLanguage(lang)
        settle(qtbot, kiosk)
        check(lang)
    kiosk.app_model.setLanguage(original)
    settle(qtbot, kiosk)


def both_languages(qtbot, kiosk, name):
    """Screenshots of the current screen in Chinese and English (back to the original after)."""
    settle(qtbot, kiosk)
    kiosk.heartbeat.pause()      # grabbing a window is the test's work, not the app's

    def shot(lang):
        shoot(kiosk, f"{name}-{lang}")
        assert truncated_texts(kiosk) == [], f"{name}-{lang}: clipped text"
    in_each_language(qtbot, kiosk, shot)
    kiosk.heartbeat.resume()


# -- real parts for end-to-end flows --------------------------------------------------------
TESTS = Path(__file__).resolve().parents[1]


def _tests_module(folder: str, name: str):
    """A helper module from another test folder (tests/sync, tests/printer, tests/scanner)."""
    import importlib
    import sys
    path = str(TESTS / folder)
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module(name)


def platform_harness(data_dir):
    """The reference platform on a real server bound to 127.0.0.1 (tests/sync/synchelpers)."""
    return _tests_module("sync", "synchelpers").PlatformHarness(data_dir)


def loopback_printer():
    """A real TCP ESC/POS printer on 127.0.0.1 that keeps what it printed (tests/printer)."""
    return _tests_module("printer", "loopback_printer").LoopbackPrinter().start()


def document_video(path: Path, frames: int = 15, seed: int = 21) -> Path:
    """A still page on a desk for a few seconds, as a video file that plays the document
    camera. 8 MP like a document camera: the page comes out at ~170 dpi (enough for the gate)."""
    import cv2
    docsynth = _tests_module("scanner", "docsynth")
    scene = docsynth.make_scene(seed, w=3264, h=2448, hard=False)
    h, w = scene.image.shape[:2]
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 5.0, (w, h))
    for _ in range(frames):
        out.write(scene.image)
    out.release()
    return path


# -- a citizen through the flow (shared setup of the flow tests) -------------------------------
ID_NUMBER = "11010519491231002X"          # valid GB 11643; the GA/T 467 simulator's sample card
SERVICE = "marriage-record-certificate"   # one required material, obtainable through data sharing
FLOW = ("Identify", "Service", "Form", "Materials", "Review", "Done")


def typed_citizen_to(k, qtbot, screen, *, name="张三", id_number=ID_NUMBER, start=True, phone="13800138000"):
    """Take a citizen identified by typed details to `screen`, the way a person would:
    Service (identified), Form (the marriage record certificate chosen), then on as
    `continue_to`. `start`: tap Start on the attract screen first (self-service); else
    the app is already on Identify (counter). Returns the case number at Done."""
    if start:
        tap(k, "start")
        qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    type_into(k, "input_name", name)
    type_into(k, "input_id_number", id_number)
    tap(k, "identifyNext")
    qtbot.waitUntil(lambda: k.app_model.screen == "Service", timeout=5000)
    if FLOW.index(screen) >= FLOW.index("Form"):
        k.flow.chooseService(SERVICE)
        qtbot.waitUntil(lambda: k.app_model.screen == "Form", timeout=5000)
    return continue_to(k, qtbot, screen, phone=phone)


def continue_to(k, qtbot, screen, *, phone="13800138000"):
    """From the Form screen on to `screen`: Materials (phone filled, Continue), Review (each
    required material "obtained through data sharing", Continue), Done (submitted; returns
    the case number)."""
    target = FLOW.index(screen)
    if target >= FLOW.index("Materials") and k.app_model.screen == "Form":
        k.flow.setField("phone", phone)
        tap(k, "formNext")
        qtbot.waitUntil(lambda: k.app_model.screen == "Materials" and bool(k.flow.property("materials")),
                        timeout=5000)
    if target >= FLOW.index("Review"):
        settle(qtbot, k)
        for i, m in enumerate(k.flow.property("materials")):
            if m["required"]:
                tap(k, f"shared_{i}")
        qtbot.waitUntil(lambda: all(m["satisfied"] for m in k.flow.property("materials") if m["required"]),
                        timeout=5000)
        tap(k, "materialsNext")
        qtbot.waitUntil(lambda: k.app_model.screen == "Review" and k.flow.property("ready"), timeout=5000)
    if target >= FLOW.index("Done"):
        tap(k, "submit")
        qtbot.waitUntil(lambda: k.app_model.screen == "Done", timeout=10000)
        return k.flow.property("done")["case_number"]
    return None


def choose_by_search(k, qtbot, query, service_id=SERVICE):
    """Type `query` into the service search, wait for `service_id` among the results, tap it."""
    type_into(k, "searchBox", query)
    qtbot.waitUntil(lambda: any(r["id"] == service_id for r in k.flow.property("results")), timeout=5000)
    settle(qtbot, k)
    index = [r["id"] for r in k.flow.property("results")].index(service_id)
    tap(k, f"result_{index}")
    qtbot.waitUntil(lambda: k.app_model.screen == "Form", timeout=5000)


def sign_in(k, qtbot, username, pin, screen="Identify"):
    """Sign in on the counter / technician sign-in screen."""
    type_into(k, "input_username", username)
    type_into(k, "input_pin", pin)
    tap(k, "signIn")
    qtbot.waitUntil(lambda: k.app_model.screen == screen, timeout=5000)


# -- Qt's virtual keyboard needs its own process (chosen before the application exists) ---------
KEYBOARD_APP = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from kiosk.config import defaults
from ui.qt import QGuiApplication, QTimer, QPointF
app = QGuiApplication([])
from ui.app import KioskApplication
from ui_testkit import find_item, shoot
cfg = defaults().with_overrides(kiosk__data_dir=sys.argv[2], log__dir=sys.argv[2], kiosk__simulated_devices=True)
k = KioskApplication(cfg, "self-service")
k.window.resize(1280, 800); k.window.show()
out = {}
k.app_model.setLanguage(sys.argv[3])
"""


def run_with_virtual_keyboard(script, data_dir, lang) -> dict:
    """Run `script` in a new process after KEYBOARD_APP (the self-service app with Qt's virtual
    keyboard, offscreen, in `lang`; it names app, k, out, find_item, shoot, QTimer, QPointF).
    The script quits the app when done; `out` comes back as a dict."""
    import json
    import os
    import subprocess
    import sys
    root = TESTS.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard",
               PYTHONPATH=f"{root}{os.pathsep}{TESTS / 'ui'}")
    code = KEYBOARD_APP + script + '\napp.exec()\nk.close()\nprint("RESULT " + json.dumps(out))\n'
    r = subprocess.run([sys.executable, "-c", code, str(root), str(data_dir), lang],
                       env=env, capture_output=True, text=True, timeout=120)
    line = [ln for ln in r.stdout.splitlines() if ln.startswith("RESULT ")]
    assert r.returncode == 0 and line, r.stderr[-3000:]
    return json.loads(line[0][7:])


# -- a chip on a PC/SC reader: pcscd + vpcd (only one can run here: flock /tmp/pcscd-tests.lock) -
VPCD_READER = "Virtual PCD 00 00"


@contextmanager
def vpcd_chip_reader(tmp_path, reader=VPCD_READER):
    """pcscd with the vpcd driver for a UI chip test: the one tests/cards runs in the same
    pytest session, else our own (stopped after). Yields `place(card)`: a simulated chip on
    `reader` (seen by pcscd before it returns); every chip placed is taken off at the end."""
    import time

    import pytest
    from devices.cards.errors import CardError
    from devices.cards.pcsc import wait_for_card
    from devices.cards.pcscd_harness import PcscdHarness, vpcd_readers
    from devices.cards.vpcd import VpcdCard
    harness = None
    if reader not in vpcd_readers(0.5):
        harness = PcscdHarness(tmp_path / "pcscd")
        try:
            harness.start()
        except CardError as e:
            pytest.fail(str(e))
    placed = []

    def place(card):
        v = VpcdCard(card)
        v.insert()
        placed.append(v)
        assert wait_for_card(reader, 5.0)
        return v
    try:
        yield place
    finally:
        for v in placed:
            v.remove()
            wait_for_card(reader, 5.0, present=False)
            time.sleep(0.5)   # pcscd notices the removal at its next poll (see tests/cards/conftest.py)
        if harness is not None:
            harness.stop()
