"""Sealing at submit: the kiosk cannot open its own packet; the platform decrypts,
verifies the signature and the attachment digests; any tampering is caught."""

import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.store import Store
from sync import crypto, outbox
from sync.platform.service import Platform
from synchelpers import make_case, settings, submit
from sync.worker import enroll


def _enroll_inproc(store, platform: Platform, kiosk_id="330106-K01"):
    """Enroll without HTTP: the same records `enroll` writes, from the platform's answer."""
    kdir = outbox.keys_dir(store.conn)
    key = crypto.load_or_create_ed25519(kdir / outbox.KIOSK_KEY_FILE)
    resp = platform.enroll({"token": platform.new_token(), "kiosk_id": kiosk_id,
                            "public_key": crypto.b64(crypto.raw_public(key))}).body
    enr = {"kiosk_id": kiosk_id, "kiosk_key_id": resp["kiosk_key_id"], "platform_url": "http://x",
           "platform_key_id": resp["hpke"]["key_id"], "platform_public_key": resp["hpke"]["public_key"],
           "platform_signing_key": resp["signing_public_key"], "ca_file": None}
    with store.transaction() as db:
        outbox.state_set(db, "enrollment", enr)
        outbox.seal_held(db)
    return enr


@pytest.fixture
def kiosk(tmp_path):
    s = Store.open(tmp_path / "kiosk")
    yield s
    s.close()


@pytest.fixture
def plat(tmp_path):
    return Platform(tmp_path / "plat")


def test_sealed_packet_opens_only_at_platform_and_verifies(kiosk, plat):
    enr = _enroll_inproc(kiosk, plat)
    case = make_case(1)
    submit(kiosk, case)
    packet = outbox.read_packet(kiosk.conn, case["id"])
    # nothing personal in clear
    assert "张三".encode() not in packet and b"11010519491231002X" not in packet
    for blob in case["attachments_data"].values():
        assert blob[:64] not in packet
    # the kiosk has no platform private key: a key of its own cannot open it
    with pytest.raises(crypto.PacketError):
        crypto.open_sealed(packet, {enr["platform_key_id"]: X25519PrivateKey.generate()}, enr["kiosk_id"], case["id"])
    opened = crypto.open_sealed(packet, plat.keys.hpke, enr["kiosk_id"], case["id"])
    crypto.verify_packet(opened, plat.storage.kiosk_keys(enr["kiosk_id"]), enr["kiosk_id"], case["id"])
    m = opened.manifest
    assert m["case_number"] == case["case_number"] and m["kiosk_seq"] == 1
    assert m["identity"]["name"] == "张三" and m["recipient_key_id"] == enr["platform_key_id"]
    assert [a["sha256"] for a in m["attachments"]] == [crypto.sha256_hex(b) for b in opened.attachments]
    assert opened.attachments == [case["attachments_data"][a["id"]] for a in m["attachments"]]
    row = kiosk.conn.execute("SELECT digest, size, state, sealed FROM outbox").fetchone()
    assert tuple(row) == (crypto.sha256_hex(packet), len(packet), "pending", 1)


def test_packet_bound_to_kiosk_and_case(kiosk, plat):
    enr = _enroll_inproc(kiosk, plat)
    case = make_case(1)
    submit(kiosk, case)
    packet = outbox.read_packet(kiosk.conn, case["id"])
    with pytest.raises(crypto.PacketError) as e:
        crypto.open_sealed(packet, plat.keys.hpke, enr["kiosk_id"], "another-case")
    assert e.value.code == "decrypt_failed"
    r = plat.intake(enr["kiosk_id"], "another-case", packet, "")
    assert r.status == 422 and r.body["error"] == "decrypt_failed"


def test_tampered_or_forged_packets_rejected(kiosk, plat):
    enr = _enroll_inproc(kiosk, plat)
    case = make_case(1)
    submit(kiosk, case)
    packet = bytearray(outbox.read_packet(kiosk.conn, case["id"]))
    packet[-100] ^= 1
    r = plat.intake(enr["kiosk_id"], case["id"], bytes(packet), "")
    assert r.status == 422 and r.body["error"] == "decrypt_failed"
    # a forger who knows the platform PUBLIC key but not the kiosk key: signature fails
    forger = crypto.load_or_create_ed25519(kiosk.data_dir / "forger.pem")
    body = outbox._case_body(make_case(2))
    atts = []
    body["attachments"], body["materials"] = [], []
    body["case_id"] = "forged-1"
    manifest = dict(body, format=crypto.PACKET_FORMAT, kiosk_id=enr["kiosk_id"], kiosk_key_id=enr["kiosk_key_id"],
                    recipient_key_id=enr["platform_key_id"], sealed_at=0)
    inner = crypto.build_inner(manifest, atts, forger)
    sealed = crypto.seal(inner, crypto.unb64(enr["platform_public_key"]), enr["platform_key_id"], enr["kiosk_id"],
                         "forged-1")
    r = plat.intake(enr["kiosk_id"], "forged-1", sealed, "")
    assert r.status == 422 and r.body["error"] == "bad_signature"
    assert plat.storage.list_cases() == []


