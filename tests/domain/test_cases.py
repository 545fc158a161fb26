"""Cases on a real store: drafts, form and materials rules, reuse, waivers, the one
submit transaction (numbers, promised dates, rollback), the state machine, versions."""

import json
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import audit, cases
from kiosk.catalog import load_dir
from kiosk.catalog.storage import import_catalog
from kiosk.errors import AuthError, InputError, StateError
from kiosk.identity import Identity
from kiosk.store import Store

PDF = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n"
JPEG = b"\xff\xd8\xff\xe0fake-jpeg-page"


@pytest.fixture(scope="module")
def catalog():
    return load_dir()


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def citizen():
    return Identity.typed(id_number="11010519491231002X", name_zh="张三丰", address="北京市朝阳区某街1号")


def _residence(store, catalog, citizen, **kw):
    c = cases.create_draft(store, catalog.get("residence-registration"), citizen, operator="clerk1",
                           catalog_version=catalog.version)
    assert not cases.set_fields(store, c.id, {"phone": "13800138000", "housing": "rent"}).problems
    return c


def test_full_flow_number_promise_and_audit(store, catalog, citizen):
    c = _residence(store, catalog, citizen)
    assert c.state == "draft" and c.case_number is None
    assert cases.form_of(store, c)["applicant_id"] == "11010519491231002X"  # prefilled from the identity
    ready = cases.check_ready(store, c.id)
    assert not ready["ready"] and {m["material_id"] for m in ready["materials"] if not m["satisfied"]} == \
        {"resident_id_card", "lease_contract"}
    cases.add_material(store, c.id, "lease_contract", PDF, mime="application/pdf", filename="lease.pdf")
    cases.mark_shared(store, c.id, "resident_id_card")
    done = cases.submit(store, c.id, actor="clerk1", hall_code="330106", kiosk_id="K07", run_hooks=False)
    assert done.state == "submitted"
    parts = cases.parse_case_number(done.case_number)
    assert parts["hall_code"] == "330106" and parts["kiosk_id"] == "K07" and parts["seq"] == done.kiosk_seq == 1
    assert re.fullmatch(r"330106-K07-\d{8}-000001-[0-9A-Z]", done.case_number)
    assert done.promised_date == done.submitted_at[:10] or done.promised_date >= done.submitted_at[:10]
    disp = {m["material_id"]: m["disposition"] for m in done.materials}
    assert disp == {"lease_contract": "provided", "resident_id_card": "shared"}
    actions = [r["action"] for r in store.conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions[0] == "case.draft" and actions[-1] == "case.submitted"
    assert audit.verify(store.conn).ok
    # Personal data is not in the database file in clear.
    store.conn.execute("PRAGMA wal_checkpoint(FULL)")
    raw = store.path.read_bytes()
    assert b"11010519491231002X" not in raw and "张三丰".encode() not in raw and b"13800138000" not in raw


def test_case_number_check_character_catches_typos():
    n = cases.make_case_number("330106", "K01", date(2026, 11, 27), 42)
    assert cases.parse_case_number(n)["seq"] == 42
    for i, ch in enumerate(n):
        if ch == "-":
            continue
        for other in "0123456789AZ":
            if other != ch:
                with pytest.raises(InputError):
                    cases.parse_case_number(n[:i] + other + n[i + 1:])


def test_submit_refuses_bad_form_and_missing_materials_without_consuming_a_number(store, catalog, citizen):
    c = cases.create_draft(store, catalog.get("minimum-living-allowance"), citizen, operator="clerk1")
    res = cases.set_fields(store, c.id, {"household_size": "many", "monthly_income": "-5", "phone": "13800138000"})
    assert {p.rule for p in res.problems} == {"form.type", "form.min"}
    with pytest.raises(InputError, match="cannot submit: field"):
        cases.submit(store, c.id, run_hooks=False)
    cases.set_fields(store, c.id, {"household_size": 3, "monthly_income": 800, "applicant_type": "self"})
    with pytest.raises(InputError, match="material 'resident_id_card' missing"):
        cases.submit(store, c.id, run_hooks=False)
    assert cases.get_case(store, c.id).state == "draft"
    assert store.conn.execute("SELECT COUNT(*) FROM sequences WHERE name='case_number' AND value > 0").fetchone()[0] == 0


def test_conditional_materials_follow_the_form(store, catalog, citizen):
    c = cases.create_draft(store, catalog.get("minimum-living-allowance"), citizen, operator="clerk1")
    cases.set_fields(store, c.id, {"applicant_type": "agent"})
    st_ = {m["material_id"]: m["required"] for m in cases.check_ready(store, c.id)["materials"]}
    assert st_["power_of_attorney"] and st_["agent_id_card"]
    cases.set_fields(store, c.id, {"applicant_type": "self"})
    st_ = {m["material_id"]: m["required"] for m in cases.check_ready(store, c.id)["materials"]}
    assert not st_["power_of_attorney"]


def test_material_rules(store, catalog, citizen):
    c = _residence(store, catalog, citizen)
    with pytest.raises(InputError, match="not accepted"):
        cases.add_material(store, c.id, "lease_contract", JPEG + b"x", mime="video/mp4")
    with pytest.raises(InputError, match="cannot be obtained through data sharing"):
        cases.mark_shared(store, c.id, "lease_contract")
    with pytest.raises(InputError, match="no material"):
        cases.add_material(store, c.id, "shoe_box", PDF, mime="application/pdf")
    svc = catalog.get("id-card-renew")  # resident_id_card needs 2 pages (front and back)
    d = cases.create_draft(store, svc, citizen, operator="clerk1")
    cases.add_material(store, d.id, "resident_id_card", JPEG, mime="image/jpeg")
    m = {x["material_id"]: x for x in cases.check_ready(store, d.id)["materials"]}["resident_id_card"]
    assert not m["satisfied"] and "2 page" in m["problem"]
    cases.add_material(store, d.id, "resident_id_card", JPEG + b"back", mime="image/jpeg", append=True)
    m = {x["material_id"]: x for x in cases.check_ready(store, d.id)["materials"]}["resident_id_card"]
    assert m["satisfied"]


def test_submit_hook_failure_rolls_everything_back(store, catalog, citizen, monkeypatch):
    c = _residence(store, catalog, citizen)
    cases.add_material(store, c.id, "lease_contract", PDF, mime="application/pdf")
    cases.mark_shared(store, c.id, "resident_id_card")
    audit_before = store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]

    def boom(db, case):
        assert case["case_number"] and case["identity"]["id_number"] == "11010519491231002X"
        raise RuntimeError("disk full while sealing")
    monkeypatch.setattr(store, "run_submit_hooks", boom)
    with pytest.raises(RuntimeError):
        cases.submit(store, c.id)
    after = cases.get_case(store, c.id)
    assert after.state == "draft" and after.case_number is None
    assert store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == audit_before
    monkeypatch.undo()
    done = cases.submit(store, c.id, run_hooks=False)
    assert cases.parse_case_number(done.case_number)["seq"] == 1  # the failed attempt used no number


