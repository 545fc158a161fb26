"""Identity validators: GB 11643, ICAO 9303 MRZ (published specimens), mobile numbers,
the Identity type's masking, and the `kiosk identity` commands."""

import json
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.identity import (Identity, RuleError, check_char, check_digit, format_td1, format_td2, format_td3,
                            is_valid_resident_id, parse_mobile, parse_mrz, parse_resident_id)
from kiosk.identity.gb11643 import PROVINCES

TODAY = date(2026, 11, 27)

# ---- GB 11643 -------------------------------------------------------------------------


@pytest.mark.parametrize("number,check", [("11010519491231002X", "X"), ("440524188001010014", "4"),
                                          ("360426199101010071", "1")])
def test_published_check_characters(number, check):
    assert check_char(number[:17]) == check
    rid = parse_resident_id(number, today=TODAY)
    assert rid.number == number and not rid.legacy_15


def test_lowercase_x_spaces_and_sex():
    rid = parse_resident_id("110105 19491231 002x", today=TODAY)
    assert rid.number == "11010519491231002X"
    assert rid.sex == "F" and rid.birth_date == date(1949, 12, 31) and rid.province[1] == "Beijing"


def test_legacy_15_upgrades_to_18():
    rid = parse_resident_id("110105491231002", today=TODAY)
    assert rid.legacy_15 and rid.number == "11010519491231002X"


@pytest.mark.parametrize("number,rule", [
    ("110101197608056896", "gb11643.check_digit"),   # published bad example: should end in 7
    ("11010519490231002X", "gb11643.birth_date"),    # 31 February... well, 31st of month 02
    ("110105194902300027", "gb11643.birth_date"),    # 30 February
    ("110105209912310023", "gb11643.birth_date"),    # born in 2099
    ("990105194912310021", "gb11643.address_code"),  # no province 99
    ("110000194912310021", "gb11643.address_code"),  # a province, not a county
    ("1101051949123100", "gb11643.format"),
    ("11010519491231002Y", "gb11643.format"),
    ("", "gb11643.format"),
    ("110105491331002", "gb11643.birth_date"),       # 15-digit, month 13
])
def test_rejections_name_the_rule_and_not_the_number(number, rule):
    with pytest.raises(RuleError) as ei:
        parse_resident_id(number, today=TODAY)
    assert ei.value.rule == rule
    if number:
        assert number not in str(ei.value) and number[6:14] not in str(ei.value)


def _valid_ids():
    provinces = sorted(p for p in PROVINCES)

    @st.composite
    def build(draw):
        prov = draw(st.sampled_from(provinces))
        rest = draw(st.integers(101, 9999))
        born = draw(st.dates(date(1900, 1, 1), TODAY))
        seq = draw(st.integers(0, 999))
        body = f"{prov}{rest:04d}{born:%Y%m%d}{seq:03d}"
        return body + check_char(body)
    return build()


@settings(max_examples=300, deadline=None)
@given(_valid_ids())
def test_property_generated_numbers_are_valid(number):
    assert parse_resident_id(number, today=TODAY).number == number


@settings(max_examples=300, deadline=None)
@given(_valid_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_property_any_single_substitution_is_rejected(number, pos, ch):
    if number[pos] == ch or (ch == "X" and pos != 17):
        return
    mutated = number[:pos] + ch + number[pos + 1:]
    assert not is_valid_resident_id(mutated, today=TODAY)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=25))
def test_property_garbage_never_crashes(text):
    try:
        parse_resident_id(text, today=TODAY)
    except RuleError as e:
        assert e.rule.startswith("gb11643.")


# ---- MRZ: ICAO specimens ----------------------------------------------------------------

TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]


def test_check_digit_worked_examples():
    assert check_digit("520727") == "3"
    assert check_digit("D23145890734") == "9"
    assert check_digit("D23145890") == "7"


def test_td3_specimen():
    m = parse_mrz(TD3, today=TODAY)
    assert (m.format, m.document_code, m.issuing_state, m.document_number) == ("TD3", "P", "UTO", "L898902C3")
    assert (m.surname, m.given_names, m.sex) == ("ERIKSSON", "ANNA MARIA", "F")
    assert m.birth_date == date(1974, 8, 12) and m.expiry_date == date(2012, 4, 15)
    assert m.optional_data == "ZE184226B"
    assert "L898902C3" not in repr(m)


