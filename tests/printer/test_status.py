"""DLE EOT decoding and real status through a real TCP loopback printer."""

import time

import pytest

from devices.printer import status as st
from devices.printer.port import PrinterPort


def test_decode_ok_and_faults():
    ok = st.decode({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12})
    assert (ok.online, ok.paper, ok.cover_open, ok.error, ok.state) == (True, "ok", False, None, "ready")
    out = st.decode({1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E})
    assert (out.online, out.paper, out.can_print) == (False, "out", False)
    assert "换纸" in out.citizen_line
    cover = st.decode({1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12})
    assert cover.cover_open is True and not cover.can_print and cover.paper == "ok"
    near = st.decode({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E})
    assert near.paper == "near_end" and near.can_print and near.state == "warning"
    cut = st.decode({1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12})
    assert cut.error == "cutter" and not cut.can_print


def test_no_answer_is_unknown_never_ok():
    s = st.decode({1: None})
    assert s.online is None and s.paper == "unknown" and s.state == "unknown"
    d = s.to_dict()
    for key in ("online", "paper", "cover_open", "error", "detail"):
        assert key in d


@pytest.mark.parametrize("state,expect", [
    ("ok", dict(online=True, paper="ok", cover_open=False, error=None)),
    ("paper_out", dict(online=False, paper="out", cover_open=False, error=None)),
    ("cover_open", dict(online=False, paper="ok", cover_open=True, error=None)),
    ("offline", dict(online=False, paper="ok", cover_open=False, error=None)),
    ("near_end", dict(online=True, paper="near_end", cover_open=False, error=None)),
    ("cutter_error", dict(online=False, paper="ok", cover_open=False, error="cutter")),
    ("silent", dict(online=None, paper="unknown", cover_open=None, error=None)),
])
def test_status_over_tcp(loopback, state, expect):
    loopback.set_state(state)
    port = PrinterPort(loopback.uri, status_timeout=0.3)
    try:
        s = port.status().result(5)
    finally:
        port.close()
    got = {k: getattr(s, k) for k in expect}
    assert got == expect, s.detail
    assert loopback.queries[:1] == [1]
    if state == "silent":
        assert loopback.queries == [1]   # no four timeouts for a silent printer


def test_status_refused_connection_is_a_value_not_a_crash(loopback):
    uri = loopback.uri
    loopback.stop()
    port = PrinterPort(uri, status_timeout=0.2, io_timeout=1)
    try:
        s = port.status().result(5)
    finally:
        port.close()
    assert s.online is False and s.error == "link" and not s.can_print
    assert "cannot open" in s.detail


def test_listener_hears_changes(loopback):
    seen = []
    port = PrinterPort(loopback.uri, status_timeout=0.3)
    port.add_listener(lambda s: seen.append(s.state))
    try:
        port.status().result(5)
        loopback.set_state("paper_out")
        port.status().result(5)
        port.status().result(5)   # same state: no second notification
    finally:
        port.close()
    assert seen == ["ready", "error"]


def test_one_port_per_printer_in_a_process(loopback):
    from devices.printer.port import port_for
    a = port_for(loopback.uri, status_timeout=0.3)
    b = port_for(loopback.uri)
    assert a is b
    a.close()
    c = port_for(loopback.uri)          # a closed port is replaced, not handed out dead
    try:
        assert c is not a and c.status().result(5).state == "ready"
    finally:
        c.close()
