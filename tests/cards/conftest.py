"""Fixtures for the card tests: a real pcscd with the vsmartcard vpcd driver.

`pcscd_vpcd` (session scope) starts `pcscd -f -a -c DIR` in the foreground with its
own reader.conf.d (only the vpcd driver), waits until pyscard lists
"Virtual PCD 00 00", and stops it at the end. pcsc-lite 1.9.9 has a fixed socket
(/run/pcscd/pcscd.comm; PCSCLITE_CSOCK_NAME does not move the daemon's), so only one
pcscd can run: a pcscd left behind by an earlier run of this fixture (pid file) is
stopped first; a stale socket without a daemon is removed; a pcscd someone else runs
is reused when it offers the vpcd readers, and the tests fail clearly otherwise.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

PIDFILE = Path("/tmp/single-door-tests-pcscd.pid")
SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_LIB = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
READER0, READER1 = "Virtual PCD 00 00", "Virtual PCD 00 01"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return ") Z " not in stat  # a zombie is gone for our purposes
    except OSError:
        return False


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _running_pcscd() -> int | None:
    try:
        pid = int(Path("/run/pcscd/pcscd.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) and "pcscd" in _cmdline(pid) else None


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(50):
        if not _alive(pid):
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def _vpcd_readers(timeout: float) -> list[str]:
    from smartcard import scard
    deadline = time.monotonic() + timeout
    names: list[str] = []
    while time.monotonic() < deadline:
        rc, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if rc == scard.SCARD_S_SUCCESS:
            rc, names = scard.SCardListReaders(ctx, [])
            scard.SCardReleaseContext(ctx)
            if rc == scard.SCARD_S_SUCCESS and READER0 in names:
                return names
        time.sleep(0.1)
    return names


class Pcscd:
    def __init__(self, log: Path | None, owned: bool):
        self.log, self.owned = log, owned
        self.readers = [READER0, READER1]


@pytest.fixture(scope="session")
def pcscd_vpcd(tmp_path_factory):
    if not Path(VPCD_LIB).exists():
        pytest.fail("vsmartcard-vpcd is not installed (make setup-test installs it)")
    # our own daemon from an interrupted earlier run
    if PIDFILE.exists():
        try:
            old = int(PIDFILE.read_text())
            if _alive(old) and "pcscd" in _cmdline(old):
                _stop(old)
        except ValueError:
            pass
        PIDFILE.unlink(missing_ok=True)
    other = _running_pcscd()
    if other is not None:
        if _vpcd_readers(3.0)[:1] == [READER0] or READER0 in _vpcd_readers(0.5):
            yield Pcscd(None, owned=False)  # someone else's pcscd with vpcd: use it, leave it running
            return
        pytest.fail(f"a pcscd (pid {other}) without the vpcd driver is running; stop it to run the card tests")
    if SOCKET.exists():
        SOCKET.unlink()  # stale socket: pcscd refuses to start next to it
    d = tmp_path_factory.mktemp("pcscd")
    conf = d / "reader.conf.d"
    conf.mkdir()
    (conf / "vpcd").write_text(f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x8C7B\n'
                               f"LIBPATH      {VPCD_LIB}\nCHANNELID    0x8C7B\n")
    log = d / "pcscd.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(["pcscd", "-f", "-a", "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    PIDFILE.write_text(str(proc.pid))
    try:
        if READER0 not in _vpcd_readers(10.0):
            pytest.fail(f"pcscd did not offer the vpcd readers within 10 s; see {log}")
        yield Pcscd(log, owned=True)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        PIDFILE.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def icao_dataset(tmp_path_factory):
    from devices.cards import sample
    d = tmp_path_factory.mktemp("icao-ds")
    return sample.make_icao_dataset(d, face_kb=20)


@pytest.fixture
def vcard(pcscd_vpcd):
    """Insert a simulated eMRTD: `vcard(card, port=35963, remove_after_apdus=None)`; removed afterwards."""
    from devices.cards.pcsc import wait_for_card
    from devices.cards.vpcd import VpcdCard
    inserted = []

    def insert(card, port=35963, **kw):
        v = VpcdCard(card, port=port, **kw)
        v.insert()
        inserted.append(v)
        reader = READER0 if port == 35963 else READER1
        assert wait_for_card(reader, 5.0), f"pcscd did not see the card on {reader}"
        return v
    yield insert
    for v in inserted:
        v.remove()
        reader = READER0 if v.port == 35963 else READER1
        # the next test must not see this card's stale "present" state
        assert wait_for_card(reader, 5.0, present=False), f"pcscd still sees a card on {reader}"
        # after a transmit error the reader state reads "absent" at once, but pcscd's event
        # thread notices the removal only at its next poll (400 ms): a card inserted before
        # that would go unnoticed
        time.sleep(0.5)