def test_td3_bac_example_line():
    m = parse_mrz([TD3[0], "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"], today=TODAY)
    assert m.document_number == "L898902C" and m.birth_date == date(1969, 8, 6) and m.expiry_date == date(1994, 6, 23)


def test_td1_and_td2_specimens():
    for lines in (TD1, TD2, "\n".join(TD1)):
        m = parse_mrz(lines, today=TODAY)
        assert m.document_number == "D23145890" and m.nationality == "UTO" and m.surname == "ERIKSSON"


def test_long_document_number_td1_td2():
    kw = dict(document_number="D23145890734", birth_date=date(1974, 8, 12), expiry_date=date(2032, 4, 15),
              surname="ERIKSSON", given_names="ANNA MARIA")
    l1 = format_td1(**kw)
    assert l1[0] == "I<UTOD23145890<7349<<<<<<<<<<<"
    assert parse_mrz(l1, today=TODAY).document_number == "D23145890734"
    assert parse_mrz(format_td2(**kw), today=TODAY).document_number == "D23145890734"
    bad = l1[0][:18] + "8" + l1[0][19:]  # wrong check digit of the long number
    with pytest.raises(RuleError) as ei:
        parse_mrz([bad, l1[1], l1[2]], today=TODAY)
    assert ei.value.rule == "mrz.document_number_check"


def _replace(lines, line, pos, ch):
    out = list(lines)
    out[line] = out[line][:pos] + ch + out[line][pos + 1:]
    return out


@pytest.mark.parametrize("lines,rule", [
    (_replace(TD3, 1, 9, "5"), "mrz.document_number_check"),
    (_replace(TD3, 1, 19, "3"), "mrz.birth_date_check"),
    (_replace(TD3, 1, 27, "0"), "mrz.expiry_date_check"),
    (_replace(TD3, 1, 42, "2"), "mrz.personal_number_check"),
    (_replace(TD3, 1, 43, "1"), "mrz.composite_check"),
    (_replace(TD1, 1, 29, "5"), "mrz.composite_check"),
    (_replace(TD2, 1, 35, "5"), "mrz.composite_check"),
    ([TD3[0], TD3[1][:-1]], "mrz.line_length"),
    ([TD3[0]], "mrz.line_count"),
    (_replace(TD3, 0, 7, "é"), "mrz.alphabet"),
    (_replace(TD3, 0, 7, "-"), "mrz.alphabet"),
])
def test_mrz_rejections(lines, rule):
    with pytest.raises(RuleError) as ei:
        parse_mrz(lines, today=TODAY)
    assert ei.value.rule == rule
    assert "L898902C3" not in str(ei.value) and "ERIKSSON" not in str(ei.value)


def test_mrz_impossible_date_with_valid_check_digits():
    lines = format_td3(document_number="X1234567", birth_date=date(1980, 1, 1), expiry_date=date(2030, 1, 1),
                       surname="TEST")
    # Rewrite the birth date to 800231 and recompute every check digit so only the date is wrong.
    l2 = lines[1][:13] + "800231" + check_digit("800231") + lines[1][20:43]
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    with pytest.raises(RuleError) as ei:
        parse_mrz([lines[0], l2], today=TODAY)
    assert ei.value.rule == "mrz.birth_date"


names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=10)
docnums = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=9)
longnums = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=10, max_size=13)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([format_td1, format_td2, format_td3]), docnums | longnums, names, names,
       st.dates(date(1930, 1, 1), date(2025, 12, 31)), st.dates(date(2027, 1, 1), date(2060, 12, 31)),
       st.sampled_from("MFX"))
def test_property_mrz_roundtrip(fmt, number, surname, given_name, born, expires, sex):
    if fmt is format_td3 and len(number) > 9:
        number = number[:9]
    lines = fmt(document_number=number, birth_date=born, expiry_date=expires, surname=surname,
                given_names=given_name, sex=sex)
    m = parse_mrz(lines, today=TODAY)
    assert (m.document_number, m.surname, m.given_names, m.birth_date, m.expiry_date, m.sex) == \
        (number, surname, given_name, born, expires, sex)
    assert parse_mrz(lines, today=TODAY, strict_layout=True) == m      # a well-formed zone has the shapes


