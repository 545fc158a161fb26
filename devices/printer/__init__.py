"""Receipt printers: ESC/POS over usb/serial/tcp/cups/file, real status (DLE EOT),
the durable print queue, and the raster renderer shared by preview and print.

May import: `kiosk`, python-escpos, Pillow, pyserial. No Qt, no `sync`.
"""


def load_escpos() -> None:
    """Import python-escpos once, tidily. Call before any `from escpos ... import`.

    escpos.capabilities calls `tempfile.mkdtemp()` on import (an eagerly evaluated
    default) and caches its profile database there, leaving one new directory in /tmp
    per process. We point both at one cache directory of ours instead."""
    import sys
    if "escpos.capabilities" in sys.modules:
        return
    import os
    import tempfile

    import platformdirs

    cache = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR") or os.path.join(
        platformdirs.user_cache_dir("single-door"), "escpos")
    try:
        os.makedirs(cache, mode=0o700, exist_ok=True)
    except OSError:  # unwritable home: let escpos use its own temp directory
        import escpos.capabilities  # noqa: F401
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = cache
    real_mkdtemp = tempfile.mkdtemp
    tempfile.mkdtemp = lambda *a, **k: cache
    try:
        import escpos.capabilities  # noqa: F401
    finally:
        tempfile.mkdtemp = real_mkdtemp
