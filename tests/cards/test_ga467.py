"""GA/T 467 over a real pseudo-terminal with pyserial: frames, three card types, failures."""

import json
import subprocess
import sys

import pytest

from devices.cards import ga467
from devices.cards.errors import CardError, CardRemoved, FrameError, ReaderTimeout
from devices.cards.sim_ga467 import SAMPLES, FakeSam, PtySam

H = bytes.fromhex


@pytest.mark.parametrize("cmd,frame", [
    (ga467.CMD_RESET, "AAAAAA9669000310FFEC"), (ga467.CMD_STATUS, "AAAAAA9669000311FFED"),
    (ga467.CMD_SAM_ID, "AAAAAA9669000312FFEE"), (ga467.CMD_FIND, "AAAAAA966900032001 22"),
    (ga467.CMD_SELECT, "AAAAAA966900032002 21"), (ga467.CMD_READ_BASE, "AAAAAA966900033001 32"),
    (ga467.CMD_READ_BASE_FP, "AAAAAA966900033010 23"),
])
def test_command_frames_match_reference(cmd, frame):
    assert ga467.encode_command(*cmd) == H(frame.replace(" ", ""))


def test_reference_replies_decode():
    assert ga467.decode_frames(H("AAAAAA9669000400009094")) == [ga467.Response(0, 0, 0x90, b"")]
    assert ga467.decode_frames(H("AAAAAA96690008 00009F0000000097".replace(" ", "")))[0].sw3 == 0x9F
    assert ga467.decode_frames(H("AAAAAA9669000400008084"))[0].sw3 == 0x80
    assert ga467.decode_frames(H("AAAAAA966900040000 4145".replace(" ", "")))[0].sw3 == 0x41


def test_decoder_reassembles_pieces_and_skips_garbage():
    frame = ga467.encode_response(0x90, bytes(range(200)))
    dec = ga467.FrameDecoder()
    out = []
    for piece in (b"\x00\x13" + frame[:3], frame[3:6], frame[6:150], frame[150:]):
        out += list(dec.feed(piece))
    assert out == [ga467.Response(0, 0, 0x90, bytes(range(200)))]


def test_decoder_rejects_bad_checksum_and_length():
    bad = bytearray(ga467.encode_response(0x90, b"abc"))
    bad[-1] ^= 1
    with pytest.raises(FrameError, match="checksum"):
        ga467.decode_frames(bytes(bad))
    with pytest.raises(FrameError, match="length"):
        ga467.decode_frames(ga467.PREAMBLE + b"\x00\x02\x00\x00")


def test_every_sw3_has_a_message():
    for code in (0x90, 0x91, 0x9F, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60,
                 0x66, 0x80, 0x81):
        assert code in ga467.SW3_MESSAGES and "status 0x" not in ga467.sw3_message(code)
    assert ga467.sw3_message(0x55) == "unknown status 0x55"


@pytest.fixture
def sam():
    s = FakeSam(SAMPLES["resident"])
    p = PtySam(s).start()
    yield s, p.path
    p.stop()


@pytest.mark.parametrize("kind", ["resident", "hk_mo_tw_permit", "foreign_permanent"])
def test_reads_all_three_card_types_over_pty(kind):
    s = FakeSam(SAMPLES[kind])
    s.pieces = 3  # the 1295-byte reply arrives in pieces, as on real USB-serial adapters
    p = PtySam(s).start()
    try:
        with ga467.Ga467Reader.open(p.path) as r:
            info = r.read_card()
    finally:
        p.stop()
    d = ga467.ga467_dict(info)
    assert tuple(d) == ("source", "card_type", "name", "sex", "nation", "birth_date", "address", "id_number",
                        "authority", "valid_from", "valid_to", "photo")
    assert d["card_type"] == kind and d["photo"] == {"format": "wlt", "bytes": 1024, "decoded": False}
    ident = ga467.to_identity(info)
    if kind == "resident":
        assert (d["name"], d["sex"], d["nation"], d["birth_date"], d["valid_to"]) == \
            ("张三丰", "F", "汉", "1949-12-31", "long-term")
        assert info.id_number_valid and ident.long_term and ident.id_number == "11010519491231002X"
    elif kind == "hk_mo_tw_permit":
        assert info.extra == {"pass_number": "H12345678", "issue_count": "01"} and d["nation"] == ""
        assert info.id_number_valid and ident.document_type == "hmt_residence_permit"
    else:
        assert (d["name"], d["nation"], d["id_number"]) == ("史密斯", "USA", "USA110085060112")
        assert info.extra["english_name"] == "SMITH, JOHN ALEXANDER" and ident.id_number == ""


