"""The rooms below, composed for the view-models (the composition lives in `ui`, the
top room, never in `kiosk`).

Every method here may do I/O: call it only through `TaskManager.store(...)`, which runs
it on the one store-writer thread that owns the `Store`. Methods return plain data
(dicts, lists, strings) that the view-models hand to QML; personal data stays in the
`Session` and the encrypted store.

A room that is not there (not installed, not built yet, failing to import) raises
`Unavailable(room, detail)`: the screens show a clear "not available" state instead
of anything invented.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from kiosk.errors import KioskError

log = logging.getLogger(__name__)


class Unavailable(KioskError):
    """A part of the system this screen needs is not available on this terminal."""

    code = "unavailable"

    def __init__(self, room: str, detail: str):
        super().__init__(f"{room} is not available: {detail}")
        self.room = room
        self.detail = detail


def _module(name: str, room: str):
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise Unavailable(room, f"{name} cannot be imported ({e})") from None


def probe(name: str) -> tuple[bool, str]:
    """Can module `name` be imported? (ok, technician detail)."""
    try:
        importlib.import_module(name)
        return True, ""
    except Exception as e:  # any failure to import means "not available", with the reason
        return False, f"{type(e).__name__}: {e}"


# Simulated devices only (a demo or training terminal with an empty store): user, role, PIN, name.
TRAINING_OPERATORS = (("demo", "clerk", "135790", "Demo clerk"), ("tech", "technician", "246802", "Demo technician"))


def _lang(lang: str) -> str:
    return "en" if lang.startswith("en") else "zh"


class Services:
    def __init__(self, config):
        self.config = config
        self._store = None
        self._catalog = None
        self.printer = None   # devices.printer.service.PrinterService once started
        self._sim_sam = None  # devices.cards.sim_ga467.PtySam when the simulators are in use
        self.sync_worker = None
        self.card_service = None  # devices.cards.service.CardService (PC/SC readers)
        self.id_watch = None      # devices.cards.service.Ga467Service while a screen waits for an ID card
        self.training: list[dict] = []   # training accounts shown on the sign-in screens

    # -- store ------------------------------------------------------------------------
    def store(self):
        if self._store is None:
            store_mod = _module("kiosk.store", "the local store")
            self._store = store_mod.Store.open(self.config.data_dir, config=self.config)
        return self._store

    def close(self) -> None:
        self.stop_id_watch()
        if self.card_service is not None:
            self.card_service.stop()
            self.card_service = None
        if self.sync_worker is not None:
            self.sync_worker.stop(timeout=5.0)
            self.sync_worker = None
        if self._sim_sam is not None:
            self._sim_sam.stop()
            self._sim_sam = None
        self._stop_printer()
        if self._store is not None:
            self._store.close()
            self._store = None

    def warm_up(self, on_printer_status=None) -> dict:
        """Open the store, build the catalogue's search index and start the printer now,
        at start-up, not when the first citizen needs them (it takes the store thread a
        few hundred ms, and Python work on any thread competes with the GUI thread for
        the GIL). Returns {part: "" or the reason it is not available}."""
        ready = {}
        printer_wanted = bool(self.config["printer.uri"] or self.config["kiosk.simulated_devices"])
        for part, fn in (("store", self.store),
                         ("training", self.ensure_training_operators if self.config["kiosk.simulated_devices"] else None),
                         ("catalog", lambda: self.catalog().search("warm", limit=1)),
                         ("printer", (lambda: self.start_printer(on_printer_status)) if printer_wanted else None)):
            if fn is None:
                continue
            try:
                fn()
                ready[part] = ""
            except KioskError as e:
                ready[part] = str(e)
        return ready

    # -- operators ---------------------------------------------------------------------
    def authenticate(self, username: str, pin: str, roles: tuple[str, ...] | None = None) -> dict:
        ops = _module("kiosk.operators", "operator accounts")
        op = ops.Operators(self.store()).authenticate(username, pin, require_role=roles)
        return {"username": op.username, "role": op.role,
                "display_name": getattr(op, "display_name", "") or op.username}

    def ensure_training_operators(self) -> list[dict]:
        """Simulated devices only: on a store with no operator at all, a training clerk
        and technician whose PINs the sign-in screens show (audited as training
        accounts). Returns the training accounts that exist, [] when there are none."""
        if not self.config["kiosk.simulated_devices"]:
            return []
        ops_mod = _module("kiosk.operators", "operator accounts")
        audit = _module("kiosk.audit", "the audit log")
        ops = ops_mod.Operators(self.store())
        existing = {o.username for o in ops.list()}
        if not existing:
            for username, role, pin, name in TRAINING_OPERATORS:
                ops.add(username, role, pin, name, actor="training")
            with self.store().transaction() as db:
                audit.append(db, "training", "operator.training",
                             ",".join(t[0] for t in TRAINING_OPERATORS),
                             {"reason": "simulated devices and no operators: training accounts for a demo"})
            existing = {t[0] for t in TRAINING_OPERATORS}
            log.warning("training operators created (simulated devices, empty store)")
        self.training = [{"username": u, "role": r, "pin": p} for u, r, p, _ in TRAINING_OPERATORS
                         if u in existing and self._is_training(u)]
        return self.training

    def _is_training(self, username: str) -> bool:
        """Was `username` made as a training account (the audit says so)?"""
        row = self.store().conn.execute(
            "SELECT 1 FROM audit_log WHERE action='operator.add' AND actor='training' AND subject=?",
            (username,)).fetchone()
        return row is not None

    # -- catalogue ---------------------------------------------------------------------
    def catalog(self):
        if self._catalog is None:
            storage = _module("kiosk.catalog.storage", "the service catalogue")
            self._catalog = storage.active_catalog(self.store())
        return self._catalog

    def search(self, query: str, channel: str, lang: str, limit: int = 10) -> list[dict]:
        """Services offered through `channel` matching `query` (ranked by the core); an
        empty query lists the hall's frequent services. Few rows: a touch screen shows ~8."""
        cat = self.catalog()
        if query.strip():
            hits = cat.search(query, limit=limit * 2)
            services = [cat.get(h.service_id) for h in hits]
        else:
            services = sorted(cat, key=lambda s: (not s.high_frequency, s.name(_lang(lang))))
        out = []
        for s in services:
            if channel not in s.channels:
                continue
            out.append({"id": s.id, "name": s.name(_lang(lang)),
                        "department": cat.department_name(s.department, _lang(lang)),
                        "days": s.time_limit_days})
            if len(out) >= limit:
                break
        return out

    def categories(self, channel: str, lang: str) -> list[dict]:
        """The catalogue's categories with a service offered through `channel` (names and
        order are the core's: kiosk.catalog.model.CATEGORY_NAMES)."""
        cat = self.catalog()
        return [{"code": code, "name": cat.category_name(code, _lang(lang)), "count": n}
                for code, n in cat.categories(channel)]

    def in_category(self, code: str, channel: str, lang: str) -> list[dict]:
        """The services of one category offered through `channel` (self-service: only the
        self-service ones, as the search), frequent ones first; rows like `search`."""
        cat = self.catalog()
        return [{"id": s.id, "name": s.name(_lang(lang)), "department": cat.department_name(s.department, _lang(lang)),
                 "days": s.time_limit_days} for s in cat.in_category(code, channel, _lang(lang))]

    def service_info(self, service_id: str, lang: str) -> dict:
        cat = self.catalog()
        s = cat.get(service_id)
        lg = _lang(lang)
        return {"id": s.id, "name": s.name(lg), "department": cat.department_name(s.department, lg),
                "days": s.time_limit_days, "fee": s.fee.get("amount", 0),
                "one_visit": s.one_visit,
                "presence": [p.get(lg, "") for p in s.data.get("presence", [])],
                "materials": [{"id": m["id"], "name": m["name"][lg], "required": bool(m.get("required")),
                               "note": (m.get("note") or {}).get(lg, ""), "pages": m.get("min_pages", 1),
                               "paper": m.get("paper", "")}
                              for m in s.materials]}

    # -- identity ----------------------------------------------------------------------
    def identify_typed(self, id_number: str, name: str):
        model = _module("kiosk.identity.model", "identity checks")
        return model.Identity.typed(id_number=id_number.strip().upper(), name_zh=name.strip())

    def id_reader_port(self) -> str:
        """The GA/T 467 reader's serial device; with the simulators, a software SAM on a pty."""
        port = self.config["cards.ga467_serial"]
        if port:
            return port
        if self.config["kiosk.simulated_devices"]:
            if self._sim_sam is None:
                sim = _module("devices.cards.sim_ga467", "the ID card reader simulator")
                self._sim_sam = sim.PtySam(sim.FakeSam(sim.load_sam_dataset(None))).start()
            return self._sim_sam.path
        raise Unavailable("the ID card reader", "cards.ga467_serial is not configured")

    def read_id_card(self, timeout: float = 3.0):
        """Read a resident ID card on the GA/T 467 reader. Run on the card reader's own
        thread (TaskManager.device("id-reader", ...)): it polls the port for seconds."""
        ga = _module("devices.cards.ga467", "the ID card reader")
        port = self.id_reader_port()
        decoder = ga.load_wlt_decoder(self.config["cards.wlt_decoder"])
        watch = self.id_watch
        self.stop_id_watch()        # the port is ours for this read; the watch resumes after it
        try:
            reader = ga.Ga467Reader.open(port, self.config["cards.ga467_baudrate"])
            try:
                info = reader.read_card(timeout=timeout)
            finally:
                reader.close()
        finally:
            if watch is not None:
                self.watch_id_card(watch.on_read, watch.on_event)
        png = ga.ga467_dict(info, decoder)["photo"].get("_bmp")
        return ga.to_identity(info, photo_png=png)

    def wlt_photo_note(self) -> str:
        """Why a GA/T 467 card's WLT photo was not decoded: no_decoder (cards.wlt_decoder
        empty: the vendor's decoder is not installed) or undecodable (it is configured but
        did not load or could not decode this photo)."""
        return "undecodable" if self.config["cards.wlt_decoder"] else "no_decoder"

    def watch_id_card(self, on_read, on_event=None) -> None:
        """Poll the GA/T 467 reader for a card placed on it (devices.cards.service.Ga467Service,
        its own thread, at the reader's pace); a card already lying there is not read. Run
        on the ID reader's device thread, like `read_id_card` and `stop_id_watch`, so only
        one of them has the port open at a time. Callbacks run on the poller's thread."""
        svc_mod = _module("devices.cards.service", "the ID card reader")
        port = self.id_reader_port()
        self.stop_id_watch()
        self.id_watch = svc_mod.Ga467Service(port, baudrate=self.config["cards.ga467_baudrate"], on_read=on_read,
                                             on_event=on_event, decoder_path=self.config["cards.wlt_decoder"],
                                             read_present=False)
        self.id_watch.start()

    def stop_id_watch(self) -> None:
        if self.id_watch is not None:
            self.id_watch.stop()
            self.id_watch = None

    def start_card_service(self, on_event, on_status, scanner_factory=None):
        """Watch the PC/SC readers on their owner thread (devices.cards.service). The
        callbacks run on that thread: the caller turns them into queued signals."""
        svc_mod = _module("devices.cards.service", "PC/SC card readers")
        kw = {"scanner_factory": scanner_factory} if scanner_factory else {}
        self.card_service = svc_mod.CardService(
            on_event=on_event, on_status=on_status,
            allow_virtual=bool(self.config["cards.allow_virtual"] or self.config["kiosk.simulated_devices"]),
            csca_dir=self.config["cards.csca_dir"] or None, apdu_timeout=float(self.config["cards.apdu_timeout_s"]),
            **kw)
        self.card_service.start()
        return self.card_service

    # -- cases -------------------------------------------------------------------------
    def create_draft(self, service_id: str, identity, operator: str, channel: str) -> dict:
        cases = _module("kiosk.cases", "cases")
        cat = self.catalog()
        case = cases.create_draft(self.store(), cat.get(service_id), identity, operator=operator,
                                  channel=channel, catalog_version=getattr(cat, "version", ""))
        return {"case_id": case.id, "form": cases.form_of(self.store(), case)}

    def form_fields(self, case_id: str, lang: str) -> list[dict]:
        cases = _module("kiosk.cases", "cases")
        forms = _module("kiosk.catalog.forms", "forms")
        st = self.store()
        case = cases.get_case(st, case_id)
        service = cases.definition_of(st, case)
        form = cases.form_of(st, case)
        visible = set(forms.visible_fields(service, form))
        lg = _lang(lang)
        out = []
        for f in service.fields:
            if f["id"] not in visible:
                continue
            out.append({"id": f["id"], "type": f.get("type", "text"), "label": f["label"][lg],
                        "required": bool(f.get("required")), "value": "" if form.get(f["id"]) is None
                        else str(form.get(f["id"])),
                        "options": [{"value": o["value"], "label": (o.get("label") or {}).get(lg, o["value"])}
                                    for o in f.get("choices", []) if isinstance(o, dict)]})
        return out

    def set_fields(self, case_id: str, values: dict[str, Any]) -> list[dict]:
        cases = _module("kiosk.cases", "cases")
        result = cases.set_fields(self.store(), case_id, values)
        return [p.to_dict() for p in result.problems]

    def check_ready(self, case_id: str) -> dict:
        """The core's verdict on the draft, plus the materials it offers to reuse from the
        same citizen's earlier cases ({material_id: earlier case number})."""
        cases = _module("kiosk.cases", "cases")
        verdict = cases.check_ready(self.store(), case_id)
        verdict["reuse"] = {o.material_id: o.source_case_number for o in cases.reuse_offers(self.store(), case_id)}
        return verdict

    def reuse_material(self, case_id: str, material_id: str, actor: str) -> None:
        cases = _module("kiosk.cases", "cases")
        cases.reuse_material(self.store(), case_id, material_id, actor=actor)

    def waive_material(self, case_id: str, material_id: str, supervisor: str, pin: str, reason: str,
                       actor: str) -> None:
        """A supervisor's waiver with a reason; the core checks the PIN and the role."""
        cases = _module("kiosk.cases", "cases")
        cases.waive_material(self.store(), case_id, material_id, supervisor=supervisor.strip(), pin=pin,
                             reason=reason, actor=actor)

    def todays_cases(self, lang: str) -> list[dict]:
        """Cases submitted at this terminal today (masked names only), newest first."""
        import datetime as dt
        cases = _module("kiosk.cases", "cases")
        since = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0).isoformat()
        out = []
        for c in cases.list_cases(self.store(), since=since, limit=100):
            if c.state == "draft":
                continue
            out.append({"case_number": c.case_number or "", "state": c.state, "masked_name": c.masked_name,
                        "service": cases.definition_of(self.store(), c).name(_lang(lang)),
                        # the state machine allows a withdrawal at all; whether the kiosk may (not
                        # yet delivered) is the core's verdict when the supervisor confirms
                        "withdrawable": "withdrawn" in cases.TRANSITIONS[c.state]})
        return out

    def withdraw_case(self, case_number: str, supervisor: str, pin: str, reason: str) -> None:
        """A supervisor withdraws a case not yet delivered (their PIN, a reason); the core
        decides and takes it out of the sync outbox in the same transaction."""
        cases = _module("kiosk.cases", "cases")
        cases.withdraw(self.store(), case_number, actor=supervisor.strip(), supervisor=supervisor.strip(), pin=pin,
                       reason=reason)

    def print_test_page(self, lang: str) -> int:
        """The technician's test page (model, URI, profile, width, text mode)."""
        from datetime import datetime, timezone
        if self.printer is None:
            raise Unavailable("the receipt printer", "not started")
        receipt = _module("kiosk.receipt", "receipts")
        st = self.printer.settings
        blocks = receipt.technician_test_page(
            {"model": st.profile, "uri": st.uri, "profile": st.profile, "dots": st.dots, "paper_mm": st.paper_mm,
             "text_mode": st.text_mode,
             "printed_at": datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")},
            lang="en" if lang.startswith("en") else "zh_CN")
        return self.printer.print_blocks(self.store(), "test_page", blocks)

    def hall_kpis(self) -> dict:
        """Today's "one visit" measures from kiosk.kpi (numerator / denominator each)."""
        import datetime as dt
        kpi = _module("kiosk.kpi", "hall KPIs")
        today = dt.datetime.now().astimezone().date()
        k = kpi.compute(self.store(), self.catalog(), today, today)
        pick = lambda d: {"num": d["numerator"], "den": d["denominator"]}  # noqa: E731
        return {"cases": k["cases"], "availability": pick(k["service_availability"]),
                "one_visit": pick(k["one_visit_rate"]), "materials": pick(k["materials_reduction_rate"]),
                "high_frequency": {"num": k["high_frequency_one_visit"]["count"],
                                   "den": k["high_frequency_one_visit"]["of_high_frequency"]}}

    def print_end_of_day(self, lang: str) -> int:
        import datetime as dt
        if self.printer is None:
            raise Unavailable("the receipt printer", "not started")
        casedata = _module("devices.printer.casedata", "the receipt printer")
        receipt = _module("kiosk.receipt", "receipts")
        day = dt.datetime.now().astimezone().date()
        data = casedata.end_of_day_data(self.store(), day, config=self.config)
        blocks = receipt.end_of_day(data, lang="en" if lang.startswith("en") else "zh_CN")
        return self.printer.print_blocks(self.store(), "end_of_day", blocks, params={"date": data["date"]})

    def reprint(self, case_number: str, lang: str) -> int:
        if self.printer is None:
            raise Unavailable("the receipt printer", "not started")
        return self.printer.reprint_case(self.store(), case_number, lang=_lang(lang))

    def mark_shared(self, case_id: str, material_id: str, actor: str) -> None:
        cases = _module("kiosk.cases", "cases")
        cases.mark_shared(self.store(), case_id, material_id, actor=actor)

    def clear_material(self, case_id: str, material_id: str, actor: str) -> None:
        cases = _module("kiosk.cases", "cases")
        cases.clear_material(self.store(), case_id, material_id, actor=actor)

    def submit(self, case_id: str, actor: str) -> dict:
        cases = _module("kiosk.cases", "cases")
        case = cases.submit(self.store(), case_id, actor=actor)
        self.trigger_sync()
        return {"case_number": case.case_number, "promised_date": case.promised_date or "",
                "state": case.state}

    def case_status(self, case_number: str, lang: str) -> dict:
        """Where a submitted case stands (local store plus the latest status sync pulled).
        Only the case number, service, state and dates: no personal data."""
        cases = _module("kiosk.cases", "cases")
        number = case_number.strip().upper()
        cases.parse_case_number(number)        # InputError: mistyped (the check character catches most)
        case = cases.get_case(self.store(), number)
        if case.state == "draft":
            raise KioskError("not submitted", code="not_found")
        service = cases.definition_of(self.store(), case)
        return {"case_number": case.case_number, "service": service.name(_lang(lang)), "state": case.state,
                "promised_date": case.promised_date or "", "submitted_at": (case.submitted_at or "")[:10]}

    def citizen_cases(self, identity, lang: str) -> list[dict]:
        """The citizen's cases on this kiosk, newest first (kiosk.cases.cases_of_citizen:
        by blind index; the state is the latest the sync worker pulled). Like
        `case_status`, only numbers, services, states and dates: no personal data."""
        cases = _module("kiosk.cases", "cases")
        out = []
        for c in cases.cases_of_citizen(self.store(), identity):
            service = cases.definition_of(self.store(), c)
            out.append({"case_number": c.case_number or "", "service": service.name(_lang(lang)), "state": c.state,
                        "promised_date": c.promised_date or "", "submitted_at": (c.submitted_at or "")[:10]})
        return out

    def discard_draft(self, case_id: str, actor: str, reason: str) -> None:
        cases = _module("kiosk.cases", "cases")
        try:
            cases.discard_draft(self.store(), case_id, actor=actor, reason=reason)
        except KioskError as e:  # already submitted or gone: nothing to discard
            log.info("draft not discarded: %s", type(e).__name__)

    # -- ratings (好差评) ------------------------------------------------------------------
    def rate(self, case_number: str, level: int, reasons: list[str], channel: str) -> dict:
        """The citizen's rating of the case just submitted (kiosk.ratings checks it)."""
        ratings = _module("kiosk.ratings", "ratings")
        r = ratings.rate(self.store(), case_number, int(level), reasons=tuple(reasons), channel=channel)
        self.trigger_sync()
        return {"level": r["level"], "follow_up": r["follow_up"]}

    def follow_ups(self, lang: str) -> list[dict]:
        """Bad reviews awaiting a supervisor (masked names only; the comment is for the
        supervisor, shown on the counter's today's-cases screen)."""
        ratings = _module("kiosk.ratings", "ratings")
        lg = _lang(lang)
        cat = self.catalog()
        out = []
        for r in ratings.follow_up_list(self.store()):
            try:
                service = cat.get(r["service_id"]).name(lg)
            except KioskError:
                service = r["service_id"]
            out.append({"id": r["id"], "case_number": r["case_number"] or "", "masked_name": r["masked_name"] or "",
                        "service": service, "level": r["level"], "level_text": r["level_text"][lg],
                        "reasons": [ratings.REASONS[c][lg] for c in r["reasons"] if c in ratings.REASONS],
                        "comment": r["comment"], "at": r["created_at"][:16].replace("T", " ")})
        return out

    def resolve_follow_up(self, rating_id: int, supervisor: str, note: str) -> None:
        ratings = _module("kiosk.ratings", "ratings")
        ratings.resolve(self.store(), int(rating_id), supervisor, note)

    # -- printer -----------------------------------------------------------------------
    def start_printer(self, on_status=None):
        if self.printer is None:
            svc = _module("devices.printer.service", "the receipt printer")
            if not self.config["printer.uri"] and not self.config["kiosk.simulated_devices"]:
                raise Unavailable("the receipt printer", "printer.uri is not configured")
            self.printer = svc.PrinterService(self.config, self._open_other_store, on_status=on_status).start()
        return self.printer

    def _open_other_store(self):
        # The print worker owns its own connection (a Store belongs to one thread).
        store_mod = _module("kiosk.store", "the local store")
        return store_mod.Store.open(self.config.data_dir, config=self.config)

    def print_case(self, case_number: str, lang: str) -> int:
        if self.printer is None:
            raise Unavailable("the receipt printer", "not started")
        return self.printer.print_case(self.store(), case_number, lang=_lang(lang))

    # -- technician: config edits (validated, atomic, audited by the core) ----------------
    def config_path(self):
        from kiosk.config import resolve_config_path
        return self.config.path or resolve_config_path(None)[0]

    def update_config(self, changes: dict, actor: str):
        """Write `changes` ({"printer.uri": ...}) to the config file through the core
        (kiosk.config.update_file: ConfigError names a bad value, the file stays) and use
        them from now on. Returns the new effective Config."""
        cfgmod = _module("kiosk.config", "configuration")
        cfgmod.update_file(self.config_path(), changes, actor=actor, store=self.store())
        self.config = self.config.with_overrides(**{k.replace(".", "__"): v for k, v in changes.items()})
        return self.config

    def ca_candidates(self) -> list[str]:
        """Certificate files a technician may pick as the sync CA: *.pem, *.crt, *.cer in
        the config folder, the data folder (and its certs/), and the current CA's folder.
        Only listed here; the core checks the one chosen (kiosk.config.check_ca_file)."""
        from pathlib import Path
        folders = [Path(self.config_path()).parent, self.config.data_dir, self.config.data_dir / "certs"]
        if self.config["sync.ca_file"]:
            folders.append(Path(self.config["sync.ca_file"]).expanduser().parent)
        found: set[str] = set()
        for folder in folders:
            try:
                found.update(str(p) for p in folder.iterdir()
                             if p.suffix.lower() in (".pem", ".crt", ".cer") and p.is_file())
            except OSError:      # a folder that is not there yet
                continue
        return sorted(found)

    def _stop_printer(self) -> None:
        if self.printer is not None:
            try:
                self.printer.stop()
            except Exception:
                log.warning("printer stop failed", exc_info=True)
            self.printer = None

    def restart_printer(self, on_status=None):
        """The printer again with the current config (after a URI or profile change)."""
        self._stop_printer()
        return self.start_printer(on_status)

    def export_bundle(self, dest: str) -> str:
        """The diagnostics bundle (kiosk.diagnostics: config without secrets, versions,
        masked logs) plus the device and queue figures; returns the file written."""
        from pathlib import Path
        diag = _module("kiosk.diagnostics", "diagnostics")
        extra = {"devices": {"simulated": bool(self.config["kiosk.simulated_devices"]),
                             "printer_uri": (self.config["printer.uri"] or "").split("?")[0],
                             "printer_running": self.printer is not None,
                             "card_readers": list(getattr(self.card_service, "readers", []) or [])
                             if self.card_service is not None else [],
                             "camera_source": str(self.config["camera.source"])}}
        try:
            extra["sync"] = self.sync_status()
        except KioskError as e:
            extra["sync"] = {"error": str(e)}
        d = Path(dest).expanduser()
        d.mkdir(parents=True, exist_ok=True)
        return str(diag.write_bundle(self.config, d, extra=extra))

    def print_jobs(self, limit: int = 8) -> list[dict]:
        """The latest print jobs (kind, state, attempts, last error; no slip content)."""
        if self.printer is None:
            raise Unavailable("the receipt printer", "not started")
        return [{"id": j["id"], "kind": j["kind"], "state": j["state"], "attempts": j.get("attempts", 0),
                 "error": j.get("last_error") or "", "at": (j.get("created_at") or "")[:19].replace("T", " ")}
                for j in self.printer.jobs(self.store(), limit=limit)]

    def retry_quarantined(self) -> int:
        """Every quarantined case back to the head of the queue (sync.outbox.retry, audited)."""
        import time
        outbox = _module("sync.outbox", "sync")
        with self.store().transaction() as db:
            ids = [r[0] for r in db.execute("SELECT case_id FROM outbox WHERE state = 'quarantined'")]
            for cid in ids:
                outbox.retry(db, cid, time.time())
        if ids:
            self.trigger_sync()
        return len(ids)

    def enroll(self, url: str, token: str, ca_file: str, actor: str) -> dict:
        """Register this kiosk with the platform (sync.worker.enroll: key, one-time token,
        the platform's keys and CA), then record the URL and CA in the config (audited).
        Network I/O: the store thread waits at most the sync connect/read timeouts."""
        worker = _module("sync.worker", "sync")
        url, ca_file = url.strip().rstrip("/"), ca_file.strip()
        enr = worker.enroll(self.store(), worker.SyncSettings.from_config(self.config), url, token.strip(),
                            ca_file or None)
        self.update_config({"sync.platform_url": url, "sync.ca_file": ca_file}, actor)
        self.trigger_sync()
        return {"kiosk_id": enr["kiosk_id"], "sealed": enr.get("sealed_held", 0)}

    # -- sync ----------------------------------------------------------------------------
    def start_sync(self, on_status) -> None:
        """Start the outbox worker (its own thread and store connection). `on_status(dict)`
        is called from the worker's thread: the caller turns it into a queued signal."""
        worker = _module("sync.worker", "sync")
        self.sync_worker = worker.SyncWorker(self._open_other_store, worker.SyncSettings.from_config(self.config))
        self.sync_worker.subscribe(on_status)
        self.sync_worker.start()

    def trigger_sync(self) -> None:
        if self.sync_worker is not None:
            self.sync_worker.trigger()

    def sync_status(self) -> dict:
        worker = _module("sync.worker", "sync")
        import time
        return worker.status_snapshot(self.store().conn, worker.SyncSettings.from_config(self.config), time.time())