def test_a_zone_ocr_shifted_by_one_character_is_refused_for_ocr_input():
    """Photo 810032 of the independent generator: tesseract read an extra I at the start of
    a card's first line, the line was cut back to 30, and every check digit still passed,
    giving a wrong document number (BAC would fail on it). Read from a camera, the fields'
    shapes are checked too: a state code cannot start with a filler."""
    true = ["I<D<<6GFB33NP00<<<<<<<<<<<<<<<", "4607175F3407091D<<<<<<<<<<<<<0", "ERIKSSON<<PIOTR<<<<<<<<<<<<<<<"]
    shifted = ["II<D<<6GFB33NP00<<<<<<<<<<<<<<"] + true[1:]
    assert parse_mrz(shifted, today=TODAY).document_number == "6GFB33NP"        # the check digits pass
    with pytest.raises(RuleError) as e:
        parse_mrz(shifted, today=TODAY, strict_layout=True)
    assert e.value.rule == "mrz.issuing_state"
    assert parse_mrz(true, today=TODAY, strict_layout=True).document_number == "6GFB33NP0"
    for lines in (TD1, TD2, TD3):                                                # ICAO's specimens
        parse_mrz(lines, today=TODAY, strict_layout=True)
    for bad, rule in (([TD3[0][:2] + "<UT" + TD3[0][5:], TD3[1]], "mrz.issuing_state"),
                      ([TD3[0], TD3[1][:10] + "U<O" + TD3[1][13:]], "mrz.nationality"),
                      ([TD3[0][:5] + "<" + TD3[0][6:], TD3[1]], "mrz.name")):
        with pytest.raises(RuleError) as e:
            parse_mrz(bad, today=TODAY, strict_layout=True)
        assert e.value.rule == rule
        parse_mrz(bad, today=TODAY)                     # a chip's or typed zone is not held to it
    # a document number with a filler inside, its check digits recomputed so they pass
    l2 = "L8<98902C" + TD3[1][9:]
    l2 = l2[:9] + check_digit(l2[:9]) + l2[10:43]
    l2 += check_digit(l2[0:10] + l2[13:20] + l2[21:43])
    parse_mrz([TD3[0], l2], today=TODAY)
    with pytest.raises(RuleError) as e:
        parse_mrz([TD3[0], l2], today=TODAY, strict_layout=True)
    assert e.value.rule == "mrz.document_number"


def test_an_ocr_zone_must_name_a_state_icao_knows():
    """Independent photo 810082: a cell reader misaligned on a card's first line read
    "I<LSPD1HJD7P1W0..." and every check digit passed (the composite too, by chance).
    LSP is no state: refused for OCR input; a chip's zone is not held to the list."""
    from kiosk.identity.countries import MRZ_STATES
    assert {"CHN", "D", "UTO", "GBD", "XXA", "UNO", "RKS", "EUE"} <= MRZ_STATES and "LSP" not in MRZ_STATES
    lines = format_td1(document_number="D1HJD7P1W", birth_date=date(1943, 12, 1), expiry_date=date(2034, 1, 1),
                       surname="GARCIA", issuing_state="LSP", nationality="ESP")
    parse_mrz(lines, today=TODAY)
    with pytest.raises(RuleError) as e:
        parse_mrz(lines, today=TODAY, strict_layout=True)
    assert e.value.rule == "mrz.issuing_state"
    lines = format_td1(document_number="D1HJD7P1W", birth_date=date(1943, 12, 1), expiry_date=date(2034, 1, 1),
                       surname="GARCIA", issuing_state="ESP", nationality="QQQ")
    with pytest.raises(RuleError) as e:
        parse_mrz(lines, today=TODAY, strict_layout=True)
    assert e.value.rule == "mrz.nationality"


