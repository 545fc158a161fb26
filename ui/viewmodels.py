"""View-models: what the QML screens bind to. They hold no business rules: they ask
the core (through `ui.services`, on the store thread) and show its verdicts.

Strings for people live in QML (qsTr); the view-models expose codes (`loginError ==
"locked"`, a field problem's `rule`) that QML turns into words in the current
language, so a language switch re-labels everything at once.

- `AppModel`  ("app")  : mode, current screen, language, large text / high contrast,
                         physical sizes and colours, the SIMULATED band, the apology.
- `FlowModel` ("flow") : operator login and the citizen flow
                         identify -> service -> form -> materials -> review -> done.
- `TechModel` ("tech") : devices, printer, sync, logs for the technician screen.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from kiosk.errors import AuthError, KioskError
from kiosk.session import Session
from ui import metrics
from ui.i18n import LANGUAGES
from ui.qt import Property, QGuiApplication, QObject, Signal, Slot
from ui.services import Unavailable, probe

log = logging.getLogger(__name__)

START_SCREEN = {"counter": "CounterLogin", "self-service": "Attract", "technician": "TechLogin"}
FLOW = ["Identify", "Service", "Form", "Materials", "Review", "Done"]
# Reasons offered with a good rating (4-5); the others go with 1-3 (codes of kiosk.ratings.REASONS).
GOOD_REASONS = ("fast", "clear_guidance", "friendly", "one_visit")

PALETTES = {
    False: {"bg": "#f4f6f8", "panel": "#ffffff", "fg": "#1b2430", "muted": "#4a5563", "accent": "#0b5cad",
            "accentFg": "#ffffff", "danger": "#b00020", "ok": "#1e6b34", "border": "#c5ccd6", "band": "#ffd84d",
            "bandFg": "#1b2430"},
    True: {"bg": "#000000", "panel": "#000000", "fg": "#ffffff", "muted": "#ffffff", "accent": "#ffff00",
           "accentFg": "#000000", "danger": "#ff6b6b", "ok": "#7dff7d", "border": "#ffffff", "band": "#ffff00",
           "bandFg": "#000000"},
}


def _prop(type_, name, notify):
    """A read-only Qt property backed by `self._<name>`."""
    return Property(type_, lambda self: getattr(self, "_" + name), notify=notify)


class AppModel(QObject):
    screenChanged = Signal()
    languageChanged = Signal()
    looksChanged = Signal()
    apologyChanged = Signal()
    busyChanged = Signal()
    trainingChanged = Signal()

    def __init__(self, config, mode: str, session: Session, languages, cap_ratio: float, dpi: float,
                 parent=None):
        super().__init__(parent)
        self.config = config
        self._mode = mode
        self.session = session
        self._languages = languages          # ui.i18n.LanguageManager
        self._cap_ratio = cap_ratio
        self._dpi = dpi
        self._screen = START_SCREEN[mode]
        self._apology = False
        self._busy = False
        self._simulated = bool(config["kiosk.simulated_devices"])
        self._training: list = []            # simulated devices: training accounts shown at sign-in
        self.on_wipe_done = []               # callables after each wipe (tests, flow reset)
        self._recompute()

    # -- properties ---------------------------------------------------------------------
    mode = Property(str, lambda self: self._mode, constant=True)
    screen = _prop(str, "screen", screenChanged)
    apology = _prop(bool, "apology", apologyChanged)
    busy = _prop(bool, "busy", busyChanged)
    simulated = Property(bool, lambda self: self._simulated, constant=True)
    training = _prop("QVariantList", "training", trainingChanged)
    window = Property(str, lambda self: str(self.config["kiosk.window"]), constant=True)
    hallName = Property(str, lambda self: str(self.config["kiosk.hall_name"]), constant=True)
    languages = Property("QVariantList", lambda self: [{"code": c, "name": n} for c, n in LANGUAGES],
                         constant=True)

    @Property(str, notify=languageChanged)
    def language(self) -> str:
        return self.session.language

    @Property(bool, notify=looksChanged)
    def largeText(self) -> bool:
        return self.session.large_text

    @Property(bool, notify=looksChanged)
    def highContrast(self) -> bool:
        return self.session.high_contrast

    @Property("QVariantMap", notify=looksChanged)
    def sizes(self) -> dict:
        return self._sizes.as_dict()

    @Property("QVariantMap", notify=looksChanged)
    def colors(self) -> dict:
        return PALETTES[self.session.high_contrast]

    @Property(int, constant=True)
    def flowSteps(self) -> int:
        return len(FLOW) - 1

    @Property(int, notify=screenChanged)
    def flowStep(self) -> int:
        screen = "Materials" if self._screen == "Capture" else self._screen
        return FLOW.index(screen) if screen in FLOW else -1

    def set_training(self, accounts: list[dict]) -> None:
        """Training accounts (simulated devices only) for the sign-in screens' hint."""
        self._training = list(accounts) if self._simulated else []
        self.trainingChanged.emit()

    # -- slots --------------------------------------------------------------------------
    @Slot(str)
    def setLanguage(self, code: str) -> None:
        self.session.language = code
        self._languages.set_language(code)
        self.languageChanged.emit()

    @Slot()
    def toggleLargeText(self) -> None:
        self.session.large_text = not self.session.large_text
        self._recompute()

    @Slot()
    def toggleHighContrast(self) -> None:
        self.session.high_contrast = not self.session.high_contrast
        self._recompute()

    @Slot(str)
    def go(self, screen: str) -> None:
        if screen != self._screen:
            self._screen = screen
            self.screenChanged.emit()

    @Slot()
    def technicianLogin(self) -> None:
        self.go("TechLogin")

    @Slot()
    def leaveTechnician(self) -> None:
        self.go(START_SCREEN[self._mode] if self._mode != "technician" else "TechLogin")

    @Slot(str)
    def endSession(self, reason: str) -> None:
        """Wipe the citizen's session (kiosk.session) and go back to the start."""
        report = self.session.end(reason)
        for fn in list(self.on_wipe_done):
            fn(report)
        self._languages.set_language(self.session.language)
        self.languageChanged.emit()
        self._recompute()
        if self._mode == "counter" and reason in ("next", "done"):
            self.go("Identify")
        else:
            self.go(START_SCREEN[self._mode])

    def show_apology(self, _what: str = "") -> None:
        self.endSession("error")
        self._apology = True
        self.apologyChanged.emit()

    @Slot()
    def dismissApology(self) -> None:
        self._apology = False
        self.apologyChanged.emit()

    def set_busy(self, on: bool) -> None:
        if on != self._busy:
            self._busy = on
            self.busyChanged.emit()

    def _recompute(self) -> None:
        self._sizes = metrics.compute_sizes(self._dpi, self._cap_ratio, large=self.session.large_text)
        self.looksChanged.emit()


def _supervisor_refusal(e: BaseException, codes: dict[str, str] | None = None) -> str:
    """A supervisor-authorised action (waiver, withdraw) refused by the core, in the
    screen's words: auth (name/PIN/role), reason (too short), one of `codes` (the action's
    own StateError codes), else error. Anything but a KioskError is a bug: raised again."""
    if not isinstance(e, KioskError):
        raise e
    if isinstance(e, AuthError):
        return "auth"
    code = getattr(e, "code", "")
    if code == "invalid_input":
        return "reason"
    return (codes or {}).get(code, "error")