def test_reuse_offers_window_and_validity(store, catalog, citizen):
    first = _residence(store, catalog, citizen)
    cases.add_material(store, first.id, "lease_contract", PDF, mime="application/pdf")
    cases.mark_shared(store, first.id, "resident_id_card")
    first = cases.submit(store, first.id, run_hooks=False)
    # Housing fund withdrawal (renting) needs the lease too: offered again.
    d = cases.create_draft(store, catalog.get("housing-fund-withdraw-rent"), citizen, channel="self-service")
    offers = cases.reuse_offers(store, d.id)
    assert [o.material_id for o in offers] == ["lease_contract"]
    assert offers[0].source_case_number == first.case_number
    # Someone else gets no offer.
    other = Identity.typed(id_number="440524188001010014", name_zh="李四")
    e = cases.create_draft(store, catalog.get("housing-fund-withdraw-rent"), other, channel="self-service")
    assert cases.reuse_offers(store, e.id) == []
    # Beyond the reuse window (365 days) and the lease's validity: nothing offered, reuse refused.
    later = date.today() + timedelta(days=400)
    assert cases.reuse_offers(store, d.id, today=later) == []
    with pytest.raises(InputError, match="reuse.window_expired"):
        cases.reuse_material(store, d.id, "lease_contract", today=later)
    r = cases.reuse_material(store, d.id, "lease_contract")
    assert r["source_case_number"] == first.case_number
    got = {m["material_id"]: m for m in cases.get_case(store, d.id).materials}["lease_contract"]
    assert got["disposition"] == "reused" and got["source_case_number"] == first.case_number


def test_purged_pages_are_not_offered(store, catalog, citizen):
    first = _residence(store, catalog, citizen)
    att = cases.add_material(store, first.id, "lease_contract", PDF, mime="application/pdf")["attachments"][0]
    cases.mark_shared(store, first.id, "resident_id_card")
    cases.submit(store, first.id, run_hooks=False)
    with store.transaction() as db:
        store.purge_attachment(db, att["id"])
    d = cases.create_draft(store, catalog.get("housing-fund-withdraw-rent"), citizen, channel="self-service")
    assert cases.reuse_offers(store, d.id) == []


