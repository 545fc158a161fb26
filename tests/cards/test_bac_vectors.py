"""ICAO 9303 Part 11 Appendix D worked example, byte for byte (randomness injected)."""

import pytest

from devices.cards import bac
from devices.cards.errors import AccessDenied, SecureMessagingError
from devices.cards.transport import ScriptedTransport

H = bytes.fromhex
MRZ_INFO = "L898902C<369080619406236"


def fixed_rng(*chunks):
    it = iter(chunks)
    return lambda n: (lambda b: b if len(b) == n else pytest.fail(f"rng asked {n} bytes"))(next(it))


def test_check_digits_and_mrz_information():
    assert bac.check_digit("L898902C<") == "3"
    assert bac.check_digit("690806") == "1"
    assert bac.check_digit("940623") == "6"
    assert bac.mrz_information("L898902C", "690806", "940623") == MRZ_INFO
    assert bac.check_digit("D23145890734") == "9"


def test_key_derivation_d2():
    k_enc, k_mac = bac.bac_keys(MRZ_INFO)
    assert k_enc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert k_mac == H("7962D9ECE03D1ACD4C76089DCE131543")
    seed = H("0036D272F5C350ACAC50C3F572D23600")
    assert bac.kdf(seed, 1) == H("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert bac.kdf(seed, 2) == H("F1CB1F1FB5ADF208806B89DC579DC1F8")


def test_mac_of_e_ifd():
    _, k_mac = bac.bac_keys(MRZ_INFO)
    e_ifd = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
    assert bac.mac(k_mac, e_ifd) == H("5F1448EEA8AD90A7")


EXT_AUTH = H("0082000028" "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
             "5F1448EEA8AD90A7" "28")
EXT_RESP = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F" "2F2D235D074D7449" "9000")
RND_IFD, K_IFD = H("781723860C06C226"), H("0B795240CB7049B01C19B33E32804F0B")

TRANSCRIPT = [
    (H("0084000008"), H("4608F91988702212" "9000")),
    (EXT_AUTH, EXT_RESP),
    (H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"), H("990290008E08FA855A5D4C50A8ED9000")),
    (H("0CB000000D9701048E08ED6705417E96BA5500"), H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")),
    (H("0CB000040D9701128E082EA28A70F3C7B53500"),
     H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")),
]


def test_terminal_side_reproduces_appendix_d_transcript():
    t = ScriptedTransport(TRANSCRIPT)
    sm = bac.bac_authenticate(t.transmit, MRZ_INFO, rng=fixed_rng(RND_IFD, K_IFD))
    assert sm.ks_enc == H("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert sm.ks_mac == H("F1CB1F1FB5ADF208806B89DC579DC1F8")
    assert sm.ssc == int("887022120C06C226", 16)
    # SELECT EF.COM, protected
    data, sw = sm.unwrap(*t.transmit(sm.wrap(H("00A4020C02011E"))))
    assert (data, sw) == (b"", 0x9000)
    data, sw = sm.unwrap(*t.transmit(sm.wrap(H("00B0000004"))))
    assert (data, sw) == (H("60145F01"), 0x9000)
    data, sw = sm.unwrap(*t.transmit(sm.wrap(H("00B0000412"))))
    assert data == H("04303130365F36063034303030305C026175") and sw == 0x9000
    assert sm.ssc == int("887022120C06C22C", 16)
    assert t.done()


def test_card_side_reproduces_appendix_d_transcript():
    card = bac.BacCard(MRZ_INFO, rng=fixed_rng(H("4608F91988702212"), H("0B4F80323EB3191CB04970CB4052790B")))
    assert card.get_challenge() == H("4608F91988702212")
    resp, sm = card.external_authenticate(EXT_AUTH[5:45])
    assert resp + b"\x90\x00" == EXT_RESP
    assert sm.unwrap_command(TRANSCRIPT[2][0]) == H("00A4020C02011E")
    assert sm.wrap_response(b"", 0x9000) == TRANSCRIPT[2][1]
    assert sm.unwrap_command(TRANSCRIPT[3][0]) == H("00B0000004")
    assert sm.wrap_response(H("60145F01"), 0x9000) == TRANSCRIPT[3][1]
    assert sm.unwrap_command(TRANSCRIPT[4][0]) == H("00B0000412")
    assert sm.wrap_response(H("04303130365F36063034303030305C026175"), 0x9000) == TRANSCRIPT[4][1]


@pytest.mark.parametrize("sw", ["6300", "6982"])
def test_wrong_mrz_is_access_denied(sw):
    t = ScriptedTransport([(H("0084000008"), H("4608F91988702212" "9000")), (EXT_AUTH, H(sw))])
    with pytest.raises(AccessDenied, match="access denied: check document number and dates"):
        bac.bac_authenticate(t.transmit, MRZ_INFO, rng=fixed_rng(RND_IFD, K_IFD))


def test_tampered_response_mac_is_rejected():
    t = ScriptedTransport(TRANSCRIPT[:2])
    sm = bac.bac_authenticate(t.transmit, MRZ_INFO, rng=fixed_rng(RND_IFD, K_IFD))
    sm.wrap(H("00A4020C02011E"))
    bad = bytearray(TRANSCRIPT[2][1][:-2])
    bad[-1] ^= 1
    with pytest.raises(SecureMessagingError):
        sm.unwrap(bytes(bad), 0x9000)
