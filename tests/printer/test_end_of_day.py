"""Done means: the end-of-day slip matches `kiosk cases list`. Cases are made, printed,
advanced and withdrawn through the real commands; the loopback printer takes the slips."""

import json
import subprocess
import sys
from datetime import datetime

import numpy as np
from PIL import Image

from kiosk import receipt as R

KIOSK = [sys.executable, "-m", "kiosk"]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n"


def run(env, *args, ok=(0,)):
    p = subprocess.run([*KIOSK, *args], env=env["env"], capture_output=True, text=True, timeout=120)
    assert p.returncode in ok, (args, p.returncode, p.stdout, p.stderr)
    return p


def new_case(env, tmp_path):
    ident = tmp_path / "id.json"
    ident.write_text(json.dumps({"source": "ga467", "verification": "chip_signature_valid",
                                 "id_number": "11010519491231002X", "name_zh": "张三丰",
                                 "address": "北京市朝阳区某街1号", "expiry_date": "2035-01-01"}, ensure_ascii=False))
    lease = tmp_path / "lease.pdf"
    lease.write_bytes(PDF)
    return run(env, "cases", "new", "--service", "residence-registration", "--identity", str(ident),
               "--field", "phone=13800138000", "--field", "housing=rent", "--attach", f"lease_contract={lease}",
               "--share", "resident_id_card").stdout.strip()


def test_end_of_day_matches_cases_list(kiosk_env, loopback, tmp_path):
    env = kiosk_env
    numbers = [new_case(env, tmp_path) for _ in range(4)]
    for n in numbers[:3]:
        run(env, "receipt", "print", n, "--printer", loopback.uri)
    run(env, "receipt", "reprint", numbers[0], "--printer", loopback.uri)
    run(env, "cases", "advance", numbers[1], "delivered")
    run(env, "cases", "withdraw", numbers[3], "--reason", "changed mind")
    p = run(env, "receipt", "print", numbers[3], "--printer", loopback.uri, ok=(1,))
    assert "withdrawn" in p.stderr                  # no slip for a withdrawn case
    assert loopback.wait_printed(4) and len(loopback.printed) == 4

    listed = json.loads(run(env, "cases", "list", "--json").stdout)
    today = datetime.now().astimezone().date().isoformat()
    eod = json.loads(run(env, "receipt", "end-of-day", "--json").stdout)
    assert eod["date"] == today
    by_state = {}
    for c in listed:
        by_state[c["state"]] = by_state.get(c["state"], 0) + 1
    expect = {"captured": len(listed), "delivered": by_state.get("delivered", 0),
              "pending": by_state.get("submitted", 0), "quarantined": 0,
              "withdrawn": by_state.get("withdrawn", 0), "printed": 3, "reprinted": 1}
    assert eod["counts"] == expect == {"captured": 4, "delivered": 1, "pending": 2, "quarantined": 0,
                                       "withdrawn": 1, "printed": 3, "reprinted": 1}
    assert sorted(eod["undelivered"]) == sorted(c["case_number"] for c in listed if c["state"] == "submitted")

    out = json.loads(run(env, "receipt", "end-of-day", "--print", "--printer", loopback.uri, "--json",
                         "-o", str(tmp_path / "eod.png")).stdout)
    assert out["state"] == "done" and loopback.wait_printed(5)
    # what came out of the printer is the preview the same command wrote
    printed = loopback.printed[-1].page(576)
    assert np.array_equal(np.asarray(printed), np.asarray(Image.open(tmp_path / "eod.png").convert("1")))
    # and the slip's lines carry the counts
    blocks = R.end_of_day(eod)
    pairs = {b.label: b.value for b in blocks if isinstance(b, R.Pair)}
    assert pairs["受理"] == "4" and pairs["已上报"] == "1" and pairs["待上报"] == "2" and pairs["补打回执"] == "1"
