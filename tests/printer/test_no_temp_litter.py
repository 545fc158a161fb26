"""Importing the printer package (and python-escpos through it) leaves no new
directories in $TMPDIR: escpos's profile cache goes to our cache directory."""

import os
import subprocess
import sys
from pathlib import Path


def test_escpos_import_leaves_no_temp_directory(tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = dict(os.environ, TMPDIR=str(tmpdir), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    code = ("from devices.printer.escpos_out import make_dummy; make_dummy(\"TM-T20II\", 576); "
            "import devices.printer.doctor, escpos.printer")
    for _ in range(2):
        subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=Path(__file__).parents[2])
    assert list(tmpdir.iterdir()) == []
    assert list((tmp_path / "cache" / "single-door" / "escpos").glob("*.capabilities.pickle"))
