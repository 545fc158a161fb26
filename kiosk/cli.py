"""The `kiosk` command: assembled from subcommands that each room registers.

Rooms declare `register(subparsers)` functions in the `kiosk.commands` entry-point
group (pyproject.toml); we discover them with importlib.metadata, so the core never
imports `ui`, `devices` or `sync`, and a command that needs no Qt never loads Qt.
A register function must stay light: heavy imports belong inside the handler.

Handlers are `handler(args, ctx) -> int | None`. Errors are `KioskError`s; this module
is their one presenter on the command line: one line on stderr, the traceback in the
log, exit 1 (operation failed) or 2 (bad usage or bad input).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable

from kiosk import __version__
from kiosk.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, KioskError, StoreError

log = logging.getLogger(__name__)

EPILOG = """exit status: 0 ok, 1 the operation failed, 2 bad usage or bad input.
configuration: --config PATH, else $KIOSK_CONFIG, else kiosk.toml in the platform's
config directory (`kiosk config show` prints every key with its default)."""


class Context:
    """What a command handler needs, created lazily: config, logging, the store."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._config = None
        self._store = None
        self.log_file: Path | None = None

    @property
    def config(self):
        if self._config is None:
            from kiosk.config import load_config
            from kiosk.logs import setup_logging
            cfg = load_config(getattr(self.args, "config", None))
            overrides = {}
            if getattr(self.args, "data_dir", None):
                overrides["kiosk__data_dir"] = self.args.data_dir
            if overrides:
                cfg = cfg.with_overrides(**overrides)
            self._config = cfg
            self.log_file = setup_logging(cfg.log_dir, cfg["log.level"], cfg["log.max_bytes"], cfg["log.backups"])
        return self._config

    def store(self):
        """Open (creating and migrating if needed) the store in the data directory."""
        if self._store is None:
            from kiosk.store import Store
            self._store = Store.open(self.config.data_dir, config=self.config)
        return self._store

    @property
    def want_json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def emit(self, data: Any, text: str | Callable[[], str] | None = None) -> None:
        """Print `data` as JSON with --json, else the human text (or JSON if none)."""
        if self.want_json or text is None:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            print(text() if callable(text) else text)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _load_registrars(group: str) -> list[tuple[str, Callable]]:
    out = []
    for ep in sorted(entry_points(group=group), key=lambda e: e.name):
        try:
            out.append((ep.name, ep.load()))
        except Exception as e:  # a broken room must not take the whole command down
            log.debug("cannot load %s entry point %s", group, ep.value, exc_info=True)
            print(f"kiosk: warning: {ep.value} unavailable ({type(e).__name__}: {e})", file=sys.stderr)
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Single Door service counter and self-service kiosk.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--config", metavar="PATH", help="configuration file (TOML)")
    parser.add_argument("--data-dir", metavar="DIR", help="override kiosk.data_dir")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for _name, register in _load_registrars("kiosk.commands"):
        register(sub)
    return parser


# options whose value is an opaque string that may start with "-" (a URL-safe token is
# "-" first once in 64): argparse would take `--token -R6X...` for two options
OPAQUE_VALUE_OPTIONS = ("--token",)


def _glue_opaque_values(argv: list[str]) -> list[str]:
    """`--token -abc` -> `--token=-abc`, so such a value reaches its option."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in OPAQUE_VALUE_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-"):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    root = logging.getLogger()
    if not root.handlers:  # until the log file is set up, never print tracebacks on stderr
        root.addHandler(logging.NullHandler())
    parser = build_parser()
    known = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # type: ignore[union-attr]
    # `kiosk` alone (or only global options) means `kiosk run`.
    if "run" in known and not any(a in known for a in argv) and not any(a in ("-h", "--help", "--version") for a in argv):
        argv.append("run")
    args = parser.parse_args(_glue_opaque_values(argv))
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    ctx = Context(args)
    try:
        rc = args.func(args, ctx)
        return EXIT_OK if rc is None else int(rc)
    except KioskError as e:
        log.warning("command %s failed: %s", args.command, e, exc_info=True)
        print(f"kiosk: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_FAILED
    except Exception as e:  # a bug: one line for the user, the traceback in the log
        log.exception("command %s crashed", args.command)
        where = f"; details in {ctx.log_file}" if ctx.log_file else ""
        print(f"kiosk: internal error ({type(e).__name__}){where}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        try:
            ctx.close()
        except StoreError:
            pass
