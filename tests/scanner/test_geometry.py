import numpy as np
import pytest

from devices.scanner.geometry import is_convex, jaccard, order_quad, parse_corners, polygon_area


def test_order_quad_clockwise_from_top_left_whatever_the_input_order():
    q = [[100, 10], [10, 100], [110, 110], [0, 0]]
    assert order_quad(q).tolist() == [[0, 0], [100, 10], [110, 110], [10, 100]]


def test_jaccard_exact_for_convex_quads():
    a = [[0, 0], [10, 0], [10, 10], [0, 10]]
    b = [[5, 0], [15, 0], [15, 10], [5, 10]]
    assert jaccard(a, a) == pytest.approx(1.0)
    assert jaccard(a, b) == pytest.approx(50 / 150)
    assert jaccard(a, [[20, 20], [30, 20], [30, 30], [20, 30]]) == 0.0


def test_jaccard_non_convex_by_raster():
    a = [[0, 0], [100, 0], [100, 100], [0, 100]]
    dart = [[0, 0], [100, 0], [50, 50], [0, 100]]   # non-convex
    assert not is_convex(dart)
    assert jaccard(a, dart) == pytest.approx(polygon_area(dart) / 10000, abs=0.02)


def test_parse_corners():
    q = parse_corners("10,10, 200,12, 210,300, 5,290")
    assert q[0].tolist() == [10, 10]
    with pytest.raises(ValueError):
        parse_corners("1,2,3")
    with pytest.raises(ValueError):
        parse_corners("0,0,0,0,0,0,0,0")
    assert np.isfinite(q).all()
