"""The slip: content blocks, raster, ESC/POS bytes, QR round trip, privacy, snapshots."""

import hashlib
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

import escpos_reader as er
from sample_data import CASE, ID_NUMBER, KEY, TZ, ack_data

from kiosk import receipt as R
from kiosk.errors import InputError
from devices.printer import slips
from devices.printer.port import PrinterPort

SNAP = Path(__file__).parent / "snapshots"
S80 = slips.PrinterSettings(profile="TM-T20II", dots=576)
S58 = slips.PrinterSettings(profile="POS-5890", dots=384, paper_mm=58)


def _texts(blocks):
    out = []
    for b in blocks:
        for attr in ("text", "label", "value", "data", "caption"):
            if hasattr(b, attr):
                out.append(str(getattr(b, attr)))
    return "\n".join(out)


def test_ack_blocks_carry_the_content():
    blocks = R.acknowledgement(ack_data(), lang="zh_CN", tz=TZ)
    t = _texts(blocks)
    for must in (CASE, "居民身份证换领", "3号窗口", "2026-11-27 09:42", "居民户口簿 2页", "（复用）",
                 "（数据共享）", "原居民身份证（请携带：原件，领证时交回）", "2026-12-04", "20.00 元",
                 "待上报", "张**", "1101**********002X"):
        assert must in t, must
    assert ID_NUMBER not in t
    assert any(isinstance(b, R.Text) and b.size == "huge" and b.text == CASE for b in blocks)
    assert isinstance(blocks[-1], R.Cut)


def test_delivered_case_has_no_pending_mark_and_name_is_masked_if_given_raw():
    blocks = R.acknowledgement(ack_data(delivered=True, masked_name=None, name="张三丰"), tz=TZ)
    assert not any(isinstance(b, R.Mark) for b in blocks)
    t = _texts(blocks)
    assert "张**" in t and "张三丰" not in t


def test_slip_needs_a_case_number():
    with pytest.raises(InputError):
        R.acknowledgement({"service_name": "x"})


def test_tracking_token_verifies_offline_and_rejects_tampering():
    tok = R.tracking_token(KEY, CASE)
    assert len(tok) == 16
    assert R.verify_tracking_token(KEY, CASE, tok)
    assert not R.verify_tracking_token(KEY, CASE.replace("0042", "0043"), tok)
    assert not R.verify_tracking_token(bytes(32), CASE, tok)
    assert R.tracking_url("", CASE, KEY) == f"SDTRACK:{CASE}:{tok}"


