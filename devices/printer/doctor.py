"""Health checks for `kiosk doctor`: printer configuration and profile, CJK font,
live status (DLE EOT) and slips waiting in the print queue."""

from __future__ import annotations


def checks(ctx):
    from kiosk.errors import KioskError
    from kiosk.health import FAIL, OK, WARN, Check
    out = []
    cfg = ctx.config
    uri = cfg["printer.uri"]
    if not uri and cfg["kiosk.simulated_devices"]:
        uri = f"file://{cfg.data_dir / 'simulated-printer.bin'}"
    try:
        from devices.printer.link import parse_uri
        parsed = parse_uri(uri)
        out.append(Check("printer.uri", OK, f"{parsed.scheme} printer {uri}"
                         + ("" if parsed.two_way else " (one-way: no status)")))
    except KioskError as e:
        out.append(Check("printer.uri", FAIL, str(e)))
        parsed = None
    out.append(_profile_check(cfg, Check, OK, WARN, FAIL))
    try:
        from devices.printer.fonts import find_cjk_font
        path, idx = find_cjk_font()
        out.append(Check("printer.font", OK, f"CJK font {path} (face {idx})"))
    except KioskError as e:
        out.append(Check("printer.font", FAIL, str(e)))
    if parsed is not None:
        from devices.printer.port import PrinterPort
        port = PrinterPort(uri, status_timeout=min(cfg["printer.status_timeout_ms"] / 1000, 1.0), io_timeout=3)
        try:
            s = port.status().result(15)
        finally:
            port.close()
        level = {"ready": OK, "warning": WARN, "unknown": WARN, "error": FAIL}[s.state]
        if s.state == "unknown" and not parsed.two_way and s.error is None:
            level = OK
        out.append(Check("printer.status", level, s.detail))
    try:
        store = ctx.store()
        row = store.conn.execute("SELECT count(*), min(created_at) FROM print_jobs "
                                 "WHERE state IN ('queued','failed-waiting','printing')").fetchone()
        out.append(Check("printer.queue", OK if not row[0] else WARN,
                         "no slips waiting" if not row[0] else
                         f"{row[0]} slip(s) waiting since {row[1]}: `kiosk printer jobs`, `kiosk printer retry`"))
    except Exception as e:  # no store yet, or an old schema: the store check reports it
        out.append(Check("printer.queue", WARN, f"cannot read print jobs ({type(e).__name__})"))
    return out


def _profile_check(cfg, Check, OK, WARN, FAIL):
    try:
        from devices.printer import load_escpos
        load_escpos()
        from escpos.capabilities import get_profile
        prof = get_profile(cfg["printer.profile"])
    except Exception as e:  # unknown profile name: python-escpos raises its own NotSupported
        return Check("printer.profile", FAIL, f"printer.profile {cfg['printer.profile']!r}: not a python-escpos "
                     f"profile ({type(e).__name__}); e.g. TM-T20II (80 mm) or POS-5890 (58 mm)")
    px = prof.profile_data.get("media", {}).get("width", {}).get("pixels")
    dots = cfg["printer.dots"]
    expected = {58: 384, 80: 576}[cfg["printer.paper_mm"]]
    if str(px).isdigit() and int(px) != dots:
        return Check("printer.profile", WARN, f"profile {cfg['printer.profile']} prints {px} dots, "
                     f"printer.dots is {dots}: slips are laid out for {dots}")
    if dots > expected:
        return Check("printer.profile", WARN, f"printer.dots {dots} is wider than {cfg['printer.paper_mm']} mm "
                     f"paper usually allows ({expected})")
    return Check("printer.profile", OK, f"{cfg['printer.profile']}, {cfg['printer.paper_mm']} mm, {dots} dots")
