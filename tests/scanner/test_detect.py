"""Page detection accuracy on generated photos (held-out seeds: the detector's few
weights were chosen on seeds 0-299, 10000-10199, 20000-20199 and 40000-40199; these
seeds were never looked at while tuning), plus small drawn scenes for the region
contrast that tells a page's border from lines drawn on a page or a desk.
Thresholds are the measured levels minus a margin; `tests/bench/bench_scanner.py`
prints the full figures."""

import cv2
import numpy as np
import pytest

from devices.scanner.detect import detect_classic, detect_page
from devices.scanner.geometry import jaccard
from docsynth import make_empty_scene, make_scene


def _run(seeds, hard):
    ours, classic = [], []
    for s in seeds:
        sc = make_scene(s, hard=hard)
        d = detect_page(sc.image)
        c = detect_classic(sc.image)
        ours.append(jaccard(d.quad, sc.quad) if d else 0.0)
        classic.append(jaccard(c.quad, sc.quad) if c else 0.0)
    return np.array(ours), np.array(classic)


def test_ordinary_scenes_are_found_precisely():
    ours, classic = _run(range(5000, 5020), hard=False)
    assert ours.mean() >= 0.985 and ours.min() >= 0.95
    # where the classic recipe already breaks down on these, we do not
    assert (classic < 0.6).sum() >= 3 and ours[classic < 0.6].mean() >= 0.97


def test_hard_scenes_beat_the_classic_recipe_by_far():
    ours, classic = _run(range(6000, 6030), hard=True)
    assert ours.mean() >= 0.80                      # measured 0.844 (see bench for details)
    assert ours.mean() >= classic.mean() + 0.45     # classic: 0.21
    assert (ours > 0.95).sum() >= 17                 # measured 19 of 30


def test_empty_frames_give_no_page():
    found = [detect_page(make_empty_scene(s)) for s in range(7000, 7020)]
    assert sum(d is None for d in found) >= 17       # measured 19 of 20 (the rest: rectangles in clutter)


def test_corners_are_in_the_original_pixels_and_ordered():
    sc = make_scene(5003, hard=False)
    big = cv2.resize(sc.image, (2592, 1944), interpolation=cv2.INTER_CUBIC)
    d = detect_page(big)
    assert jaccard(d.quad, sc.quad * 2592 / 1280) > 0.97
    q = d.quad
    assert np.argmin(q.sum(1)) == 0
    e1, e2 = q[1] - q[0], q[2] - q[1]
    cross = e1[0] * e2[1] - e1[1] * e2[0]
    assert cross > 0                                  # clockwise on screen (y down)


def test_tracking_prior_keeps_the_page():
    sc = make_scene(5007, hard=False)
    d = detect_page(sc.image, prior=sc.quad + 3)
    assert jaccard(d.quad, sc.quad) > 0.97


@pytest.mark.parametrize("shape", [(10, 10, 3), (480, 640), (480, 640, 4), (1, 1, 3)])
def test_odd_inputs_do_not_crash(shape):
    img = np.full(shape, 100, np.uint8)
    assert detect_page(img) is None


def _flat_scene():
    """A white page on a grey desk with a dark frame drawn 40 px inside its border,
    next to a patch of grid-ruled desk (drawn lines, no region change)."""
    img = np.full((480, 640, 3), 120, np.uint8)
    cv2.rectangle(img, (100, 80), (400, 420), (235, 235, 235), -1)
    cv2.rectangle(img, (140, 120), (360, 380), (30, 30, 30), 2)
    for x in range(430, 640, 30):
        cv2.line(img, (x, 0), (x, 479), (60, 60, 200), 2)
    for y in range(0, 480, 30):
        cv2.line(img, (430, y), (639, y), (60, 60, 200), 2)
    return img


