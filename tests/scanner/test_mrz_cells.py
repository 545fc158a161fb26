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
