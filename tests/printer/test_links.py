"""Printer URIs and the non-TCP links: a serial printer on a real pseudo-terminal
(pyserial through python-escpos `Serial`) and a file printer."""

import os
import threading
import time

import pytest

import escpos_reader as er
from sample_data import TZ, ack_data

from kiosk import receipt as R
from kiosk.errors import ConfigError
from devices.printer import slips
from devices.printer.link import parse_uri, transfer_seconds
from devices.printer.port import PrinterPort


def test_parse_uris():
    u = parse_uri("usb://04B8:0E15?in_ep=0x82")
    assert (u.scheme, u.target, u.options, u.two_way) == ("usb", "04b8:0e15", {"in_ep": "0x82"}, True)
    u = parse_uri("serial:///dev/ttyS0?baudrate=115200&flow=rtscts")
    assert (u.target, u.baudrate, u.options["flow"]) == ("/dev/ttyS0", 115200, "rtscts")
    assert parse_uri("serial:///dev/ttyUSB0").baudrate == 9600
    u = parse_uri("tcp://10.0.0.5")
    assert (u.target, u.port) == ("10.0.0.5", 9100)
    assert parse_uri("cups://Receipt_1").target == "Receipt_1" and not parse_uri("cups://Q").two_way
    assert parse_uri("file:///dev/usb/lp0").target == "/dev/usb/lp0"
    for bad, why in (("", "no printer configured"), ("lpt://1", "unknown scheme"), ("usb://zz:1", "VID:PID"),
                     ("tcp://:9100", "HOST"), ("serial:///dev/ttyS0?baudrate=fast", "baudrate"),
                     ("tcp://h:port", "port")):
        with pytest.raises(ConfigError, match=why):
            parse_uri(bad)


def test_transfer_seconds():
    assert transfer_seconds(9600, 9600) == 10.0
    assert round(transfer_seconds(30_000, 115200), 2) == 2.6


class PtyPrinter:
    """The far end of a pseudo-terminal acting as a serial printer: records bytes,
    answers DLE EOT with `replies` (None = silent)."""

    def __init__(self, replies):
        self.master, slave = os.openpty()
        self.path = os.ttyname(slave)
        self._slave = slave
        self.replies = replies
        self.received = bytearray()
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        buf = b""
        os.set_blocking(self.master, False)
        while not self._stop.is_set():
            try:
                chunk = os.read(self.master, 65536)
            except BlockingIOError:
                time.sleep(0.005)
                continue
            except OSError:
                return
            self.received += chunk
            buf += chunk
            tokens, used = er.parse(buf)
            buf = buf[used:]
            for t in tokens:
                if t.cmd == "DLE_EOT" and self.replies is not None:
                    os.write(self.master, bytes([self.replies[t.args[0]]]))

    def close(self):
        self._stop.set()
        self._t.join(2)
        os.close(self.master)
        os.close(self._slave)


@pytest.mark.parametrize("flow", ["dsrdtr", "xonxoff", "rtscts"])
def test_serial_printer_on_a_pty(flow):
    pty = PtyPrinter({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E})
    slip = slips.build(R.acknowledgement(ack_data(), tz=TZ), slips.PrinterSettings())
    port = PrinterPort(f"serial://{pty.path}?baudrate=115200&flow={flow}", status_timeout=0.5)
    try:
        s = port.status().result(10)
        assert (s.online, s.paper, s.state) == (True, "near_end", "warning")
        res = port.send(slip.data).result(30)
        assert res.ok and res.bytes_sent == len(slip.data)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(pty.received) < len(slip.data):
            time.sleep(0.02)
    finally:
        port.close()
        pty.close()
    tokens, _ = er.parse(bytes(pty.received))
    printed = [t for t in tokens if t.cmd != "DLE_EOT"]
    assert sum(1 for t in printed if t.cmd == "CUT") == 1
    assert er.decode_qr(er.page(printed, 576))[0].startswith("https://zwfw.example.gov.cn/track?c=")


def test_silent_serial_printer_is_unknown():
    pty = PtyPrinter(None)
    port = PrinterPort(f"serial://{pty.path}?baudrate=9600", status_timeout=0.2)
    try:
        s = port.status().result(10)
    finally:
        port.close()
        pty.close()
    assert s.online is None and s.paper == "unknown" and s.state == "unknown" and s.two_way


def test_file_printer_appends_slips_and_has_no_status(tmp_path):
    path = tmp_path / "printer.bin"
    slip = slips.build(R.acknowledgement(ack_data(), tz=TZ), slips.PrinterSettings())
    port = PrinterPort(f"file://{path}")
    try:
        s = port.status().result(5)
        assert s.online is None and not s.two_way and s.can_print
        assert port.send(slip.data).result(5).ok
        assert port.send(slip.data).result(5).ok
    finally:
        port.close()
    data = path.read_bytes()
    assert data == slip.data * 2
    assert len(er.slips(er.parse_all(data))) == 2


def test_file_printer_in_a_missing_directory_is_a_status(tmp_path):
    port = PrinterPort(f"file://{tmp_path}/no/such/dir/lp0")
    try:
        s = port.status().result(5)
        r = port.send(b"\x1b@").result(5)
    finally:
        port.close()
    assert s.online is False and s.error == "link" and not s.can_print
    assert not r.ok and "cannot open" in r.error


def test_chunked_paced_writes_arrive_whole(loopback):
    slip = slips.build(R.acknowledgement(ack_data(), tz=TZ), slips.PrinterSettings())
    port = PrinterPort(loopback.uri + "&chunk=1024&pause_ms=2", status_timeout=0.3)
    try:
        t0 = time.monotonic()
        res = port.send(slip.data).result(30)
        took = time.monotonic() - t0
    finally:
        port.close()
    assert res.ok and loopback.wait_printed(1)
    assert took >= (len(slip.data) // 1024) * 0.002          # the pauses happened
    assert bytes(loopback.received).count(slip.data) == 1
    with pytest.raises(ConfigError, match="chunk"):
        PrinterPort("tcp://127.0.0.1:9?chunk=0")


def test_absent_usb_printer_is_a_status_not_a_crash():
    # No USB printer exists in the test machine: pyusb finds nothing, python-escpos raises,
    # and the port turns it into an error status with a technician detail.
    port = PrinterPort("usb://04b8:0e15", status_timeout=0.2)
    try:
        s = port.status().result(10)
        r = port.send(b"\x1b@").result(10)
    finally:
        port.close()
    assert s.online is False and s.error == "link" and "cannot open" in s.detail
    assert not r.ok and r.bytes_sent == 0


def test_missing_cups_queue_is_a_status():
    port = PrinterPort("cups://NoSuchQueue", status_timeout=0.2)
    try:
        s = port.status().result(10)
    finally:
        port.close()
    assert s.online is False and s.error == "link" and not s.can_print and s.detail