def test_attachment_digest_checked_at_submit(kiosk, plat):
    _enroll_inproc(kiosk, plat)
    case = make_case(1)
    att_id = next(iter(case["attachments_data"]))
    case["attachments_data"][att_id] = b"changed after capture"
    with pytest.raises(Exception, match="does not match"):
        submit(kiosk, case)
    assert kiosk.conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0  # rolled back


def test_unenrolled_cases_are_held_encrypted_then_sealed_at_enrollment(kiosk, plat):
    case = make_case(1)
    info = submit(kiosk, case)
    assert info["sealed"] is False
    blob = bytes(kiosk.conn.execute("SELECT packet FROM outbox").fetchone()[0])
    assert "张三".encode() not in blob and blob[:4] == crypto.LOCAL_MAGIC
    hold = outbox.keys_dir(kiosk.conn) / outbox.HOLD_KEY_FILE
    assert stat.S_IMODE(os.stat(hold).st_mode) == 0o600
    assert outbox.next_due(kiosk.conn, 1e12) is None  # nothing to send before enrollment
    enr = _enroll_inproc(kiosk, plat)
    packet = outbox.read_packet(kiosk.conn, case["id"])
    r = plat.intake(enr["kiosk_id"], case["id"], packet, crypto.content_digest(packet))
    assert r.status == 201, r.body


def test_key_files_are_private(kiosk, plat):
    _enroll_inproc(kiosk, plat)
    kdir = outbox.keys_dir(kiosk.conn)
    assert stat.S_IMODE(os.stat(kdir / outbox.KIOSK_KEY_FILE).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kdir).st_mode) == 0o700
    for p in (plat.data_dir / "keys").glob("*.pem"):
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600


def test_intake_dedupe_same_digest_same_receipt_different_digest_conflict(kiosk, plat):
    enr = _enroll_inproc(kiosk, plat)
    case = make_case(1)
    submit(kiosk, case)
    packet = outbox.read_packet(kiosk.conn, case["id"])
    r1 = plat.intake(enr["kiosk_id"], case["id"], packet, crypto.content_digest(packet))
    r2 = plat.intake(enr["kiosk_id"], case["id"], packet, crypto.content_digest(packet))
    assert (r1.status, r2.status) == (201, 200) and r1.body == r2.body
    receipt = crypto.verify_receipt(r1.body, crypto.unb64(enr["platform_signing_key"]))
    assert receipt["digest"] == crypto.sha256_hex(packet)
    # the same case sealed again (fresh HPKE ephemeral key) is a different packet: 409
    again = outbox.seal_body(outbox._case_body(case), [case["attachments_data"][a["id"]] for a in
                             outbox._case_body(case)["attachments"]], enr, outbox.keys_dir(kiosk.conn), 0)
    r3 = plat.intake(enr["kiosk_id"], case["id"], again, "")
    assert r3.status == 409 and r3.body["error"] == "digest_conflict"
    assert len(plat.storage.list_cases()) == 1


def test_enrollment_tokens_one_time_and_bound(plat):
    pub = crypto.b64(crypto.raw_public(crypto.Ed25519PrivateKey.generate()))
    t = plat.new_token()
    assert plat.enroll({"token": t, "kiosk_id": "A", "public_key": pub}).status == 201
    r = plat.enroll({"token": t, "kiosk_id": "B", "public_key": pub})
    assert r.status == 403 and "already used" in r.body["message"]
    # an unbound token cannot re-key an enrolled kiosk (takeover); a bound one can
    r = plat.enroll({"token": plat.new_token(), "kiosk_id": "A", "public_key": pub})
    assert r.status == 403 and "enroll-token --kiosk-id A" in r.body["message"]
    r = plat.enroll({"token": plat.new_token("A"), "kiosk_id": "B", "public_key": pub})
    assert r.status == 403 and "token is for kiosk A" in r.body["message"]
    assert plat.enroll({"token": plat.new_token("A"), "kiosk_id": "A", "public_key": pub}).status == 201
    assert plat.enroll({"token": "nope", "kiosk_id": "C", "public_key": pub}).status == 403
