"""`kiosk doctor [--json]`: config, store, devices and sync health, each ok/warn/fail."""

from kiosk.cli import add_json_flag


def register(subparsers):
    p = subparsers.add_parser("doctor", help="check config, store, devices and sync; exit 1 if anything fails")
    p.add_argument("--bundle", metavar="PATH", help="also write a diagnostics bundle (zip, no personal data)")
    add_json_flag(p)
    p.set_defaults(func=_doctor)


def _doctor(args, ctx):
    import logging
    from importlib.metadata import entry_points
    from kiosk.health import FAIL, Check, core_checks
    checks = core_checks(ctx)
    if not any(c.name in ("config", "store") and c.status == FAIL for c in checks):
        for ep in sorted(entry_points(group="kiosk.doctor_checks"), key=lambda e: e.name):
            try:
                checks.extend(ep.load()(ctx))
            except Exception as e:  # a broken check is a finding, not a crash
                logging.getLogger(__name__).exception("doctor check %s crashed", ep.name)
                checks.append(Check(ep.name, FAIL, f"check crashed: {type(e).__name__}"))
    data = [c.to_dict() for c in checks]
    if args.bundle:
        from kiosk.diagnostics import write_bundle
        extra = {"doctor": data}
        try:
            from kiosk.health import table_counts
            extra["store_tables"] = table_counts(ctx.store())
        except Exception:  # a store that does not open is already a failed check above
            pass
        path = write_bundle(ctx.config, args.bundle, extra)
        print(f"diagnostics bundle written to {path}", file=__import__("sys").stderr)
    ctx.emit({"ok": all(c.status != FAIL for c in checks), "checks": data},
             lambda: "\n".join(f"{c.status.upper():<5} {c.name:<16} {c.reason}" for c in checks))
    return 1 if any(c.status == FAIL for c in checks) else 0
