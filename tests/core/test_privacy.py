"""Masking helpers and the log filter that masks ID numbers and MRZ lines."""

import logging

from hypothesis import given, strategies as st

from kiosk.privacy import PersonalDataFilter, mask_id, mask_name, scrub


def test_mask_id_keeps_four_and_four():
    assert mask_id("11010519491231002X") == "1101**********002X"
    assert mask_id("E12345678") == "E123*5678"
    assert mask_id("") == ""


def test_mask_name():
    assert mask_name("张三丰") == "张**"
    assert mask_name("ZHANG SANFENG") == "Z**** S******"


def test_scrub_masks_ids_and_mrz_lines():
    text = "read 11010519491231002X and 110105491231002 ok; P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    out = scrub(text)
    assert "11010519491231002X" not in out and "1101**********002X" in out
    assert "110105491231002" not in out
    assert "ERIKSSON" not in out


@given(st.from_regex(r"[1-9]\d{16}[\dX]", fullmatch=True))
def test_scrub_never_leaves_an_18_char_id(number):
    assert number not in scrub(f"id={number};")


def test_filter_masks_formatted_messages_and_tracebacks(tmp_path):
    logger = logging.getLogger("t.privacy")
    h = logging.FileHandler(tmp_path / "l.log")
    h.addFilter(PersonalDataFilter())
    logger.addHandler(h)
    logger.warning("citizen %s", "11010519491231002X")
    try:
        raise ValueError("bad 11010519491231002X")
    except ValueError:
        logger.exception("oops")
    h.close()
    text = (tmp_path / "l.log").read_text()
    assert "11010519491231002X" not in text and "1101**********002X" in text