def test_fingerprint_variant(sam):
    s, path = sam
    with ga467.Ga467Reader.open(path) as r:
        r.find_card()
        r.select_card()
        info = r.read_base_info(with_fingerprint=True)
    assert len(info.fingerprint) == 1024 and info.name == "张三丰"


@pytest.mark.parametrize("fail,err,needle", [
    ("select", CardError, "selecting the card failed"),
    ("read", CardError, "lift the card and place it again"),
    ("checksum", FrameError, "checksum"),
])
def test_failures_have_clear_messages(sam, fail, err, needle):
    s, path = sam
    s.fail = fail
    with ga467.Ga467Reader.open(path) as r, pytest.raises(err, match=needle):
        r.read_card()


def test_no_card_and_silent_reader(sam):
    s, path = sam
    s.card_present = False
    with ga467.Ga467Reader.open(path) as r, pytest.raises(CardRemoved, match="place the card"):
        r.read_card(timeout=0.5)
    s.card_present, s.fail = True, "silent"
    with ga467.Ga467Reader.open(path) as r, pytest.raises(ReaderTimeout, match="stopped answering"):
        r.exchange(ga467.CMD_FIND, timeout=0.3)


def test_polls_at_the_readers_pace(sam):
    s, path = sam
    s.card_present = False
    sleeps = []
    with ga467.Ga467Reader.open(path) as r:
        r.sleep = lambda t: (sleeps.append(t), setattr(s, "card_present", len(sleeps) >= 2))
        r.read_card(timeout=5)
    assert sleeps == [0.3, 0.3]


def test_wlt_decoder_plugin(tmp_path):
    """A stand-in for the vendor library (the real one is closed): same C signature."""
    src = tmp_path / "fakewlt.c"
    src.write_text("int unpack(const char *wlt, char *out, int save) {\n"
                   "  for (int i = 0; i < 38556; i++) out[i] = (char)(wlt[i % 1024] + i);\n"
                   "  return 1; }\n")
    lib = tmp_path / "libfakewlt.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    dec = ga467.load_wlt_decoder(str(lib))
    info = ga467.parse_base_info(ga467.build_base_text(SAMPLES["resident"]), bytes(1024))
    d = ga467.ga467_dict(info, dec)
    assert d["photo"]["decoded"] is True and d["photo"]["_bmp"].startswith(b"\x89PNG")
    assert ga467.load_wlt_decoder(str(tmp_path / "missing.so")) is None


