"""`kiosk config show|check`."""

from kiosk.cli import add_json_flag


def register(subparsers):
    p = subparsers.add_parser("config", help="show or check the configuration")
    sub = p.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    s = sub.add_parser("show", help="print every key with its value (defaults included) and documentation")
    add_json_flag(s)
    s.set_defaults(func=_show)
    c = sub.add_parser("check", help="validate the configuration file; exit 2 with one line if it is bad")
    add_json_flag(c)
    c.set_defaults(func=_check)


def _show(args, ctx):
    from kiosk.config import to_toml
    cfg = ctx.config
    data = {"path": str(cfg.path) if cfg.path else None, "loaded": cfg.loaded,
            "data_dir": str(cfg.data_dir), "log_dir": str(cfg.log_dir), "values": cfg.as_toml_dict()}
    header = f"# {cfg.path} ({'loaded' if cfg.loaded else 'not found: defaults'})\n"
    ctx.emit(data, lambda: header + to_toml(cfg))


def _check(args, ctx):
    cfg = ctx.config  # raises ConfigError (exit 2) with file, key and problem
    ctx.emit({"ok": True, "path": str(cfg.path), "loaded": cfg.loaded},
             f"{cfg.path}: ok" if cfg.loaded else f"{cfg.path}: not found; using defaults (ok)")
