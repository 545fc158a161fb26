"""Physical sizes from the panel's DPI (pure arithmetic, no Qt)."""

import pytest

from ui.metrics import compute_sizes, mm_to_px, px_to_mm, sane_dpi


@pytest.mark.parametrize("dpi", [72, 96, 100, 160, 220])
@pytest.mark.parametrize("cap_ratio", [0.70, 0.733])
def test_touch_targets_and_cap_height_meet_the_minimums(dpi, cap_ratio):
    s = compute_sizes(dpi, cap_ratio)
    assert px_to_mm(s.touch, dpi) >= 15.0
    assert px_to_mm(s.touch_min, dpi) >= 12.0
    assert px_to_mm(s.font * cap_ratio, dpi) >= 4.8
    assert s.cap_mm >= 4.8
    large = compute_sizes(dpi, cap_ratio, large=True)
    assert large.font > s.font and large.touch >= s.touch


def test_dpi_sanity():
    assert sane_dpi(0.0) == 96.0                 # a panel that reports nothing
    assert sane_dpi(2000.0) == 96.0              # a broken EDID
    assert sane_dpi(93.0) == 93.0
    assert sane_dpi(93.0, configured=120.0) == 120.0
    assert round(mm_to_px(25.4, 100)) == 100