def test_region_contrast_tells_a_border_from_a_drawn_line():
    from devices.scanner import detect as D
    F = D._Features(_flat_scene())
    quads = D._order_many(np.array([
        [[100, 80], [400, 80], [400, 420], [100, 420]],     # the page's border
        [[140, 120], [360, 120], [360, 380], [140, 380]],   # the frame drawn on it
        [[460, 60], [610, 60], [610, 420], [460, 420]],     # four grid lines on the desk
    ], np.float64))
    c = D._side_contrast(F, quads)
    assert c[0] > 3 * D.CONTRAST_GATE
    assert c[1] < D.CONTRAST_GATE and c[2] < D.CONTRAST_GATE


def test_page_with_a_drawn_frame_is_found_at_its_border():
    img = _flat_scene()
    d = detect_page(img)
    assert d is not None
    assert jaccard(d.quad, [[100, 80], [400, 80], [400, 420], [100, 420]]) > 0.95


def test_a_ruled_desk_without_a_page_gives_no_page():
    img = np.full((480, 640, 3), 200, np.uint8)
    for x in range(7, 640, 40):
        cv2.line(img, (x, 0), (x, 479), (90, 140, 60), 2)
    for y in range(11, 480, 40):
        cv2.line(img, (0, y), (639, y), (90, 140, 60), 2)
    assert detect_page(img) is None


def test_extra_backgrounds_render_without_changing_the_default_scenes():
    from docsynth import EXTRA_BACKGROUNDS
    plain = make_scene(5003, hard=False)
    kinds = set()
    for s in range(97000, 97006):
        sc = make_scene(s, backgrounds=EXTRA_BACKGROUNDS)
        kinds.add(sc.params["background"])
        assert sc.image.shape == (960, 1280, 3) and sc.quad.shape == (4, 2)
    assert kinds <= set(EXTRA_BACKGROUNDS) and len(kinds) >= 2
    assert np.array_equal(make_scene(5003, hard=False).image, plain.image)


