"""Printer links: a printer URI opened as a python-escpos connection.

    usb://04b8:0e15[?in_ep=0x82&out_ep=0x01]     pyusb (python-escpos `Usb`)
    serial:///dev/ttyS0?baudrate=115200[&flow=rtscts|xonxoff|dsrdtr]   (`Serial`)
    tcp://HOST[:9100][?timeout=5]                raw TCP/JetDirect (`Network`)
    any of them: &chunk=BYTES&pause_ms=MS         smaller, paced writes for printers that garble
    cups://QUEUE                                 raw CUPS queue (`CupsPrinter`, else `LP`)
    file:///PATH                                 a device file or a plain file (appended)

A `Link` only moves bytes: `write()` sends a whole receipt (in chunks, paced on serial
so a slow printer's buffer does not overrun) and `ask()` sends one real-time query and
waits for its one-byte answer (None when the link is one-way or nothing came back).
Links are used from one thread only: the port's owner thread (`devices.printer.port`).
"""

from __future__ import annotations

import logging
import os
import socket
import stat
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from kiosk.errors import ConfigError, DeviceError
from devices.printer import load_escpos

log = logging.getLogger(__name__)

SCHEMES = ("usb", "serial", "tcp", "cups", "file")


@dataclass(frozen=True)
class PrinterURI:
    scheme: str
    target: str                      # host, device path, queue name or file path
    port: int | None = None
    options: dict = field(default_factory=dict)
    text: str = ""

    @property
    def two_way(self) -> bool:
        """Whether the link can carry DLE EOT answers back to us."""
        return self.scheme in ("usb", "serial", "tcp")

    @property
    def baudrate(self) -> int | None:
        return int(self.options.get("baudrate", 9600)) if self.scheme == "serial" else None


def parse_uri(text: str) -> PrinterURI:
    """Parse a printer URI; a bad one raises ConfigError naming what is wrong."""
    if not text:
        raise ConfigError("printer.uri: no printer configured (set [printer] uri or pass --printer URI)")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ConfigError(f"printer URI {text!r}: unknown scheme {scheme!r} (use {', '.join(SCHEMES)})")
    opts = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if scheme == "usb":
        ids = (parts.netloc or parts.path.lstrip("/")).split(":")
        try:
            vid, pid = (int(x, 16) for x in ids)
        except ValueError:
            raise ConfigError(f"printer URI {text!r}: expected usb://VID:PID in hex, e.g. usb://04b8:0e15") from None
        return PrinterURI("usb", f"{vid:04x}:{pid:04x}", None, opts, text)
    if scheme == "tcp":
        if not parts.hostname:
            raise ConfigError(f"printer URI {text!r}: expected tcp://HOST:PORT")
        try:
            port = parts.port or 9100
        except ValueError:
            raise ConfigError(f"printer URI {text!r}: port must be a number") from None
        return PrinterURI("tcp", parts.hostname, port, opts, text)
    if scheme == "serial":
        path = unquote(parts.path)
        if not path:
            raise ConfigError(f"printer URI {text!r}: expected serial:///dev/ttyS0?baudrate=115200")
        if not opts.get("baudrate", "9600").isdigit():
            raise ConfigError(f"printer URI {text!r}: baudrate must be a number")
        return PrinterURI("serial", path, None, opts, text)
    if scheme == "cups":
        queue = unquote(parts.netloc or parts.path.lstrip("/"))
        if not queue:
            raise ConfigError(f"printer URI {text!r}: expected cups://QUEUE")
        return PrinterURI("cups", queue, None, opts, text)
    path = unquote(parts.path)
    if not path:
        raise ConfigError(f"printer URI {text!r}: expected file:///PATH")
    return PrinterURI("file", path, None, opts, text)


