"""Printer tests: make the helpers in this folder (loopback printer, ESC/POS reader)
importable, and give each test a loopback printer it can script."""

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from loopback_printer import LoopbackPrinter  # noqa: E402


@pytest.fixture
def loopback():
    """A real TCP printer on 127.0.0.1 (see loopback_printer.py), stopped after the test."""
    p = LoopbackPrinter()
    p.start()
    try:
        yield p
    finally:
        p.stop()
