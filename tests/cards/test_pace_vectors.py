"""PACE against published transcripts: ICAO 9303 Part 11 Appendix G.1 (ECDH-GM, AES-128,
brainpoolP256r1), a 3DES-suite document (NZ) and a CAM document (DE) followed by AES
secure messaging, as recorded in gmrtd's pace_test.go; randomness injected."""

import pytest

from devices.cards import bac, pace
from devices.cards.ec import CURVES
from devices.cards.errors import AccessDenied
from devices.cards.transport import ScriptedTransport

H = bytes.fromhex


def keys(*hexes):
    it = iter(hexes)
    return lambda curve: int(next(it), 16)


def script(pairs):
    return ScriptedTransport([(H(a), H(b)) for a, b in pairs])


G1 = [
    ("0022C1A40F800A04007F00070202040202830101", "9000"),
    ("10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C39000"),
    ("10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00",
     "7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000"),
    ("10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200",
     "7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000"),
    ("008600000C7C0A8508C2B0BD78D94BA86600", "7C0A86083ABB9674BCE93C089000"),
]


def test_g1_worked_example_byte_for_byte():
    t = script(G1)
    infos = pace.parse_card_access(H("31143012060A04007F0007020204020202010202010D"))
    pw = pace.PacePassword(mrz_information=bac.mrz_information("T22000129", "640812", "101031"))
    sm = pace.pace_authenticate(t.transmit, infos, pw, keys(
        "7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99",
        "A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595"))
    assert t.done()
    assert (sm.ks_enc, sm.ks_mac, sm.ssc) == (H("F5F0E35C0D7161EE6724EE513A0D9A7F"),
                                              H("FE251C7858B356B24514B3BD5F4297D1"), 0)


def test_g1_wrong_password_is_access_denied():
    pairs = G1[:4] + [(G1[4][0], "6300")]
    infos = pace.parse_card_access(H("31143012060A04007F0007020204020202010202010D"))
    pw = pace.PacePassword(mrz_information=bac.mrz_information("T22000129", "640812", "101031"))
    with pytest.raises(AccessDenied):
        pace.pace_authenticate(script(pairs).transmit, infos, pw, keys(
            "7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99",
            "A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595"))


def test_3des_suite_nz():
    t = script([
        ("0022c1a40f800a04007f00070202040201830101", "9000"),
        ("10860000027c0000", "7c128010b88382812290017af1cc906ff00e7f4d9000"),
        ("10860000457c438141047706b2b6246ab4612229b8a11212ddba7fea0568c9c0975dee22c0e3dd3a3f0321e8afee836e373b570d24000d56fb195104d486e63321ff8c819dd5ee018dcb00",
         "7c43824104780b4edec9b926f9f964fad826d9990a667608d96ba7b397ae8609b6533e0d036d148365ddf4e5ff6611c2b62aa17fc9899f327bc929db543e7abd0ee724e4be9000"),
        ("10860000457c43834104507a0156efae8fb8acc519036c0b2fe0393c878744c7f91878ee4e07a41412ba5c0753d68a44a91e9f57f3f992ab689e6c2065d3b2a27c3658a4fd632931ee3800",
         "7c438441042dbaf62e6fdfb31eb66f206493b9e7721586f0e5c93754d7bd5a884ca251ee4d720ab539a60561bc46812fa289b58ac69f0c6e32adbaf7241049a31211f80f5b9000"),
        ("008600000c7c0a85088d7c617d43efe09e00", "7c0a8608cb57047c809079f69000"),
    ])
    infos = pace.parse_card_access(H("31143012060a04007f0007020204020102010202010d"))
    pw = pace.PacePassword(mrz_information=bac.mrz_information("LM277954", "781214", "271115"))
    sm = pace.pace_authenticate(t.transmit, infos, pw, keys(
        "2808272c0ec20e01a3450030ef32855e9feb5cb17719e985389b1cf47609e69f",
        "8f89449052df6c7983750c7b042c3cea12b36819174424c7cd28153f7b70b402"))
    assert isinstance(sm, bac.SecureMessaging) and t.done()
    assert (sm.ks_enc, sm.ks_mac) == (H("430e4c8c38dfefaed92067b919a897f8"), H("c1bc1f075797b970b5a45e64a764b0cb"))


DE_SM = [  # (plain command, protected command, protected response, plain data length)
    ("00a4020c02011d", "0ca4020c1d87110147ee2e3bd440fb596167f2bb6cd6395e8e08a105747484314bcf00",
     "990290008e085f570baddd1002d29000", 0),
    ("00b0000004", "0cb000000d9701048e085d283ec183cbb99800",
     "871101d688d27a6d16f03619e76dcb59c1f1ec990290008e08b7df9a5982bb17299000", 4),
]


