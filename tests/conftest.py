"""Shared fixtures. Qt runs offscreen; every test gets its own data, config and
log directories so nothing touches the real platform directories."""

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
KIOSK = [sys.executable, "-m", "kiosk"]


@pytest.fixture
def kiosk_env(tmp_path, monkeypatch):
    """An isolated configuration: data and logs under tmp_path. Returns the env dict
    for subprocesses and sets KIOSK_CONFIG for in-process calls."""
    data = tmp_path / "data"
    logs = tmp_path / "logs"
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{data}"\n\n[log]\ndir = "{logs}"\nlevel = "DEBUG"\n')
    monkeypatch.setenv("KIOSK_CONFIG", str(cfg))
    env = dict(os.environ, KIOSK_CONFIG=str(cfg), PYTHONPATH=str(ROOT))
    return {"env": env, "config": cfg, "data": data, "logs": logs}
