"""Which devices this terminal runs on: the real ones, or the simulators.

`choose_devices(config, ...)` is the composition root's decision, made once at start-up
(`kiosk run`): simulators when the config or `--simulated` asks for them, or when no
real device is found at all (no non-virtual PC/SC reader, no GA/T 467 serial device
configured and present, no camera that opens, no printer URI). One real device that is
present and configured means real devices. The reasons go to the log (never personal
data) and the screens show the SIMULATED DEVICES band in simulated mode.

The probes are plain functions with their I/O injectable (tests pass their own reader
lister); they import pyscard and OpenCV only when called.
"""

from __future__ import annotations

import glob
import logging
import os
from dataclasses import dataclass, field
from typing import Callable

log = logging.getLogger(__name__)

VIRTUAL_READER = "virtual"      # vpcd's readers are called "Virtual PCD 00 00"


@dataclass
class DeviceChoice:
    simulated: bool
    reason: str                                   # one line: why
    found: list[str] = field(default_factory=list)   # real devices seen ("printer: file:///...")

    def overrides(self) -> dict:
        """Config overrides that make the choice take effect."""
        return {"kiosk__simulated_devices": self.simulated}


def pcsc_readers() -> list[str]:
    """Reader names from pcscd; [] when pyscard or pcscd is missing."""
    try:
        from smartcard.System import readers
        return [str(r) for r in readers()]
    except Exception as e:   # no pcscd, no pyscard, no readers: "none found"
        log.debug("PC/SC readers not listed: %s", type(e).__name__)
        return []


def camera_opens(source: str) -> bool:
    """Does the configured camera exist and open? Index/device sources are checked for a
    /dev/video node first (opening a missing index makes OpenCV print to stderr)."""
    from devices.scanner.camera import open_source, source_kind
    from devices.scanner.simulator import is_simulator
    if is_simulator(source):
        return False
    kind = source_kind(source)
    if kind == "index" and not os.path.exists(f"/dev/video{int(source)}"):
        return False
    if kind == "device" and not os.path.exists(source):
        return False
    if kind in ("video", "images"):
        return os.path.exists(source) or bool(glob.glob(source))
    try:
        cap = open_source(source)
        ok = cap.isOpened()
        cap.release()
        return ok
    except Exception:
        return False


def choose_devices(config, *, asked: bool = False, readers: Callable[[], list[str]] = pcsc_readers,
                   camera: Callable[[str], bool] = camera_opens) -> DeviceChoice:
    if asked:
        return DeviceChoice(True, "--simulated given")
    if config["kiosk.simulated_devices"]:
        return DeviceChoice(True, "kiosk.simulated_devices = true in the config")
    found = []
    allow_virtual = bool(config["cards.allow_virtual"])
    for name in readers():
        if allow_virtual or VIRTUAL_READER not in name.lower():
            found.append(f"card reader: {name}")
    port = config["cards.ga467_serial"]
    if port and os.path.exists(port):
        found.append(f"ID card reader: {port}")
    if config["printer.uri"]:
        found.append(f"printer: {config['printer.uri'].split('?')[0]}")
    if camera(str(config["camera.source"])):
        found.append(f"camera: {config['camera.source']}")
    if found:
        return DeviceChoice(False, "real devices found", found)
    return DeviceChoice(True, "no card reader, ID card reader, camera or printer found")


def apply(config, *, asked: bool = False, **probes):
    """The config with the choice applied, and the choice (logged)."""
    choice = choose_devices(config, asked=asked, **probes)
    if choice.simulated:
        log.warning("devices: SIMULATED (%s)", choice.reason)
    else:
        log.info("devices: real (%s: %s)", choice.reason, "; ".join(choice.found))
    return config.with_overrides(**choice.overrides()), choice