class FlowModel(QObject):
    """Operator login and the citizen flow. State that belongs to the citizen lives in
    the `Session` (wiped by kiosk.session); this object only mirrors it for QML."""

    changed = Signal()

    def __init__(self, app: AppModel, services, tasks, parent=None):
        super().__init__(parent)
        self.app = app
        self.services = services
        self.tasks = tasks
        self.session: Session = app.session
        self._operator: dict | None = None
        self._login_error = ""
        self._locked = False                                  # counter idle lock
        self._unlock_error = ""
        self._clear()
        # The wipe also discards the draft case in the store (on the store thread).
        self.session.on_wipe("draft", self._discard_draft)
        self.session.on_wipe("camera", self._stop_scan)      # release the camera
        self._scan_run = None
        self.camera_provider = None                           # ui.scanning.CameraImageProvider
        self.photo_provider = None                            # ui.scanning.PhotoImageProvider
        self._photo_serial = 0
        self._chip_reader = ""                                # PC/SC reader holding a card
        self._qr_scanning = False
        self._chip_present = False
        self._id_watching = False                             # the GA/T 467 reader is polled for a card
        self._id_watch_gen = 0                                # bumped at each stop: late reads are dropped
        self.session.on_wipe("id-watch", self._stop_id_watch)
        app.on_wipe_done.append(lambda _r: self._clear_and_notify())
        app.on_wipe_done.append(lambda _r: self.tasks.post(self._sync_id_watch))   # after the screen is chosen
        app.screenChanged.connect(self._sync_id_watch)
        app.languageChanged.connect(self._relabel)

    def _clear(self) -> None:
        self._unavailable: dict[str, str] = {}      # part -> technician detail
        self._identity: dict = {}                    # masked, for display
        self._identify_error = ""
        self._card_state = ""                        # reading | removed | error | denied | unavailable
        self._query = ""
        self._results: list[dict] = []
        self._categories: list[dict] = []            # service screen: category chips (empty query)
        self._category = ""                          # the category being browsed
        self._service: dict = {}
        self._fields: list[dict] = []
        self._problems: dict[str, str] = {}          # field id -> rule code
        self._materials: list[dict] = []
        self._ready = False
        self._blockers: list[dict] = []
        self._done: dict = {}
        self._print_state = ""
        self._error = ""
        self._todays: list[dict] = []                # counter: today's cases (masked)
        self._kpis: dict = {}                        # counter: today's hall KPIs
        self._waive_error = ""
        self._withdraw_error = ""                    # counter: supervisor's withdrawal verdict
        self._qr_scanning = False
        self._mrz_scanning = False
        self._mrz_hint = ""
        self._status: dict = {}                      # a case looked up by its number
        self._citizen_cases: list[dict] | None = None  # the citizen's cases found by card/chip (None: not asked)
        self._status_error = ""
        self._capture: dict = {}                     # material being scanned: id, name, pages, verdict
        self._camera_state = ""
        self._preview_serial = 0
        self._quad: list = []
        self._progress = 0.0
        self._live_problems: list = []               # why the page in view is not taken yet
        self._adjust: dict = {}                      # corners by hand: state waiting|adjusting|checking, frame size, quad, problems
        self._rating: dict = {"level": 0, "reasons": [], "state": ""}   # Done: sending | sent | error
        self._follow_ups: list[dict] = []            # counter supervisor: bad reviews to follow up
        self._follow_up_error = ""

    def _clear_and_notify(self) -> None:
        self._clear()
        self.changed.emit()

    def _relabel(self) -> None:
        """Catalogue texts come in the citizen's language: fetch them again after a switch."""
        lang, cid, sid = self.app.language, self.session.draft_case_id, self.session.service_id
        if self._results or self._query or self._category:
            self.search(self._query)
        if cid and sid:
            def ok(r):
                self._service, self._fields = r
            self._run(lambda: (self.services.service_info(sid, lang), self.services.form_fields(cid, lang)),
                      ok, "cases")
        if self._materials:
            self._refresh_ready(None)
        if self._status.get("case_number"):
            self.checkStatus(self._status["case_number"])
        if self._citizen_cases and self.session.identity is not None:
            self._cases_of(self.session.identity)
        if self._todays:
            self._run(lambda: self.services.todays_cases(lang), lambda r: setattr(self, "_todays", r), "cases")
        if self._follow_ups:
            self._load_follow_ups()
        self.changed.emit()          # the rating's levels and reasons come in the citizen's language

    def _discard_draft(self, session: Session) -> None:
        cid = session.draft_case_id
        if cid and not session.case_number:
            actor = self.actor
            self.tasks.store(lambda: self.services.discard_draft(cid, actor, "session wiped"))

    # -- helpers --------------------------------------------------------------------------
    @property
    def actor(self) -> str:
        return self._operator["username"] if self._operator else self.app.mode

    @property
    def channel(self) -> str:
        return "self-service" if self.app.mode == "self-service" else "counter"

    def _stale(self, sid: str) -> bool:
        """A result that arrives after the session was wiped belongs to nobody on screen."""
        if self.session.id != sid:
            log.info("result for a wiped session dropped")
            return True
        return False

    def _run(self, fn, on_done, part: str, on_stale=None) -> None:
        """Run on the store thread; an Unavailable part or a KioskError becomes state."""
        self.app.set_busy(True)
        sid = self.session.id

        def done(result):
            self.app.set_busy(self.tasks.busy)
            if self._stale(sid):
                if on_stale:
                    on_stale(result)
                return
            self._unavailable.pop(part, None)
            on_done(result)
            self.changed.emit()

        def failed(e: BaseException):
            self.app.set_busy(self.tasks.busy)
            if self._stale(sid) and isinstance(e, KioskError):
                return
            if isinstance(e, Unavailable):
                self._unavailable[part] = e.detail
                log.warning("%s not available: %s", part, e.detail)
            elif isinstance(e, KioskError):
                self._error = getattr(e, "code", "error")
                log.info("%s: %s (%s)", part, type(e).__name__, getattr(e, "code", ""))
            else:
                raise e   # a bug: the crash hook apologises and resets
            self.changed.emit()

        self.tasks.store(fn, done, failed)

    # -- properties -----------------------------------------------------------------------
    unavailable = Property("QVariantMap", lambda self: dict(self._unavailable), notify=changed)
    loggedIn = Property(bool, lambda self: self._operator is not None, notify=changed)
    operatorName = Property(str, lambda self: (self._operator or {}).get("display_name", ""), notify=changed)
    loginError = Property(str, lambda self: self._login_error, notify=changed)
    identity = Property("QVariantMap", lambda self: self._identity, notify=changed)
    identifyError = Property(str, lambda self: self._identify_error, notify=changed)
    cardState = Property(str, lambda self: self._card_state, notify=changed)
    query = Property(str, lambda self: self._query, notify=changed)
    results = Property("QVariantList", lambda self: self._results, notify=changed)
    service = Property("QVariantMap", lambda self: self._service, notify=changed)
    fields = Property("QVariantList", lambda self: self._fields, notify=changed)
    problems = Property("QVariantMap", lambda self: self._problems, notify=changed)
    materials = Property("QVariantList", lambda self: self._materials, notify=changed)
    ready = Property(bool, lambda self: self._ready, notify=changed)
    blockers = Property("QVariantList", lambda self: self._blockers, notify=changed)
    done = Property("QVariantMap", lambda self: self._done, notify=changed)
    printState = Property(str, lambda self: self._print_state, notify=changed)
    error = Property(str, lambda self: self._error, notify=changed)
    caseStatus = Property("QVariantMap", lambda self: self._status, notify=changed)
    capture = Property("QVariantMap", lambda self: self._capture, notify=changed)
    cameraState = Property(str, lambda self: self._camera_state, notify=changed)
    previewChanged = Signal()
    previewSerial = Property(int, lambda self: self._preview_serial, notify=previewChanged)
    quad = Property("QVariantList", lambda self: self._quad, notify=previewChanged)
    captureProgress = Property(float, lambda self: self._progress, notify=previewChanged)
    liveProblems = Property("QVariantList", lambda self: self._live_problems, notify=previewChanged)
    adjust = Property("QVariantMap", lambda self: self._adjust, notify=changed)

    # -- document camera -------------------------------------------------------------------
    def _stop_scan(self, _session=None) -> None:
        run = getattr(self, "_scan_run", None)
        if run is not None:
            run.stop()
            self._scan_run = None

    @Slot(str)
    def scanMaterial(self, material_id: str) -> None:
        """Open the camera for one material: live preview, auto-capture, verdicts."""
        from ui.scanning import ScanRun
        self._stop_scan()
        name = next((m["name"] for m in self._materials if m["id"] == material_id), material_id)
        spec = next((m for m in self._service.get("materials", []) if m["id"] == material_id), {})
        needed = spec.get("pages", 1)
        for old in self.session.materials.pop(material_id, []):   # "scan again" starts over
            old.unlink(missing_ok=True)
        paper = spec.get("paper") or self.app.config["camera.paper"]
        self._capture = {"id": material_id, "name": name, "pages": 0,
                         "needed": needed, "verdict": {}, "paper": paper}
        self._camera_state = "connecting"
        sid = self.session.id

        def on_capture(jpeg: bytes, verdict: dict):
            if self._stale(sid) or not self._capture:
                return
            if jpeg:
                page = self.session.new_temp_file(".jpg")
                page.write_bytes(jpeg)
                self.session.add_material_file(material_id, page)
            self._capture = dict(self._capture, pages=len(self.session.materials.get(material_id, [])),
                                 verdict=verdict)
            self.changed.emit()

        def on_status(st):
            self._camera_state = st.state
            self.changed.emit()

        def on_frozen(width: int, height: int, quad):
            if self._stale(sid) or self._adjust.get("state") != "waiting":
                return
            if not quad or len(quad) != 8:      # no page found: an inset rectangle to start from
                dx, dy = width * 0.15, height * 0.15
                quad = [dx, dy, width - dx, dy, width - dx, height - dy, dx, height - dy]
            self._adjust = {"state": "adjusting", "width": width, "height": height,
                            "quad": [float(v) for v in quad], "problems": [],
                            "serial": self._adjust.get("serial", 0) + 1}
            self.changed.emit()

        def on_corners(jpeg: bytes, verdict: dict):
            if self._stale(sid) or not self._adjust:
                return
            on_capture(jpeg, verdict)
            if verdict.get("ok"):
                self._adjust = {}                  # the page is taken: back to live
            else:                                  # refused: the frame stays held, corners movable
                self._adjust = dict(self._adjust, state="adjusting", problems=list(verdict.get("problems", [])))
            self.changed.emit()

        # the material's own format (an ID card is straightened to a card and judged for DPI
        # as one); without one, the station's camera.paper
        run = ScanRun(self.app.config, on_preview=self._on_preview, on_capture=on_capture,
                      on_status=on_status, post=self.tasks.post, on_frozen=on_frozen, on_corners=on_corners,
                      paper=paper)
        self._scan_run = run
        self._adjust = {}

        def ended(e):
            self._camera_state = "error"
            self.changed.emit()
            if not isinstance(e, Exception):
                raise e
            log.warning("document camera stopped: %s", type(e).__name__)

        self.tasks.device("scanner", run.run, None, ended, busy=False)
        self.app.go("Capture")
        self.changed.emit()

    def _on_preview(self, image, quad, progress, problems=None) -> None:
        if self._scan_run is None:
            return
        if problems is not None or not quad:
            self._live_problems = problems or []
        if self.camera_provider is not None:
            self.camera_provider.set_image(image)
        self._preview_serial += 1
        self._quad = quad or []
        self._progress = progress
        self.previewChanged.emit()

    def _start_camera_reader(self, flag: str, make_run, deliver) -> None:
        """Run a camera reader (slip QR, MRZ) on the scanner's owner thread. `flag` is the
        attribute that says one runs; `make_run(on_result, on_status)` builds it; the first
        result stops it and reaches `deliver` unless the session was wiped meanwhile."""
        self._stop_scan()
        self._camera_state = "connecting"
        setattr(self, flag, True)
        sid = self.session.id

        def on_result(*result):
            self._stop_scan()
            setattr(self, flag, False)
            if not self._stale(sid):
                deliver(*result)
            self.changed.emit()

        def on_status(st):
            self._camera_state = st.state
            self.changed.emit()

        def ended(e):
            self._camera_state = "error"
            setattr(self, flag, False)
            self.changed.emit()
            if not isinstance(e, Exception):
                raise e

        run = make_run(on_result, on_status)
        self._scan_run = run
        self.tasks.device("scanner", run.run, None, ended, busy=False)
        self.changed.emit()

    @Slot()
    def scanSlipCode(self) -> None:
        """Status enquiry: hold the slip's QR code to the camera."""
        from ui.scanning import QrRun
        self._status, self._status_error = {}, ""
        self._start_camera_reader(
            "_qr_scanning",
            lambda on_code, on_status: QrRun(self.app.config, on_preview=self._on_preview, on_code=on_code,
                                             on_status=on_status, post=self.tasks.post),
            self.checkStatus)

    @Slot()
    def stopSlipScan(self) -> None:
        self._stop_scan()
        self._qr_scanning = False
        self.changed.emit()

    qrScanning = Property(bool, lambda self: self._qr_scanning, notify=changed)

    # -- MRZ from the camera for the chip's BAC key (typed stays as the fallback) ----------
    mrzFound = Signal(str, str, str)      # document number, birth YYMMDD, expiry YYMMDD
    mrzScanning = Property(bool, lambda self: self._mrz_scanning, notify=changed)

    mrzHint = Property(str, lambda self: self._mrz_hint, notify=changed)   # devices.scanner.mrz.reading_hint

    @Slot()
    def scanMrz(self) -> None:
        from ui.scanning import MrzRun
        self._mrz_hint = "looking"
        self._start_camera_reader(
            "_mrz_scanning",
            lambda on_mrz, on_status: MrzRun(self.app.config, on_preview=self._on_preview, on_mrz=on_mrz,
                                             on_status=on_status, post=self.tasks.post, on_hint=self._on_mrz_hint),
            lambda f: self.mrzFound.emit(f["document_number"], f["birth_date"], f["expiry_date"]))

    def _on_mrz_hint(self, hint: str) -> None:
        if self._mrz_scanning:           # (a late hint from a run already stopped says nothing)
            self._mrz_hint = hint
            self.changed.emit()

    @Slot()
    def stopMrzScan(self) -> None:
        self._stop_scan()
        self._mrz_scanning = False
        self.changed.emit()

    @Slot()
    def captureNow(self) -> None:
        if self._scan_run is not None:
            self._scan_run.capture_now()

    @Slot()
    def adjustCorners(self) -> None:
        """Hold the frame in view so the page's corners can be set by hand."""
        from ui.scanning import ScanRun
        if isinstance(self._scan_run, ScanRun) and not self._adjust:
            self._adjust = {"state": "waiting", "serial": 0}
            self._scan_run.freeze()
            self.changed.emit()

    @Slot("QVariantList")
    def useCorners(self, quad) -> None:
        """Take the held frame's page with these corners (frame pixels, 8 numbers)."""
        points = [float(v) for v in (quad or [])]
        if self._scan_run is None or self._adjust.get("state") != "adjusting" or len(points) != 8:
            return
        self._adjust = dict(self._adjust, state="checking", quad=points, problems=[])
        self._scan_run.use_corners(points)
        self.changed.emit()

    @Slot()
    def cancelCorners(self) -> None:
        """Back to the live preview, nothing taken."""
        if self._scan_run is not None and self._adjust:
            self._scan_run.go_live()
        self._adjust = {}
        self.changed.emit()

    @Slot()
    def finishCapture(self) -> None:
        """Attach the captured pages (one PDF) to the draft and go back to the list."""
        self._stop_scan()
        self._adjust = {}
        mid = self._capture.get("id")
        cid, actor = self.session.draft_case_id, self.actor
        paths = list(self.session.materials.get(mid, [])) if mid else []
        self._capture = {}
        if not (mid and cid and paths):
            self.app.go("Materials")
            self.changed.emit()
            return
        pages = [p.read_bytes() for p in paths]

        def attach():
            from devices.scanner.attach import attach_pages
            return attach_pages(self.services.store(), cid, mid, pages, actor=actor)

        self.app.go("Materials")
        self._run(attach, lambda _r: self._refresh_ready(None), "scanner")

    @Slot()
    def cancelCapture(self) -> None:
        self._stop_scan()
        self._capture = {}
        self._adjust = {}
        self.app.go("Materials")
        self.changed.emit()
    statusError = Property(str, lambda self: self._status_error, notify=changed)

    # -- status enquiry ------------------------------------------------------------------
    @Slot(str)
    def checkStatus(self, case_number: str) -> None:
        self._status, self._status_error, self._citizen_cases = {}, "", None
        lang = self.app.language

        def failed(e):
            self.app.set_busy(self.tasks.busy)
            if isinstance(e, Unavailable):
                self._unavailable["cases"] = e.detail
            elif isinstance(e, KioskError):
                self._status_error = "not_found" if getattr(e, "code", "") == "not_found" else "invalid"
            else:
                raise e
            self.changed.emit()

        def ok(r):
            self.app.set_busy(self.tasks.busy)
            self._status = r
            self.changed.emit()

        self.app.set_busy(True)
        self.tasks.store(lambda: self.services.case_status(case_number, lang), ok, failed)

    # -- status enquiry by the citizen's card or passport chip ------------------------------
    citizenCases = Property("QVariantList", lambda self: self._citizen_cases or [], notify=changed)
    citizenLookedUp = Property(bool, lambda self: self._citizen_cases is not None, notify=changed)

    @Slot()
    def statusByIdCard(self) -> None:
        """Status enquiry: the resident ID card on the GA/T 467 reader names the citizen."""
        self._status, self._status_error, self._citizen_cases = {}, "", None
        self._read_id_card(self._cases_of)

    @Slot(str, str, str)
    def statusByChip(self, document_number: str, birth_yymmdd: str, expiry_yymmdd: str) -> None:
        """Status enquiry: a passport / eID chip (BAC key typed or from the camera)."""
        self._status, self._status_error, self._citizen_cases = {}, "", None
        self._read_chip(document_number, birth_yymmdd, expiry_yymmdd, self._cases_of)

    def _cases_of(self, identity) -> None:
        """The citizen's cases from the core. The identity is held by the session only
        (wiped when the citizen leaves the screen, or at idle): never shown here."""
        self.session.identity = identity
        lang = self.app.language
        self._run(lambda: self.services.citizen_cases(identity, lang),
                  lambda r: setattr(self, "_citizen_cases", r), "cases")

    # -- operator ------------------------------------------------------------------------
    @Slot(str, str)
    def login(self, username: str, pin: str) -> None:
        self._login_error = ""
        technician = self.app.screen == "TechLogin"
        roles = ("technician", "supervisor") if technician else None

        def ok(op):
            self._operator = op
            self.app.go("Technician" if technician else "Identify")

        def failed(e):
            self.app.set_busy(self.tasks.busy)
            if isinstance(e, Unavailable):
                self._login_error = "unavailable"
                self._unavailable["operators"] = e.detail
            elif isinstance(e, AuthError):
                self._login_error = {"auth.locked": "locked", "auth.role": "role"}.get(e.code, "wrong")
            elif isinstance(e, KioskError):
                self._login_error = "wrong" if getattr(e, "code", "") == "not_found" else "error"
            else:
                raise e
            self.changed.emit()

        self.app.set_busy(True)
        self.tasks.store(lambda: self.services.authenticate(username.strip(), pin, roles),
                         lambda op: (self.app.set_busy(self.tasks.busy), ok(op), self.changed.emit()), failed)

    # -- counter lock on idle: the PIN unlocks, the citizen's draft stays --------------------
    lockChanged = Signal()
    locked = Property(bool, lambda self: self._locked, notify=lockChanged)
    unlockError = Property(str, lambda self: self._unlock_error, notify=lockChanged)

    @Slot()
    def lock(self) -> None:
        """Counter idle (or the clerk's own choice): cover the screen, keep everything."""
        if self._operator is None or self._locked:
            return
        self._locked, self._unlock_error = True, ""
        log.info("counter screen locked")
        self.lockChanged.emit()

    @Slot(str)
    def unlock(self, pin: str) -> None:
        if not self._locked or self._operator is None:
            return
        username = self._operator["username"]
        self._unlock_error = ""

        def ok(_op):
            self.app.set_busy(self.tasks.busy)
            self._locked = False
            self.lockChanged.emit()

        def failed(e):
            self.app.set_busy(self.tasks.busy)
            if isinstance(e, AuthError):
                self._unlock_error = {"auth.locked": "locked"}.get(e.code, "wrong")
            elif isinstance(e, KioskError):
                self._unlock_error = "error"
            else:
                raise e
            self.lockChanged.emit()

        self.app.set_busy(True)
        self.tasks.store(lambda: self.services.authenticate(username, pin), ok, failed)

    @Slot()
    def logout(self) -> None:
        if self._locked:
            self._locked, self._unlock_error = False, ""
            self.lockChanged.emit()
        self._operator = None
        self._login_error = ""
        self.app.endSession("logout")
        self.changed.emit()

    # -- identify ------------------------------------------------------------------------
    @Slot(str, str)
    def identifyTyped(self, id_number: str, name: str) -> None:
        self._identify_error = ""
        sid = self.session.id

        def ok(identity):
            if self._stale(sid):
                return
            self._identified(identity)

        def failed(e):
            self.app.set_busy(self.tasks.busy)
            if isinstance(e, Unavailable):
                self._unavailable["identity"] = e.detail
            elif isinstance(e, KioskError):
                self._identify_error = getattr(e, "rule", "") or getattr(e, "code", "invalid")
            else:
                raise e
            self.changed.emit()

        self.app.set_busy(True)
        self.tasks.store(lambda: self.services.identify_typed(id_number, name),
                         lambda r: (self.app.set_busy(self.tasks.busy), ok(r), self.changed.emit()), failed)

    def _identified(self, identity) -> None:
        """Every way of identifying ends here: session, masked view, photo, next screen."""
        self.session.identity = identity
        self._identity = identity.to_public_dict()
        has_photo = bool(self.photo_provider and self.photo_provider.set_photo(getattr(identity, "photo", None)))
        self._photo_serial += 1
        self._identity["photo_serial"] = self._photo_serial if has_photo else 0   # 0: no photo
        # A GA/T 467 card always carries its WLT photo: say why it is not shown, never just blank.
        self._identity["photo_note"] = ("" if has_photo or self._identity.get("source") != "ga467"
                                        else self.services.wlt_photo_note())
        self.app.go("Service")
        self.search("")

    @Slot()
    def readIdCard(self) -> None:
        """Read the card on the resident ID reader (its own thread; seconds of polling)."""
        self._read_id_card(self._identified)

    def _read_id_card(self, then) -> None:
        """A GA/T 467 read on the ID reader's thread; `then(identity)` on the GUI thread
        unless the session was wiped meanwhile. Trouble becomes `cardState`."""
        self._identify_error = ""
        self._card_state = "reading"
        self.changed.emit()
        sid = self.session.id

        def ok(identity):
            self.app.set_busy(self.tasks.busy)
            if self._stale(sid):
                return
            self._card_state = ""
            then(identity)
            self.changed.emit()

        def failed(e):
            self.app.set_busy(self.tasks.busy)
            if self._stale(sid) and isinstance(e, KioskError):
                return
            if isinstance(e, Unavailable):
                self._card_state = "unavailable"
                self._unavailable["cards"] = e.detail
            elif isinstance(e, KioskError):
                self._card_state = "removed" if type(e).__name__ == "CardRemoved" else "error"
                log.info("ID card read failed: %s", type(e).__name__)
            else:
                raise e
            self.changed.emit()

        self.app.set_busy(True)
        self.tasks.device("id-reader", self.services.read_id_card, ok, failed)

    # -- waiting for a card: the GA/T 467 reader is polled while Identify / Status is shown --
    CARD_SCREENS = ("Identify", "Status")

    def _sync_id_watch(self) -> None:
        want = self.app.screen in self.CARD_SCREENS
        if want and not self._id_watching:
            self._start_id_watch()
        elif not want and self._id_watching:
            self._stop_id_watch()

    def _start_id_watch(self) -> None:
        """Poll on the reader's own thread (devices.cards.service.Ga467Service); a card
        placed is read without a tap. Start and stop go through the ID reader's device
        thread, where the button's read also runs: one user of the port at a time."""
        self._id_watch_gen += 1
        gen = self._id_watch_gen
        self._id_watching = True
        post = self.tasks.post

        def on_event(event):    # poller thread
            if event.kind == "card_inserted":
                post(lambda: self._id_card_placed(gen))

        def on_read(result):    # poller thread
            post(lambda: self._id_card_read(gen, result))

        def failed(e):
            if gen == self._id_watch_gen:
                self._id_watching = False
            if isinstance(e, Unavailable):   # no ID reader configured: the button says so when used
                log.info("not waiting for ID cards: %s", e.detail)
            elif isinstance(e, Exception):
                log.warning("ID card reader not polled: %s", type(e).__name__)
            else:
                raise e

        self.tasks.device("id-reader", lambda: self.services.watch_id_card(on_read, on_event), None, failed,
                          busy=False)

    def _stop_id_watch(self, _session=None) -> None:
        self._id_watch_gen += 1          # what the old poller still delivers is dropped
        if self._id_watching:
            self._id_watching = False
            self.tasks.device("id-reader", self.services.stop_id_watch, None, lambda e: None, busy=False)

    def _id_card_placed(self, gen: int) -> None:
        if gen != self._id_watch_gen or self._card_state == "reading":
            return
        self._identify_error = ""
        self._card_state = "reading"
        self.changed.emit()

    def _id_card_read(self, gen: int, result) -> None:
        """A card placed on the GA/T 467 reader was read (GUI thread)."""
        if gen != self._id_watch_gen:
            log.info("ID card read after the screen was left or the session wiped: dropped")
            return
        if result.ok and result.identity is not None:
            self._card_state = ""
            if self.app.screen == "Status":
                self._status, self._status_error, self._citizen_cases = {}, "", None
                self._cases_of(result.identity)
            else:
                self._identified(result.identity)
        else:
            self._card_state = "error"
            log.info("ID card read failed: %s", result.error_code)
        self.changed.emit()

    def on_reader_event(self, event) -> None:
        """PC/SC events (GUI thread): remember which reader holds a card. A chip placed
        while Identify / Status is shown starts the camera on its MRZ (the BAC key) at once."""
        if event.kind == "card_inserted":
            self._chip_reader = event.reader
            if (self.app.screen in self.CARD_SCREENS and not self._mrz_scanning
                    and self._card_state != "reading"):
                self.scanMrz()
        elif event.kind in ("card_removed", "reader_removed") and event.reader == self._chip_reader:
            self._chip_reader = ""
        self._chip_present = bool(self._chip_reader)
        self.changed.emit()

    chipPresent = Property(bool, lambda self: self._chip_present, notify=changed)

    @Slot(str, str, str)
    def readChip(self, document_number: str, birth_yymmdd: str, expiry_yymmdd: str) -> None:
        """Read a passport / eID chip (ICAO 9303, BAC with the typed MRZ details) on the
        PC/SC reader that holds it; the card service's thread does the work."""
        self._read_chip(document_number, birth_yymmdd, expiry_yymmdd, self._identified)

    def _read_chip(self, document_number: str, birth_yymmdd: str, expiry_yymmdd: str, then) -> None:
        svc = self.services.card_service
        self._identify_error = ""
        if svc is None:
            self._card_state = "unavailable"
            self._unavailable["cards"] = "the PC/SC card service is not running"
            self.changed.emit()
            return
        if not self._chip_reader:
            self._card_state = "removed"
            self.changed.emit()
            return
        if self._mrz_scanning:           # the details are here: the camera is done
            self.stopMrzScan()
        from devices.cards.icao import AccessKey
        key = AccessKey.from_mrz(document_number, birth_yymmdd, expiry_yymmdd)
        sid = self.session.id
        self._card_state = "reading"
        self.app.set_busy(True)
        self.changed.emit()

        def done(result):   # on the GUI thread
            self.app.set_busy(self.tasks.busy)
            if self._stale(sid):
                return
            if result.ok and result.identity is not None:
                self._card_state = ""
                then(result.identity)
            else:
                self._card_state = "denied" if result.error_code == "card_access_denied" else "error"
                log.info("chip read failed: %s", result.error_code)
            self.changed.emit()

        svc.read_icao(self._chip_reader, key, lambda r: self.tasks.post(lambda: done(r)))

    # -- service -------------------------------------------------------------------------
    @Slot(str)
    def search(self, query: str) -> None:
        self._query = query
        lang = self.app.language
        if self._category and not query.strip():     # browsing a category: its list stays
            self.browseCategory(self._category)
            return
        self._category = ""
        self._run(lambda: self.services.search(query, self.channel, lang),
                  lambda r: setattr(self, "_results", r), "catalog")
        if not query.strip():                        # empty query: the category chips too
            self._run(lambda: self.services.categories(self.channel, lang),
                      lambda r: setattr(self, "_categories", r), "catalog")

    categories = Property("QVariantList", lambda self: self._categories, notify=changed)
    category = Property(str, lambda self: self._category, notify=changed)

    @Slot(str)
    def browseCategory(self, code: str) -> None:
        """List one category's services (empty code: back to the frequent services)."""
        self._category = code
        if not code:
            self.search("")
            return
        self._query = ""
        lang, channel = self.app.language, self.channel
        self._run(lambda: self.services.in_category(code, channel, lang),
                  lambda r: setattr(self, "_results", r), "catalog")
        self._run(lambda: self.services.categories(channel, lang),
                  lambda r: setattr(self, "_categories", r), "catalog")

    @Slot(str)
    def chooseService(self, service_id: str) -> None:
        if self.session.identity is None:
            self.app.go("Identify")
            return
        lang, identity, actor, channel = self.app.language, self.session.identity, self.actor, self.channel
        previous = self.session.draft_case_id

        def work():
            if previous:
                self.services.discard_draft(previous, actor, "service changed")
            info = self.services.service_info(service_id, lang)
            draft = self.services.create_draft(service_id, identity, actor, channel)
            fields = self.services.form_fields(draft["case_id"], lang)
            return info, draft, fields

        def ok(r):
            info, draft, fields = r
            self.session.service_id = service_id
            self.session.draft_case_id = draft["case_id"]
            self._service, self._fields, self._problems = info, fields, {}
            self.app.go("Form")

        def stale(r):
            cid = r[1]["case_id"]
            self.tasks.store(lambda: self.services.discard_draft(cid, actor, "session wiped"))

        self._run(work, ok, "cases", on_stale=stale)

    # -- form ----------------------------------------------------------------------------
    @Slot(str, str)
    def setField(self, field_id: str, value: str) -> None:
        cid = self.session.draft_case_id
        if not cid:
            return
        self.session.form_values[field_id] = value
        lang = self.app.language

        def work():
            problems = self.services.set_fields(cid, {field_id: value})
            return problems, self.services.form_fields(cid, lang)

        def ok(r):
            problems, fields = r
            self._problems = {p["field"]: p["rule"] for p in problems}
            # The core keeps only valid values; the screen keeps what the citizen typed
            # (with the core's verdict under it) so they can correct it.
            for f in fields:
                if f["id"] in self.session.form_values and f["id"] in self._problems:
                    f["value"] = str(self.session.form_values[f["id"]])
            self._fields = fields

        self._run(work, ok, "cases")

    @Slot()
    def toMaterials(self) -> None:
        self._refresh_ready(lambda: self.app.go("Materials"))

    @Slot(str)
    def markShared(self, material_id: str) -> None:
        cid, actor = self.session.draft_case_id, self.actor
        self._run(lambda: self.services.mark_shared(cid, material_id, actor),
                  lambda _r: self._refresh_ready(None), "cases")

    @Slot(str)
    def reuseMaterial(self, material_id: str) -> None:
        cid, actor = self.session.draft_case_id, self.actor
        self._run(lambda: self.services.reuse_material(cid, material_id, actor),
                  lambda _r: self._refresh_ready(None), "cases")

    waiveError = Property(str, lambda self: self._waive_error, notify=changed)

    @Slot()
    def clearWaiveError(self) -> None:
        self._waive_error = ""
        self.changed.emit()

    @Slot(str, str, str, str)
    def waiveMaterial(self, material_id: str, supervisor: str, pin: str, reason: str) -> None:
        """Counter: a supervisor waives a material (their PIN, a reason); the core decides."""
        cid, actor = self.session.draft_case_id, self.actor
        self._waive_error = ""

        def ok(_r):
            self.app.set_busy(self.tasks.busy)
            self._waive_error = "done"
            self._refresh_ready(None)
            self.changed.emit()

        def failed(e):
            self.app.set_busy(self.tasks.busy)
            self._waive_error = _supervisor_refusal(e)
            self.changed.emit()

        self.app.set_busy(True)
        self.tasks.store(lambda: self.services.waive_material(cid, material_id, supervisor, pin, reason, actor),
                         ok, failed)

    # -- rating (好差评) on the Done screen ------------------------------------------------
    rating = Property("QVariantMap", lambda self: self._rating, notify=changed)

    @Property("QVariantMap", notify=changed)
    def ratingChoices(self) -> dict:
        """Levels 5..1 and the reasons that fit the chosen level, in the citizen's language
        (the texts are the core's: kiosk.ratings)."""
        from kiosk import ratings
        lg = "en" if self.app.language.startswith("en") else "zh"
        good = self._rating["level"] >= 4
        codes = [c for c in ratings.REASONS if (c in GOOD_REASONS) == good] if self._rating["level"] else []
        return {"levels": [{"level": lv, "text": ratings.LEVELS[lv][lg]} for lv in sorted(ratings.LEVELS, reverse=True)],
                "reasons": [{"code": c, "text": ratings.REASONS[c][lg]} for c in codes]}

    @Slot(int)
    def chooseRating(self, level: int) -> None:
        if self._rating["state"] in ("sending", "sent"):
            return
        keep = [c for c in self._rating["reasons"] if (c in GOOD_REASONS) == (level >= 4)]
        self._rating = {"level": int(level), "reasons": keep, "state": ""}
        self.changed.emit()

    @Slot(str)
    def toggleRatingReason(self, code: str) -> None:
        if self._rating["state"] in ("sending", "sent") or not self._rating["level"]:
            return
        reasons = list(self._rating["reasons"])
        reasons.remove(code) if code in reasons else reasons.append(code)
        self._rating = dict(self._rating, reasons=reasons)
        self.changed.emit()

    @Slot()
    def sendRating(self) -> None:
        number, r, channel = self.session.case_number, self._rating, self.channel
        if not number or not r["level"] or r["state"] in ("sending", "sent"):
            return
        self._rating = dict(r, state="sending")

        def ok(res):
            self._rating = dict(self._rating, state="sent", follow_up=res["follow_up"])

        def failed(e):
            self._rating = dict(self._rating, state="error")
            log.info("rating not stored: %s", type(e).__name__)
            self.changed.emit()

        sid = self.session.id
        self.tasks.store(lambda: self.services.rate(number, r["level"], r["reasons"], channel),
                         lambda res: None if self._stale(sid) else (ok(res), self.changed.emit()), failed)
        self.changed.emit()

    # -- bad reviews to follow up (counter supervisor, on the today's-cases screen) -------
    followUps = Property("QVariantList", lambda self: self._follow_ups, notify=changed)
    followUpError = Property(str, lambda self: self._follow_up_error, notify=changed)

    @Property(bool, notify=changed)
    def isSupervisor(self) -> bool:
        return (self._operator or {}).get("role") == "supervisor"

    def _load_follow_ups(self) -> None:
        if not self.isSupervisor:
            self._follow_ups = []
            return
        lang = self.app.language
        self._run(lambda: self.services.follow_ups(lang), lambda r: setattr(self, "_follow_ups", r), "ratings")

    @Slot(int, str)
    def resolveFollowUp(self, rating_id: int, note: str) -> None:
        if not self.isSupervisor:
            return
        supervisor = self._operator["username"]
        self._follow_up_error = ""

        def failed(e):
            self._follow_up_error = getattr(e, "code", "error") if isinstance(e, KioskError) else "error"
            if not isinstance(e, KioskError):
                raise e
            self.changed.emit()

        def ok(_r):
            self._load_follow_ups()
            self.changed.emit()

        self.tasks.store(lambda: self.services.resolve_follow_up(rating_id, supervisor, note), ok, failed)

    # -- today's cases (counter) ---------------------------------------------------------
    todaysCases = Property("QVariantList", lambda self: self._todays, notify=changed)

    kpis = Property("QVariantMap", lambda self: self._kpis, notify=changed)

    @Slot()
    def showTodaysCases(self) -> None:
        lang = self.app.language
        self.app.go("Cases")
        self._run(lambda: self.services.todays_cases(lang), lambda r: setattr(self, "_todays", r), "cases")
        self._load_follow_ups()
        self._run(self.services.hall_kpis, lambda r: setattr(self, "_kpis", r), "kpis")

    withdrawError = Property(str, lambda self: self._withdraw_error, notify=changed)

    @Slot()
    def clearWithdrawError(self) -> None:
        self._withdraw_error = ""
        self.changed.emit()

    @Slot(str, str, str, str)
    def withdrawCase(self, case_number: str, supervisor: str, pin: str, reason: str) -> None:
        """Counter: a supervisor withdraws a case (their PIN, a reason); the core decides:
        done | auth | reason | delivered (the department must withdraw it) | sending | error."""
        from kiosk.cases import WITHDRAW_DELIVERED, WITHDRAW_SENDING
        self._withdraw_error = ""
        lang = self.app.language

        def ok(_r):
            self.app.set_busy(self.tasks.busy)
            self._withdraw_error = "done"
            self._run(lambda: self.services.todays_cases(lang), lambda r: setattr(self, "_todays", r), "cases")
            self.changed.emit()

        def failed(e):
            self.app.set_busy(self.tasks.busy)
            self._withdraw_error = _supervisor_refusal(e, {WITHDRAW_DELIVERED: "delivered",
                                                            WITHDRAW_SENDING: "sending"})
            self.changed.emit()

        self.app.set_busy(True)
        self.tasks.store(lambda: self.services.withdraw_case(case_number, supervisor, pin, reason), ok, failed)

    @Slot()
    def printEndOfDay(self) -> None:
        lang = self.app.language
        self._print_state = "printing"
        self.changed.emit()

        def failed(e):
            self._print_state = "unavailable" if isinstance(e, Unavailable) else "failed"
            self.changed.emit()
            if not isinstance(e, Exception):
                raise e

        self.tasks.store(lambda: self.services.print_end_of_day(lang),
                         lambda _j: (setattr(self, "_print_state", "queued"), self.changed.emit()), failed)

    @Slot(str)
    def reprint(self, case_number: str) -> None:
        lang = self.app.language
        self._print_state = "printing"
        self.changed.emit()

        def failed(e):
            self._print_state = "unavailable" if isinstance(e, Unavailable) else "failed"
            self.changed.emit()
            if not isinstance(e, Exception):
                raise e

        self.tasks.store(lambda: self.services.reprint(case_number, lang),
                         lambda _j: (setattr(self, "_print_state", "queued"), self.changed.emit()), failed)

    @Slot()
    def toReview(self) -> None:
        self._refresh_ready(lambda: self.app.go("Review"))

    def _refresh_ready(self, then) -> None:
        cid = self.session.draft_case_id
        if not cid:
            return

        def ok(r):
            self._ready = bool(r["ready"])
            lg = "en" if self.app.language.startswith("en") else "zh"
            reuse = r.get("reuse", {})
            self._materials = [{"id": m["material_id"], "name": m["name_" + lg], "required": m["required"],
                                "disposition": m["disposition"] or "", "satisfied": m["satisfied"],
                                "shared": m["shared_possible"], "reuse": reuse.get(m["material_id"], "")}
                               for m in r["materials"]]
            self._problems = {p["field"]: p["rule"] for p in r["form_problems"]}
            self._blockers = ([{"kind": "field", "id": p["field"], "rule": p["rule"]} for p in r["form_problems"]]
                              + [{"kind": "material", "id": m["name"]} for m in self._materials
                                 if not m["satisfied"]])
            if then:
                then()

        self._run(lambda: self.services.check_ready(cid), ok, "cases")

    # -- submit --------------------------------------------------------------------------
    @Slot()
    def submit(self) -> None:
        cid, actor, lang = self.session.draft_case_id, self.actor, self.app.language

        def ok(r):
            self.session.case_number = r["case_number"]
            self._done = r
            self.app.go("Done")
            self._print(r["case_number"], lang)

        self._run(lambda: self.services.submit(cid, actor), ok, "cases")

    def _print(self, case_number: str, lang: str) -> None:
        self._print_state = "printing"

        def failed(e):
            self._print_state = "unavailable" if isinstance(e, Unavailable) else "failed"
            if isinstance(e, Unavailable):
                self._unavailable["printer"] = e.detail
            log.warning("slip not printed: %s", type(e).__name__)
            self.changed.emit()

        def work():
            self.services.start_printer()
            return self.services.print_case(case_number, lang)

        self.tasks.store(work, lambda _job: (setattr(self, "_print_state", "queued"), self.changed.emit()), failed)

    @Slot()
    def nextCitizen(self) -> None:
        self.app.endSession("next")

    @Slot(str)
    def back(self, screen: str) -> None:
        self.app.go(screen)


