import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synchelpers import PlatformHarness  # noqa: E402


@pytest.fixture
def platform(tmp_path):
    h = PlatformHarness(tmp_path / "platform")
    yield h
    h.stop()
