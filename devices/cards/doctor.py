"""Health checks for `kiosk doctor`: PC/SC service and readers, the CSCA trust store,
the GA/T 467 serial reader, the WLT photo decoder."""

from __future__ import annotations

from pathlib import Path


def checks(ctx):
    from kiosk.errors import KioskError
    from kiosk.health import FAIL, OK, WARN, Check
    cfg = ctx.config
    out = []
    allow_virtual = cfg["cards.allow_virtual"]
    try:
        from devices.cards.pcsc import list_readers
        rows = list_readers(allow_virtual)
        if rows:
            out.append(Check("cards.pcsc", OK, ", ".join(r["name"] for r in rows)))
        else:
            out.append(Check("cards.pcsc", WARN, "PC/SC runs but no reader is connected"))
    except KioskError as e:
        out.append(Check("cards.pcsc", WARN if cfg["cards.ga467_serial"] else FAIL, str(e)))
    except ImportError as e:
        out.append(Check("cards.pcsc", FAIL, f"pyscard missing ({e})"))
    if allow_virtual:
        out.append(Check("cards.virtual", WARN, "virtual readers are accepted (cards.allow_virtual): never in production"))
    from devices.cards.cli import DEFAULT_CSCA
    from devices.cards.passive_auth import CscaStore
    csca_dir = cfg["cards.csca_dir"] or str(DEFAULT_CSCA)
    store = CscaStore.load(csca_dir)
    if store.certs:
        out.append(Check("cards.csca", WARN if store.problems else OK,
                         f"{len(store.certs)} CSCA certificates in {csca_dir}"
                         + (f"; unreadable: {', '.join(store.problems[:3])}" if store.problems else "")))
    else:
        out.append(Check("cards.csca", WARN, f"no CSCA certificate in {csca_dir}: passports read, but their "
                         "chain check fails; add ICAO master lists"))
    dev = cfg["cards.ga467_serial"]
    if dev:
        try:
            from devices.cards.ga467 import Ga467Reader
            with Ga467Reader.open(dev, cfg["cards.ga467_baudrate"]) as r:
                s = r.status()
            from devices.cards.ga467 import sw3_message
            out.append(Check("cards.ga467", OK if s.sw3 == 0x90 else FAIL, f"{dev}: SAM {sw3_message(s.sw3)}"))
        except KioskError as e:
            out.append(Check("cards.ga467", FAIL, str(e)))
    dec = cfg["cards.wlt_decoder"]
    if dec:
        from devices.cards.ga467 import load_wlt_decoder
        ok = load_wlt_decoder(dec) is not None
        out.append(Check("cards.wlt", OK if ok else FAIL,
                         f"WLT decoder {Path(dec.split(':')[0]).name} " + ("loaded" if ok else "cannot be loaded")))
    elif dev:
        out.append(Check("cards.wlt", WARN, "no WLT decoder (cards.wlt_decoder): resident ID photos cannot be shown"))
    return out
