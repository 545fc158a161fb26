import cv2
import numpy as np
import pytest

from devices.scanner.codes import read_codes
from devices.scanner.mrz import MrzVoter, check_digit, parse_lines, read_mrz
from mrzsynth import TD1, TD3, passport_page, photo_of

TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]


def test_icao_check_digit_examples():
    assert check_digit("520727") == 3            # ICAO 9303-3 worked example
    assert check_digit("L898902C3") == 6
    assert check_digit("ZE184226B<<<<<") == 1
    with pytest.raises(ValueError):
        check_digit("ab")


@pytest.mark.parametrize("lines,kind", [(TD3, "TD3"), (TD2, "TD2"), (TD1, "TD1")])
def test_specimens_parse(lines, kind):
    m = parse_lines(["some header text", *lines])
    assert m.kind == kind and m.birth_date == "740812" and m.expiry_date == "120415"
    assert m.nationality == "UTO" and m.surname == "ERIKSSON" and m.given_names == "ANNA MARIA"
    assert m.document_number in ("L898902C3", "D23145890")
    assert m.data.format == kind and m.data.document_number == m.document_number   # the core agrees


@pytest.mark.parametrize("pos", [0, 13, 21, 43])
def test_any_wrong_digit_is_refused(pos):
    l2 = TD3[1]
    c = l2[pos]
    bad = "9" if c != "9" else "8"
    assert parse_lines([TD3[0], l2[:pos] + bad + l2[pos + 1:]]) is None


def test_ocr_confusions_are_repaired_only_when_checks_pass():
    # O for 0 in the dates, 7 for Z in the personal number, K for fillers
    l2 = "L898902C36UTO74O8122F12O4159ZE184226B<<<<<10".replace("ZE", "7E")
    m = parse_lines(["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<KK<<<<<<<", l2])
    assert m is not None and m.lines == TD3


@pytest.mark.parametrize("lines,width", [(TD3, 1250), (TD1, 1000)])
def test_read_mrz_from_a_rendered_page_with_tesseract(lines, width):
    img = passport_page(lines, width, seed=3)
    m = read_mrz(img)
    assert m is not None and m.lines == lines
    assert m.bac_key_fields == ((("L898902C3") if lines is TD3 else "D23145890"), "740812", "120415")


def test_read_mrz_from_a_photo_of_the_page():
    page = passport_page(TD3, 1250, seed=5)
    h, w = page.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[120, 90], [1180, 60], [1220, 820], [90, 850]])
    photo = cv2.warpPerspective(page, cv2.getPerspectiveTransform(src, dst), (1300, 920), borderValue=(60, 50, 40))
    from devices.scanner.detect import detect_page
    from devices.scanner.rectify import rectify
    d = detect_page(photo)
    assert d is not None
    m = read_mrz(rectify(photo, d.quad, paper="free"))
    assert m is not None and m.lines == TD3


def test_read_mrz_from_a_whole_tilted_photo_reads_the_names_too():
    """The page tilted on a desk in a 2592x1944 frame: tesseract on the whole frame as a
    page read the band's name line with a filler as K (ANNAKMARIA), which no check digit
    covers; the cells on the page detection finds come first and read every line."""
    img, _ = photo_of(passport_page(TD3, 2073, seed=5), (2592, 1944), 0.8, seed=2592)
    m = read_mrz(img)
    assert m is not None and m.lines == TD3


def test_no_mrz_on_a_plain_page():
    img = np.full((600, 900, 3), 240, np.uint8)
    cv2.putText(img, "HELLO WORLD 123", (50, 300), cv2.FONT_HERSHEY_SIMPLEX, 2, (0, 0, 0), 3)
    assert read_mrz(img) is None


def test_voter_needs_two_agreeing_frames():
    v = MrzVoter()
    a = parse_lines(TD3)
    assert v.add(None) is None and v.add(a) is None
    got = v.add(parse_lines(TD3))
    assert got is not None and got.frames == 2


def test_qr_code_from_a_phone_screen_photo():
    import qrcode
    qr = qrcode.QRCode(border=4, box_size=8)
    qr.add_data("SD-APPT-20261127-0042")
    qr.make()
    code = np.array(qr.make_image().convert("L"), dtype=np.uint8)
    img = np.full((720, 960, 3), 90, np.uint8)
    code = cv2.resize(code, (300, 300), interpolation=cv2.INTER_NEAREST)
    img[200:500, 300:600] = code[..., None]
    img = cv2.GaussianBlur(img, (3, 3), 0)
    codes = read_codes(img)
    assert [c.text for c in codes] == ["SD-APPT-20261127-0042"]
    assert codes[0].format.lower().startswith("qr")
    assert read_codes(np.full((100, 100, 3), 128, np.uint8)) == []
