"""The application: QGuiApplication + QQmlApplicationEngine + view-models, wired.

`KioskApplication(config, mode)` builds everything (tests use it directly with
pytest-qt's application object); `run_app(...)` is what `kiosk run` calls.

Threads: the GUI thread runs QML and the view-models; the store-writer thread owns
the `Store` (ui.tasks); devices and sync run their own threads and reach the GUI only
through `TaskManager.post` (a queued signal).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from kiosk.session import Session, SessionDefaults
from ui import metrics
from ui.crash import CrashHook
from ui.i18n import LanguageManager
from ui.idle import IdleWatcher
from ui.qt import delete_qobject, QFont, QFontDatabase, QFontMetricsF, QGuiApplication, QQmlApplicationEngine, Qt, QTimer, QUrl
from ui.services import Services, Unavailable
from ui.tasks import TaskManager
from ui.viewmodels import AppModel, FlowModel, Heartbeat, TechModel, clear_clipboard

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
MAIN_QML = ROOT / "assets" / "qml" / "Main.qml"
UI_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
# Screens where no citizen data can exist yet: the idle watcher sleeps there.
RESTING = {"Attract", "CounterLogin", "TechLogin"}


def ensure_qapp() -> QGuiApplication:
    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(sys.argv[:1])
    return app


def pick_font() -> QFont:
    families = set(QFontDatabase.families())
    for fam in UI_FONTS:
        if fam in families:
            return QFont(fam)
    log.warning("no CJK font found (install fonts-noto-cjk); Chinese text may show as boxes")
    return QFont()


def cap_ratio_of(font: QFont) -> float:
    f = QFont(font)
    f.setPixelSize(100)
    ratio = QFontMetricsF(f).capHeight() / 100.0
    return ratio if 0.4 < ratio < 0.95 else 0.72


class KioskApplication:
    def __init__(self, config, mode: str, *, log_file: Path | None = None, load: bool = True,
                 speech_engine: str | None = None, pcsc_scanner_factory=None):
        self.config = config
        self.mode = mode
        self._pcsc_scanner_factory = pcsc_scanner_factory   # tests only; None: pyscard
        self.qapp = ensure_qapp()
        font = pick_font()
        self.qapp.setFont(font)
        screen = self.qapp.primaryScreen()
        self.dpi = metrics.sane_dpi(screen.physicalDotsPerInch() if screen else 0.0, config["ui.screen_dpi"])
        self.cap_ratio = cap_ratio_of(font)

        self.session = Session(config.data_dir / "tmp", SessionDefaults(language=config["kiosk.language"]))
        self.session.on_wipe("clipboard", clear_clipboard)
        self.engine = QQmlApplicationEngine()
        self.qml_warnings: list[str] = []
        self.engine.warnings.connect(self._on_qml_warnings)
        self.languages = LanguageManager(self.engine)
        self.crash = CrashHook().install()
        self.tasks = TaskManager(on_unhandled=self.crash.report)
        self.services = Services(config)
        self.heartbeat = Heartbeat()

        self.app_model = AppModel(config, mode, self.session, self.languages, self.cap_ratio, self.dpi)
        self.flow = FlowModel(self.app_model, self.services, self.tasks)
        self.heartbeat.label = lambda: self.app_model.screen
        self.tech = TechModel(self.app_model, self.services, self.tasks, log_file, self.heartbeat)
        self.tech.actor_of = lambda: self.flow.actor
        self.crash.crashed.connect(self.app_model.show_apology, Qt.ConnectionType.QueuedConnection)

        if mode == "self-service":
            warn_ms, count_ms = config["ui.idle_warning_s"] * 1000, config["ui.idle_countdown_s"] * 1000
        else:  # counter: a longer idle time, then the PIN lock; technician: then sign out
            warn_ms, count_ms = config["ui.counter_lock_s"] * 1000, config["ui.idle_countdown_s"] * 1000
        self.idle = IdleWatcher(warn_ms, count_ms)
        self.idle.expired.connect(self._on_idle_expired)
        # A page moving under the document camera is the citizen at work, not idle.
        self.flow.previewChanged.connect(lambda: self.idle.poke() if self.flow._quad else None)
        self.app_model.screenChanged.connect(self._arm_idle)
        self.flow.lockChanged.connect(self._arm_idle)
        self.qapp.installEventFilter(self.idle)

        from ui.speech import Speech
        self.speech = Speech(speech_engine)
        self.session.on_wipe("speech", self.speech.reset)
        from ui.scanning import CameraImageProvider, PhotoImageProvider
        self.camera_provider = CameraImageProvider()
        self.engine.addImageProvider("camera", self.camera_provider)
        self.flow.camera_provider = self.camera_provider
        self.tech.camera_provider = self.camera_provider
        self.photo_provider = PhotoImageProvider()
        self.engine.addImageProvider("photo", self.photo_provider)
        self.flow.photo_provider = self.photo_provider
        self.session.on_wipe("photo", self.photo_provider.clear)
        ctx = self.engine.rootContext()
        for name, obj in (("app", self.app_model), ("flow", self.flow), ("tech", self.tech), ("idle", self.idle),
                          ("speech", self.speech)):
            ctx.setContextProperty(name, obj)
        self.languages.set_language(self.session.language)
        self.window = None
        if load:
            self.load()

    def load(self):
        # QQmlApplicationEngine installs Qt's own catalogue for the default locale at its
        # first load and never switches it; ui.i18n switches Qt's strings with ours, so the
        # engine must find an English default here (Qt's source language: no catalogue).
        with self.languages.qt_source_locale():
            self.engine.load(QUrl.fromLocalFile(str(MAIN_QML)))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError(f"{MAIN_QML} did not load: {'; '.join(self.qml_warnings) or 'no root object'}")
        self.window = roots[0]
        on_printer = lambda st: self.tasks.post(lambda: self.tech.set_printer(st))  # printer thread -> GUI
        self.tasks.store(lambda: self.services.warm_up(on_printer), self._warmed_up)
        self.heartbeat.start()
        return self.window

    def _warmed_up(self, ready: dict) -> None:
        log.info("warm-up: %s", {k: v or "ok" for k, v in ready.items()})
        self.app_model.set_training(self.services.training)
        # Only now: the store (and its key) exists, so the worker's own connection does
        # not race the first open of a new data directory.
        try:
            self.services.start_sync(lambda st: self.tasks.post(lambda: self.tech.set_sync(st)))  # worker -> GUI
        except Unavailable as e:
            self.tech.set_sync({"error": e.detail})
        try:   # reader status and card events: pyscard's owner thread -> queued -> GUI
            self.services.start_card_service(
                on_event=lambda ev: self.tasks.post(lambda: (self.tech.set_readers(event=ev),
                                                             self.flow.on_reader_event(ev))),
                on_status=lambda st: self.tasks.post(lambda: self.tech.set_readers(status=st)),
                scanner_factory=self._pcsc_scanner_factory)
        except Unavailable as e:
            log.warning("card readers not watched: %s", e.detail)

    def _on_qml_warnings(self, warnings) -> None:
        for w in warnings:
            text = w.toString()
            self.qml_warnings.append(text)
            log.warning("QML: %s", text)

    def _arm_idle(self) -> None:
        self.idle.arm(self.app_model.screen not in RESTING and not self.flow._locked)

    def _on_idle_expired(self) -> None:
        if self.mode == "self-service":
            self.app_model.endSession("idle")          # the citizen walked away: wipe
        elif self.mode == "counter" and self.flow._operator is not None:
            self.flow.lock()                           # the clerk stepped away: lock, keep the draft
        else:
            self.flow.logout()

    def close(self) -> None:
        self.heartbeat.stop()
        self.flow._stop_scan()
        self.tech.stop_calibration()
        self.idle.arm(False)
        self.qapp.removeEventFilter(self.idle)
        self.tasks.store(self.services.close)   # the Store belongs to the store thread
        self.tasks.shutdown(wait=True)
        self.crash.uninstall()
        self.languages.uninstall()
        if self.window is not None:
            self.window.close()
            self.window = None
        # QML first, while the view-models it binds to still exist (no "null" warnings).
        self.engine.warnings.disconnect(self._on_qml_warnings)
        delete_qobject(self.engine)


def run_app(config, mode: str, *, fullscreen: bool = True, quit_after: float | None = None,
            screenshot: str | None = None) -> int:
    if mode == "self-service":
        os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # Qt Multimedia (pulled in by text-to-speech) looks for PipeWire and says so on stderr.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    from kiosk.logs import LOG_FILE
    qapp = ensure_qapp()
    kiosk = KioskApplication(config, mode, log_file=config.log_dir / LOG_FILE)
    if fullscreen:
        if mode == "self-service":   # no title bar, no close button: the way out is the technician PIN
            kiosk.window.setFlags(kiosk.window.flags() | Qt.WindowType.FramelessWindowHint)
        kiosk.window.showFullScreen()
    else:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
    if quit_after is not None:
        def finish():
            if screenshot:
                kiosk.window.grabWindow().save(screenshot)
            qapp.quit()
        QTimer.singleShot(int(quit_after * 1000), finish)
    rc = qapp.exec()
    kiosk.close()
    return rc
