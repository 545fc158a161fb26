"""Is there a screen to draw on? Decided from the environment alone, before Qt loads
(Qt itself would abort the process with a long message when it finds no display)."""

from __future__ import annotations

from typing import Mapping

# Qt platform plugins that need no X11 or Wayland server.
SERVERLESS_PLATFORMS = ("offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def display_problem(env: Mapping[str, str]) -> str | None:
    """None when Qt can open a window here, else one line saying what is missing."""
    platforms = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if any(p in SERVERLESS_PLATFORMS for p in platforms):
        return None
    if env.get("WAYLAND_DISPLAY") and (not platforms or "wayland" in platforms or "wayland-egl" in platforms):
        return None
    if env.get("DISPLAY") and (not platforms or "xcb" in platforms):
        return None
    return ("no display: set DISPLAY (X11) or WAYLAND_DISPLAY, or QT_QPA_PLATFORM to one of "
            + ", ".join(SERVERLESS_PLATFORMS) + ", and run again")
