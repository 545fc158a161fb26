"""Ratings (好差评): one per visit, bad ones open a supervisor follow-up, comment
encrypted, audit holds the level only; through the API and the CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import audit, cases, ratings
from kiosk.catalog.model import ServiceDefinition
from kiosk.errors import InputError, StateError
from kiosk.identity import Identity
from kiosk.operators import Operators
from kiosk.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from store_case_writer import CRASH_SERVICE, attachment_bytes  # noqa: E402

IDENT = Identity.from_dict({"source": "typed", "verification": "typed", "id_number": "11010519491231002X",
                            "name_zh": "张三丰"})


def submitted(store):
    d = cases.create_draft(store, ServiceDefinition(CRASH_SERVICE), IDENT)
    for i in range(3):
        cases.add_material(store, d.id, f"material-{i}", attachment_bytes(d.id, i, 50), mime="image/jpeg")
    return cases.submit(store, d.id, run_hooks=False)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path)
    yield s
    s.close()


def test_good_rating_opens_no_follow_up_and_one_per_visit(store):
    c = submitted(store)
    r = ratings.rate(store, c.case_number, 5, ["fast", "one_visit"])
    assert r["follow_up"] == "none" and ratings.follow_up_list(store) == []
    with pytest.raises(StateError, match="already rated"):
        ratings.rate(store, c.id, 4)


def test_bad_rating_opens_follow_up_until_a_supervisor_resolves_it(store):
    c = submitted(store)
    r = ratings.rate(store, c.id, 1, ["slow", "materials_repeated"], comment="等了两个小时，电话13912345678",
                     channel="self-service")
    items = ratings.follow_up_list(store)
    assert [i["id"] for i in items] == [r["id"]] and items[0]["comment"].startswith("等了两个小时")
    with pytest.raises(InputError, match="what was done"):
        ratings.resolve(store, r["id"], "sup", "ok")
    done = ratings.resolve(store, r["id"], "sup", "called back, apologised; queue screen fixed")
    assert done["follow_up"] == "resolved" and ratings.follow_up_list(store) == []
    with pytest.raises(StateError):
        ratings.resolve(store, r["id"], "sup", "again and again")
    assert ratings.summary(store) == {"ratings": 1, "average": 1.0, "bad": 1, "bad_share": 1.0,
                                      "open_follow_ups": 0, "by_level": {1: 1, 2: 0, 3: 0, 4: 0, 5: 0}}
    raw = b"".join(bytes(x[0]) for x in store.conn.execute("SELECT comment_enc FROM ratings"))
    assert "13912345678".encode() not in raw
    text = json.dumps([tuple(x) for x in store.conn.execute("SELECT * FROM audit_log")], ensure_ascii=False)
    assert "13912345678" not in text and "等了" not in text and audit.verify(store.conn).ok


@pytest.mark.parametrize("level, reasons, msg", [(0, [], "level"), (6, [], "level"), (True, [], "level"),
                                                   (3, ["nice"], "unknown reason")])
def test_bad_input(store, level, reasons, msg):
    c = submitted(store)
    with pytest.raises(InputError, match=msg):
        ratings.rate(store, c.id, level, reasons)


def test_draft_cannot_be_rated(store):
    d = cases.create_draft(store, ServiceDefinition(CRASH_SERVICE), IDENT)
    with pytest.raises(StateError, match="draft"):
        ratings.rate(store, d.id, 5)


def test_cli_rate_report_and_follow_up(kiosk_env, tmp_path):
    env = kiosk_env["env"]
    s = Store.open(kiosk_env["data"])
    c = submitted(s)
    Operators(s).add("sup", "supervisor", "975310")
    Operators(s).add("clk", "clerk", "975310")
    s.close()

    def k(*a):
        return subprocess.run([sys.executable, "-m", "kiosk", *a], env=env, capture_output=True, text=True)
    r = k("cases", "rate", c.case_number, "--level", "2", "--reason", "slow", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["follow_up"] == "open"
    assert k("cases", "rate", c.case_number, "--level", "7").returncode == 2
    rep = json.loads(k("report", "ratings", "--json").stdout)
    rid = rep["follow_up"][0]["id"]
    assert rep["summary"]["bad"] == 1 and rep["follow_up"][0]["masked_name"] == "张**"
    r = k("cases", "follow-up", str(rid), "--supervisor", "clk", "--note", "called back")
    assert r.returncode == 1 and "supervisor" in r.stderr
    r = k("cases", "follow-up", str(rid), "--supervisor", "sup", "--note", "called back")
    assert r.returncode == 0
    assert json.loads(k("report", "ratings", "--json").stdout)["follow_up"] == []
