"""Encryption at rest for personal data: AES-256-GCM on sensitive columns and blobs.

Why not SQLCipher: `sqlcipher3` needs a native build against libsqlcipher, and
field-level AES-GCM (from `cryptography`, already needed for sealing) protects the
same data: a stolen disk or backup reveals case numbers, services and dates, never
names, ID numbers, form values or scans. The key is 32 random bytes in
`<data>/keys/store.key`, created 0600 on first run; a blind index (HMAC-SHA256 under
a derived key) lets the store find a returning citizen without their ID in clear.

Blob format: b"K1" + 12-byte nonce + ciphertext-with-tag. The associated data binds a
blob to its row (e.g. the attachment id), so blobs cannot be swapped between rows.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.errors import StoreError
from kiosk.fsutil import create_private_file

MAGIC = b"K1"
KEY_LEN = 32


def load_or_create_key(path: Path) -> bytes:
    """Read the store key, creating it (0600, fsynced, never overwritten) if it does not
    exist yet; two processes opening a new data directory at once share one key."""
    try:
        key = create_private_file(path, os.urandom(KEY_LEN))
    except OSError as e:
        raise StoreError(f"{path}: cannot read the store key ({e.strerror})") from None
    if len(key) != KEY_LEN:
        raise StoreError(f"{path}: the store key is {len(key)} bytes, expected {KEY_LEN}; "
                         "restore the original key file")
    return key


class FieldCipher:
    def __init__(self, key: bytes):
        self._aead = AESGCM(key)
        self._index_key = hmac.new(key, b"single-door blind index v1", hashlib.sha256).digest()

    def encrypt(self, data: bytes, aad: bytes = b"") -> bytes:
        nonce = os.urandom(12)
        return MAGIC + nonce + self._aead.encrypt(nonce, data, aad)

    def decrypt(self, blob: bytes, aad: bytes = b"") -> bytes:
        blob = bytes(blob)
        if blob[:2] != MAGIC or len(blob) < 2 + 12 + 16:
            raise StoreError("encrypted field has an unknown format")
        try:
            return self._aead.decrypt(blob[2:14], blob[14:], aad)
        except InvalidTag:
            raise StoreError("encrypted field does not decrypt with this kiosk's store key "
                             "(wrong key file or altered data)") from None

    def blind_index(self, value: str) -> str:
        return hmac.new(self._index_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()