class Link:
    """Bytes to and from one printer. Not thread-safe: one owner thread uses it."""

    persistent = True        # keep open between jobs (TCP printers often accept one client: no)
    chunk_size = 4096        # bytes per write
    pace = False             # wait for the OS to drain each chunk (slow serial links)

    def __init__(self, uri: PrinterURI, *, timeout: float = 5.0):
        self.uri = uri
        self.timeout = timeout
        self.printer = None  # the python-escpos connection object
        # ?chunk=N&pause_ms=M: smaller writes with a pause between them, for printers whose
        # buffer overruns on big rasters (python-escpos #662/#631; master's set_sleep_in_fragment)
        try:
            self.chunk_size = int(uri.options.get("chunk", self.chunk_size))
            self.pause = int(uri.options.get("pause_ms", 0)) / 1000
        except ValueError:
            raise ConfigError(f"printer URI {uri.text!r}: chunk and pause_ms must be numbers") from None
        if self.chunk_size < 1:
            raise ConfigError(f"printer URI {uri.text!r}: chunk must be at least 1 byte")

    @property
    def two_way(self) -> bool:
        return self.uri.two_way

    @property
    def is_open(self) -> bool:
        return self.printer is not None

    def open(self) -> None:
        if self.printer is None:
            try:
                self.printer = self._open()
            except DeviceError:
                raise
            except Exception as e:  # python-escpos raises its own types and OSErrors
                raise DeviceError(f"printer {self.uri.text}: cannot open ({type(e).__name__}: {_one_line(e)})") from e

    def close(self) -> None:
        p, self.printer = self.printer, None
        if p is not None:
            try:
                p.close()
            except Exception:  # closing a dead link must not raise
                log.debug("closing %s", self.uri.text, exc_info=True)

    def write(self, data: bytes) -> None:
        self.open()
        view = memoryview(data)
        i = 0
        try:
            for i in range(0, len(view), self.chunk_size):
                self.printer._raw(bytes(view[i:i + self.chunk_size]))
                if self.pace:
                    self._drain()
                if self.pause:
                    time.sleep(self.pause)
            self._flush()
        except Exception as e:
            self.close()
            raise DeviceError(f"printer {self.uri.text}: write failed after {i} of {len(data)} bytes "
                              f"({type(e).__name__}: {_one_line(e)})") from e

    def ask(self, query: bytes, timeout: float) -> int | None:
        """Send a real-time query, return the first reply byte or None (no answer)."""
        return None

    def _open(self):
        raise NotImplementedError

    def _drain(self) -> None:
        pass

    def _flush(self) -> None:
        pass


class TcpLink(Link):
    persistent = False

    def _open(self):
        load_escpos()
        from escpos.printer import Network
        p = Network(self.uri.target, self.uri.port, timeout=float(self.uri.options.get("timeout", self.timeout)))
        p.open()
        return p

    def ask(self, query: bytes, timeout: float) -> int | None:
        self.open()
        sock: socket.socket = self.printer.device
        try:
            _drain_socket(sock)   # a late answer to an earlier query must not be read as this one
            sock.sendall(query)
            sock.settimeout(timeout)
            data = sock.recv(1)
        except socket.timeout:
            return None
        except OSError as e:
            self.close()
            raise DeviceError(f"printer {self.uri.text}: connection lost ({type(e).__name__})") from e
        finally:
            if self.printer is not None:
                sock.settimeout(self.printer.timeout)
        if not data:           # peer closed
            self.close()
            return None
        return data[0]


def _drain_socket(sock: socket.socket) -> None:
    sock.setblocking(False)
    try:
        while sock.recv(256):
            pass
    except (BlockingIOError, InterruptedError):
        pass
    finally:
        sock.setblocking(True)


