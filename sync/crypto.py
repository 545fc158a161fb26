"""Packet sealing: sign (Ed25519, kiosk key) then encrypt (HPKE, RFC 9180, to the
platform key), and the platform side that opens and verifies a sealed packet.

Inner (signed) packet, before encryption::

    b"SDP1" | u32 len(manifest) | manifest (canonical JSON) | signature (64 B)
           | attachment bytes, concatenated in manifest["attachments"] order

The signature covers ``SIGN_CONTEXT + manifest``; the manifest carries the SHA-256 and
size of every attachment, so the signature binds the attachments too. The manifest
also names the recipient key id, the kiosk, the case and its per-kiosk sequence number
(a packet cannot be re-targeted or replayed as another case).

Sealed packet, what the outbox holds and the platform receives::

    b"SDS1" | u8 len(key_id) | key_id (ASCII) | HPKE(X25519, HKDF-SHA256, AES-256-GCM)

with HPKE ``info = b"single-door-case/1|" + key_id + b"|" + kiosk_id + b"|" + case_id``.
HPKE uses a fresh ephemeral key per packet; the kiosk never has the platform's
private key, so it cannot read a sealed packet back.

Key files are written 0600 (directory 0700), PEM, unencrypted: a root-only key file
now, a TPM later (ARCHITECTURE.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

from kiosk.errors import SyncError
from kiosk.fsutil import create_private_file

PACKET_FORMAT = "single-door-case/1"
RATING_FORMAT = "single-door-rating/1"  # a rating packet: same framing, no attachments
SIGN_CONTEXT = b"single-door-manifest/1\n"
RECEIPT_CONTEXT = b"single-door-receipt/1\n"
REQUEST_CONTEXT = b"single-door-request/1\n"
INNER_MAGIC = b"SDP1"
SEALED_MAGIC = b"SDS1"
LOCAL_MAGIC = b"SDL1"
SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)


class PacketError(SyncError):
    """A packet that cannot be opened or does not verify. `code` says which check failed."""


def canonical_json(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def content_digest(data: bytes) -> str:
    """RFC 9530 `Content-Digest` value for `data`."""
    return f"sha-256=:{b64(hashlib.sha256(data).digest())}:"


def key_id_of(public_raw: bytes) -> str:
    """Short stable id of a public key: first 16 hex of its SHA-256."""
    return sha256_hex(public_raw)[:16]


# ---------------------------------------------------------------------------- keys

def _create_private(path: Path, data: bytes) -> bytes:
    """The key file as created once (kiosk.fsutil), in a 0700 directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    return create_private_file(path, data)


