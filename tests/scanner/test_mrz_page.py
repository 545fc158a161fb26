"""The fast MRZ path: the band located inside a detected page, read cell by cell
(devices/scanner/mrz_cells.py) or, failing that, one tesseract call per try (real
tesseract), whatever way up the document lies. The pages are set in OCR-B, as real
documents are; tests of the tesseract path switch the cell reader off."""

import cv2
import numpy as np
import pytest

import devices.scanner.mrz as mrz_mod
from devices.scanner.detect import detect_page
from devices.scanner.mrz import find_band, parse_lines, read_mrz_in_page
from mrzsynth import TD1, TD3, passport_page


def _photo(page, size=(1600, 1000), seed=0):
    rng = np.random.default_rng(seed)
    h, w = page.shape[:2]
    W, H = size
    s = 0.75 * min(W / w, H / h)
    c = np.array([W / 2, H / 2])
    dst = (np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2 * s + c + rng.normal(0, 12, (4, 2))).astype(np.float32)
    M = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), dst)
    img = cv2.warpPerspective(page, M, (W, H), borderValue=(60, 70, 80))
    noisy = img.astype(np.float32) + rng.normal(0, 3, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8), dst


@pytest.fixture
def ocr_calls(monkeypatch):
    calls = []
    real = mrz_mod._ocr

    def counting(grey, tesseract=mrz_mod.TESSERACT):
        calls.append(grey.shape)
        return real(grey, tesseract)
    monkeypatch.setattr(mrz_mod, "_ocr", counting)
    return calls


@pytest.fixture
def tesseract_only(monkeypatch):
    """The MRZ read by tesseract alone (the fallback when the cells do not read)."""
    monkeypatch.setattr(mrz_mod, "_read_by_pitch", lambda page, band: None)


def test_band_is_the_bottom_lines():
    td3 = cv2.cvtColor(passport_page(TD3, 1250, seed=1), cv2.COLOR_BGR2GRAY)
    b = find_band(td3)
    assert b is not None and b.lines == 2
    x, y, w, h = b.box
    assert y > 0.6 * td3.shape[0] and w > 0.85 * td3.shape[1]
    td1 = cv2.cvtColor(passport_page(TD1, 1000, seed=1), cv2.COLOR_BGR2GRAY)
    b1 = find_band(td1)
    assert b1 is not None and b1.lines == 3
    assert find_band(np.full((400, 600), 230, np.uint8)) is None


def test_photo_with_detected_corners_reads_without_tesseract(ocr_calls):
    img, _ = _photo(passport_page(TD3, 1400, seed=2))
    d = detect_page(img)
    assert d is not None
    m = read_mrz_in_page(img, d.quad)
    assert m is not None and m.lines == TD3 and m.bac_key_fields == ("L898902C3", "740812", "120415")
    assert ocr_calls == []                        # the cells read it: no tesseract call


def test_tesseract_gets_the_band_only_in_one_or_two_calls(ocr_calls, tesseract_only):
    img, _ = _photo(passport_page(TD3, 1400, seed=2, font="mono"))
    d = detect_page(img)
    assert d is not None
    m = read_mrz_in_page(img, d.quad)
    assert m is not None and m.lines == TD3 and m.bac_key_fields == ("L898902C3", "740812", "120415")
    assert 1 <= len(ocr_calls) <= 2
    # only the band went to tesseract: a strip, not the page
    h, w = ocr_calls[0]
    assert h < w / 4


@pytest.mark.parametrize("seed,detected", [
    (810084, [[83.7, 257.3], [732.1, 91.4], [826.5, 493.3], [200.3, 658.9]]),
    (810046, [[273.8, 135.8], [951.6, 213.9], [878.8, 690.6], [192.4, 534.8]])])
def test_the_desk_past_a_corner_placed_a_pixel_out_is_not_a_line_of_the_band(seed, detected):
    """Card photos (independent generator) with the corners the detector found, 1-2 px
    outside the card's bottom edge: the strip of desk along the straightened page's
    bottom is long and thin like a text line and became the band's last line, pushing
    out the first."""
    from scenes_independent import make_scene
    sc = make_scene(seed, paper="ID-1")
    page = mrz_mod._straighten(cv2.cvtColor(sc.image, cv2.COLOR_BGR2GRAY), detected)
    band = find_band(page)
    assert band is not None and band.lines == 3
    m = read_mrz_in_page(sc.image, detected, max_ocr=0)
    assert m is not None and m.lines == sc.mrz


def test_a_sliver_of_desk_down_the_page_side_is_not_part_of_a_line():
    """A passport photo (independent generator, 850067) with the corners the detector
    found, a tenth of a pixel from the true ones: the straightened page shows a 2 px
    sliver of desk down its left edge, which joined the MRZ's second line, made it
    taller and wider than the first, and no band was found."""
    from scenes_independent import make_scene
    sc = make_scene(850067, paper="passport")
    detected = [[165.4, 34.7], [868.3, 115.8], [776.7, 529.1], [172.6, 556.0]]
    page = mrz_mod._straighten(cv2.cvtColor(sc.image, cv2.COLOR_BGR2GRAY), detected)
    band = find_band(page)
    assert band is not None and band.lines == 2
    m = read_mrz_in_page(sc.image, detected, max_ocr=0)
    assert m is not None and m.lines == sc.mrz


