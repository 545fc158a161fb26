"""The reference platform's logic, independent of HTTP: enrollment, request
authentication, case intake (decrypt, verify, dedupe, signed receipt), chunked
uploads, status events, catalogue, platform key set. `server.py` maps HTTP onto it.

Every method returns `Reply(status, body, headers)`; nothing here knows Starlette.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature

from sync import crypto
from sync.platform.storage import SqlitePlatformStorage, StorageFull, StoredCase, StoredRating

STATUSES = ("received", "accepted", "needs_more", "rejected")


@dataclass
class Reply:
    status: int
    body: dict | bytes | None = None
    headers: dict = field(default_factory=dict)


def err(status: int, code: str, message: str, **headers) -> Reply:
    return Reply(status, {"error": code, "message": message}, {k.replace("_", "-"): v for k, v in headers.items()})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PlatformKeys:
    """HPKE private keys by key id (old ones kept for queued packets) and the receipt signing key."""

    def __init__(self, data_dir: Path):
        self.dir = Path(data_dir) / "keys"
        self.signing = crypto.load_or_create_ed25519(self.dir / "receipt_ed25519.pem")
        self.hpke: dict[str, object] = {}
        for p in sorted(self.dir.glob("hpke_*.pem")):
            k = crypto.load_or_create_x25519(p)
            self.hpke[crypto.key_id_of(crypto.raw_public(k))] = k
        cur = self.dir / "hpke_current"
        if not self.hpke or not cur.exists():
            self.rotate()
        self.current = (self.dir / "hpke_current").read_text().strip()

    def rotate(self) -> str:
        tmp = self.dir / f"hpke_new_{secrets.token_hex(4)}.pem"
        k = crypto.load_or_create_x25519(tmp)
        kid = crypto.key_id_of(crypto.raw_public(k))
        tmp.rename(self.dir / f"hpke_{kid}.pem")
        self.hpke[kid] = k
        (self.dir / "hpke_current").write_text(kid + "\n")
        self.current = kid
        return kid

    def key_set(self) -> dict:
        """The current public keys, the HPKE one signed by the receipt key (kiosks check it)."""
        hpke = {"key_id": self.current, "public_key": crypto.b64(crypto.raw_public(self.hpke[self.current]))}
        return {"hpke": hpke,
                "hpke_signature": crypto.b64(self.signing.sign(b"single-door-keyset/1\n" + crypto.canonical_json(hpke))),
                "signing_public_key": crypto.b64(crypto.raw_public(self.signing))}


class Platform:
    def __init__(self, data_dir: Path, storage=None, *, max_inflight: int = 8, retry_after_s: int = 2,
                 clock=time.time):
        self.data_dir = Path(data_dir)
        self.storage = storage or SqlitePlatformStorage(self.data_dir)
        self.keys = PlatformKeys(self.data_dir)
        self.max_inflight = max_inflight
        self.retry_after_s = retry_after_s
        self.clock = clock
        self._inflight = 0
        self.refused = 0  # 429s answered (admission control), for operators and tests
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- admission control
    def admit(self) -> bool:
        with self._lock:
            if self._inflight >= self.max_inflight:
                self.refused += 1
                return False
            self._inflight += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._inflight -= 1

    def busy(self) -> Reply:
        return err(429, "busy", "platform is at capacity; retry later", retry_after=str(self.retry_after_s))

    # ---------------------------------------------------------------- enrollment
    def new_token(self, kiosk_id: str | None = None) -> str:
        """A one-time enrollment token; bound to `kiosk_id` if given (needed to re-key it)."""
        token = secrets.token_urlsafe(24)
        self.storage.add_token(hash_token(token), self.clock(), kiosk_id)
        return token

    def enroll(self, body: dict) -> Reply:
        try:
            token, kiosk_id = str(body["token"]), str(body["kiosk_id"])
            pub = crypto.unb64(body["public_key"])
            crypto.ed25519_public(pub)
        except (KeyError, TypeError, ValueError):
            return err(400, "bad_request", "enroll: need token, kiosk_id and a base64 Ed25519 public_key")
        if not kiosk_id or len(kiosk_id) > 64:
            return err(400, "bad_request", "enroll: kiosk_id must be 1-64 characters")
        refused = self.storage.use_token(hash_token(token), kiosk_id, self.clock())
        if refused:
            return err(403, "bad_token", f"enroll: {refused}")
        key_id = crypto.key_id_of(pub)
        self.storage.register_kiosk_key(kiosk_id, key_id, pub, self.clock())
        return Reply(201, {"kiosk_id": kiosk_id, "kiosk_key_id": key_id, **self.keys.key_set()})

    def add_kiosk_key(self, kiosk_id: str, body: dict) -> Reply:
        """Key rotation: a request signed with a registered key adds the kiosk's next key."""
        try:
            pub = crypto.unb64(body["public_key"])
            crypto.ed25519_public(pub)
        except (KeyError, TypeError, ValueError):
            return err(400, "bad_request", "keys: need a base64 Ed25519 public_key")
        key_id = crypto.key_id_of(pub)
        self.storage.register_kiosk_key(kiosk_id, key_id, pub, self.clock())
        return Reply(201, {"kiosk_id": kiosk_id, "kiosk_key_id": key_id})

    # ---------------------------------------------------------------- request authentication
    def authenticate(self, kiosk_id: str, method: str, path: str, headers) -> Reply | None:
        """None if the request is signed by one of the kiosk's registered keys."""
        keys = self.storage.kiosk_keys(kiosk_id)
        if not keys:
            return err(401, "unknown_kiosk", f"kiosk {kiosk_id} is not enrolled")
        key_id = headers.get("x-kiosk-key", "")
        pub = keys.get(key_id)
        if pub is None:
            return err(401, "unknown_kiosk_key", f"kiosk {kiosk_id}: key {key_id} is not registered")
        msg = crypto.request_string(method, path, headers.get("x-kiosk-date", ""), headers.get("content-digest", ""),
                                    headers.get("x-audit-head", ""))
        try:
            crypto.ed25519_public(pub).verify(crypto.unb64(headers.get("x-kiosk-signature", "")), msg)
        except (InvalidSignature, ValueError):
            return err(401, "bad_request_signature", "request signature does not verify")
        head = headers.get("x-audit-head", "")
        if head:
            seq, _, h = head.partition(":")
            if seq.isdigit() and h:
                self.storage.record_audit_head(kiosk_id, int(seq), h, self.clock())
        return None

    # ---------------------------------------------------------------- intake
    def _receipt(self, kiosk_id: str, case_id: str, digest: str, m: dict, now: float) -> dict:
        return crypto.sign_receipt(self.keys.signing, {
            "receipt_id": str(uuid.uuid4()), "kiosk_id": kiosk_id, "case_id": case_id,
            "case_number": m.get("case_number"), "kiosk_seq": m.get("kiosk_seq"), "digest": digest,
            "received_at": now})

    def _existing(self, kiosk_id: str, case_id: str, digest: str) -> Reply | None:
        old = self.storage.get_case(kiosk_id, case_id)
        if old is None:
            return None
        if old.digest == digest:
            return Reply(200, old.receipt)
        return err(409, "digest_conflict",
                   f"case {case_id} was already received with a different packet (sha256 {old.digest[:16]}...)")

    def intake(self, kiosk_id: str, case_id: str, packet: bytes, digest_header: str) -> Reply:
        raw = hashlib.sha256(packet).digest()
        digest = raw.hex()
        if digest_header and digest_header != f"sha-256=:{crypto.b64(raw)}:":
            return err(400, "digest_mismatch", "Content-Digest does not match the received body (corrupted in transit)")
        prior = self._existing(kiosk_id, case_id, digest)
        if prior:
            return prior
        try:
            opened = crypto.open_sealed(packet, self.keys.hpke, kiosk_id, case_id)
            crypto.verify_packet(opened, self.storage.kiosk_keys(kiosk_id), kiosk_id, case_id)
        except crypto.PacketError as e:
            return err(422, e.code, str(e))
        m = opened.manifest
        now = self.clock()
        case = StoredCase(kiosk_id, case_id, m.get("case_number"), m.get("kiosk_seq"), digest, len(packet),
                          len(opened.attachments), True, True, self._receipt(kiosk_id, case_id, digest, m, now),
                          now, "received", None)
        try:
            stored = self.storage.insert_case(case, packet)
        except StorageFull as e:
            return err(507, "storage_full", f"platform cannot store the case now ({e})",
                       retry_after=str(self.retry_after_s))
        if stored.digest != digest:  # lost a race against a different packet for the same case
            return err(409, "digest_conflict", f"case {case_id} was already received with a different packet")
        return Reply(201 if stored is case else 200, stored.receipt)

    # ---------------------------------------------------------------- ratings
    def rating_intake(self, kiosk_id: str, case_id: str, revision: int, packet: bytes, digest_header: str) -> Reply:
        """A sealed rating revision: same checks and answers as a case (dedupe by kiosk,
        case and revision; same digest = same receipt; different digest = 409)."""
        raw = hashlib.sha256(packet).digest()
        digest = raw.hex()
        if digest_header and digest_header != f"sha-256=:{crypto.b64(raw)}:":
            return err(400, "digest_mismatch", "Content-Digest does not match the received body (corrupted in transit)")
        if revision < 1:
            return err(422, "bad_revision", "rating: revision must be 1 or more")
        old = self.storage.get_rating(kiosk_id, case_id, revision)
        if old is not None:
            if old.digest == digest:
                return Reply(200, old.receipt)
            return err(409, "digest_conflict", f"rating {case_id}/{revision} was already received with a different "
                                               f"packet (sha256 {old.digest[:16]}...)")
        try:
            m = self._open_rating(kiosk_id, case_id, revision, packet)
        except crypto.PacketError as e:
            return err(422, e.code, str(e))
        level, reasons, follow_up = m.get("level"), m.get("reasons"), m.get("follow_up")
        if not (isinstance(level, int) and 1 <= level <= 5 and isinstance(reasons, list)
                and follow_up in ("none", "open", "resolved")):
            return err(422, "bad_rating", "rating: level 1-5, reasons list and follow_up none/open/resolved required")
        now = self.clock()
        receipt = crypto.sign_receipt(self.keys.signing, {
            "receipt_id": str(uuid.uuid4()), "kind": "rating", "kiosk_id": kiosk_id, "case_id": case_id,
            "case_number": m.get("case_number"), "revision": revision, "digest": digest, "received_at": now})
        rating = StoredRating(kiosk_id, case_id, revision, m.get("case_number"), level, reasons, follow_up, digest,
                              True, receipt, now)
        try:
            stored = self.storage.insert_rating(rating, packet)
        except StorageFull as e:
            return err(507, "storage_full", f"platform cannot store the rating now ({e})",
                       retry_after=str(self.retry_after_s))
        if stored.digest != digest:  # lost a race against a different packet for the same revision
            return err(409, "digest_conflict", f"rating {case_id}/{revision} was already received with a different packet")
        return Reply(201 if stored is rating else 200, stored.receipt)

    def rating_check(self, kiosk_id: str, body: bytes, digest_header: str) -> Reply:
        """Which of the listed rating revisions this platform lacks (e.g. restored from a
        backup): the kiosk sends those again."""
        import json
        if digest_header != crypto.content_digest(body):
            return err(400, "digest_mismatch", "Content-Digest does not match the received body")
        try:
            items = json.loads(body)["ratings"]
            keys = [(str(i["case_id"]), int(i["revision"])) for i in items][:1000]
        except (ValueError, KeyError, TypeError):
            return err(400, "bad_request", 'ratings check: body must be {"ratings": [{"case_id", "revision"}, ...]}')
        missing = [{"case_id": c, "revision": r} for c, r in keys if self.storage.get_rating(kiosk_id, c, r) is None]
        return Reply(200, {"checked": len(keys), "missing": missing})

    def _open_rating(self, kiosk_id: str, case_id: str, revision: int, packet: bytes) -> dict:
        opened = crypto.open_sealed(packet, self.keys.hpke, kiosk_id, crypto.rating_binding(case_id, revision))
        crypto.verify_packet(opened, self.storage.kiosk_keys(kiosk_id), kiosk_id, case_id, fmt=crypto.RATING_FORMAT)
        if opened.manifest.get("revision") != revision or opened.attachments:
            raise crypto.PacketError("rating: manifest revision does not match the request", code="binding")
        return opened.manifest

    def verify_stored_rating(self, r: StoredRating) -> tuple[bool, str | None]:
        """Re-open a stored rating packet: (signature_ok, error)."""
        packet = self.storage.get_rating_packet(r.kiosk_id, r.case_id, r.revision)
        try:
            self._open_rating(r.kiosk_id, r.case_id, r.revision, packet)
        except crypto.PacketError as e:
            return False, str(e)
        return crypto.sha256_hex(packet) == r.digest, None

    # ---------------------------------------------------------------- chunked upload
    def upload_open(self, kiosk_id: str, case_id: str, length: int, digest_header: str) -> Reply:
        digest = _digest_hex(digest_header)
        if digest is None or length <= 0:
            return err(400, "bad_request", "upload: need Upload-Length > 0 and Content-Digest: sha-256=:...:")
        prior = self._existing(kiosk_id, case_id, digest)
        if prior:
            return prior
        st = self.storage.upload_open(kiosk_id, case_id, digest, length)
        return Reply(200, {"offset": st["offset"], "length": length}, {"Upload-Offset": str(st["offset"])})

    def upload_chunk(self, kiosk_id: str, case_id: str, offset: int, checksum: str, chunk: bytes) -> Reply:
        st = self.storage.upload_state(kiosk_id, case_id)
        if st is None:
            return err(404, "no_upload", "upload: none open for this case; POST to open one")
        algo, _, value = checksum.partition(" ")
        if algo != "sha256":
            return err(400, "bad_checksum_algorithm", "upload: Upload-Checksum must be 'sha256 <base64>'")
        if base64.b64encode(hashlib.sha256(chunk).digest()).decode() != value:
            return err(460, "checksum_mismatch", "upload: chunk checksum mismatch; chunk discarded",
                       upload_offset=str(st["offset"]))
        try:
            new = self.storage.upload_append(kiosk_id, case_id, offset, chunk)
        except ValueError as e:
            return err(400, "bad_request", f"upload: {e}")
        if new != offset + len(chunk):
            return err(409, "offset_mismatch", f"upload: server offset is {new}, not {offset}",
                       upload_offset=str(new))
        if new < st["length"]:
            return Reply(204, None, {"Upload-Offset": str(new)})
        packet = self.storage.upload_data(kiosk_id, case_id)
        if crypto.sha256_hex(packet) != st["digest"]:
            self.storage.upload_drop(kiosk_id, case_id)
            return err(400, "digest_mismatch", "upload: assembled packet does not match its digest; start again")
        reply = self.intake(kiosk_id, case_id, packet, "")
        if reply.status in (200, 201, 409, 422):
            self.storage.upload_drop(kiosk_id, case_id)
        return reply

    # ---------------------------------------------------------------- pulls and operator actions
    def watermark(self, kiosk_id: str) -> Reply:
        return Reply(200, self.storage.watermark(kiosk_id))

    def status_events(self, kiosk_id: str, after: int, limit: int) -> Reply:
        ev = self.storage.status_events(kiosk_id, after, max(1, min(limit, 500)))
        return Reply(200, {"events": ev, "cursor": ev[-1]["seq"] if ev else after})

    def set_status(self, ref: str, status: str, note: str | None) -> StoredCase:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        case = self.storage.find_case(ref)
        if case is None:
            raise LookupError(ref)
        self.storage.set_status(case.kiosk_id, case.case_id, status, note, self.clock())
        return self.storage.get_case(case.kiosk_id, case.case_id)

    def publish_catalogue(self, body: bytes) -> str:
        etag = '"' + crypto.sha256_hex(body)[:32] + '"'
        self.storage.publish_catalogue(body, etag, self.clock())
        return etag

    def catalogue(self, if_none_match: str) -> Reply:
        cat = self.storage.catalogue()
        if cat is None:
            return err(404, "no_catalogue", "no catalogue published yet")
        body, etag = cat
        if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
            return Reply(304, None, {"ETag": etag})
        return Reply(200, body, {"ETag": etag, "Content-Type": "application/json"})

    def verify_stored(self, case: StoredCase) -> tuple[bool, bool, str | None]:
        """Re-open a stored packet: (decrypted_ok, signature_ok, error)."""
        packet = self.storage.get_packet(case.kiosk_id, case.case_id)
        try:
            opened = crypto.open_sealed(packet, self.keys.hpke, case.kiosk_id, case.case_id)
        except crypto.PacketError as e:
            return False, False, str(e)
        try:
            crypto.verify_packet(opened, self.storage.kiosk_keys(case.kiosk_id), case.kiosk_id, case.case_id)
        except crypto.PacketError as e:
            return True, False, str(e)
        return True, crypto.sha256_hex(packet) == case.digest, None


def _digest_hex(header: str) -> str | None:
    if not header.startswith("sha-256=:") or not header.endswith(":"):
        return None
    try:
        return base64.b64decode(header[9:-1]).hex()
    except ValueError:
        return None