def test_waiver_needs_a_supervisor_and_a_reason(store, catalog, citizen):
    from kiosk.operators import Operators
    ops = Operators(store)
    ops.add("sup.wang", "supervisor", "482916")
    ops.add("clerk.li", "clerk", "583920")
    c = _residence(store, catalog, citizen)
    with pytest.raises(InputError, match="reason"):
        cases.waive_material(store, c.id, "lease_contract", supervisor="sup.wang", pin="482916", reason="")
    with pytest.raises(AuthError):
        cases.waive_material(store, c.id, "lease_contract", supervisor="clerk.li", pin="583920",
                             reason="landlord abroad")
    with pytest.raises(AuthError):
        cases.waive_material(store, c.id, "lease_contract", supervisor="sup.wang", pin="000000",
                             reason="landlord abroad")
    cases.waive_material(store, c.id, "lease_contract", supervisor="sup.wang", pin="482916",
                         reason="landlord abroad, lease follows by post")
    cases.mark_shared(store, c.id, "resident_id_card")
    done = cases.submit(store, c.id, run_hooks=False)
    m = {x["material_id"]: x for x in done.materials}["lease_contract"]
    assert m["disposition"] == "waived" and m["waived_by"] == "sup.wang" and "landlord" in m["waive_reason"]


def test_state_machine_and_platform_status(store, catalog, citizen):
    c = _residence(store, catalog, citizen)
    with pytest.raises(StateError):
        with store.transaction() as db:
            cases.transition(db, c.id, "accepted", actor="x")
    cases.mark_shared(store, c.id, "resident_id_card")
    cases.add_material(store, c.id, "lease_contract", PDF, mime="application/pdf")
    c = cases.submit(store, c.id, run_hooks=False)
    with store.transaction() as db:
        assert cases.apply_platform_status(db, c.id, "completed") == ["delivered", "accepted", "completed"]
    c = cases.get_case(store, c.id)
    assert c.state == "completed" and c.completed_at
    with pytest.raises(StateError, match="final state"):
        cases.withdraw(store, c.id, actor="clerk1")
    with pytest.raises(StateError):
        cases.add_material(store, c.id, "lease_contract", PDF, mime="application/pdf")
    hist = [r[0] for r in store.conn.execute("SELECT to_state FROM case_events WHERE case_id=? ORDER BY id", (c.id,))]
    assert hist == ["draft", "submitted", "delivered", "accepted", "completed"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(list(cases.STATES)), max_size=8))
def test_property_only_allowed_transitions_happen(tmp_path_factory, catalog, citizen, steps):
    with Store.open(tmp_path_factory.mktemp("sm")) as store:
        c = cases.create_draft(store, catalog.get("hukou-certificate"), citizen, operator="clerk1")
        cases.set_fields(store, c.id, {"purpose": "job"})
        cases.mark_shared(store, c.id, "resident_id_card")
        state = "draft"
        for target in steps:
            allowed = target in cases.TRANSITIONS[state]
            try:
                if target == "submitted" and allowed:
                    cases.submit(store, c.id, run_hooks=False)
                else:
                    with store.transaction() as db:
                        cases.transition(db, c.id, target, actor="prop")
                assert allowed
                state = target
            except StateError:
                assert not allowed or target == "submitted"
            assert cases.get_case(store, c.id).state == state
        n = store.conn.execute("SELECT COUNT(*) FROM case_events WHERE case_id=?", (c.id,)).fetchone()[0]
        assert n == 1 + sum(1 for _ in store.conn.execute(
            "SELECT 1 FROM case_events WHERE case_id=? AND from_state IS NOT NULL", (c.id,)))
        assert audit.verify(store.conn).ok


def test_old_case_keeps_its_definition_after_catalogue_change(store, catalog, citizen, tmp_path):
    import shutil
    c = cases.create_draft(store, catalog.get("hukou-certificate"), citizen, operator="clerk1",
                           catalog_version=catalog.version)
    d = tmp_path / "cat2"
    shutil.copytree(catalog.origin, d)
    p = d / "services" / "hukou-certificate.json"
    doc = json.loads(p.read_text(encoding="utf-8"))
    doc["version"] = "2027.1"
    doc["name"]["en"] = "Household registration certificate (new form)"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    man = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    man["catalog_version"] = "2027.1.0"
    (d / "manifest.json").write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
    import_catalog(store, load_dir(d))
    from kiosk.catalog.storage import active_catalog
    assert active_catalog(store).get("hukou-certificate").version == "2027.1"
    old = cases.get_case(store, c.id)
    assert cases.definition_of(store, old).version == "2026.1"
    assert cases.definition_of(store, old).name_en == "Household registration certificate"


# ---- CLI -----------------------------------------------------------------------------

def _kiosk(kiosk_env, *args, **kw):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=kiosk_env["env"], capture_output=True,
                          text=True, timeout=120, **kw)