class SerialLink(Link):
    chunk_size = 256
    pace = True

    def _open(self):
        load_escpos()
        from escpos.printer import Serial
        flow = self.uri.options.get("flow", "dsrdtr")
        p = Serial(self.uri.target, baudrate=self.uri.baudrate, timeout=1,
                   xonxoff=flow == "xonxoff", dsrdtr=flow == "dsrdtr")
        p.open()
        if p.device is None:
            raise DeviceError(f"printer {self.uri.text}: serial port cannot be opened")
        if flow == "rtscts":
            p.device.rtscts = True
        # With DSR/DTR or RTS/CTS flow control a printer that holds its line busy (or a
        # cable without those wires) would block a write forever: bound each chunk.
        p.device.write_timeout = max(self.timeout, 10.0)
        return p

    def _drain(self) -> None:
        # pyserial's flush() blocks until the OS has sent the chunk: the pace of the wire.
        self.printer.device.flush()

    def ask(self, query: bytes, timeout: float) -> int | None:
        self.open()
        dev = self.printer.device
        try:
            dev.reset_input_buffer()
            dev.write(query)
            dev.timeout = timeout
            data = dev.read(1)
        except Exception as e:
            self.close()
            raise DeviceError(f"printer {self.uri.text}: serial port error ({type(e).__name__})") from e
        return data[0] if data else None


class UsbLink(Link):
    def _open(self):
        load_escpos()
        from escpos.printer import Usb
        if not Usb.is_usable():
            raise DeviceError(f"printer {self.uri.text}: pyusb is not installed; use file:///dev/usb/lp0 "
                              "(usblp kernel driver) or install pyusb")
        vid, pid = (int(x, 16) for x in self.uri.target.split(":"))
        kw = {k: int(v, 0) for k, v in self.uri.options.items() if k in ("in_ep", "out_ep")}
        p = Usb(vid, pid, timeout=int(self.timeout * 1000), **kw)
        p.open()
        return p

    def ask(self, query: bytes, timeout: float) -> int | None:
        self.open()
        try:
            self.printer._raw(query)
            data = self.printer.device.read(self.printer.in_ep, 16, int(timeout * 1000))
        except Exception as e:  # pyusb raises USBTimeoutError (a USBError) when nothing came
            if "timeout" in type(e).__name__.lower() or "timed out" in str(e).lower():
                return None
            self.close()
            raise DeviceError(f"printer {self.uri.text}: USB error ({type(e).__name__})") from e
        return data[0] if len(data) else None


class CupsLink(Link):
    persistent = False

    def _open(self):
        load_escpos()
        from escpos.printer import CupsPrinter, LP
        if CupsPrinter.is_usable():
            p = CupsPrinter(self.uri.target)
        elif LP.is_usable():
            p = LP(self.uri.target)
        else:
            raise DeviceError(f"printer {self.uri.text}: neither pycups nor the lp command is available")
        p.open()
        return p


class FileLink(Link):
    """A device node (/dev/usb/lp0) or, for simulation and tests, a plain file we append to."""

    persistent = False

    def _open(self):
        load_escpos()
        from escpos.printer import File
        path = self.uri.target
        try:
            is_plain = not os.path.exists(path) or stat.S_ISREG(os.stat(path).st_mode)
        except OSError as e:
            raise DeviceError(f"printer {self.uri.text}: cannot stat ({e.strerror})") from None
        p = File(path)
        try:
            # File.open() truncates ("wb"): right for a device node, wrong for a slip log.
            p.device = open(path, "ab" if is_plain else "wb")
        except OSError as e:
            raise DeviceError(f"printer {self.uri.text}: cannot open ({e.strerror})") from None
        return p

    def _flush(self) -> None:
        self.printer.device.flush()
        if hasattr(os, "fsync"):
            try:
                os.fsync(self.printer.device.fileno())
            except OSError:  # device nodes may refuse fsync
                pass


LINKS = {"tcp": TcpLink, "serial": SerialLink, "usb": UsbLink, "cups": CupsLink, "file": FileLink}


def open_link(uri: PrinterURI | str, *, timeout: float = 5.0) -> Link:
    """A (not yet connected) link for the URI."""
    if isinstance(uri, str):
        uri = parse_uri(uri)
    return LINKS[uri.scheme](uri, timeout=timeout)


def transfer_seconds(n_bytes: int, baudrate: int) -> float:
    """Wire time of n bytes on an 8N1 serial line (10 bits per byte)."""
    return n_bytes * 10 / baudrate


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200]