@pytest.mark.parametrize("rot", [cv2.ROTATE_180, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE])
def test_any_way_up(rot):
    page = cv2.rotate(passport_page(TD3, 1300, seed=3), rot)
    m = read_mrz_in_page(page)                       # a page crop, no corners
    assert m is not None and m.lines == TD3


def test_card_crop_without_corners():
    m = read_mrz_in_page(passport_page(TD1, 1000, seed=4))
    assert m is not None and m.kind == "TD1" and m.lines == TD1


def test_no_mrz_costs_a_bounded_number_of_calls(ocr_calls):
    page = np.full((700, 1000, 3), 235, np.uint8)
    for k in range(12):                               # a paragraph: long even lines, no MRZ
        cv2.putText(page, "THE APPLICANT HEREBY DECLARES THAT 1234", (30, 60 + 50 * k),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.1, (20, 20, 20), 2, cv2.LINE_AA)
    assert read_mrz_in_page(page, max_ocr=3) is None
    assert len(ocr_calls) <= 3


def test_fillers_lost_at_a_line_end_are_restored_only_when_checks_pass():
    short = [TD1[0].rstrip("<") + "<<<<<", TD1[1], TD1[2]]      # tesseract dropped 10 fillers
    m = parse_lines(short)
    assert m is not None and m.lines == TD1
    wrong = [TD1[0].rstrip("<")[:-1] + "8<<<<<", TD1[1], TD1[2]]
    assert parse_lines(wrong) is None


def test_fillers_lost_inside_a_line_are_restored_only_when_checks_pass():
    l2 = TD3[1].replace("B<<<<<10", "B<<10")                  # three '<' of the personal number lost
    m = parse_lines([TD3[0].rstrip("<") + "<<<", l2])          # and most of the names line's fillers
    assert m is not None and m.lines == TD3
    assert parse_lines([TD3[0], TD3[1].replace("B<<<<<10", "B<<19")]) is None


def test_a_td2_is_not_stretched_into_a_td3():
    td2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
    assert parse_lines(td2).kind == "TD2"


def test_a_document_number_read_with_two_o_for_zero_is_taken_as_digits():
    """0698XMU03 read as O698XMUO3 passes every check digit (24 x (7 + 3) = 240); the
    all-digits reading is valid too and wins."""
    td1 = ["I<VNMO698XMUO37<<<<<<<<<<<<<<<", "5909050M2801256VNM<<<<<<<<<<<6", "NGUYEN<<LI<<<<<<<<<<<<<<<<<<<<"]
    m = parse_lines(td1)
    assert m is not None and m.document_number == "0698XMU03"
    assert m.lines[0] == "I<VNM0698XMU037<<<<<<<<<<<<<<<"


def test_a_shadow_across_the_band_is_read_with_a_local_threshold(tesseract_only):
    """A shadow darkens the left half of the page down to half its light: one threshold
    for the whole band (Otsu, the first pass) loses the strokes on one side; the second
    pass thresholds each neighbourhood on its own and reads every check digit."""
    from devices.scanner.mrz import OCR_PASSES
    page = passport_page(font="mono")
    h, w = page.shape[:2]
    gain = 1 - 0.65 * (1 - np.mgrid[0:h, 0:w][1].astype(np.float32) / w)
    shaded = np.clip(page.astype(np.float32) * gain[..., None], 0, 255).astype(np.uint8)
    assert OCR_PASSES[0][1] == "otsu" and OCR_PASSES[1][1] == "adaptive"
    assert read_mrz_in_page(shaded, max_ocr=1) is None
    m = read_mrz_in_page(shaded, max_ocr=2)
    assert m is not None and m.lines == TD3


def test_tightly_set_mrz_lines_are_one_band(monkeypatch):
    """A passport whose two MRZ lines sit barely more than a line height apart (blur
    fattens each line's blob to ~1.05 of the pitch), in a photo from the independent
    generator: the band is found and read with the true corners. With the old rule (lines
    at least 1.1 heights apart) there was no band at all."""
    import scenes_independent
    # (the scene as it was measured, its MRZ in a plain monospaced face: in OCR-B a
    # shadow over the line's end costs its last check digit)
    monkeypatch.setattr(scenes_independent, "_MONO_FONTS", scenes_independent._MONO_FONTS[1:])
    sc = scenes_independent.make_scene(840027, paper="passport")
    page = mrz_mod._straighten(cv2.cvtColor(sc.image, cv2.COLOR_BGR2GRAY), sc.corners)
    band = find_band(page)
    assert band is not None and band.lines == 2
    m = read_mrz_in_page(sc.image, sc.corners)
    assert m is not None and m.lines[1] == sc.mrz[1]          # the line with every check digit
    monkeypatch.setattr(mrz_mod, "MIN_PITCH", 1.1)
    assert find_band(page) is None
