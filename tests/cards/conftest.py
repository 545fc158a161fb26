"""Fixtures for the card tests: a real pcscd with the vsmartcard vpcd driver.

`pcscd_vpcd` (session scope) starts `pcscd -f -a -c DIR` in the foreground with its
own reader.conf.d through `devices.cards.pcscd_harness` (which explains why only one
pcscd can run and how leftovers are handled) and stops it at the end.
"""

from __future__ import annotations

import time

import pytest

READER0, READER1 = "Virtual PCD 00 00", "Virtual PCD 00 01"


@pytest.fixture(scope="session")
def pcscd_vpcd(tmp_path_factory):
    """The harness (devices/cards/pcscd_harness.py): started once, stopped at the end."""
    from devices.cards.errors import CardError
    from devices.cards.pcscd_harness import PcscdHarness
    h = PcscdHarness(tmp_path_factory.mktemp("pcscd"))
    try:
        h.start()
    except CardError as e:
        pytest.fail(str(e))
    try:
        yield h
    finally:
        h.stop()


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


@pytest.fixture
def replug_card(vcard):
    """A card that went silent is pulled and a healthy one put back, the way a clerk
    unplugs and replugs: `replug_card(svc, silent, card)`. Pulling it makes pcscd's
    blocked transmit return, so the service's abandoned owner thread must come back."""
    from devices.cards.pcsc import wait_for_card

    def replug(svc, silent, card):
        silent.remove()
        deadline = time.monotonic() + 10
        while svc.stuck and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not svc.stuck, "the abandoned thread never came back"
        assert wait_for_card(READER0, 5.0, present=False)
        time.sleep(0.5)       # pcscd's event thread notices the removal at its next poll
        return vcard(card)
    return replug


@pytest.fixture
def sim_cli(pcscd_vpcd, kiosk_env):
    """Start `kiosk card simulate icao ARGS...` as its own process (card inserted on slot 0):
    `sim_cli("--dump", DIR)` -> the Popen (stdin takes remove/insert/stall/quit). Quit and
    checked gone afterwards."""
    import subprocess
    import sys
    from devices.cards.pcsc import wait_for_card
    procs = []

    def start(*args):
        p = subprocess.Popen([sys.executable, "-m", "kiosk", "card", "simulate", "icao", *args],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=kiosk_env["env"])
        procs.append(p)
        line = p.stdout.readline()
        assert "card inserted" in line, line + (p.stderr.read() if p.poll() is not None else "")
        assert wait_for_card(READER0, 5.0)
        return p
    yield start
    for p in procs:
        if p.poll() is None:
            p.stdin.write("quit\n")
            p.stdin.flush()
            p.wait(10)
    if procs:
        assert wait_for_card(READER0, 5.0, present=False)
        time.sleep(0.5)  # pcscd's event thread must notice the removal (see vcard)
