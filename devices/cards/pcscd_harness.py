"""A private pcscd with the vsmartcard vpcd driver, for tests, benchmarks and training.

`PcscdHarness().start()` runs `pcscd -f -a -c DIR` in the foreground with its own
reader.conf.d (the vpcd driver only) and waits until PC/SC lists "Virtual PCD 00 00";
`stop()` ends it. pcsc-lite 1.9.9 has one fixed socket (/run/pcscd/pcscd.comm;
PCSCLITE_CSOCK_NAME does not move the daemon's), so only one pcscd runs at a time:
a pcscd this harness left behind (pid file) is stopped first, a stale socket without a
daemon is removed, and a pcscd that someone else runs is reused when it already offers
the vpcd readers (never stopped). Never on a production kiosk: vpcd listens on every
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
        if PIDFILE.exists():  # ours, left by an interrupted run
            try:
                old = int(PIDFILE.read_text())
                if _alive(old) and _is_pcscd(old):
                    _stop_pid(old)
            except ValueError:
                pass
            PIDFILE.unlink(missing_ok=True)
        try:
            other = int(DAEMON_PIDFILE.read_text().strip())
        except (OSError, ValueError):
            other = None
        if other is not None and _alive(other) and _is_pcscd(other):
            if READER0 in vpcd_readers(3.0):
                return self  # someone else's pcscd with vpcd: use it, leave it running
            raise CardError(f"a pcscd (pid {other}) without the vpcd driver is running; stop it first")
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
        PIDFILE.write_text(str(self.proc.pid))
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
