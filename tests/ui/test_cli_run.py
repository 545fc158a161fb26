"""`kiosk run`: refuses cleanly without a display; starts offscreen."""

import os
import subprocess
import sys

from ui.display import display_problem

KIOSK = [sys.executable, "-m", "kiosk"]


def _env(base, **changes):
    env = {k: v for k, v in base.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(changes)
    return env


def test_no_display_prints_one_line_and_exits_2(kiosk_env):
    r = subprocess.run(KIOSK + ["run", "--mode", "self-service"], env=_env(kiosk_env["env"]),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0], r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_display_problem_rules():
    assert display_problem({}) is not None
    assert display_problem({"DISPLAY": ":0"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "eglfs:/dev/fb0"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}) is not None          # xcb without DISPLAY
    assert display_problem({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}) is not None


def test_run_offscreen_starts_and_quits(kiosk_env, tmp_path):
    shot = tmp_path / "run.png"
    r = subprocess.run(KIOSK + ["run", "--mode", "self-service", "--simulated", "--windowed", "--quit-after", "3",
                                "--screenshot", str(shot)],
                       env=_env(kiosk_env["env"], QT_QPA_PLATFORM="offscreen"),
                       capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr[-2000:]
    assert shot.stat().st_size > 5000
    assert "Traceback" not in r.stderr