@settings(max_examples=200, deadline=None)
@given(st.dates(date(1930, 1, 1), date(2025, 12, 31)), st.integers(0, 5), st.integers(1, 9))
def test_property_any_changed_birth_digit_is_caught(born, pos, delta):
    lines = format_td3(document_number="L898902C3", birth_date=born, expiry_date=date(2030, 1, 1), surname="X")
    i = 13 + pos
    new = str((int(lines[1][i]) + delta) % 10)
    with pytest.raises(RuleError):
        parse_mrz(_replace(lines, 1, i, new), today=TODAY)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=50), max_size=4))
def test_property_mrz_garbage_never_crashes(lines):
    try:
        parse_mrz(lines, today=TODAY)
    except RuleError as e:
        assert e.rule.startswith("mrz.")


# ---- mobile numbers ------------------------------------------------------------------

def test_mobile_numbers():
    assert parse_mobile("+86 138-0013-8000") == "13800138000"
    assert parse_mobile("008619912345678") == "19912345678"
    for bad, rule in [("1380013800", "mobile.format"), ("23800138000", "mobile.format"),
                      ("12000138000", "mobile.segment"), ("19412345678", "mobile.segment")]:
        with pytest.raises(RuleError) as ei:
            parse_mobile(bad)
        assert ei.value.rule == rule and bad not in str(ei.value)


# ---- Identity --------------------------------------------------------------------------

def test_identity_masks_and_roundtrips():
    ident = Identity.from_dict({"source": "ga467", "verification": "chip_signature_valid",
                                "id_number": "11010519491231002X", "name_zh": "张三丰",
                                "address": "北京市朝阳区某街1号", "expiry_date": "2030-01-01"}, today=TODAY)
    assert ident.birth_date == date(1949, 12, 31) and ident.sex == "F"
    assert ident.document_type == "resident_id" and ident.document_number == "11010519491231002X"
    for text in (repr(ident), str(ident), json.dumps(ident.to_public_dict(), ensure_ascii=False)):
        assert "11010519491231002X" not in text and "张三丰" not in text and "某街" not in text
    assert Identity.from_dict(ident.to_dict(), today=TODAY) == ident
    assert ident.prefill_values()["name"] == "张三丰"
    assert ident.lookup_key() == "CN-RIC:11010519491231002X"


def test_identity_from_mrz_and_dishonest_levels():
    ident = parse_mrz(TD3, today=TODAY).to_identity()
    assert ident.source == "mrz" and ident.verification == "checksums_only" and ident.document_type == "passport"
    assert ident.lookup_key() == "UTO:passport:L898902C3"
    with pytest.raises(Exception):
        Identity(source="typed", verification="chip_signature_valid", id_number="x")
    with pytest.raises(RuleError) as ei:
        Identity.typed(id_number="110101197608056896")
    assert ei.value.rule == "gb11643.check_digit"
    with pytest.raises(Exception, match="unknown field"):
        Identity.from_dict({"source": "typed", "verification": "typed", "id_number": "11010519491231002X",
                            "shoe_size": "42"})


# ---- CLI -------------------------------------------------------------------------------

def _kiosk(kiosk_env, *args):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=kiosk_env["env"],
                          capture_output=True, text=True, timeout=60)


