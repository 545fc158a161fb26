"""The catalogue: the sample validates, broken definitions are reported with file,
JSON pointer and rule, forms are validated against definitions."""

import json
import shutil
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import DEFAULT_CATALOG_DIR, load_dir, validate_dir
from kiosk.catalog.forms import prefill, validate_form, visible_fields
from kiosk.catalog.loader import CatalogError
from kiosk.identity import Identity

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def catalog():
    return load_dir()


def test_sample_catalogue_is_big_enough_and_bilingual(catalog):
    assert len(catalog) >= 40
    assert len({s.department for s in catalog}) >= 8
    for s in catalog:
        assert s.name_zh and s.name_en and s.materials, s.id
        assert all(m["name"]["zh"] and m["name"]["en"] for m in s.materials)
        assert s.time_limit_days >= 0 and s.fee["amount"] >= 0
    cats = {s.category for s in catalog}
    assert {"household_registration", "resident_id", "residence_permit", "civil_affairs", "social_security",
            "medical_insurance", "housing_fund", "business_registration", "tax", "vehicles", "health",
            "education"} <= cats


@pytest.fixture
def broken(tmp_path):
    """A writable copy of the sample catalogue and a helper to edit one service."""
    d = tmp_path / "cat"
    shutil.copytree(DEFAULT_CATALOG_DIR, d)

    def edit(service_id, fn):
        p = d / "services" / f"{service_id}.json"
        doc = json.loads(p.read_text(encoding="utf-8"))
        fn(doc)
        p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return d, edit


def _problems(d):
    cat, problems = validate_dir(d)
    assert cat is None and problems
    return [str(p) for p in problems]


def test_schema_error_names_file_pointer_and_rule(broken):
    d, edit = broken
    edit("hukou-birth", lambda doc: doc["fields"][3].update(type="datetime"))
    msgs = _problems(d)
    assert msgs[0].startswith("services/hukou-birth.json: /fields/3/type: 'datetime' is not one of ['text'"), msgs


def test_missing_required_key_and_bad_condition(broken):
    d, edit = broken
    edit("hukou-move-out", lambda doc: doc.pop("fee"))
    edit("id-card-renew", lambda doc: doc["fields"][5].update(show_if={"field": "delivery", "is": "post"}))
    msgs = _problems(d)
    assert any(m.startswith("services/hukou-move-out.json: /: 'fee' is a required property") for m in msgs), msgs
    assert any(m.startswith("services/id-card-renew.json: /fields/5/show_if: is not a valid condition") for m in msgs)


