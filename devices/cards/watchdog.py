"""Readers that stop answering: tell them apart from slow cards, and give up on them.

A PC/SC driver can block forever inside SCardTransmit: vsmartcard's vpcd does when its
card goes silent, and a jammed USB reader can too. Nothing in pyscard interrupts that
call, so the thread making it is abandoned instead: another thread sees (`stalled_for`)
that one APDU has waited longer than `cards.apdu_timeout_s`, reports READER_STOPPED,
drops whatever the blocked thread delivers later, and work goes on in a fresh thread.
`CardService` does this for the UI; `run_watched` does it for one read (the CLI).
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from devices.cards.errors import ReaderTimeout

READER_STOPPED = "reader stopped answering: unplug and replug the reader"
CITIZEN_STOPPED = "The card reader stopped answering: ask staff for help."


def stalled_for(transport, now: float | None = None) -> float:
    """Seconds the APDU now on the wire has waited (0 when none is pending)."""
    since = getattr(transport, "in_flight_since", None)
    if since is None:
        return 0.0
    return max(0.0, (time.monotonic() if now is None else now) - since)


def timeout_message(timeout_s: float) -> str:
    return f"{READER_STOPPED} (no answer to an APDU within {timeout_s:g} s)"


def run_watched(work: Callable[[list], object], timeout_s: float, *, poll_s: float = 0.05,
                clock: Callable[[], float] = time.monotonic, name: str = "card-read"):
    """`work(transports)` on a daemon thread; it appends each transport it opens to the list.

    Returns work's result or raises its exception. Raises ReaderTimeout when one of the
    transports has had an APDU in flight for more than `timeout_s`: that thread stays
    blocked in the driver and whatever it returns later is dropped.
    """
    box: dict = {}
    done = threading.Event()
    transports: list = []

    def target():
        try:
            box["result"] = work(transports)
        except BaseException as e:  # handed to the caller's thread as is
            box["error"] = e
        finally:
            done.set()

    threading.Thread(target=target, name=name, daemon=True).start()
    while not done.wait(poll_s):
        if any(stalled_for(t, clock()) > timeout_s for t in list(transports)):
            raise ReaderTimeout(timeout_message(timeout_s))
    if "error" in box:
        raise box["error"]
    return box["result"]
