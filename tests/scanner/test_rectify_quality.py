import cv2
import numpy as np
import pytest

from devices.scanner.quality import Thresholds, assess, blur_amount, calibrate_blur
from devices.scanner.rectify import effective_dpi, output_size, rectify
from docsynth import _make_page

A4_QUAD = np.array([[100, 50], [520, 60], [530, 650], [90, 640]], float)


def _page(seed=0, w=800):
    return _make_page(np.random.default_rng(seed), w, int(w * 1.414), (235, 235, 235))


def test_output_size_follows_paper_and_orientation():
    assert output_size(A4_QUAD, "A4", 200) == (1654, 2339)
    landscape = A4_QUAD[:, ::-1].copy()
    from devices.scanner.geometry import order_quad
    assert output_size(order_quad(landscape), "A4", 200) == (2339, 1654)
    assert output_size(A4_QUAD, "ID-1", 300) == (638, 1011)
    w, h = output_size(A4_QUAD, "free")
    assert 400 < w < 450 and 570 < h < 610


def test_rectify_modes():
    img = np.full((700, 640, 3), 60, np.uint8)
    cv2.fillPoly(img, [A4_QUAD.astype(np.int32)], (230, 230, 230))
    col = rectify(img, A4_QUAD, paper="A4", dpi=100)
    assert col.shape == (1169, 827, 3) and col[500, 400].mean() > 200
    assert rectify(img, A4_QUAD, paper="A4", dpi=100, mode="grey").ndim == 2
    bw = rectify(img, A4_QUAD, paper="A4", dpi=100, mode="bw")
    assert set(np.unique(bw)) <= {0, 255}
    flat = rectify(img, A4_QUAD, dpi=100, mode="flat")
    assert flat.shape == col.shape


def test_shadow_flattening_evens_out_the_paper():
    page = _page(1).astype(np.float32)
    ramp = np.linspace(0.45, 1.0, page.shape[1])[None, :, None]
    shaded = np.clip(page * ramp, 0, 255).astype(np.uint8)
    from devices.scanner.rectify import flatten_shadows
    flat = flatten_shadows(shaded)
    paper = cv2.cvtColor(_page(1), cv2.COLOR_BGR2GRAY) > 200
    g0 = cv2.cvtColor(shaded, cv2.COLOR_BGR2GRAY)[paper]
    g1 = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY)[paper]
    assert np.std(g1) < 0.35 * np.std(g0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_blur_measure_is_content_and_noise_robust(seed):
    rng = np.random.default_rng(seed)
    g = cv2.cvtColor(_page(seed, 800), cv2.COLOR_BGR2GRAY).astype(np.float32)
    vals = {}
    for sigma in (0, 1.5, 3):
        for noise in (0, 8, 16):
            im = cv2.GaussianBlur(g, (0, 0), sigma) if sigma else g
            im = np.clip(im + rng.standard_normal(im.shape) * noise, 0, 255).astype(np.uint8)
            vals[sigma, noise] = blur_amount(im)
    # noise barely moves it; blur moves it a lot; the default threshold splits sharp/soft
    for sigma in (0, 1.5, 3):
        assert max(vals[sigma, n] for n in (0, 8, 16)) - min(vals[sigma, n] for n in (0, 8, 16)) < 0.04
    assert max(vals[0, n] for n in (0, 8, 16)) < 0.1
    assert min(vals[3, n] for n in (0, 8, 16)) > Thresholds().blur
    assert vals[0, 16] < vals[1.5, 16] < vals[3, 16]


def _scene(page, quad, size=(1280, 960)):
    img = np.full((size[1], size[0], 3), 70, np.uint8)
    h, w = page.shape[:2]
    M = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(quad))
    warped = cv2.warpPerspective(page, M, size)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), M, size)
    img[mask > 0] = warped[mask > 0]
    return img


def test_quality_codes():
    quad = np.array([[300, 60], [960, 70], [970, 900], [290, 890]], float)
    img = _scene(_page(3, 900), quad, (1280, 960))
    good = assess(img, quad, paper="free")
    assert good.ok and good.problems == [] and good.dpi is None
    # A4 at ~70 dpi: blocked; ID-1 card at the same size: plenty
    assert "low_dpi" in assess(img, quad, paper="A4").problems
    assert assess(img, quad, paper="ID-1").dpi > 200
    # a corner on the frame edge
    cut = quad.copy(); cut[0] = [0, 40]
    assert "page_cut" in assess(img, cut, paper="free").problems
    small = np.array([[600, 400], [700, 400], [700, 520], [600, 520]], float)
    assert "page_small" in assess(img, small, paper="free").problems
    blurred = cv2.GaussianBlur(img, (0, 0), 4)
    q = assess(blurred, quad, paper="free")
    assert "blurry" in q.problems and not q.ok
    glare = img.copy()
    cv2.ellipse(glare, (600, 450), (120, 60), 0, 0, 360, (255, 255, 255), -1)
    q = assess(glare, quad, paper="free")
    assert "glare" in q.problems and q.glare > 0.01
    assert q.as_dict().keys() == {"ok", "problems", "blur", "glare", "dpi"}


def test_dpi_warning_does_not_block():
    quad = np.array([[10, 10], [10 + 1400, 10], [10 + 1400, 10 + 1980], [10, 10 + 1980]], float)  # A4 ~ 170 dpi
    assert 160 < effective_dpi(quad, "A4") < 175
    img = _scene(_page(4, 1400), quad, (1500, 2050))
    q = assess(img, quad, paper="A4")
    assert q.ok and q.problems == ["dpi_warn"]


def test_calibrate_blur_from_good_captures():
    quad = np.array([[300, 60], [960, 70], [970, 900], [290, 890]], float)
    samples = [(_scene(_page(s, 900), quad), quad) for s in range(3)]
    t = calibrate_blur(samples)
    assert 0.05 < t < 0.4
    blurred = cv2.GaussianBlur(samples[0][0], (0, 0), 2.5)
    th = Thresholds(blur=t)
    assert "blurry" in assess(blurred, quad, paper="free", thresholds=th).problems
    assert assess(samples[1][0], quad, paper="free", thresholds=th).ok


def test_a_card_is_not_too_small_where_a_sheet_would_be():
    """A card under a document camera framed for A4 covers a few per cent of the frame:
    'page_small' for a sheet, but for the ID-1 format the share scales with its area
    (a card's resolution is the DPI check's business)."""
    H, W = 2448, 3264
    quad = np.array([[1200, 900], [2060, 900], [2060, 1442], [1200, 1442]], float)   # 860x542: 5.8 %
    img = _scene(_page(5, 860), quad, (W, H))
    card = assess(img, quad, paper="ID-1")
    assert "page_small" not in card.problems and card.ok and card.dpi > 250, card.as_dict()
    assert "page_small" in assess(img, quad, paper="A4").problems
    assert "page_small" in assess(img, quad, paper="free").problems
    tiny = np.array([[1500, 1100], [1700, 1100], [1700, 1226], [1500, 1226]], float)  # 0.3 %: too small even as a card
    assert {"page_small", "low_dpi"} <= set(assess(img, tiny, paper="ID-1").problems)
