"""`kiosk run`: start the application. Light on purpose: Qt loads inside the handler."""

from __future__ import annotations

import os

MODES = ("counter", "self-service", "technician")


def register(subparsers):
    p = subparsers.add_parser("run", help="start the kiosk application (counter, self-service or technician)")
    p.add_argument("--mode", choices=MODES, help="start mode (default: kiosk.mode from the config)")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen (development)")
    p.add_argument("--simulated", action="store_true",
                   help="use the device simulators (same as kiosk.simulated_devices = true)")
    p.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help="quit after this many seconds (smoke tests)")
    p.add_argument("--screenshot", metavar="PNG", help="with --quit-after: save the window to this file first")
    p.set_defaults(func=_run)


def _run(args, ctx) -> int:
    from kiosk.errors import UsageError
    from ui.display import display_problem

    problem = display_problem(os.environ)
    if problem:
        raise UsageError(problem)
    import sys
    from ui.hardware import apply
    cfg, choice = apply(ctx.config, asked=args.simulated)   # simulators when no real device is found
    if choice.simulated:
        print(f"kiosk run: SIMULATED DEVICES ({choice.reason})", file=sys.stderr)
    from ui import simulated_platform
    server = None
    if simulated_platform.wanted(cfg):
        cfg, server = simulated_platform.start(cfg)
        print(f"kiosk run: SIMULATED PLATFORM at {cfg['sync.platform_url']} (demo cases are delivered there)",
              file=sys.stderr)
    from ui.app import run_app
    try:
        return run_app(cfg, mode=args.mode or cfg["kiosk.mode"], fullscreen=not args.windowed,
                       quit_after=args.quit_after, screenshot=args.screenshot)
    finally:
        if server is not None:
            server.stop()
