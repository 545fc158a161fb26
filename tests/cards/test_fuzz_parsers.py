"""Hostile bytes: every parser gives a result or one of our typed errors, never another
exception, never a hang (hypothesis; each example must finish within the deadline)."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from devices.cards import bac, ga467, lds, passive_auth as pa, tlv
from devices.cards.errors import CardError
from devices.cards.sample import SPECIMEN_TD3
from kiosk.errors import KioskError

FUZZ = settings(max_examples=300, deadline=500, suppress_health_check=[HealthCheck.too_slow])


def _walk(items, depth=0):
    for t in items:
        if t.constructed and depth < 8:
            _walk(t.children(), depth + 1)


def tlv_like():
    """Bytes that look like TLV often enough to reach deep code paths."""
    leaf = st.builds(lambda tag, v: tlv.encode(tag, v), st.sampled_from([0x5F1F, 0x5C, 0x80, 0x5F2E, 0x02, 0x04]),
                     st.binary(max_size=40))
    node = st.recursive(leaf, lambda kids: st.builds(
        lambda tag, parts: tlv.encode(tag, b"".join(parts)),
        st.sampled_from([0x60, 0x61, 0x75, 0x7F61, 0x7F60, 0x6B, 0x6C, 0xA0, 0x77, 0x30, 0xA1]),
        st.lists(kids, max_size=4)), max_leaves=10)

    def mutate(data, cut, flip, pos):
        b = bytearray(data[:max(0, len(data) - cut)])
        if b and flip:
            b[pos % len(b)] ^= flip
        return bytes(b)
    return st.one_of(st.binary(max_size=300),
                     st.builds(mutate, node, st.integers(0, 5), st.integers(0, 255), st.integers(0, 10_000)))


@FUZZ
@given(tlv_like())
def test_tlv_parser(data):
    try:
        _walk(tlv.parse(data))
        tlv.header_length(data)
    except CardError:
        pass


@FUZZ
@given(tlv_like())
@pytest.mark.parametrize("parser", [lds.parse_com, lds.parse_dg1, lds.parse_dg11, lds.parse_dg12, lds.parse_dg2])
def test_lds_parsers(parser, data):
    try:
        parser(data)
    except KioskError:
        pass


@FUZZ
@given(st.binary(min_size=0, max_size=400))
def test_dg2_not_an_image(payload):
    raw = lds.build_dg2(b"\xff\xd8\xff" + payload, "jpeg", 1, 1)
    try:
        lds.parse_dg2(raw)
    except CardError as e:
        assert "DG2" in str(e)


_GOOD_SOD = None


def good_sod():
    global _GOOD_SOD
    if _GOOD_SOD is None:
        import tempfile
        from devices.cards import pki
        d = tempfile.mkdtemp()
        c, k = pki.make_csca(d + "/csca")
        dc, dk = pki.make_dsc(c, k, d + "/ds")
        _GOOD_SOD = pki.build_sod({1: lds.build_dg1(SPECIMEN_TD3)}, dc, dk)
    return _GOOD_SOD


@FUZZ
@given(st.integers(0, 2000), st.integers(1, 255), st.integers(0, 50))
def test_sod_parser_and_verdict_on_mutated_sod(pos, flip, cut):
    b = bytearray(good_sod())
    b[pos % len(b)] ^= flip
    data = bytes(b[:len(b) - cut])
    try:
        pa.parse_sod(data)
    except CardError:
        pass
    v = pa.passive_authenticate(data, {1: lds.build_dg1(SPECIMEN_TD3)}, pa.CscaStore())
    assert not v.chain_ok  # empty trust store: never trusted


@FUZZ
@given(st.lists(st.binary(max_size=60), max_size=6), st.booleans())
def test_ga467_decoder_in_pieces(pieces, with_good):
    dec = ga467.FrameDecoder()
    if with_good:
        pieces = pieces + [ga467.encode_response(0x90, b"x" * 30)]
    got = []
    for p in pieces:
        try:
            got += list(dec.feed(p))
        except CardError:
            pass
    assert len(dec.buf) <= sum(map(len, pieces)) + 1


@FUZZ
@given(st.binary(max_size=2400), st.booleans())
def test_ga467_base_reply(data, fp):
    try:
        text, photo, fingerprint = ga467.split_base_reply(data, fp)
        ga467.parse_base_info(text, photo, fingerprint)
    except KioskError:
        pass


@FUZZ
@given(st.binary(min_size=256, max_size=256))
def test_ga467_text_block(text):
    try:
        ga467.parse_base_info(text)
    except KioskError:
        pass


@FUZZ
@given(st.binary(max_size=80), st.integers(0, 0xFFFF))
def test_sm_unwrap_of_garbage(resp, sw):
    sm = bac.SecureMessaging(bytes(16), bytes(range(16)), bytes(8))
    try:
        sm.unwrap(resp, sw)
    except CardError:
        pass


@FUZZ
@given(st.binary(max_size=60))
def test_simulated_chip_survives_any_apdu(apdu):
    from devices.cards.sim_icao import EmrtdCard
    card = EmrtdCard({0x0101: lds.build_dg1(SPECIMEN_TD3)}, "L898902C<369080619406236")
    r = card.process(apdu)
    assert len(r) >= 2


@FUZZ
@given(tlv_like())
def test_card_access_parser(data):
    from devices.cards import pace
    try:
        pace.parse_card_access(data)
    except CardError:
        pass


@FUZZ
@given(st.lists(st.binary(max_size=80), max_size=6))
def test_pace_chip_survives_any_sequence(apdus):
    from devices.cards.sim_icao import EmrtdCard
    card = EmrtdCard({0x0101: lds.build_dg1(SPECIMEN_TD3)}, "L898902C<369080619406236",
                     card_access=bytes.fromhex("31143012060A04007F0007020204020202010202010D"))
    prefix = [bytes.fromhex("0022C1A40F800A04007F00070202040202830101"), bytes.fromhex("10860000027C0000")]
    for apdu in prefix + apdus:
        assert len(card.process(apdu)) >= 2


@FUZZ
@given(st.binary(max_size=140))
def test_ec_point_decoding(data):
    from devices.cards.ec import CURVES
    try:
        CURVES[13].decode(data)
    except CardError:
        pass


@FUZZ
@given(st.binary(max_size=40))
def test_pace_chip_set_at_with_garbage(data):
    from devices.cards.sim_icao import EmrtdCard
    card = EmrtdCard({}, "L898902C<369080619406236",
                     card_access=bytes.fromhex("31143012060A04007F0007020204020202010202010D"))
    r = card.process(bytes([0x00, 0x22, 0xC1, 0xA4, len(data)]) + data)
    assert r[-2:] in (b"\x90\x00", b"\x6A\x80", b"\x6F\x00")
