"""Helpers for the UI tests: drive the real QML like a person, collect QML warnings."""

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
    assert item is not None, f"no QML item named {name!r} on screen {kiosk.app_model.screen}"
    return item


def tap(kiosk, name):
    """A real mouse click in the middle of the QML item called `name`."""
    from PySide6.QtTest import QTest
    from ui.qt import QPointF, Qt
    item = find_item(kiosk, name)
    assert item.isVisible(), f"{name} is not visible"
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