def test_duplicate_service_id(broken):
    d, _ = broken
    doc = json.loads((d / "services" / "hukou-birth.json").read_text(encoding="utf-8"))
    (d / "services" / "hukou-birth-copy.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    man = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    man["services"].append("services/hukou-birth-copy.json")
    (d / "manifest.json").write_text(json.dumps(man, ensure_ascii=False), encoding="utf-8")
    msgs = _problems(d)
    assert "services/hukou-birth-copy.json: /id: duplicate service id 'hukou-birth' (also in services/hukou-birth.json)" \
        in msgs
    assert any("does not match the file name" in m for m in msgs)


def test_prefill_of_unknown_identity_field(broken):
    d, edit = broken
    edit("hukou-move-out", lambda doc: doc["fields"][0].update(prefill="shoe_size"))
    msgs = _problems(d)
    assert msgs == ["services/hukou-move-out.json: /fields/0/prefill: 'shoe_size' is not an identity field "
                    "(one of: " + msgs[0].split("(one of: ")[1]]


def test_show_if_on_unknown_field_and_bad_choice(broken):
    d, edit = broken
    edit("id-card-renew", lambda doc: doc["fields"][5].update(show_if={"field": "delivry", "equals": "post"}))
    edit("passport-apply", lambda doc: doc["materials"][2].update(required_if={"field": "reason", "equals": "stolen"}))
    msgs = _problems(d)
    assert "services/id-card-renew.json: /fields/5/show_if: refers to unknown field 'delivry'" in msgs
    assert "services/passport-apply.json: /materials/2/required_if: 'stolen' is not a choice of field 'reason'" in msgs


def test_show_if_cycle(broken):
    d, edit = broken

    def make_cycle(doc):
        doc["fields"][0]["show_if"] = {"field": "applicant_id", "filled": True}
        doc["fields"][1]["show_if"] = {"any": [{"field": "phone", "filled": True}]}
        doc["fields"][2]["show_if"] = {"field": "applicant_name", "filled": True}
    edit("hukou-move-out", make_cycle)
    msgs = _problems(d)
    assert any("show_if cycle: applicant_name -> applicant_id -> phone -> applicant_name" in m for m in msgs), msgs


def test_duplicate_field_unlisted_file_and_bad_json(broken):
    d, edit = broken
    edit("hukou-move-out", lambda doc: doc["fields"].append(dict(doc["fields"][0])))
    (d / "services" / "stray.json").write_text("{}", encoding="utf-8")
    (d / "services" / "tax-payment-certificate.json").write_text('{"id": "tax-payment-certificate",\n  oops}',
                                                                   encoding="utf-8")
    msgs = _problems(d)
    assert any(m.startswith("services/hukou-move-out.json: /fields/4/id: duplicate field id 'applicant_name'")
               for m in msgs), msgs
    assert "services/stray.json: /: not listed in manifest.json /services (add it or remove the file)" in msgs
    assert any(m.startswith("services/tax-payment-certificate.json: /: invalid JSON at line 2 column 3") for m in msgs)


def test_load_dir_raises_one_line_error(broken):
    d, edit = broken
    edit("hukou-move-out", lambda doc: doc["fields"][0].update(prefill="shoe_size"))
    with pytest.raises(CatalogError) as ei:
        load_dir(d)
    assert "\n" not in str(ei.value) and ei.value.exit_code == 2


# ---- forms ---------------------------------------------------------------------------

def test_form_types_and_rules(catalog):
    svc = catalog.get("minimum-living-allowance")
    r = validate_form(svc, {"applicant_name": "张三", "applicant_id": "11010519491231002X", "phone": "138 0013 8000",
                            "address": "北京市朝阳区某街1号", "household_size": "3", "monthly_income": "1200.5",
                            "applicant_type": "self"}, today=TODAY)
    assert r.ok, r.problems
    assert r.values["household_size"] == 3 and r.values["monthly_income"] == 1200.5
    assert r.values["phone"] == "13800138000"
    assert "agent_name" not in r.visible

    bad = validate_form(svc, {"applicant_name": "张三", "applicant_id": "110101197608056896", "phone": "12345",
                              "household_size": "many", "monthly_income": -1, "applicant_type": "agent",
                              "shoe": "42"}, today=TODAY)
    rules = {(p.field, p.rule) for p in bad.problems}
    assert ("applicant_id", "gb11643.check_digit") in rules
    assert ("phone", "mobile.format") in rules
    assert ("household_size", "form.type") in rules
    assert ("monthly_income", "form.min") in rules
    assert ("address", "form.required") in rules
    assert ("agent_name", "form.required") in rules and ("agent_id", "form.required") in rules
    assert ("shoe", "form.unknown_field") in rules
    for p in bad.problems:
        assert "110101197608056896" not in p.message and "12345" not in p.message


def test_dates_choices_booleans_and_hidden_values(catalog):
    svc = catalog.get("hukou-birth")
    r = validate_form(svc, {"child_birth_date": "2026-02-30", "child_sex": "X", "follow": "father"}, partial=True,
                      today=TODAY)
    assert {(p.field, p.rule) for p in r.problems} == {("child_birth_date", "form.type"), ("child_sex", "form.choice")}
    r = validate_form(svc, {"child_birth_date": "2027-01-01"}, partial=True, today=TODAY)
    assert r.problems[0].rule == "form.max"
    renew = catalog.get("id-card-renew")
    vals = {"delivery": "counter", "post_address": "somewhere 12345"}
    assert "post_address" not in visible_fields(renew, vals)
    assert "post_address" not in validate_form(renew, vals, partial=True).values


def test_uscc_and_prefill(catalog):
    svc = catalog.get("business-deregistration")
    ok = validate_form(svc, {"credit_code": "91350100M000100Y43"}, partial=True)
    assert ok.ok
    bad = validate_form(svc, {"credit_code": "91350100M000100Y44"}, partial=True)
    assert bad.problems[0].rule == "uscc.check_digit"
    ident = Identity.typed(id_number="11010519491231002X", name_zh="张三", address="北京市朝阳区某街1号")
    assert prefill(catalog.get("id-card-renew"), ident) == {
        "applicant_name": "张三", "applicant_id": "11010519491231002X", "address": "北京市朝阳区某街1号"}


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["applicant_name", "applicant_id", "phone", "address", "household_size",
                                        "monthly_income", "applicant_type", "agent_name", "agent_id", "x"]),
                       st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.none(),
                                 st.lists(st.text(max_size=5), max_size=3))))
def test_property_form_validation_never_crashes(catalog, values):
    r = validate_form(catalog.get("minimum-living-allowance"), values, today=TODAY)
    assert set(r.values) <= set(r.visible)
    assert all(p.rule for p in r.problems)


# ---- CLI -----------------------------------------------------------------------------

def _kiosk(kiosk_env, *args):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=kiosk_env["env"], capture_output=True,
                          text=True, timeout=60)