def test_cam_document_then_aes_secure_messaging_de():
    t = script([
        ("0022c1a40f800a04007f00070202040602830101", "9000"),
        ("10860000027c0000", "7c1280109bff93e6ed9f5f9764ec0d783d14fb039000"),
        ("10860000457c43814104303f340815eea501772393e299a4a6f6694600189c249c63a8513ff3fefa66e346d11970b5f76fb564c3b0e54b215528f647ec5a9ab209cdbe262e763d6119a100",
         "7c4382410476dc295c4fb14237d87318d70967e25ec45f74d6fd4aff588c90efb3d868f05b450ba6b64967227c2246dbe2905522c8086dac7f3bbe5cf3b192f0a0c2d97ee59000"),
        ("10860000457c438341048442b191ef5346a6b6dacb6cd5728c4a72f0ca7aecdf7afdfb3ef175e12a6f7c74f509af768b8dbe2cf42d16c1f00714691d78a19cdf1b493390d1173785f2b700",
         "7c438441042315ae8143f21de15b35f083cfa148c5fcbd9f2eb9dcdc4519bcf337443e79e55b28a5e218fb919c30880d263e469645ff114c46ed29918910be3453527d21649000"),
        ("008600000c7c0a8508fee088a4d7be1b7f00",
         "7c3c860819a2b9192e11512a8a30b3ae8830311b1d5605777f47cb4ed028346cd00105d32859de127da3d8398865358f26f08ebe410864eaf6e39f33f3f59000"),
    ])
    infos = pace.parse_card_access(H("31283012060A04007F0007020204020202010202010D3012060A04007F0007020204060202010202010D"))
    assert pace.choose_info(infos).mapping == "ECDH-CAM"
    pw = pace.PacePassword(mrz_information=bac.mrz_information("C4KHNY1PF", "780214", "330315"))
    sm = pace.pace_authenticate(t.transmit, infos, pw, keys(
        "01fd26013f5bc41fad8bb09811e435f16fbe2eb3c2e1d999b0f63da8c3d58bb5",
        "1fcd3d8ac4fae3960a14fea2925d75add335f13b248eba192358dded93a89552"))
    assert (sm.ks_enc, sm.ks_mac) == (H("a8e85e938514ec67ae33cda3d43d3c48"), H("27f1adeb705a049a305b0c619b14b9b3"))
    for plain, protected, response, n in DE_SM:
        assert sm.wrap(H(plain)) == H(protected)
        data, sw = sm.unwrap(H(response)[:-2], 0x9000)
        assert sw == 0x9000 and len(data) == n
    assert sm.ssc == 4


def test_card_side_against_terminal_side_all_suites():
    for ca in ("31143012060A04007F0007020204020202010202010D",   # GM AES-128 brainpoolP256r1
               "31143012060a04007f0007020204020102010202010c",   # GM 3DES P-256
               "31143012060a04007f00070202040204020102020110"):  # GM AES-256 brainpoolP384r1
        info = pace.parse_card_access(H(ca))[0]
        pw = pace.PacePassword(can="123456")
        card = pace.PaceCard(info, {2: pw})

        def transmit(apdu):
            if apdu[1] == 0x22:
                return b"", 0x9000 if card.set_at(apdu[5:5 + apdu[4]]) else 0x6A80
            r = card.general_authenticate(apdu[5:5 + apdu[4]])
            if r is None:
                return b"", 0x6300
            data, session = r
            transmit.session = session
            return pace._tlv(0x7C, data), 0x9000
        sm = pace.pace_authenticate(transmit, [info], pw)
        chip = transmit.session
        assert (sm.ks_enc, sm.ks_mac) == (chip.ks_enc, chip.ks_mac)
        assert chip.unwrap_command(sm.wrap(H("00B0000004"))) == H("00B0000004")
        assert sm.unwrap(*(lambda r: (r[:-2], 0x9000))(chip.wrap_response(b"ABCD", 0x9000))) == (b"ABCD", 0x9000)


def test_curves_are_right():
    from cryptography.hazmat.primitives.asymmetric import ec
    by_name = {"secp256r1": ec.SECP256R1(), "brainpoolP256r1": ec.BrainpoolP256R1(), "secp384r1": ec.SECP384R1(),
               "brainpoolP384r1": ec.BrainpoolP384R1(), "brainpoolP512r1": ec.BrainpoolP512R1(),
               "secp521r1": ec.SECP521R1()}
    for c in CURVES.values():
        pub = ec.derive_private_key(987654321, by_name[c.name]).public_key().public_numbers()
        assert c.on_curve(c.g) and c.mul(c.n, c.g) is None and c.mul(987654321, c.g) == (pub.x, pub.y)