def test_cli_read_serial_and_simulator(kiosk_env):
    kiosk = [sys.executable, "-m", "kiosk"]
    sim = subprocess.Popen(kiosk + ["card", "simulate", "ga467"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           text=True, env=kiosk_env["env"])
    try:
        line = sim.stdout.readline()
        path = line.split(" on ")[1].split(";")[0]
        r = subprocess.run(kiosk + ["card", "read", "--serial", path, "--json"], capture_output=True, text=True,
                           env=kiosk_env["env"], timeout=30)
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        assert data["source"] == "ga467" and data["valid_to"] == "long-term" and data["id_number"].endswith("2X")
        sim.stdin.write("remove\n")
        sim.stdin.flush()
        assert sim.stdout.readline().startswith("card removed")
        r = subprocess.run(kiosk + ["card", "read", "--serial", path, "--wait", "0.5", "--json"],
                           capture_output=True, text=True, env=kiosk_env["env"], timeout=30)
        assert r.returncode == 1 and "place the card on the reader" in r.stderr and r.stdout == ""
    finally:
        sim.stdin.write("quit\n")
        sim.stdin.flush()
        sim.wait(10)
    r = subprocess.run(kiosk + ["card", "read", "--serial", "/dev/nonexistent-tty", "--json"],
                       capture_output=True, text=True, env=kiosk_env["env"], timeout=30)
    assert r.returncode == 1 and "cannot open the ID card reader" in r.stderr


def test_ga467_service_reads_once_per_card_and_reports_events():
    import queue
    from devices.cards.service import Ga467Service
    s = FakeSam(SAMPLES["hk_mo_tw_permit"])
    p = PtySam(s).start()
    reads, events, statuses = queue.Queue(), queue.Queue(), queue.Queue()
    svc = Ga467Service(p.path, on_read=reads.put, on_event=events.put, on_status=statuses.put, poll_s=0.05)
    svc.start()
    try:
        assert statuses.get(timeout=5).state == "connected"
        assert events.get(timeout=5).kind == "card_inserted"
        r = reads.get(timeout=5)
        assert r.ok and r.identity.document_type == "hmt_residence_permit" and r.data["card_type"] == "hk_mo_tw_permit"
        assert "photo cannot be shown" in r.details["photo_note"] and len(r.details["photo_wlt"]) == 1024
        s.card_present = False
        assert events.get(timeout=5).kind == "card_removed"
        assert reads.empty()  # one read per card
        s.fail, s.card_present = "read", True
        assert events.get(timeout=5).kind == "card_inserted"
        r = reads.get(timeout=5)
        assert not r.ok and "lift it and place it again" in r.citizen
        s.fail = "silent"
        st = statuses.get(timeout=10)
        assert st.state == "error" and "stopped answering" in st.detail
    finally:
        svc.stop()
        p.stop()


def test_ga467_service_leaves_a_card_already_there_unread():
    """read_present=False (the UI waiting for the next citizen): a card lying on the reader
    when polling starts is someone's left behind; only a card placed afterwards is read."""
    import queue
    from devices.cards.service import Ga467Service
    s = FakeSam(SAMPLES["resident"])
    p = PtySam(s).start()
    reads, events = queue.Queue(), queue.Queue()
    svc = Ga467Service(p.path, on_read=reads.put, on_event=events.put, poll_s=0.05, read_present=False)
    svc.start()
    try:
        with pytest.raises(queue.Empty):
            reads.get(timeout=0.6)
        assert events.empty() and len(s.commands) >= 3       # polled all along, nothing read
        s.card_present = False
        assert events.get(timeout=5).kind == "card_removed"
        s.card_present = True
        assert events.get(timeout=5).kind == "card_inserted"
        r = reads.get(timeout=5)
        assert r.ok and r.identity.id_number == "11010519491231002X"
    finally:
        svc.stop()
        p.stop()


def test_doctor_reports_cards(kiosk_env):
    import subprocess as sp
    s = FakeSam(SAMPLES["resident"])
    p = PtySam(s).start()
    try:
        cfg = kiosk_env["config"]
        cfg.write_text(cfg.read_text() + f'\n[cards]\nga467_serial = "{p.path}"\n')
        r = sp.run([sys.executable, "-m", "kiosk", "doctor", "--json"], capture_output=True, text=True,
                   env=kiosk_env["env"], timeout=60)
        checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
        assert checks["cards.ga467"]["status"] == "ok" and "SAM success" in checks["cards.ga467"]["reason"]
        assert checks["cards.wlt"]["status"] == "warn"
        assert checks["cards.csca"]["status"] in ("ok", "warn")
    finally:
        p.stop()
