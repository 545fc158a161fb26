"""Languages: Qt Linguist files in assets/i18n, switched at run time.

`single_door_<code>.ts` are the sources (pyside6-lupdate over assets/qml and ui), the
Makefile compiles them to `.qm` with pyside6-lrelease. Each language is offered in its
own name and script. Switching installs the new translator and asks the QML engine to
re-evaluate every qsTr() binding (`QQmlEngine.retranslate()`).

Qt's own strings (standard buttons and dialogs, Qt Quick Controls) come from the
catalogues Qt ships (`qt_<code>.qm`, which pulls in qtbase_, qtdeclarative_ and
qtmultimedia_<code>.qm, in QLibraryInfo's translations folder); they are switched with
ours. English needs none: it is Qt's source language.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

from ui.qt import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = ROOT / "assets" / "i18n"
LANGUAGES = [("zh_CN", "中文"), ("en", "English")]
CODES = [c for c, _ in LANGUAGES]


def ts_path(code: str) -> Path:
    return I18N_DIR / f"single_door_{code}.ts"


def qm_path(code: str) -> Path:
    return I18N_DIR / f"single_door_{code}.qm"


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


class LanguageManager(QObject):
    changed = Signal(str)

    def __init__(self, engine=None, parent=None):
        super().__init__(parent)
        self._engine = engine
        self._translator: QTranslator | None = None
        self._qt_translator: QTranslator | None = None
        self.code = ""
        self.loaded_file: Path | None = None
        self.qt_file: Path | None = None       # Qt's own catalogue in use (None: English, or not shipped)

    def uninstall(self) -> None:
        """Take our translators (ours and Qt's catalogue) off the application."""
        app = QCoreApplication.instance()
        for tr in (self._translator, self._qt_translator):
            if tr is not None:
                if app is not None:
                    app.removeTranslator(tr)
                tr.deleteLater()
        self._translator = self._qt_translator = None
        self.loaded_file = self.qt_file = None

    @contextmanager
    def qt_source_locale(self):
        """The default locale is English inside the block (and back after): for Qt code
        that loads Qt's catalogue for the default locale on its own, once."""
        current = QLocale()
        QLocale.setDefault(QLocale(QLocale.Language.English))
        try:
            yield
        finally:
            QLocale.setDefault(current)

    def set_language(self, code: str) -> bool:
        """Switch to `code`; True when a compiled translation was loaded."""
        if code not in CODES:
            code = CODES[0]
        app = QCoreApplication.instance()
        self.uninstall()
        if not code.startswith("en"):
            qt_tr = QTranslator(self)
            if qt_tr.load(f"qt_{code}", str(qt_translations_dir())):
                app.installTranslator(qt_tr)
                self._qt_translator = qt_tr
                self.qt_file = Path(qt_tr.filePath())
            else:
                log.warning("Qt's own %s translations not found in %s: standard dialogs stay in English",
                            code, qt_translations_dir())
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
