"""A private pcscd with the vsmartcard vpcd driver, for tests, benchmarks and training.

`PcscdHarness().start()` runs `pcscd -f -a -c DIR` in the foreground with its own
reader.conf.d (the vpcd driver only) and waits until PC/SC lists "Virtual PCD 00 00";
`stop()` ends it. pcsc-lite 1.9.9 has one fixed socket (/run/pcscd/pcscd.comm;
PCSCLITE_CSOCK_NAME does not move the daemon's), so only one pcscd runs at a time:
a pcscd a harness left behind (pid file naming a dead owner) is stopped first, a stale
socket without a daemon is removed, and a pcscd that someone else runs (another live
harness, or the system's) is reused when it already offers the vpcd readers and is
never stopped. Never on a production kiosk: vpcd listens on every
interface, so anyone on the network could "insert" a forged card.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from devices.cards.errors import CardError

PIDFILE = Path("/tmp/single-door-pcscd.pid")
SOCKET = Path("/run/pcscd/pcscd.comm")
DAEMON_PIDFILE = Path("/run/pcscd/pcscd.pid")
VPCD_LIB = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
READER0, READER1 = "Virtual PCD 00 00", "Virtual PCD 00 01"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (ProcessLookupError, PermissionError, OSError):
        return False
    return ") Z " not in stat


def _is_pcscd(pid: int) -> bool:
    try:
        return b"pcscd" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _stop_pid(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(50):
        if not _alive(pid):
            return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _daemon_pid() -> int | None:
    try:
        pid = int(DAEMON_PIDFILE.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) and _is_pcscd(pid) else None


def _port_free(port: int) -> bool:
    """Can vpcd bind its port? (Checked by binding, never by connecting: a connection
    would insert an empty card into someone else's virtual reader.)"""
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def vpcd_readers(timeout: float) -> list[str]:
    """Reader names once PC/SC lists the vpcd slot 0 (or what it lists at the deadline)."""
    from smartcard import scard
    deadline = time.monotonic() + timeout
    names: list[str] = []
    while True:
        rc, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if rc == scard.SCARD_S_SUCCESS:
            rc, names = scard.SCardListReaders(ctx, [])
            scard.SCardReleaseContext(ctx)
            if rc == scard.SCARD_S_SUCCESS and READER0 in names:
                return names
        if time.monotonic() >= deadline:
            return names or []
        time.sleep(0.1)


class PcscdHarness:
    def __init__(self, workdir: str | Path | None = None, *, log_apdus: bool = True):
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="pcscd-"))
        self.log = self.workdir / "pcscd.log"
        self.log_apdus = log_apdus
        self.proc: subprocess.Popen | None = None
        self.owned = False

    def start(self, timeout: float = 10.0) -> "PcscdHarness":
        if not Path(VPCD_LIB).exists():
            raise CardError("vsmartcard-vpcd is not installed (apt-get install vsmartcard-vpcd)")
        if PIDFILE.exists():  # "pcscd_pid owner_pid", written by a harness
            try:
                old, owner = (int(x) for x in PIDFILE.read_text().split())
            except ValueError:
                old, owner = -1, -1
            if owner > 0 and _alive(owner):
                pass  # another live harness (a parallel test run) owns it: reuse below, never stop it
            else:
                if old > 0 and _alive(old) and _is_pcscd(old):
                    _stop_pid(old)  # left behind by an interrupted run of ours
                PIDFILE.unlink(missing_ok=True)
        deadline = time.monotonic() + timeout
        while True:
            other = _daemon_pid()
            if other is not None:
                if READER0 in vpcd_readers(max(1.0, deadline - time.monotonic())):
                    return self  # someone else's pcscd with vpcd: use it, leave it running
                raise CardError(f"a pcscd (pid {other}) without the vpcd driver is running; stop it first")
            if _port_free(35963):
                break
            # the vpcd port is taken: another pcscd is starting (or a program holds the port)
            if time.monotonic() >= deadline:
                raise CardError("TCP port 35963 (vpcd) is in use by another program")
            time.sleep(0.2)
        if SOCKET.exists():
            SOCKET.unlink()  # stale: pcscd refuses to start next to it
        conf = self.workdir / "reader.conf.d"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "vpcd").write_text(f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x8C7B\n'
                                   f"LIBPATH      {VPCD_LIB}\nCHANNELID    0x8C7B\n")
        args = ["pcscd", "-f", "-c", str(conf)] + (["-a"] if self.log_apdus else [])
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.owned = True
        PIDFILE.write_text(f"{self.proc.pid} {os.getpid()}")
        if READER0 not in vpcd_readers(timeout):
            self.stop()
            raise CardError(f"pcscd did not offer the vpcd readers within {timeout:.0f} s; see {self.log}")
        return self

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            self.proc = None
            PIDFILE.unlink(missing_ok=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
