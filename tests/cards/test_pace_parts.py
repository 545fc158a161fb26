"""The PACE pieces that exist, against ICAO 9303 Part 11 Appendix G.1."""

import pytest

from devices.cards import bac, pace
from devices.cards.errors import CardDataError

H = bytes.fromhex


def test_card_access_of_the_worked_example():
    infos = pace.parse_card_access(H("31143012060A04007F0007020204020202010202010D"))
    assert infos == [pace.PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13)]
    assert (infos[0].mapping, infos[0].cipher) == ("ECDH-GM", "AES-128")


def test_password_key_and_nonce():
    mrz = bac.mrz_information("T22000129", "640812", "101031")
    assert mrz == "T22000129364081251010318"
    k = pace.password_key(mrz_information=mrz)
    assert k == H("89DED1B26624EC1E634C1989302849DD")
    assert pace.decrypt_nonce(k, H("95A3A016522EE98D01E76CB6B98B42C3")) == H("3F00C4D39D153F2B2A214A078D899B22")


@pytest.mark.parametrize("bad", [b"", b"\x30\x00", b"\x31\x05\x30\x03\x06\x01"])
def test_bad_card_access(bad):
    with pytest.raises(CardDataError):
        pace.parse_card_access(bad)