def _pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_or_create_ed25519(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        _create_private(path, _pem(Ed25519PrivateKey.generate()))
    return load_ed25519(path)


def load_ed25519(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as e:
        raise SyncError(f"{path}: cannot read the signing key ({type(e).__name__}); re-enroll the kiosk") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SyncError(f"{path}: not an Ed25519 private key")
    return key


def load_or_create_x25519(path: Path) -> X25519PrivateKey:
    pem = path.read_bytes() if path.exists() else _create_private(path, _pem(X25519PrivateKey.generate()))
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, X25519PrivateKey):
        raise SyncError(f"{path}: not an X25519 private key")
    return key


def load_or_create_secret(path: Path, size: int = 32) -> bytes:
    data = path.read_bytes() if path.exists() else _create_private(path, os.urandom(size))
    if len(data) != size:
        raise SyncError(f"{path}: expected a {size}-byte key, found {len(data)} bytes")
    return data


def raw_public(key) -> bytes:
    pub = key.public_key() if hasattr(key, "public_key") else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def ed25519_public(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


def x25519_public(raw: bytes) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(raw)


# ---------------------------------------------------------------------------- packets

@dataclass(frozen=True)
class OpenedPacket:
    manifest: dict
    manifest_bytes: bytes
    signature: bytes
    attachments: list[bytes]


def build_inner(manifest: dict, attachments: list[bytes], signing_key: Ed25519PrivateKey) -> bytes:
    """Sign `manifest` and frame it with the attachment bytes (the packet before HPKE)."""
    listed = manifest.get("attachments", [])
    if len(listed) != len(attachments):
        raise SyncError(f"manifest lists {len(listed)} attachments, {len(attachments)} given")
    for ref, data in zip(listed, attachments):
        if ref["size"] != len(data) or ref["sha256"] != sha256_hex(data):
            raise SyncError(f"attachment {ref.get('id')}: bytes do not match the recorded size/sha256")
    mbytes = canonical_json(manifest)
    sig = signing_key.sign(SIGN_CONTEXT + mbytes)
    return b"".join([INNER_MAGIC, struct.pack(">I", len(mbytes)), mbytes, sig, *attachments])


def parse_inner(inner: bytes) -> OpenedPacket:
    if inner[:4] != INNER_MAGIC or len(inner) < 8:
        raise PacketError("packet: not a single-door packet (bad magic)", code="bad_format")
    (mlen,) = struct.unpack(">I", inner[4:8])
    mend = 8 + mlen
    if mend + 64 > len(inner):
        raise PacketError(f"packet: manifest length {mlen} exceeds the packet", code="bad_format")
    mbytes = inner[8:mend]
    sig = inner[mend:mend + 64]
    try:
        manifest = json.loads(mbytes)
    except ValueError:
        raise PacketError("packet: manifest is not JSON", code="bad_format") from None
    atts, pos = [], mend + 64
    for ref in manifest.get("attachments", []):
        size = int(ref["size"])
        if pos + size > len(inner):
            raise PacketError(f"packet: attachment {ref.get('id')} truncated at byte {pos}", code="bad_format")
        atts.append(inner[pos:pos + size])
        pos += size
    if pos != len(inner):
        raise PacketError(f"packet: {len(inner) - pos} trailing bytes after the attachments", code="bad_format")
    return OpenedPacket(manifest, mbytes, sig, atts)


def hpke_info(key_id: str, kiosk_id: str, case_id: str) -> bytes:
    return b"|".join([PACKET_FORMAT.encode(), key_id.encode(), kiosk_id.encode(), case_id.encode()])


def seal(inner: bytes, platform_public_raw: bytes, key_id: str, kiosk_id: str, case_id: str) -> bytes:
    kid = key_id.encode("ascii")
    ct = SUITE.encrypt(inner, x25519_public(platform_public_raw), info=hpke_info(key_id, kiosk_id, case_id))
    return SEALED_MAGIC + bytes([len(kid)]) + kid + ct


def sealed_key_id(sealed: bytes) -> str:
    if sealed[:4] != SEALED_MAGIC or len(sealed) < 6:
        raise PacketError("sealed packet: bad magic", code="bad_format")
    n = sealed[4]
    return sealed[5:5 + n].decode("ascii", "replace")


def open_sealed(sealed: bytes, private_keys: dict[str, X25519PrivateKey], kiosk_id: str, case_id: str) -> OpenedPacket:
    """Platform side: decrypt with the private key named in the packet, then parse."""
    key_id = sealed_key_id(sealed)
    key = private_keys.get(key_id)
    if key is None:
        raise PacketError(f"sealed packet: encrypted to unknown platform key {key_id}", code="unknown_key")
    body = sealed[5 + sealed[4]:]
    try:
        inner = SUITE.decrypt(body, key, info=hpke_info(key_id, kiosk_id, case_id))
    except (InvalidTag, ValueError):
        raise PacketError("sealed packet: does not decrypt (wrong key, wrong kiosk/case, or corrupted)",
                          code="decrypt_failed") from None
    return parse_inner(inner)


def verify_packet(opened: OpenedPacket, kiosk_keys: dict[str, bytes], kiosk_id: str, case_id: str,
                  fmt: str = PACKET_FORMAT) -> None:
    """Check signature (by the kiosk key named in the manifest), binding and attachment hashes."""
    m = opened.manifest
    if m.get("format") != fmt:
        raise PacketError(f"manifest: unknown format {m.get('format')!r}", code="bad_format")
    if m.get("kiosk_id") != kiosk_id or m.get("case_id") != case_id:
        raise PacketError("manifest: kiosk or case id does not match the request", code="binding")
    pub = kiosk_keys.get(m.get("kiosk_key_id", ""))
    if pub is None:
        raise PacketError(f"manifest: signed by unknown kiosk key {m.get('kiosk_key_id')}", code="unknown_kiosk_key")
    try:
        ed25519_public(pub).verify(opened.signature, SIGN_CONTEXT + opened.manifest_bytes)
    except InvalidSignature:
        raise PacketError("manifest: signature does not verify", code="bad_signature") from None
    for ref, data in zip(m.get("attachments", []), opened.attachments):
        if sha256_hex(data) != ref["sha256"]:
            raise PacketError(f"attachment {ref.get('id')}: SHA-256 does not match the manifest",
                              code="attachment_digest")


def rating_binding(case_id: str, revision: int) -> str:
    """The id a rating packet is HPKE-bound to: never a case id, so a rating packet
    cannot be opened as a case packet (nor one revision as another)."""
    return f"{case_id}#rating/{int(revision)}"


# ---------------------------------------------------------------------------- local-at-rest

def local_encrypt(secret: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a random nonce: holds a case's plaintext until the kiosk is enrolled."""
    nonce = os.urandom(12)
    return LOCAL_MAGIC + nonce + AESGCM(secret).encrypt(nonce, plaintext, aad)


def local_decrypt(secret: bytes, blob: bytes, aad: bytes) -> bytes:
    if blob[:4] != LOCAL_MAGIC:
        raise SyncError("held packet: bad magic")
    try:
        return AESGCM(secret).decrypt(blob[4:16], blob[16:], aad)
    except InvalidTag:
        raise SyncError("held packet: does not decrypt with the local key (key file replaced?)") from None


# ---------------------------------------------------------------------------- receipts, requests

def sign_receipt(key: Ed25519PrivateKey, receipt: dict) -> dict:
    return {"receipt": receipt, "signature": b64(key.sign(RECEIPT_CONTEXT + canonical_json(receipt)))}


def verify_receipt(signed: dict, platform_sign_raw: bytes) -> dict:
    try:
        ed25519_public(platform_sign_raw).verify(unb64(signed["signature"]),
                                                 RECEIPT_CONTEXT + canonical_json(signed["receipt"]))
    except (InvalidSignature, KeyError, TypeError, ValueError):
        raise SyncError("platform receipt: signature does not verify with the enrolled platform key") from None
    return signed["receipt"]


def request_string(method: str, path: str, date: str, digest: str, audit_head: str) -> bytes:
    return REQUEST_CONTEXT + "\n".join([method.upper(), path, date, digest, audit_head]).encode("utf-8")