def test_signed_region_contrast_cancels_along_checker_lines():
    """A line between checker squares has a big colour change at every point, but its
    sign flips from square to square: the signed (median vector) contrast cancels."""
    from devices.scanner import detect as D
    y, x = np.mgrid[0:480, 0:640]
    img = np.where((((x // 40) + (y // 40)) % 2 == 0)[..., None], 60, 190).astype(np.uint8).repeat(3, axis=2)
    cv2.rectangle(img, (250, 130), (450, 400), (235, 235, 235), -1)           # a page
    F = D._Features(img)
    quads = D._order_many(np.array([
        [[250, 130], [450, 130], [450, 400], [250, 400]],     # the page's border
        [[40, 40], [200, 40], [200, 440], [40, 440]],         # four checker lines
    ], np.float64))
    c = D._side_contrast(F, quads)
    assert c[0] > 3 * D.CONTRAST_GATE and c[1] < D.CONTRAST_GATE


def test_lsd_lines_join_a_border_broken_by_a_finger():
    from devices.scanner.lines import merged_lines, segments
    img = np.full((240, 320), 90, np.uint8)
    cv2.rectangle(img, (60, 40), (260, 200), 220, -1)
    cv2.rectangle(img, (150, 190), (175, 239), 150, -1)     # a finger over the bottom side
    lines = merged_lines(segments(img), 0.3 * 240, 16)
    bottom = [(r, t) for r, t in lines if abs(t - np.pi / 2) < 0.05 and abs(abs(r) - 200) < 3]
    assert bottom, lines


def test_page_on_a_printed_desk_is_found_by_its_blank_margin():
    """Newspaper under the page, same paper colour: the border is where the print stops."""
    rng = np.random.default_rng(3)
    img = np.full((480, 640, 3), 215, np.uint8)
    for yy in range(0, 480, 9):                                  # the newspaper's lines of print
        x = 0
        while x < 640:
            wlen = int(rng.integers(10, 50))
            cv2.rectangle(img, (x, yy), (x + wlen, yy + 4), (70, 70, 70), -1)
            x += wlen + 6
    page = np.array([[170, 90], [470, 110], [455, 420], [160, 400]], np.int32)
    cv2.fillPoly(img, [page], (215, 215, 215))
    inner = np.array([[200, 130], [440, 146], [428, 380], [192, 366]], np.int32)
    m = np.zeros(img.shape[:2], np.uint8)
    cv2.fillPoly(m, [inner], 1)
    for yy in range(135, 380, 12):                               # the page's own text, inside a margin
        row = np.zeros_like(m)
        cv2.rectangle(row, (150, yy), (480, yy + 4), 1, -1)
        img[(row & m) > 0] = (60, 60, 60)
    img = cv2.GaussianBlur(img, (3, 3), 0)
    d = detect_page(img)
    assert d is not None and jaccard(d.quad, page.astype(np.float64)) > 0.9


def test_the_finer_retry_is_judged_on_both_scales():
    """A doubtful frame is searched again at 480 px. Its answer's score comes from
    sharper edges than the first answer's, so the two are compared on both images, not
    score against score. Tuning seed 40110: the first answer is the page (J 0.96); the
    retry's, which only looked better on its own image, gave J 0.89."""
    import devices.scanner.detect as detect_module
    sc = make_scene(40110)
    dbg: dict = {}
    first = detect_page(sc.image, _deep=True, _debug=dbg)        # the 320 px search alone
    assert first is not None and jaccard(first.quad, sc.quad) > 0.95
    assert first.score < detect_module.RETRY_SCORE                # doubtful: the retry runs
    d = detect_page(sc.image)
    assert jaccard(d.quad, sc.quad) > 0.95


def test_the_answer_is_polished_onto_the_page_border_not_a_desk_line_beside_it():
    """A page on a ruled desk, a faint printed line 7 px outside each border. A quad
    that is already close must end on the page's own border, the strongest step there;
    the outermost clear step within reach -- the search's rule, right while a side may
    still sit on a form's frame inside the page -- is the desk's line."""
    from devices.scanner.detect import Detection, _polish, _refine
    from devices.scanner.geometry import order_quad
    rng = np.random.default_rng(5)
    img = np.full((960, 1280, 3), 170, np.float32)
    x0, y0, x1, y1 = 300, 200, 980, 760
    for x in (x0 - 7, x1 + 7):
        img[:, x - 1:x + 2] = 145                         # darker by 25: a step of the page's sign
    for y in (y0 - 7, y1 + 7):
        img[y - 1:y + 2, :] = 145
    img[y0:y1, x0:x1] = 210                               # the page: brighter by 40
    img = cv2.GaussianBlur(img, (0, 0), 1.2) + rng.normal(0, 2.0, img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    truth = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64) - 0.5
    near = truth + [[-3, -3], [3, -3], [3, 3], [-3, 3]]  # under a detection pixel off, outward
    outermost, _ = _refine(img, near, 10.0, n_pts=32)
    assert jaccard(order_quad(outermost), truth) < 0.975  # on the desk's lines
    d = _polish(img, Detection(near.copy(), 0.8, "test", 0.0, {}), 4, 0.0)
    assert np.abs(d.quad - truth).max() < 1.0


def _drawn_page(page: np.ndarray, corners, desk, seed: int = 3) -> np.ndarray:
    """`page` (float BGR) laid on `desk` (a colour or a float image) at `corners`, a
    little blur and sensor noise."""
    rng = np.random.default_rng(seed)
    ph, pw = page.shape[:2]
    M = cv2.getPerspectiveTransform(np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]]), np.float32(corners))
    img = np.empty((960, 1280, 3), np.float32)
    img[:] = desk
    warped = cv2.warpPerspective(page, M, (1280, 960))
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), M, (1280, 960))[..., None]
    img = cv2.GaussianBlur(img * (1 - mask) + warped * mask, (0, 0), 1.0) + rng.normal(0, 2.0, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def _printed_page(rng, band=None) -> np.ndarray:
    page = np.full((800, 600, 3), 218, np.float32)
    if band is not None:
        page[:90] = band                                  # printed to the very edge
    for y in range(160, 720, 28):                         # text lines
        page[y:y + 8, 60:60 + int(rng.integers(250, 480))] = 70
    return page


@pytest.mark.parametrize("band, desk", [((90, 130, 100), 100), ((100, 120, 110), 120), ((110, 110, 150), 120)])
def test_a_full_bleed_header_band_is_part_of_the_page(monkeypatch, band, desk):
    """A form's coloured header printed to the edge, on a desk of about its lightness:
    the band's lower edge (white against a saturated colour) is the strongest step, and
    the score alone takes it for the top of the page. The page's sides run on past it
    to the band's top edge, where they stop; the answer must include the band."""
    import devices.scanner.detect as detect_module
    corners = [[420, 120], [900, 160], [860, 830], [380, 790]]
    img = _drawn_page(_printed_page(np.random.default_rng(3), band), corners, desk)
    monkeypatch.setattr(detect_module, "EXTEND", False)
    d = detect_page(img)
    assert d is not None and jaccard(d.quad, corners) < 0.95     # the band left out
    monkeypatch.setattr(detect_module, "EXTEND", True)
    d = detect_page(img)
    assert d is not None and jaccard(d.quad, corners) > 0.98


def test_a_page_on_a_runner_of_its_width_is_not_stretched_along_it():
    """A page lying on a long strip of paper as wide as itself: its sides run on past
    its corners (the strip's edges) but nothing stops them before the frame's edge.
    The page stays the page."""
    desk = np.full((960, 1280, 3), 95, np.float32)
    corners = np.array([[440, 200], [900, 200], [900, 780], [440, 780]], np.float64)
    desk[:, 440:900] = 170                                # the runner, top to bottom
    img = _drawn_page(_printed_page(np.random.default_rng(4)), corners, desk)
    d = detect_page(img)
    assert d is not None and jaccard(d.quad, corners) > 0.97


@pytest.mark.parametrize("source,seed", [("independent", 720084), ("independent", 780031), ("docsynth", 93014),
                                         ("independent", 780120), ("docsynth", 93130)])
def test_a_border_is_not_moved_to_a_shadow_or_the_sheet_beneath(source, seed):
    """The outward look for a border beyond the winner (a form's frame inside the page
    can hold it) took a page's own border out to the rim of its drop shadow or to the
    edge of the sheet beneath (J 0.83, 0.94, 0.93), and so did the local search that
    slides the winner's sides (0.87, 0.91). Both now keep a moved side only when it
    separates two regions at least as well as before."""
    if source == "docsynth":
        sc = make_scene(seed)
        truth = sc.quad
    else:
        from scenes_independent import make_scene as make_independent
        sc = make_independent(seed)
        truth = sc.corners
    d = detect_page(sc.image)
    assert d is not None and jaccard(d.quad, truth) >= 0.97


def test_a_page_border_is_still_found_outside_a_form_frame():
    """A drawn frame inside the page separates paper from paper; the border outside it
    separates paper from desk: the grown quad wins."""
    import devices.scanner.detect as D
    img = np.full((240, 320, 3), (60, 90, 120), np.uint8)                 # a wooden desk
    cv2.rectangle(img, (60, 40), (260, 200), (235, 235, 235), -1)         # the page
    cv2.rectangle(img, (72, 52), (248, 188), (40, 40, 40), 2)             # a form's frame
    F = D._Features(img)
    inner = np.array([[72, 52], [248, 52], [248, 188], [72, 188]], np.float64)
    outer = np.array([[60, 40], [259, 40], [259, 199], [60, 199]], np.float64)
    assert D._separates_as_well(F, inner, outer, D.GROW_CONTRAST)
    assert not D._separates_as_well(F, outer, outer + [[-8, -8], [8, -8], [8, 8], [-8, 8]], D.GROW_CONTRAST)
