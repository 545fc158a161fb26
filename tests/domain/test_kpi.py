"""Hall KPIs on a generated day of cases: the four measures equal what the test
counted itself while making the cases; `kiosk report kpi` prints them."""

import json
import random
import subprocess
import sys
from datetime import date

import pytest

from kiosk import cases, kpi
from kiosk.catalog import load_dir
from kiosk.identity import Identity, check_char
from kiosk.store import Store

PDF = b"%PDF-1.4\n<< /Type /Page >>\n"
JPEG = b"\xff\xd8\xff\xe0page"


def _citizen(i: int) -> Identity:
    body = f"330106{1960 + i % 40}0{1 + i % 9}1{i % 9}{i % 1000:03d}"
    return Identity.typed(id_number=body + check_char(body), name_zh=f"市民{i}", address="杭州市西湖区某路1号")


def _value(f: dict, rng: random.Random):
    t = f["type"]
    if t in ("choice",):
        return f["choices"][0]["value"]
    if t == "multi-choice":
        return [f["choices"][0]["value"]]
    if t == "number":
        return f.get("min", 1) if isinstance(f.get("min", 1), (int, float)) else 1
    if t == "date":
        return "2020-01-01"
    if t == "boolean":
        return True
    if t == "phone":
        return "13800138000"
    if t == "email":
        return "a@example.cn"
    if t == "id_number":
        return "11010519491231002X"
    if f["id"] == "bank_account":
        return "6222020200112233446"
    if f["id"] == "vin":
        return "LSVAU2180N2183294"
    if f["id"] == "credit_code":
        return "91350100M000100Y43"
    return "测试内容一二三四五六"


# Services whose forms the generic filler can complete.
SERVICES = ["hukou-certificate", "residence-registration", "housing-fund-withdraw-rent", "medical-out-of-area",
            "social-insurance-record", "tax-payment-certificate", "id-card-renew", "property-record-query",
            "unemployment-benefit", "medical-reimbursement"]


def generate_day(store, catalog, n: int, seed: int = 7) -> dict:
    """Make `n` submitted cases through the core API; return what was counted on the way."""
    rng = random.Random(seed)
    counted = {"cases": 0, "withdrawn": 0, "second_trip": 0, "provided": 0, "reused": 0, "shared": 0,
               "waived": 0, "second_trip_services": set()}
    from kiosk.operators import Operators
    sup = Operators(store).add("sup.demo", "supervisor", "482916")
    for i in range(n):
        svc = catalog.get(rng.choice(SERVICES))
        ident = _citizen(rng.randrange(max(3, n // 3)))  # returning citizens -> reuse
        channel = "self-service" if "self-service" in svc.channels and rng.random() < 0.5 else "counter"
        c = cases.create_draft(store, svc, ident, operator="gen", channel=channel, catalog_version=catalog.version)
        form = cases.form_of(store, c)
        cases.set_fields(store, c.id, {f["id"]: _value(f, rng) for f in svc.fields if f["id"] not in form})
        offers = {o.material_id for o in cases.reuse_offers(store, c.id)}
        for m in cases.check_ready(store, c.id)["materials"]:
            if not m["required"]:
                continue
            mdef = svc.material(m["material_id"])
            if m["material_id"] in offers and rng.random() < 0.8:
                cases.reuse_material(store, c.id, m["material_id"])
            elif mdef.get("shared") and rng.random() < 0.7:
                cases.mark_shared(store, c.id, m["material_id"])
            elif rng.random() < 0.05:
                cases.waive_material(store, c.id, m["material_id"], supervisor=sup, reason="generated waiver")
            else:
                kind = "application/pdf" if "pdf" in mdef["kinds"] or "scan" in mdef["kinds"] else "image/jpeg"
                data = PDF * mdef.get("min_pages", 1) if kind == "application/pdf" else JPEG
                files = [(data, kind, "p.pdf")] if kind == "application/pdf" else \
                    [(JPEG + bytes([p]), "image/jpeg", f"p{p}.jpg") for p in range(mdef.get("min_pages", 1))]
                cases.add_material(store, c.id, m["material_id"], files)
        c = cases.submit(store, c.id, run_hooks=False)
        r = rng.random()
        with store.transaction() as db:
            if r < 0.05:
                cases.transition(db, c.id, "withdrawn", actor="gen")
            elif r < 0.15:
                cases.apply_platform_status(db, c.id, "needs_more")
            elif r < 0.6:
                cases.apply_platform_status(db, c.id, "completed")
        c = cases.get_case(store, c.id)
        if c.state == "withdrawn":
            counted["withdrawn"] += 1
            continue
        counted["cases"] += 1
        if c.state == "needs_more":
            counted["second_trip"] += 1
            counted["second_trip_services"].add(svc.id)
        for m in c.materials:
            counted[m["disposition"]] += 1
    return counted


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("kpi") / "data")
    catalog = load_dir()
    counted = generate_day(store, catalog, 60)
    yield store, catalog, counted
    store.close()


def test_kpis_match_what_was_generated(day):
    store, catalog, counted = day
    today = date.today()
    k = kpi.compute(store, catalog, today, today)
    assert k["cases"] == counted["cases"] > 40
    assert sum(k["cases_by_channel"].values()) == k["cases"] and set(k["cases_by_channel"]) <= {"counter",
                                                                                                "self-service"}
    assert k["one_visit_rate"]["numerator"] == counted["cases"] - counted["second_trip"]
    assert k["one_visit_rate"]["denominator"] == counted["cases"]
    disp = k["materials_reduction_rate"]["dispositions"]
    assert disp == {d: counted[d] for d in ("provided", "reused", "shared", "waived")}
    assert k["materials_reduction_rate"]["numerator"] == counted["reused"] + counted["shared"] > 0
    assert counted["reused"] > 0  # returning citizens reused earlier captures
    services = list(catalog)
    assert k["service_availability"]["numerator"] == sum(1 for s in services if s.available_here)
    assert k["service_availability"]["denominator"] == len(services)
    assert 0 < k["service_availability"]["rate"] < 1  # marriage registration etc. are department-only
    hf = [s for s in services if s.high_frequency and s.one_visit and s.available_here
          and s.id not in counted["second_trip_services"]]
    assert k["high_frequency_one_visit"]["count"] == len(hf)
    # Another day has no cases.
    empty = kpi.compute(store, catalog, date(2020, 1, 1), date(2020, 1, 2))
    assert empty["cases"] == 0 and empty["one_visit_rate"]["rate"] is None


def test_cli_report_kpi(day, kiosk_env):
    store, catalog, counted = day
    env = dict(kiosk_env["env"])
    r = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(store.data_dir), "report", "kpi", "--json"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    k = json.loads(r.stdout)
    assert set(k) >= {"service_availability", "one_visit_rate", "materials_reduction_rate",
                      "high_frequency_one_visit"}
    assert k["cases"] == counted["cases"]
    r = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(store.data_dir), "report", "kpi"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert "cases finished in one visit" in r.stdout
    r = subprocess.run([sys.executable, "-m", "kiosk", "report", "kpi", "--from", "2026-13-01"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--from" in r.stderr