class TechModel(QObject):
    """Technician view: what each room reports about itself."""

    changed = Signal()

    def __init__(self, app: AppModel, services, tasks, log_file: Path | None, heartbeat=None, parent=None):
        super().__init__(parent)
        self.app = app
        self.services = services
        self.tasks = tasks
        self.log_file = log_file
        self.heartbeat = heartbeat
        self._parts: list[dict] = []
        self._sync: dict = {}
        self._printer: dict = {}
        self._readers: dict = {}
        self._test_print = ""
        self._logs = ""
        self._settings = self._settings_of(app.config)   # editable config values shown in the fields
        self._config_state = ""          # "saved" | the core's one-line reason it was refused
        self._bundle = ""                # path of the diagnostics bundle written
        self._retry_state = ""           # "n" cases put back in the queue | error
        self._enroll_state = ""          # "enrolled" | the one-line reason it failed
        self._calibration: dict = {}     # state running|saved|error, taken, needed, threshold
        self._calibration_run = None
        self._desk: dict = {}            # the empty desk: state recording|saved|page|error, pattern, plain
        self._camera_test = None         # ui.scanning.ScanRun while the technician looks through the camera
        self._id_test: dict = {}         # ID card reader test: state reading|ok|error, ms, detail
        self._pcsc_test: dict = {}       # PC/SC test read: state reading|ok|error + devices.cards.service.ProbeResult
        self._ca_files: list[str] = []   # certificate files the sync CA may be chosen from
        self._ca_state = ""              # "saved" | the core's one-line refusal (names the file)
        self._jobs: list[dict] = []      # latest print jobs
        self._camera_view: dict = {"running": False, "state": "", "serial": 0, "quad": [], "figures": {}}
        self.camera_provider = None      # ui.scanning.CameraImageProvider (set by the application)

    parts = Property("QVariantList", lambda self: self._parts, notify=changed)
    sync = Property("QVariantMap", lambda self: self._sync, notify=changed)
    logs = Property(str, lambda self: self._logs, notify=changed)
    printer = Property("QVariantMap", lambda self: self._printer, notify=changed)
    testPrintState = Property(str, lambda self: self._test_print, notify=changed)
    readers = Property("QVariantMap", lambda self: dict(self._readers), notify=changed)
    settings = Property("QVariantMap", lambda self: self._settings, notify=changed)
    configState = Property(str, lambda self: self._config_state, notify=changed)
    bundlePath = Property(str, lambda self: self._bundle, notify=changed)
    retryState = Property(str, lambda self: self._retry_state, notify=changed)
    enrollState = Property(str, lambda self: self._enroll_state, notify=changed)
    calibration = Property("QVariantMap", lambda self: self._calibration, notify=changed)
    desk = Property("QVariantMap", lambda self: self._desk, notify=changed)
    idReaderTest = Property("QVariantMap", lambda self: self._id_test, notify=changed)
    printJobs = Property("QVariantList", lambda self: self._jobs, notify=changed)
    pcscTest = Property("QVariantMap", lambda self: self._pcsc_test, notify=changed)

    @Slot()
    def testPcscRead(self) -> None:
        """A timed test read on a PC/SC reader (the one holding a card, else the first):
        ATR, connect and SELECT times, on the card service's own thread. Nothing from
        the card beyond its ATR and the status word."""
        svc = self.services.card_service
        names = self._readers.get("names", [])
        with_card = [n for n in names if n in self._readers.get("cards", [])]
        reader = (with_card or names or [""])[0]
        if svc is None or not reader:
            self._pcsc_test = {"state": "error", "reader": reader, "virtual": False,
                               "detail": "the PC/SC card service is not running" if svc is None
                               else "no PC/SC reader found"}
            self.changed.emit()
            return
        self._pcsc_test = {"state": "reading", "reader": reader}

        def done(result):   # GUI thread
            self._pcsc_test = dict(result.as_dict(), state="ok" if result.ok else "error")
            self.changed.emit()

        svc.probe(reader, lambda r: self.tasks.post(lambda: done(r)))
        self.changed.emit()

    @Slot(str)
    def saveIdReaderPort(self, port: str) -> None:
        self._save({"cards.ga467_serial": port.strip()})

    @Slot()
    def testIdRead(self) -> None:
        """A read on the GA/T 467 reader (its own device thread), timed. Only the timing
        and that a card answered are shown: never what is on the card."""
        import time as _time
        t0 = _time.perf_counter()
        self._id_test = {"state": "reading"}

        def ok(_identity):
            self._id_test = {"state": "ok", "ms": round((_time.perf_counter() - t0) * 1000)}
            self.changed.emit()

        def failed(e):
            if not isinstance(e, Exception):
                raise e
            detail = e.detail if isinstance(e, Unavailable) else type(e).__name__
            self._id_test = {"state": "error", "ms": round((_time.perf_counter() - t0) * 1000), "detail": detail}
            self.changed.emit()

        self.tasks.device("id-reader", lambda: self.services.read_id_card(timeout=5.0), ok, failed)
        self.changed.emit()

    cameraChanged = Signal()          # its own signal: 5 previews a second must not re-evaluate the whole screen
    cameraView = Property("QVariantMap", lambda self: self._camera_view, notify=cameraChanged)

    def _camera_update(self, **kw) -> None:
        self._camera_view = dict(self._camera_view, **kw)
        self.cameraChanged.emit()

    @Slot()
    def startCameraTest(self) -> None:
        """Live preview with the detected outline and the blur/glare/DPI figures."""
        from ui.scanning import ScanRun
        self.stopCameraTest()

        def on_preview(image, quad, _progress, _problems=None):
            if self._camera_test is None:
                return
            if self.camera_provider is not None:
                self.camera_provider.set_image(image)
            self._camera_update(serial=self._camera_view["serial"] + 1, quad=quad or [])

        def on_quality(q):
            if self._camera_test is not None:
                self._camera_update(figures=q)

        def on_status(st):
            self._camera_update(state=st.state)

        def ended(e):
            self._camera_update(running=False, state="error")
            if not isinstance(e, Exception):
                raise e

        run = ScanRun(self.services.config, on_preview=on_preview, on_capture=lambda _j, v: on_quality(v),
                      on_status=on_status, post=self.tasks.post, on_quality=on_quality)
        self._camera_test = run
        self._camera_update(running=True, state="connecting", quad=[], figures={})
        self.tasks.device("scanner", run.run, None, ended, busy=False)

    @Slot()
    def stopCameraTest(self) -> None:
        if self._camera_test is not None:
            self._camera_test.stop()
            self._camera_test = None
            self._camera_update(running=False, quad=[])

    def _save(self, changes: dict, then=None) -> None:
        """Config changes through the core (validated, atomic, audited), then in use."""
        actor = self._actor

        def ok(cfg):
            self.app.config = cfg
            self._settings = self._settings_of(cfg)
            self._config_state = "saved"
            if then:
                then(cfg)
            self.changed.emit()

        def failed(e):
            if not isinstance(e, KioskError):
                raise e
            self._config_state = str(e)
            self.changed.emit()

        self._config_state = ""
        self.tasks.store(lambda: self.services.update_config(changes, actor), ok, failed)
        self.changed.emit()

    @Slot(str, str, str)
    def saveCamera(self, source: str, width: str, height: str) -> None:
        try:
            w, h = int(width.strip()), int(height.strip())
        except ValueError:
            self._config_state = "camera.width / camera.height: whole numbers of pixels, e.g. 1280 and 960"
            self.changed.emit()
            return
        self._save({"camera.source": source.strip(), "camera.width": w, "camera.height": h})

    @Slot()
    def calibrateBlur(self) -> None:
        """Lay a few good, sharp pages under the camera one after another: the blur
        threshold is set from them and saved to the config."""
        from ui.scanning import CalibrationRun
        self.stop_calibration()
        needed = 3
        self._calibration = {"state": "running", "taken": 0, "needed": needed}

        def progress(n):
            self._calibration = dict(self._calibration, taken=n)
            self.changed.emit()

        def done(value):
            self._calibration_run = None
            # "saved" only once the core has written the file and the value is in use
            self._calibration = dict(self._calibration, state="saving", threshold=value)

            def saved(_cfg):
                self._calibration = dict(self._calibration, state="saved")
            self._save({"camera.blur_threshold": float(value)}, then=saved)

        def ended(e):
            self._calibration = dict(self._calibration, state="error")
            self.changed.emit()
            if not isinstance(e, Exception):
                raise e

        run = CalibrationRun(self.services.config, on_progress=progress, on_done=done, post=self.tasks.post,
                             samples=needed)
        self._calibration_run = run
        self.tasks.device("scanner", run.run, None, ended, busy=False)
        self.changed.emit()

    @Slot()
    def recordDesk(self) -> None:
        """Photograph the cleared desk: a pattern on it (a grid, a checked cloth, wood
        grain) is then not taken for a page."""
        from ui.scanning import record_empty_desk
        self.stop_calibration()
        self._desk = {"state": "recording"}

        def ok(result):
            self._desk = dict(result, state="page" if result.get("page") else "saved")
            self.changed.emit()

        def failed(e):
            self._desk = {"state": "error"}
            self.changed.emit()
            if not isinstance(e, Exception):
                raise e

        config = self.services.config
        self.tasks.device("scanner", lambda: record_empty_desk(config), ok, failed)
        self.changed.emit()

    def stop_calibration(self) -> None:
        self.stopCameraTest()
        if self._calibration_run is not None:
            self._calibration_run.stop()
            self._calibration_run = None

    @Slot(str, str, str)
    def enroll(self, url: str, token: str, ca_file: str) -> None:
        actor = self._actor

        def ok(r):
            self._enroll_state = "enrolled"
            self._settings = self._settings_of(self.services.config)
            self.app.config = self.services.config
            self.refresh()

        def failed(e):
            if not isinstance(e, KioskError):
                raise e
            self._enroll_state = str(e) or type(e).__name__   # one line, no personal data
            self.changed.emit()

        self._enroll_state = "enrolling"
        self.tasks.store(lambda: self.services.enroll(url, token, ca_file, actor), ok, failed)
        self.changed.emit()

    caFiles = Property("QVariantList", lambda self: self._ca_files, notify=changed)

    @Slot()
    def findCaFiles(self) -> None:
        """The certificate files on this terminal the sync CA may be chosen from."""
        def ok(files):
            self._ca_files = files
            self.changed.emit()
        self.tasks.store(self.services.ca_candidates, ok)

    caState = Property(str, lambda self: self._ca_state, notify=changed)

    @Slot(str)
    def saveSyncCa(self, path: str) -> None:
        """The sync CA through the core (validated, atomic, audited): it must be a PEM
        certificate, the refusal names the file; empty: the system's CAs. It is used
        from the next enrolment: the sync worker keeps the CA copied when the kiosk enrolled."""
        actor, changes = self._actor, {"sync.ca_file": path.strip()}

        def ok(cfg):
            self.app.config = cfg
            self._settings = self._settings_of(cfg)
            self._ca_state = "saved"
            self.changed.emit()

        def failed(e):
            if not isinstance(e, KioskError):
                raise e
            self._ca_state = str(e)           # one line naming the file and what to do
            self.changed.emit()

        self._ca_state = ""
        self.tasks.store(lambda: self.services.update_config(changes, actor), ok, failed)
        self.changed.emit()

    @staticmethod
    def _settings_of(cfg) -> dict:
        return {"printer_uri": cfg["printer.uri"], "printer_profile": cfg["printer.profile"],
                "paper_mm": str(cfg["printer.paper_mm"]), "dots": str(cfg["printer.dots"]),
                "sync_url": cfg["sync.platform_url"], "sync_ca": cfg["sync.ca_file"],
                "ga467_serial": cfg["cards.ga467_serial"],
                "camera_source": str(cfg["camera.source"]), "camera_width": str(cfg["camera.width"]),
                "camera_height": str(cfg["camera.height"]), "blur_threshold": cfg["camera.blur_threshold"],
                "bundle_dir": str(cfg.data_dir / "diagnostics")}

    actor_of = None     # set by the application: who is signed in (for the audit)

    @property
    def _actor(self) -> str:
        return self.actor_of() if callable(self.actor_of) else "technician"

    @Slot(str, str)
    def savePrinter(self, uri: str, profile: str) -> None:
        """Printer URI and profile through the core's validated, audited config write;
        then the printer restarts with them (a test page shows the result)."""
        self._save_printer({"printer.uri": uri.strip(), "printer.profile": profile.strip()})

    @Slot(str, str)
    def savePaper(self, paper_mm: str, dots: str) -> None:
        """Paper width (58/80 mm) and printable dots, checked by the core (a value that is
        not a whole number goes as typed: the core's refusal names the key)."""
        def number(text: str):
            t = text.strip()
            return int(t) if t.isascii() and t.isdigit() else t
        self._save_printer({"printer.paper_mm": number(paper_mm), "printer.dots": number(dots)})

    def _save_printer(self, changes: dict) -> None:
        actor = self._actor
        on_printer = lambda st: self.tasks.post(lambda: self.set_printer(st))   # noqa: E731

        def work():
            cfg = self.services.update_config(changes, actor)
            if cfg["printer.uri"] or cfg["kiosk.simulated_devices"]:
                self.services.restart_printer(on_printer)
            return cfg

        def ok(cfg):
            self.app.config = cfg
            self._settings = self._settings_of(cfg)
            self._config_state = "saved"
            self._test_print = ""
            self.changed.emit()

        def failed(e):
            if not isinstance(e, KioskError):
                raise e
            self._config_state = str(e)        # one line naming the key and what to do (no personal data)
            self.changed.emit()

        self._config_state = ""
        self.tasks.store(work, ok, failed)
        self.changed.emit()

    @Slot(str)
    def exportBundle(self, folder: str) -> None:
        def ok(path):
            self._bundle = path
            self.changed.emit()

        def failed(e):
            if not isinstance(e, KioskError):
                raise e
            self._bundle = ""
            self._config_state = str(e)
            self.changed.emit()

        self.tasks.store(lambda: self.services.export_bundle(folder), ok, failed)

    @Slot()
    def retryQuarantined(self) -> None:
        def ok(n):
            self._retry_state = str(n)
            self.refresh()

        def failed(e):
            if not isinstance(e, KioskError):
                raise e
            self._retry_state = "error"
            self.changed.emit()

        self.tasks.store(self.services.retry_quarantined, ok, failed)

    def set_sync(self, status: dict) -> None:
        """Latest status from the sync worker or a snapshot (delivered on the GUI thread);
        merged, so a snapshot does not hide the worker's phase."""
        if "error" not in status:
            self._sync.pop("error", None)
        self._sync.update({k: ("" if v is None else v) for k, v in status.items()
                           if isinstance(v, (str, int, float, bool)) or v is None})
        self.changed.emit()

    def set_readers(self, status=None, event=None) -> None:
        """PC/SC card service status and reader/card events (delivered on the GUI thread)."""
        if status is not None:
            self._readers["state"] = status.state
            self._readers["detail"] = status.detail
        if event is not None:
            names = set(self._readers.get("names", []))
            cards = set(self._readers.get("cards", []))
            if event.kind == "reader_added":
                names.add(event.reader)
            elif event.kind == "reader_removed":
                names.discard(event.reader)
                cards.discard(event.reader)
            elif event.kind == "card_inserted":
                cards.add(event.reader)
            elif event.kind == "card_removed":
                cards.discard(event.reader)
            self._readers["names"] = sorted(names)
            self._readers["cards"] = sorted(cards)
            self._readers["last_event"] = event.kind
            self._readers["events"] = self._readers.get("events", 0) + 1
            import time as _time           # the latest insert/remove events, newest first
            self._readers["log"] = ([{"time": _time.strftime("%H:%M:%S"), "kind": event.kind, "reader": event.reader}]
                                    + self._readers.get("log", []))[:5]
        self.changed.emit()

    def set_printer(self, st) -> None:
        """Latest devices.printer PrinterStatus (delivered on the GUI thread)."""
        self._printer = {"online": "" if st.online is None else ("yes" if st.online else "no"),
                         "paper": st.paper, "error": st.error or "", "detail": st.detail}
        self.changed.emit()

    @Property(float, notify=changed)
    def longestStallMs(self) -> float:
        return round(self.heartbeat.longest_gap_ms, 1) if self.heartbeat else -1.0

    @Slot()
    def refresh(self) -> None:
        parts = []
        for key, module in (("store", "kiosk.store"), ("operators", "kiosk.operators"),
                            ("catalog", "kiosk.catalog.storage"), ("cases", "kiosk.cases"),
                            ("cards", "devices.cards.service"), ("scanner", "devices.scanner"),
                            ("printer", "devices.printer.service"), ("sync", "sync.worker")):
            ok, detail = probe(module)
            parts.append({"key": key, "state": "available" if ok else "unavailable", "detail": detail})
        self._parts = parts
        self._logs = self._tail_logs()

        def got_sync(st):
            self.set_sync(st)

        def sync_failed(e):
            self._sync = {"error": e.detail if isinstance(e, Unavailable) else type(e).__name__}
            self.changed.emit()

        self.tasks.store(self.services.sync_status, got_sync, sync_failed)

        def got_jobs(jobs):
            self._jobs = jobs
            self.changed.emit()

        def jobs_failed(e):
            self._jobs = []
            self.changed.emit()
            if not isinstance(e, Exception):
                raise e

        self.tasks.store(self.services.print_jobs, got_jobs, jobs_failed)
        self.changed.emit()

    @Slot()
    def testPrint(self) -> None:
        lang = self.app.language

        def done(job):
            self._test_print = "queued"
            self.refresh()

        def failed(e):
            self._test_print = "unavailable" if isinstance(e, Unavailable) else "failed"
            log.warning("test page not printed: %s", type(e).__name__)
            self.changed.emit()
            if not isinstance(e, Exception):
                raise e

        self.tasks.store(lambda: self.services.print_test_page(lang), done, failed)

    def _tail_logs(self, lines: int = 40) -> str:
        if not self.log_file or not Path(self.log_file).exists():
            return ""
        try:
            with open(self.log_file, "rb") as f:
                f.seek(0, 2)
                size = f.tell()
                f.seek(max(0, size - 16_000))
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


class Heartbeat(QObject):
    """Measures how long the GUI thread goes without running its event loop: a timer
    that should fire every `interval_ms`; the longest gap between firings is the
    longest stall a person would feel."""

    def __init__(self, interval_ms: int = 5, parent=None):
        super().__init__(parent)
        from ui.qt import QTimer
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self._beat)
        self._last = 0.0
        self.longest_gap_ms = 0.0
        self.beats = 0
        self.gaps: list[tuple[float, str]] = []   # (gap ms, where) for gaps over 50 ms
        self.label = None                          # callable naming where the app is (the screen)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.longest_gap_ms = 0.0
        self.beats = 0
        self.gaps = []
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def pause(self) -> None:
        """Stop measuring (e.g. while a test grabs a screenshot) without losing the figure."""
        self._timer.stop()

    def resume(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        if gap > 50:
            self.gaps.append((round(gap, 1), self.label() if self.label else ""))
        self.longest_gap_ms = max(self.longest_gap_ms, gap)
        self._last = now
        self.beats += 1


def clear_clipboard(_session: Any = None) -> None:
    cb = QGuiApplication.clipboard()
    if cb is not None:
        cb.clear()
