"""`kiosk printer` / `kiosk receipt` as a user runs them: subprocesses, a real store in
a temp data dir, and the loopback TCP printer."""

import json
import subprocess
import sys

from PIL import Image

import escpos_reader as er
from tests_support import add_service_case


from kiosk import receipt as R


KIOSK = [sys.executable, "-m", "kiosk"]


def run(env, *args, ok=(0,)):
    p = subprocess.run([*KIOSK, *args], env=env["env"], capture_output=True, text=True, timeout=60)
    assert p.returncode in ok, (args, p.returncode, p.stdout, p.stderr)
    return p


def test_status_json_keys(kiosk_env, loopback):
    p = run(kiosk_env, "printer", "status", "--printer", loopback.uri, "--json")
    s = json.loads(p.stdout)
    assert {k: s[k] for k in ("online", "paper", "cover_open", "error")} == \
        {"online": True, "paper": "ok", "cover_open": False, "error": None}
    assert s["detail"]
    loopback.set_state("paper_out")
    p = run(kiosk_env, "printer", "status", "--printer", loopback.uri, "--json", ok=(1,))
    s = json.loads(p.stdout)
    assert s["paper"] == "out" and s["online"] is False


def test_print_once_reprint_and_paper_out(kiosk_env, loopback):
    c1 = add_service_case(kiosk_env["data"])
    c2 = add_service_case(kiosk_env["data"], waive_lease=True)
    env = kiosk_env
    out = json.loads(run(env, "receipt", "print", c1, "--printer", loopback.uri, "--json").stdout)
    assert out["state"] == "done"
    assert loopback.wait_printed(1)
    page = loopback.printed[0].page(576)
    qr = er.decode_qr(page)[0]   # no platform enrolled in this config: the offline form
    prefix, number, token = qr.split(":")
    assert (prefix, number) == ("SDTRACK", c1)
    # the token verifies offline with the kiosk's key from the data dir
    assert R.verify_tracking_token(R.load_or_create_token_key(env["data"]), c1, token)
    again = json.loads(run(env, "receipt", "print", c1, "--printer", loopback.uri, "--json").stdout)
    assert again["already_printed"] is True
    assert len(loopback.printed) == 1
    rep = json.loads(run(env, "receipt", "reprint", c1, "--printer", loopback.uri, "--json").stdout)
    assert rep["state"] == "done" and rep["reprint_of"] == out["job_id"]
    assert loopback.wait_printed(2)

    loopback.set_state("paper_out")
    w = json.loads(run(env, "receipt", "print", c2, "--printer", loopback.uri, "--json", ok=(1,)).stdout)
    assert w["state"] == "failed-waiting" and w["status"]["paper"] == "out"
    jobs = json.loads(run(env, "printer", "jobs", "--json").stdout)
    assert jobs["waiting"] == 1 and jobs["jobs"][0]["case_number"] == c2
    run(env, "printer", "retry", "--printer", loopback.uri, "--json", ok=(1,))   # still out: still waiting
    loopback.set_state("ok")
    r = json.loads(run(env, "printer", "retry", "--printer", loopback.uri, "--json").stdout)
    assert [x["state"] for x in r["results"]] == ["done"] and r["waiting"] == 0
    assert loopback.wait_printed(3) and len(loopback.printed) == 3 and not loopback.refused

    eod = json.loads(run(env, "receipt", "end-of-day", "--json").stdout)
    assert eod["counts"]["captured"] == 2 and eod["counts"]["printed"] == 2 and eod["counts"]["reprinted"] == 1
    assert eod["counts"]["pending"] == 2 and sorted(eod["undelivered"]) == sorted([c1, c2])


def test_preview_png_is_the_slip(kiosk_env, tmp_path):
    c = add_service_case(kiosk_env["data"])
    png = tmp_path / "slip.png"
    out = json.loads(run(kiosk_env, "receipt", "preview", c, "-o", str(png), "--json").stdout)
    img = Image.open(png)
    assert img.width == 576 and out["height"] == img.height > 600
    assert er.decode_qr(img)[0].startswith("SDTRACK:" + c + ":")
    p = run(kiosk_env, "receipt", "preview", "NO-SUCH-CASE", "-o", str(png), ok=(1,))
    assert "not found" in p.stderr and p.stderr.count("\n") == 1


def test_printer_test_page_and_bad_uri(kiosk_env, loopback, tmp_path):
    run(kiosk_env, "printer", "test", "--printer", loopback.uri, "-o", str(tmp_path / "t.png"))
    assert loopback.wait_printed(1)
    assert "https://example.gov.cn/test?c=TEST-0001" in er.decode_qr(loopback.printed[0].page(576))
    p = run(kiosk_env, "printer", "status", "--printer", "lpt://x", ok=(2,))
    assert "unknown scheme" in p.stderr
    p = run(kiosk_env, "printer", "status", ok=(2,))
    assert "no printer configured" in p.stderr


def test_status_shows_waiting_slips_and_ticket_prints(kiosk_env, loopback, tmp_path):
    c = add_service_case(kiosk_env["data"])
    loopback.set_state("cover_open")
    run(kiosk_env, "receipt", "print", c, "--printer", loopback.uri, ok=(1,))
    s = json.loads(run(kiosk_env, "printer", "status", "--printer", loopback.uri, "--json", ok=(1,)).stdout)
    assert s["cover_open"] is True and s["jobs_waiting"] == 1 and "cover open" in s["waiting_error"]
    loopback.set_state("ok")
    png = tmp_path / "ticket.png"
    out = json.loads(run(kiosk_env, "receipt", "ticket", "--number", "A017", "--service", "社保卡补办",
                         "--ahead", "7", "-o", str(png), "--print", "--printer", loopback.uri, "--json").stdout)
    assert out["state"] == "done" and png.exists()
    assert loopback.wait_printed(1)
    # the waiting slip went out before the ticket? No: a ticket job is printed on its own;
    # the slip still waits for `retry` (or the app's worker) and is never lost.
    jobs = json.loads(run(kiosk_env, "printer", "jobs", "--json").stdout)
    assert {j["kind"]: j["state"] for j in jobs["jobs"]} == {"queue_ticket": "done",
                                                           "acknowledgement": "failed-waiting"}


def test_doctor_reports_the_printer(kiosk_env, loopback):
    cfg = kiosk_env["config"]
    cfg.write_text(cfg.read_text() + f'\n[printer]\nuri = "{loopback.uri}"\n')
    loopback.set_state("paper_out")
    p = subprocess.run([*KIOSK, "doctor", "--json"], env=kiosk_env["env"], capture_output=True, text=True, timeout=60)
    checks = {c["name"]: c for c in json.loads(p.stdout)["checks"]}
    assert checks["printer.uri"]["status"] == "ok"
    assert checks["printer.profile"]["status"] == "ok"
    assert checks["printer.font"]["status"] == "ok" and "CJK" in checks["printer.font"]["reason"]
    assert checks["printer.status"]["status"] == "fail" and "paper out" in checks["printer.status"]["reason"]
    assert checks["printer.queue"]["status"] == "ok"
