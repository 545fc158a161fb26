"""The MRZ read cell by cell at its fixed pitch (devices/scanner/mrz_cells.py), on pages
set in OCR-B as real documents are: what it reads, where tesseract alone does not, and
the checks that keep a misread from passing."""

import cv2
import numpy as np
import pytest

import devices.scanner.mrz as mrz_mod
from devices.scanner import mrz_cells
from devices.scanner.mrz import Band, parse_lines, read_mrz_in_page
from mrzsynth import TD1, TD3, passport_page

TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
MM = {44: 125.0, 36: 105.0, 30: 85.6}      # page widths: passport, TD2, card


def _at(lines, px_per_mm, seed=0, font="ocr-b"):
    """The page as a camera at px_per_mm sees it: optics blur, downscale, sensor noise."""
    big = passport_page(lines, width=1600, seed=seed, font=font)
    w = int(px_per_mm * MM[len(lines[0])])
    h = int(big.shape[0] * w / big.shape[1])
    img = cv2.resize(cv2.GaussianBlur(big, (0, 0), 0.6 * 1600 / w), (w, h), interpolation=cv2.INTER_AREA)
    noisy = img + np.random.default_rng(seed).normal(0, 3, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


@pytest.fixture
def no_tesseract(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("tesseract was called")
    monkeypatch.setattr(mrz_mod, "_ocr", refuse)


@pytest.mark.parametrize("lines", [TD3, TD1, TD2], ids=["TD3", "TD1", "TD2"])
@pytest.mark.parametrize("ppm", [5, 7, 10])
def test_ocr_b_zones_are_read_whole_without_tesseract(no_tesseract, lines, ppm):
    for seed in range(2):
        m = read_mrz_in_page(_at(lines, ppm, seed), max_ocr=0)
        assert m is not None and m.lines == list(lines), (ppm, seed)


def test_a_monospaced_face_is_read_too(no_tesseract):
    for lines in (TD3, TD1):
        m = read_mrz_in_page(_at(lines, 7, font="mono"), max_ocr=0)
        assert m is not None and m.lines == list(lines)


def test_tesseract_alone_misreads_ocr_b_cards(monkeypatch):
    """Why the cell reader exists: tesseract's English model reads OCR-B's filler as K,
    S, E or X and inserts letters into filler runs; a card's composite check then fails
    (measured: 0-2 of 6 OCR-B cards read at 4-10 px/mm, independent photos 4 of 60)."""
    monkeypatch.setattr(mrz_mod, "_read_by_pitch", lambda page, band: None)
    reads = [read_mrz_in_page(_at(TD1, ppm, seed)) for ppm in (6, 8) for seed in range(2)]
    assert sum(m is not None and m.lines == TD1 for m in reads) <= 1


def test_junk_beside_the_text_is_not_read_as_a_character(no_tesseract):
    """A dark mark just left of the first line (a photo's edge, a pen stroke): the grid
    ends at the last glyph instead of starting at the mark."""
    page = passport_page(TD3, width=1250, seed=1)
    band = mrz_mod.find_band(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))
    x, y, w, h = band.box
    cv2.rectangle(page, (x + 2, y + h // 8), (x + 8, y + h // 2), (30, 30, 30), -1)
    m = read_mrz_in_page(page, max_ocr=0)
    assert m is not None and m.lines == TD3


@pytest.mark.parametrize("seed", [810001, 810053, 850063])
def test_coarse_photos_of_a_passport_are_read(no_tesseract, seed):
    """Independent generated photos at 4-5 px/mm (a kiosk's document camera over an A4
    tray): glyphs blurred over 2-3 px, which the sharp glyphs took for heavier ones (H
    for M, G for Q), and, in 850063, a birth date's 77 read as ZZ, which the parser
    turned into a 22 that passed every check digit. Read with the glyphs also blurred,
    each position's own characters, and no tesseract."""
    from scenes_independent import make_scene
    sc = make_scene(seed, paper="passport")
    m = read_mrz_in_page(sc.image, sc.corners, max_ocr=0)
    assert m is not None and m.bac_key_fields == parse_lines(sc.mrz).bac_key_fields


def test_a_line_of_fillers_is_read_on_the_grid_of_the_line_that_fits_best(no_tesseract):
    """Corners as the detector placed them, half a pixel out of the true ones (independent
    photo 810035): the name line, mostly fillers, had its grid two cells early (KKP<ESP..);
    ICAO sets both lines from one margin at one pitch, so it is also read on the
    document-number line's grid."""
    from scenes_independent import make_scene
    sc = make_scene(810035, paper="passport")
    detected = [[728.2, 288.1], [1332.2, 354.0], [1271.1, 755.5], [693.2, 737.5]]
    m = read_mrz_in_page(sc.image, detected, max_ocr=0)
    assert m is not None and m.lines == sc.mrz


@pytest.mark.parametrize("seed,paper,detected", [
    (850022, "ID-1", [[151.4, 445.9], [861.2, 163.3], [1036.1, 611.4], [328.6, 898.2]]),
    (850041, "passport", [[362.4, 216.9], [1013.7, 380.2], [910.8, 851.3], [245.2, 691.4]])])
def test_a_page_straightened_in_a_slightly_wrong_perspective_is_read(no_tesseract, seed, paper, detected):
    """Independent photos with the detector's corners, one of them 5-12 px off the true
    one: the straightened band's characters are a little wider at one end than at the
    other, and an even grid put the cells of one end across two glyphs (a card's
    first line ending <<<466, a passport's starting TXIJC). The grid's pitch may change
    evenly along the line."""
    from scenes_independent import make_scene
    sc = make_scene(seed, paper=paper)
    m = read_mrz_in_page(sc.image, detected, max_ocr=0)
    assert m is not None and m.lines == sc.mrz


def _sloping(lines, px_per_mm, drop):
    """A page photographed at px_per_mm with its MRZ sloping: the right end `drop`
    character heights lower than the left (what a corner placed a few px off leaves)."""
    img = _at(lines, px_per_mm)
    h, w = img.shape[:2]
    char_h = 1.4 * w / len(lines[0])
    return cv2.warpAffine(img, np.float32([[1, 0, 0], [drop * char_h / w, 1, 0]]), (w, h),
                          borderMode=cv2.BORDER_REPLICATE)


@pytest.mark.parametrize("lines", [TD3, TD1], ids=["TD3", "TD1"])
@pytest.mark.parametrize("drop", [0.3, 0.5, -0.5])
def test_a_sloping_band_is_levelled_before_its_lines_are_cut(no_tesseract, lines, drop):
    """Rows measured straight across a band that slopes by a third of a character
    height or more cut the ends of its lines; the band is sheared level first."""
    m = read_mrz_in_page(_sloping(lines, 8, drop), max_ocr=0)
    assert m is not None and m.lines == lines


def test_a_level_band_is_left_as_it_is():
    ink = np.zeros((120, 900), np.float32)
    ink[20:50, 10:890:20] = 1.0
    ink[70:100, 10:890:20] = 1.0
    assert mrz_cells._level(ink, mrz_cells._strokes(ink), 30.0, [(20, 50), (70, 100)]) is ink


@pytest.mark.parametrize("bend", [-1 / 16, -1 / 25, 1 / 25])
def test_a_grid_whose_pitch_changes_along_the_line_is_found(bend):
    """Glyph-like blobs 34 px apart at one end of a line, 30 at the other (or 33 and 31):
    the grid found puts every boundary within a tenth of a cell of theirs, where an
    even grid across the same ends is 10-15 px off mid-line and cuts glyphs."""
    n = 30
    k = np.arange(n + 1, dtype=np.float64)
    edges = 40 + 32 * k + bend * 32 * k * (k - n) / n
    line = np.zeros((40, int(edges[-1]) + 60), np.float32)
    for a, b in zip(edges[:-1], edges[1:]):
        w = b - a
        line[8:32, int(a + 0.15 * w):int(b - 0.15 * w)] = 1.0
    left, pitch, bend_found = mrz_cells._cells(line, n)
    found = mrz_cells._cell_edges(left, pitch, bend_found, n)
    assert np.sign(bend_found) == np.sign(bend)
    assert np.abs(found - edges).max() < 0.1 * 32


def test_a_key_of_mostly_close_calls_is_not_read(no_tesseract):
    """Independent photo 810021 at 4.3 px/mm with corners 5 % off (the detector's): 14
    of the key's 24 cells were close calls, and a reading with two errors that cancel
    (T read as 1 and 0 as O in the document number) passed every check digit. With more
    than half the key's cells unsure, no reading is offered."""
    from scenes_independent import make_scene
    sc = make_scene(810021, paper="passport")
    detected = [[324.3, 488.8], [757.2, 478.7], [793.8, 875.8], [283.1, 794.0]]
    m = read_mrz_in_page(sc.image, detected, max_ocr=0)
    assert m is None or m.bac_key_fields == parse_lines(sc.mrz).bac_key_fields


def test_each_position_is_read_as_what_icao_allows_there(no_tesseract):
    """A Z printed in a birth date and a zero in a name: the cells read a digit and a
    letter, whichever of those fits best (the parser's own Z -> 2 guess is tesseract's
    repair, not the cells')."""
    lines = [TD3[0].replace("ERIKSSON", "ERIKSS0N"), TD3[1][:14] + "Z" + TD3[1][15:]]
    grey = cv2.cvtColor(passport_page(lines, width=1250), cv2.COLOR_BGR2GRAY)
    band = mrz_mod.find_band(grey)
    x, y, w, h = band.box
    (_, best), *_ = mrz_cells.read_band_lines(grey[y:y + h, x:x + w], band.lines, band.char_h)
    i = TD3[0].index("ERIKSSON") + 6
    assert best[0][i].isalpha() and best[0][:i] + best[0][i + 1:] == TD3[0][:i] + TD3[0][i + 1:]
    assert best[1][14].isdigit() and best[1][:14] + best[1][15:] == TD3[1][:14] + TD3[1][15:]


def test_a_close_check_digit_twin_is_always_offered():
    """G (16), Q (26) and 6 weigh the same in every check digit: a G whose Q came close
    must give the Q reading too, however many cells were closer, so that the agreement
    rule can refuse the frame (an independent photo read 6UCG as 6UCQ, twin 0.011
    behind, with three closer cells)."""
    close = [(0.01, 1, "I"), (0.02, 2, "Z"), (0.03, 3, "S"), (0.5, 0, "C")]
    readings = [t for _, t in mrz_cells._variants("G125", close, [(0.04, 0, "Q"), (0.3, 1, "B")])]
    assert "Q125" in readings and not any(t.startswith("GB") for t in readings)
    assert [t for _, t in mrz_cells._variants("G125", close, [(0.2, 0, "Q")])] == \
        [t for _, t in mrz_cells._variants("G125", close)]


def test_two_readings_that_pass_with_different_keys_read_nothing(monkeypatch):
    """8 read as B at check weights 3 and 7 adds 30: the document number's check digit
    and the composite still pass. When such a reading is nearly as likely as the other,
    the frame reads nothing; when it is clearly less likely, the likelier one stands."""
    wrong = [TD3[0], TD3[1].replace("L898902C3", "LB9B902C3")]
    assert parse_lines(wrong) is not None                   # the check digits cannot tell
    band = Band((0, 0, 10, 10), 2, 5.0, 1.0)
    page = np.zeros((10, 10), np.uint8)
    monkeypatch.setattr(mrz_cells, "read_band_lines", lambda *a, **k: [(0.0, wrong), (0.03, list(TD3))])
    assert mrz_mod._read_by_pitch(page, band) is None
    monkeypatch.setattr(mrz_cells, "read_band_lines", lambda *a, **k: [(0.0, list(TD3)), (0.5, wrong)])
    m = mrz_mod._read_by_pitch(page, band)
    assert m is not None and m.document_number == "L898902C3"


def test_letters_after_the_name_fillers_mean_a_misread_line(monkeypatch):
    garbled = [TD3[0][:-6] + "SSSSSF", TD3[1]]
    assert parse_lines(garbled) is not None                  # names have no check digit
    band = Band((0, 0, 10, 10), 2, 5.0, 1.0)
    monkeypatch.setattr(mrz_cells, "read_band_lines", lambda *a, **k: [(0.0, garbled)])
    assert mrz_mod._read_by_pitch(np.zeros((10, 10), np.uint8), band) is None


def test_without_glyph_fonts_the_cells_step_aside(monkeypatch):
    """No font on the machine (fonts-ocr-b missing): no reading, tesseract's turn."""
    monkeypatch.setattr(mrz_cells, "GLYPH_FONTS", ("/nonexistent/font.otf",))
    mrz_cells.templates.cache_clear()
    try:
        band = mrz_mod.find_band(cv2.cvtColor(passport_page(TD3, 1250), cv2.COLOR_BGR2GRAY))
        assert mrz_cells.read_band_lines(np.zeros((50, 400), np.uint8), 2, 10.0) == []
        m = read_mrz_in_page(passport_page(TD3, 1250, font="mono"))
        assert band is not None and m is not None and m.lines == TD3        # tesseract read it
    finally:
        mrz_cells.templates.cache_clear()