def test_cli_validate_list_show_import(kiosk_env, broken):
    r = _kiosk(kiosk_env, "catalog", "validate", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["services"] >= 40
    d, edit = broken
    edit("hukou-birth", lambda doc: doc["fields"][3].update(type="datetime"))
    r = _kiosk(kiosk_env, "catalog", "validate", str(d))
    assert r.returncode == 2 and "services/hukou-birth.json: /fields/3/type: 'datetime' is not one of" in r.stdout
    r = _kiosk(kiosk_env, "catalog", "import", str(d))
    assert r.returncode == 2 and "hukou-birth.json" in r.stderr
    r = _kiosk(kiosk_env, "catalog", "show", "passport-apply", "--json")
    assert json.loads(r.stdout)["fee"]["amount"] == 120
    r = _kiosk(kiosk_env, "catalog", "list", "--json")
    assert len(json.loads(r.stdout)["services"]) >= 40
    r = _kiosk(kiosk_env, "catalog", "show", "no-such-service")
    assert r.returncode == 1 and "no-such-service" in r.stderr


def test_bundle_roundtrip_and_broken_bundle(catalog, tmp_path, kiosk_env):
    from kiosk.catalog import to_bundle, validate_bundle, validate_path
    bundle = to_bundle(catalog)
    cat, problems = validate_bundle(bundle)
    assert not problems and len(cat) == len(catalog) and cat.version == catalog.version
    bundle["services"]["services/passport-apply.json"]["fee"]["amount"] = -1
    cat, problems = validate_bundle(bundle, "catalogue.json")
    assert cat is None and str(problems[0]).startswith("services/passport-apply.json: /fee/amount: -1 is less than")
    assert validate_bundle({"format": "zip"})[1][0].pointer == "/format"
    f = tmp_path / "bundle.json"
    r = _kiosk(kiosk_env, "catalog", "export", str(f))
    assert r.returncode == 0, r.stderr
    assert validate_path(f)[0] is not None
    r = _kiosk(kiosk_env, "catalog", "import", str(f), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["services"] == len(catalog)
    r = _kiosk(kiosk_env, "audit", "show", "--json")
    assert any(e["action"] == "catalog.import" for e in json.loads(r.stdout))


def test_bounds_must_fit_the_field_type(broken):
    d, edit = broken

    def bad_bounds(doc):
        doc["fields"][1]["min"] = "yesterday"       # child_birth_date: date
        doc["fields"][0]["max"] = 3                 # child_name: text
    edit("hukou-birth", bad_bounds)
    edit("minimum-living-allowance", lambda doc: doc["fields"][4].update(min="1"))  # household_size: number
    msgs = _problems(d)
    assert "services/hukou-birth.json: /fields/1/min: a date field's min must be YYYY-MM-DD or 'today'" in msgs
    assert any(m.startswith("services/hukou-birth.json: /fields/0/max: a text field cannot have max") for m in msgs)
    assert "services/minimum-living-allowance.json: /fields/4/min: a number field's min must be a number" in msgs


def test_condition_on_zero_and_false():
    from kiosk.catalog.conditions import evaluate
    assert evaluate({"field": "n", "equals": 0}, {"n": 0})
    assert not evaluate({"field": "n", "equals": 0}, {})
    assert evaluate({"field": "b", "equals": False}, {"b": False}) and evaluate({"field": "b", "equals": False}, {})
    assert evaluate({"field": "n", "filled": True}, {"n": 0}) and evaluate({"field": "s", "filled": False}, {"s": " "})
    assert evaluate({"any": [{"field": "a", "in": ["x", "y"]}, {"field": "b", "equals": True}]}, {"b": True})
    assert not evaluate({"all": [{"field": "a", "in": ["x"]}, {"field": "b", "not_equals": "z"}]}, {"a": "x", "b": "z"})


json_values = st.recursive(st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False)
                           | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                         max_size=3),
                           max_leaves=6)


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_property_mutated_definitions_give_problems_never_crashes(catalog, data):
    import copy

    from kiosk.catalog import to_bundle, validate_bundle
    svc = data.draw(st.sampled_from(sorted(catalog.services)))
    bundle = to_bundle(catalog)
    rel = f"services/{svc}.json"
    doc = copy.deepcopy(bundle["services"][rel])
    paths = [p for p in _paths(doc) if p]
    path = data.draw(st.sampled_from(paths))
    value = data.draw(json_values)
    target = doc
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value
    bundle["services"] = {rel: doc}  # just this service: keeps each example fast
    bundle["manifest"] = dict(bundle["manifest"], services=[rel])
    cat, problems = validate_bundle(bundle)
    assert (cat is None) == bool(problems)
    for p in problems:
        assert p.file and p.pointer.startswith("/") and "\n" not in p.message


def test_materials_name_the_paper_the_camera_straightens_them_to(catalog, broken):
    """A card is straightened to a card and judged for DPI as one (judged as A4 it would
    be refused as far too coarse); the catalogue's formats are the ones the camera knows."""
    from devices.scanner.rectify import PAPERS_MM
    from kiosk.config import PAPER_FORMATS
    schema = json.loads((DEFAULT_CATALOG_DIR.parent / "schema" / "service.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["material"]["properties"]["paper"]["enum"] == list(PAPER_FORMATS)
    assert set(PAPER_FORMATS) == set(PAPERS_MM) | {"free"}
    papers = {(m["id"], m.get("paper")) for s in catalog for m in s.materials}
    assert {p for mid, p in papers if mid in ("resident_id_card", "agent_id_card", "bank_card")} == {"ID-1"}
    assert ("passport_old", "ID-3") in papers
    d, edit = broken
    edit("hukou-birth", lambda doc: doc["materials"][0].update(paper="A3"))
    msgs = _problems(d)
    assert msgs[0].startswith("services/hukou-birth.json: /materials/0/paper: 'A3' is not one of ['A4'"), msgs