def test_cli_cases_new_list_show_withdraw(kiosk_env, tmp_path):
    ident = tmp_path / "id.json"
    ident.write_text(json.dumps({"source": "ga467", "verification": "chip_signature_valid",
                                 "id_number": "11010519491231002X", "name_zh": "张三丰",
                                 "address": "北京市朝阳区某街1号", "expiry_date": "2035-01-01"}, ensure_ascii=False))
    lease = tmp_path / "lease.pdf"
    lease.write_bytes(PDF)
    r = _kiosk(kiosk_env, "cases", "new", "--service", "residence-registration", "--identity", str(ident),
               "--field", "phone=13800138000", "--field", "housing=rent", "--attach", f"lease_contract={lease}",
               "--share", "resident_id_card")
    assert r.returncode == 0, r.stderr
    number = r.stdout.strip()
    assert cases.parse_case_number(number)["seq"] == 1
    r = _kiosk(kiosk_env, "cases", "new", "--service", "housing-fund-withdraw-rent", "--identity", str(ident),
               "--field", "phone=13800138000", "--field", "amount=1500", "--field", "bank_account=6222020200112233445",
               "--attach", f"bank_card={tmp_path / 'nope.jpg'}", "--json")
    assert r.returncode == 2 and "nope.jpg" in r.stderr
    card = tmp_path / "card.jpg"
    card.write_bytes(JPEG)
    r = _kiosk(kiosk_env, "cases", "new", "--service", "housing-fund-withdraw-rent", "--identity", str(ident),
               "--channel", "self-service", "--field", "phone=13800138000", "--field", "amount=1500",
               "--field", "bank_account=6222020200112233445", "--attach", f"bank_card={card}", "--reuse", "all",
               "--share", "resident_id_card", "--json")
    assert r.returncode == 2 and "Luhn" in r.stderr  # the bank account's check digit is wrong
    r = _kiosk(kiosk_env, "cases", "new", "--service", "housing-fund-withdraw-rent", "--identity", str(ident),
               "--channel", "self-service", "--field", "phone=13800138000", "--field", "amount=1500",
               "--field", "bank_account=6222020200112233446", "--attach", f"bank_card={card}", "--reuse", "all",
               "--share", "resident_id_card", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    disp = {m["material_id"]: (m["disposition"], m["source_case_number"]) for m in out["materials"]}
    assert disp["lease_contract"] == ("reused", number) and disp["resident_id_card"][0] == "shared"
    assert out["promised_date"] and out["case_number"].endswith(out["case_number"][-1])
    r = _kiosk(kiosk_env, "cases", "list", "--json")
    rows = json.loads(r.stdout)
    assert len(rows) == 2 and all(x["state"] == "submitted" for x in rows)  # failed attempts left no drafts
    r = _kiosk(kiosk_env, "cases", "show", number)
    assert r.returncode == 0 and "11010519491231002X" not in r.stdout and "1101**********002X" in r.stdout
    r = _kiosk(kiosk_env, "cases", "withdraw", number, "--reason", "changed mind")
    assert r.returncode == 0 and "withdrawn" in r.stdout
    r = _kiosk(kiosk_env, "cases", "withdraw", number)
    assert r.returncode == 1 and "final state" in r.stderr


def test_platform_reports_out_of_order_are_harmless(store, catalog, citizen):
    c = cases.create_draft(store, catalog.get("hukou-certificate"), citizen, operator="clerk1")
    cases.set_fields(store, c.id, {"purpose": "job"})
    cases.mark_shared(store, c.id, "resident_id_card")
    c = cases.submit(store, c.id, run_hooks=False)
    with store.transaction() as db:
        assert cases.apply_platform_status(db, c.id, "needs_more") == ["delivered", "needs_more"]
        assert cases.apply_platform_status(db, c.id, "delivered") == []      # late receipt
        assert cases.apply_platform_status(db, c.id, "accepted") == ["accepted"]
        assert cases.apply_platform_status(db, c.id, "needs_more") == []     # stale report
        assert cases.apply_platform_status(db, c.id, "completed") == ["completed"]
    with pytest.raises(InputError):
        with store.transaction() as db:
            cases.apply_platform_status(db, c.id, "lost")
    d = cases.create_draft(store, catalog.get("hukou-certificate"), citizen, operator="clerk1")
    cases.set_fields(store, d.id, {"purpose": "job"})
    cases.mark_shared(store, d.id, "resident_id_card")
    d = cases.submit(store, d.id, run_hooks=False)
    cases.withdraw(store, d.id, actor="clerk1", reason="changed mind")
    with pytest.raises(StateError):
        with store.transaction() as db:
            cases.apply_platform_status(db, d.id, "accepted")
