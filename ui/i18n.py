"""Languages: Qt Linguist files in assets/i18n, switched at run time.

`single_door_<code>.ts` are the sources (pyside6-lupdate over assets/qml and ui), the
Makefile compiles them to `.qm` with pyside6-lrelease. Each language is offered in its
own name and script. Switching installs the new translator and asks the QML engine to
re-evaluate every qsTr() binding (`QQmlEngine.retranslate()`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from ui.qt import QCoreApplication, QLocale, QObject, QTranslator, Signal

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = ROOT / "assets" / "i18n"
LANGUAGES = [("zh_CN", "中文"), ("en", "English")]
CODES = [c for c, _ in LANGUAGES]


def ts_path(code: str) -> Path:
    return I18N_DIR / f"single_door_{code}.ts"


def qm_path(code: str) -> Path:
    return I18N_DIR / f"single_door_{code}.qm"


class LanguageManager(QObject):
    changed = Signal(str)

    def __init__(self, engine=None, parent=None):
        super().__init__(parent)
        self._engine = engine
        self._translator: QTranslator | None = None
        self.code = ""
        self.loaded_file: Path | None = None

    def set_language(self, code: str) -> bool:
        """Switch to `code`; True when a compiled translation was loaded."""
        if code not in CODES:
            code = CODES[0]
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.loaded_file = None
        tr = QTranslator(self)
        path = qm_path(code)
        if tr.load(str(path)):
            app.installTranslator(tr)
            self._translator = tr
            self.loaded_file = path
        else:
            log.warning("translation %s not loaded (run `make translations`)", path.name)
        QLocale.setDefault(QLocale(code))
        self.code = code
        if self._engine is not None:
            self._engine.retranslate()
        self.changed.emit(code)
        return self.loaded_file is not None