def test_cli_check_and_mrz(kiosk_env):
    r = _kiosk(kiosk_env, "identity", "check", "11010519491231002X", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["number"] == "1101**********002X"
    r = _kiosk(kiosk_env, "identity", "check", "110101197608056896")
    assert r.returncode == 2 and "gb11643.check_digit" in r.stderr and "110101197608056896" not in r.stderr
    r = _kiosk(kiosk_env, "identity", "mrz", *TD1, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["format"] == "TD1"
    r = _kiosk(kiosk_env, "identity", "mrz", TD3[0], TD3[1][:-1] + "9", "--json")
    assert r.returncode == 2 and json.loads(r.stdout)["rule"] == "mrz.composite_check"


def test_identity_file_contradicting_the_id_number():
    base = {"source": "typed", "verification": "typed", "id_number": "11010519491231002X"}
    with pytest.raises(RuleError) as ei:
        Identity.from_dict({**base, "sex": "M"}, today=TODAY)
    assert ei.value.rule == "identity.sex_mismatch"
    with pytest.raises(RuleError) as ei:
        Identity.from_dict({**base, "birth_date": "1950-01-01"}, today=TODAY)
    assert ei.value.rule == "identity.birth_date_mismatch"
    with pytest.raises(Exception, match="ISO date"):
        Identity.from_dict({**base, "expiry_date": "31/12/2030"}, today=TODAY)


def test_uscc_and_case_number_check_vectors(kiosk_env):
    from kiosk.cases import iso7064_mod37_36
    from kiosk.identity.uscc import parse_uscc
    assert iso7064_mod37_36("A12425GABC1234002") == "M"  # python-stdnum's ISO 7064 MOD 37,36 example
    assert parse_uscc("91350100m000100y43") == "91350100M000100Y43"
    for bad, rule in [("91350100M000100Y44", "uscc.check_digit"), ("91350100M000100I43", "uscc.format")]:
        with pytest.raises(RuleError) as ei:
            parse_uscc(bad)
        assert ei.value.rule == rule
    r = _kiosk(kiosk_env, "identity", "check", "91350100M000100Y43", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["kind"] == "uscc"
    r = _kiosk(kiosk_env, "identity", "check", "13800138000", "--json")
    assert json.loads(r.stdout)["number"] == "138****8000"
    r = _kiosk(kiosk_env, "identity", "mrz", TD3[0], TD3[1].lower().replace("<", "-"), "--json")
    assert r.returncode == 2 and json.loads(r.stdout)["rule"] == "mrz.alphabet"


def test_ocr_look_alikes_in_digit_positions_are_repaired_only_on_request():
    ocr = [TD3[0], TD3[1][:13] + "74O8I2Z" + TD3[1][20:]]   # 7408122 read as 74O8I2Z
    with pytest.raises(RuleError):
        parse_mrz(ocr, today=TODAY)
    assert parse_mrz(ocr, today=TODAY, fix_ocr=True).birth_date == date(1974, 8, 12)
    td1 = [TD1[0], "74O8122F12O4159UTO<<<<<<<<<<<6", TD1[2]]
    assert parse_mrz(td1, today=TODAY, fix_ocr=True).expiry_date == date(2012, 4, 15)
    # Letters in the document number are real letters: not touched.
    assert parse_mrz(TD3, today=TODAY, fix_ocr=True).document_number == "L898902C3"


def test_non_ascii_digits_are_not_digits():
    with pytest.raises(RuleError) as ei:
        parse_resident_id("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", today=TODAY)   # Arabic-Indic digits
    assert ei.value.rule == "gb11643.format"
    with pytest.raises(RuleError) as ei:
        parse_mrz(["²"], today=TODAY)
    assert ei.value.rule == "mrz.alphabet"
    with pytest.raises(RuleError):
        parse_mobile("١٣٨٠٠١٣٨٠٠٠")
    # Full-width digits from a Chinese input method are ordinary digits.
    assert parse_mobile("１３８００１３８０００") == "13800138000"
    assert parse_resident_id("１１０１０５１９４９１２３１００２ｘ", today=TODAY).number == "11010519491231002X"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["source", "verification", "id_number", "document_number", "document_type",
                                        "sex", "birth_date", "expiry_date", "long_term", "name_zh", "read_at",
                                        "photo_b64", "nation", "x"]),
                       st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                                 st.sampled_from(["typed", "mrz", "chip", "checksums_only", "typed", "M", "F",
                                                  "11010519491231002X", "2030-01-01", "passport"])),
                       max_size=8))
def test_property_identity_files_fail_cleanly(d):
    from kiosk.errors import InputError
    try:
        ident = Identity.from_dict(d, today=TODAY)
    except InputError as e:
        assert "\n" not in str(e) and "11010519491231002X" not in str(e)
    else:
        assert "11010519491231002X" not in repr(ident)
        assert Identity.from_dict(ident.to_dict(), today=TODAY) == ident


def test_hong_kong_macao_taiwan_residence_permit_numbers_are_valid():
    from kiosk.identity import check_char, parse_resident_id
    for prefix in ("810000", "820000", "830000"):
        body = prefix + "19900101123"
        parsed = parse_resident_id(body + check_char(body))
        assert parsed.birth_date.year == 1990
    with pytest.raises(RuleError, match="address code"):
        body = "840000" + "19900101123"
        parse_resident_id(body + check_char(body))