def test_token_key_is_created_once_0600(tmp_path):
    k1 = R.load_or_create_token_key(tmp_path)
    k2 = R.load_or_create_token_key(tmp_path)
    assert k1 == k2 and len(k1) == 32
    assert (tmp_path / "keys" / R.TOKEN_KEY_FILE).stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("settings", [S80, S58], ids=["80mm", "58mm"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_bytes_rebuild_the_preview_exactly_and_qr_decodes(settings, lang):
    slip = slips.build(R.acknowledgement(ack_data(), lang=lang, tz=TZ), settings)
    tokens = er.parse_all(slip.data)
    assert tokens[0].cmd == "INIT"
    if settings is S80:
        assert tokens[-2:][0].cmd == "FEED_LINES" and tokens[-1].cmd == "CUT" and len(er.slips(tokens)) == 1
    else:   # POS-5890 has no cutter: python-escpos feeds past the tear bar instead
        assert tokens[-1].cmd == "FEED_LINES" and not [t for t in tokens if t.cmd == "CUT"]
    assert not [t for t in tokens if t.cmd == "UNKNOWN"]
    page = er.page(tokens, settings.dots)
    # What the printer lays out from the bytes is, dot for dot, the preview image.
    assert page.size == slip.image.size
    assert np.array_equal(np.asarray(page), np.asarray(slip.image))
    qrs = er.decode_qr(page)
    assert len(qrs) == 1
    q = parse_qs(urlsplit(qrs[0]).query)
    assert q["c"] == [CASE] and R.verify_tracking_token(KEY, CASE, q["t"][0])
    # Privacy: the full ID number is nowhere in the bytes, in any encoding.
    for enc in ("ascii", "utf-16-le", "gb18030"):
        assert ID_NUMBER.encode(enc) not in slip.data
    assert len(slip.data) < 40_000, len(slip.data)


def test_variants_render():
    for blocks in (R.queue_ticket({"number": "A017", "service_name": "社保卡补办", "ahead": 7,
                                   "hall_name": "西湖区政务服务中心", "issued_at": "2026-11-27T01:42:00+00:00"},
                                  tz=TZ),
                   R.end_of_day({"date": "2026-11-27", "counts": {"captured": 12, "delivered": 10, "pending": 1,
                                 "quarantined": 1, "printed": 12, "reprinted": 2},
                                 "undelivered": ["330106-K01-20261127-0041"]}),
                   R.technician_test_page({"profile": "TM-T20II", "dots": 576, "uri": "tcp://x:9100"})):
        slip = slips.build(blocks, S80)
        tokens = er.parse_all(slip.data)
        assert np.array_equal(np.asarray(er.page(tokens, 576)), np.asarray(slip.image))
    qrs = er.decode_qr(slip.image)   # the test page carries a QR and a barcode
    import zxingcpp
    codes = {r.format.name: r.text for r in zxingcpp.read_barcodes(slip.image.convert("L"))}
    assert "https://example.gov.cn/test?c=TEST-0001" in qrs
    assert codes.get("Code128") == "TEST0001"


def test_slip_printed_to_the_loopback_printer(loopback):
    slip = slips.build(R.acknowledgement(ack_data(), tz=TZ), S80)
    port = PrinterPort(loopback.uri, status_timeout=0.3)
    try:
        res = port.send(slip.data).result(10)
    finally:
        port.close()
    assert res.ok and res.bytes_sent == len(slip.data)
    assert loopback.wait_printed(1)
    printed = loopback.printed[0].page(576)
    assert er.decode_qr(printed)[0].startswith("https://zwfw.example.gov.cn/track?c=" + CASE)


def _token_dump(data: bytes) -> str:
    lines = []
    for t in er.parse_all(data):
        if t.cmd == "RASTER":
            _m, wb, h = t.args
            lines.append(f"RASTER {wb * 8}x{h} {hashlib.sha256(t.data).hexdigest()[:16]}")
        else:
            lines.append(" ".join([t.cmd, *map(str, t.args)]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name,lang,settings", [("ack_zh_80", "zh_CN", S80), ("ack_en_80", "en", S80),
                                                 ("ack_zh_58", "zh_CN", S58)])
def test_byte_snapshots(name, lang, settings):
    """A layout change shows up as a diff of snapshots/NAME.txt (token dump) and NAME.png.
    Regenerate with UPDATE_SNAPSHOTS=1 and look at the PNGs before committing."""
    slip = slips.build(R.acknowledgement(ack_data(), lang=lang, tz=TZ), settings)
    dump = _token_dump(slip.data) + f"sha256 {hashlib.sha256(slip.data).hexdigest()}\nbytes {len(slip.data)}\n"
    txt, png = SNAP / f"{name}.txt", SNAP / f"{name}.png"
    if os.environ.get("UPDATE_SNAPSHOTS") or not txt.exists():
        SNAP.mkdir(exist_ok=True)
        txt.write_text(dump)
        slip.image.save(png, format="PNG", optimize=True)
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"snapshot {txt.name} was missing and has been written; check it and rerun")
    assert dump == txt.read_text()


def test_native_gb18030_mode_sends_text_and_a_qr_raster():
    settings = slips.PrinterSettings(profile="TM-T20II", dots=576, text_mode="gb18030")
    slip = slips.build(R.acknowledgement(ack_data(), lang="zh_CN", tz=TZ), settings)
    tokens = er.parse_all(slip.data)
    cmds = [t.cmd for t in tokens]
    assert cmds[:2] == ["INIT", "KANJI_ON"] and "KANJI_OFF" in cmds and cmds[-1] == "CUT"
    text = er.text(tokens)
    for must in (CASE, "受理回执", "居民身份证换领", "3号窗口", "原居民身份证（请携带：原件，领证时交回）",
                 "承诺办结  2026-12-04", "待上报：尚未送达政务服务平台", "1101**********002X"):
        assert must in text, must
    assert ID_NUMBER not in text and ID_NUMBER.encode() not in slip.data
    # the case number is printed double width + double height, the pending mark reversed
    i = cmds.index("TEXT", [k for k, t in enumerate(tokens) if t.cmd == "SIZE" and t.args == (0x11,)][0])
    assert tokens[i].data.decode("gb18030") == CASE
    assert any(t.cmd == "REVERSE" and t.args == (1,) for t in tokens)
    qrs = er.decode_qr(er.page(tokens, 576))
    assert qrs and qrs[0].startswith("https://zwfw.example.gov.cn/track?c=" + CASE)
    assert len(slip.data) < 10_000          # ~5x smaller than the raster slip: ~8 s at 9600 baud
    lines = [ln for ln in text.split("\n")]
    assert max(sum(2 if ord(c) > 0x2000 else 1 for c in ln) for ln in lines) <= 48   # nothing overflows a line
    assert slip.image.width == 576 and slip.image.height > 1000


def test_language_aliases():
    assert R.normalize_lang("zh") == R.normalize_lang("zh-Hans") == "zh_CN"
    assert R.normalize_lang("en_US") == "en"
    with pytest.raises(InputError):
        R.normalize_lang("fr")
    zh = R.acknowledgement(ack_data(), lang="zh", tz=TZ)
    assert zh == R.acknowledgement(ack_data(), lang="zh_CN", tz=TZ)
