"""HTTP client of the sync protocol (requests), and the classification of every
answer into what the worker does next.

TLS is always verified: against the CA file enrollment stored, else the system CAs;
`verify=False` is never used. urllib3 retries only connection set-up (the request was
never sent); everything else, including `Retry-After`, is the worker's decision, so a
huge Retry-After can't freeze the thread inside urllib3.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import time
from dataclasses import dataclass
from email.utils import formatdate

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kiosk.errors import SyncError
from sync import crypto

log = logging.getLogger(__name__)

RETRYABLE_4XX = {408, 425}
PAUSE_STATUSES = {429, 503, 507}


@dataclass
class Outcome:
    """What one delivery attempt came to. kind: delivered | retry | pause | quarantine | auth."""
    kind: str
    http: int | None = None
    reason: str = ""
    receipt: dict | None = None
    retry_after: str | None = None
    offset: int | None = None
    unsent: bool = False     # no connection was made: the platform surely does not have it


def never_reached(e: Exception) -> bool:
    """The request failed before a connection existed (refused, no route, name not
    resolved, connect timeout): nothing of it reached the platform. A reset or a read
    timeout may come after the platform stored the packet: not this."""
    if isinstance(e, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(e, requests.exceptions.ConnectionError) and not isinstance(e, requests.exceptions.SSLError):
        from urllib3.exceptions import NewConnectionError
        inner = e.args[0] if e.args else None
        return isinstance(getattr(inner, "reason", inner), NewConnectionError)
    return False


@dataclass
class Timeouts:
    connect_s: float = 10.0
    read_base_s: float = 30.0
    min_rate_bps: float = 32 * 1024  # the slowest link we still wait for

    def for_size(self, nbytes: int) -> tuple[float, float]:
        """The read timeout also covers draining the body (the kernel buffers the send)."""
        return (self.connect_s, self.read_base_s + nbytes / self.min_rate_bps)


class _PinnedSession(requests.Session):
    """A session whose `verify` always applies: plain requests lets $REQUESTS_CA_BUNDLE /
    $CURL_CA_BUNDLE override a session's CA, which would silently drop the pinned one."""

    def request(self, method, url, **kw):
        kw.setdefault("verify", self.verify)
        return super().request(method, url, **kw)


def make_session(ca_file: str | None) -> requests.Session:
    s = _PinnedSession()
    s.verify = ca_file if ca_file else True  # never False
    # read=False: a read error re-raises as itself (ReadTimeout stays ReadTimeout), never retried here
    retry = Retry(total=2, connect=2, read=False, status=0, other=0, redirect=0, respect_retry_after_header=False,
                  allowed_methods=None, raise_on_status=False)
    adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=2)
    s.mount("https://", adapter)
    s.mount("http://", adapter)
    s.headers["User-Agent"] = "single-door-kiosk/1"
    return s


def _error_text(resp: requests.Response) -> str:
    try:
        j = resp.json()
        return f"{j.get('error', 'error')}: {j.get('message', '')}"[:300]
    except ValueError:
        return f"HTTP {resp.status_code}: {resp.text[:120]!r}"


def describe_transport_error(e: Exception) -> str:
    if isinstance(e, requests.exceptions.SSLError):
        msg = str(e)
        if "expired" in msg:
            return "TLS: the platform's certificate has expired (or the kiosk clock is wrong)"
        if "not yet valid" in msg:
            return "TLS: the platform's certificate is not yet valid (check the kiosk clock)"
        return "TLS: cannot verify the platform's certificate against the configured CA"
    if isinstance(e, requests.exceptions.ConnectTimeout):
        return "network: connecting to the platform timed out"
    if isinstance(e, requests.exceptions.ReadTimeout):
        return "network: the platform did not answer in time"
    if isinstance(e, requests.exceptions.ConnectionError):
        return "network: connection failed or was reset"
    if isinstance(e, requests.exceptions.ChunkedEncodingError):
        return "network: the answer was cut off"
    return f"network: {type(e).__name__}"


class PlatformClient:
    def __init__(self, base_url: str, *, kiosk_id: str, key_id: str, signing_key, platform_sign_pk: bytes,
                 ca_file: str | None = None, timeouts: Timeouts | None = None, audit_head=lambda: "",
                 chunk_threshold: int = 8 * 1024 * 1024, chunk_size: int = 1024 * 1024,
                 session: requests.Session | None = None, clock=time.time):
        self.base = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self.key_id = key_id
        self.signing_key = signing_key
        self.platform_sign_pk = platform_sign_pk
        self.session = session or make_session(ca_file)
        self.timeouts = timeouts or Timeouts()
        self.audit_head = audit_head
        self.chunk_threshold = chunk_threshold
        self.chunk_size = chunk_size
        self.clock = clock

    def close(self) -> None:
        self.session.close()

    # -------------------------------------------------------------- signed requests
    def _request(self, method: str, path: str, *, body: bytes | None = None, digest: str = "",
                 headers: dict | None = None, timeout=None) -> requests.Response:
        date = formatdate(self.clock(), usegmt=True)
        head = getattr(self, "_head", None)
        head = (head if head is not None else self.audit_head()) or ""
        h = {"X-Kiosk-Key": self.key_id, "X-Kiosk-Date": date, "X-Audit-Head": head,
             "X-Kiosk-Signature": crypto.b64(self.signing_key.sign(
                 crypto.request_string(method, path, date, digest, head)))}
        if digest:
            h["Content-Digest"] = digest
        if body is not None:
            h["Content-Type"] = "application/octet-stream"
        h.update(headers or {})
        return self.session.request(method, self.base + path, data=body, headers=h,
                                    timeout=timeout or self.timeouts.for_size(len(body or b"")))

    def _kpath(self, rest: str) -> str:
        return f"/v1/kiosks/{self.kiosk_id}{rest}"

    # -------------------------------------------------------------- delivery
    def deliver(self, case_id: str, packet: bytes, digest_hex: str | None = None,
                audit_head: str | None = None) -> Outcome:
        """One attempt to deliver a sealed packet. Never raises for network trouble.
        `digest_hex` (the outbox's recorded SHA-256) saves hashing the packet again;
        `audit_head`, read by the caller on its own connection, is sent instead of
        calling `self.audit_head()` from this (sender) thread."""
        self._digest_hex = digest_hex or crypto.sha256_hex(packet)
        self._head = audit_head
        try:
            if len(packet) > self.chunk_threshold:
                return self._deliver_chunked(case_id, packet)
            digest = self._content_digest()
            resp = self._request("PUT", self._kpath(f"/cases/{case_id}"), body=packet, digest=digest,
                                 headers={"Idempotency-Key": case_id})
            return self._classify(resp, case_id, packet)
        except requests.exceptions.RequestException as e:
            return Outcome("retry", None, describe_transport_error(e), unsent=never_reached(e))

    def deliver_rating(self, case_id: str, revision: int, packet: bytes, digest_hex: str | None = None,
                       audit_head: str | None = None) -> Outcome:
        """One attempt to deliver a sealed rating revision (small: never chunked). Same
        answers and classification as a case; the receipt must name this rating revision."""
        self._digest_hex = digest_hex or crypto.sha256_hex(packet)
        self._head = audit_head
        try:
            resp = self._request("PUT", self._kpath(f"/ratings/{case_id}/{int(revision)}"), body=packet,
                                 digest=self._content_digest(), headers={"Idempotency-Key": f"{case_id}/{revision}"})
            return self._classify(resp, case_id, packet, expect={"kind": "rating", "revision": int(revision)})
        except requests.exceptions.RequestException as e:
            return Outcome("retry", None, describe_transport_error(e))

    def _content_digest(self) -> str:
        return f"sha-256=:{crypto.b64(bytes.fromhex(self._digest_hex))}:"

    def _deliver_chunked(self, case_id: str, packet: bytes) -> Outcome:
        digest = self._content_digest()
        path = self._kpath(f"/cases/{case_id}/upload")
        resp = self._request("POST", path, digest=digest, headers={"Upload-Length": str(len(packet)),
                                                                   "Idempotency-Key": case_id})
        if resp.status_code != 200 or "offset" not in _json(resp):
            return self._classify(resp, case_id, packet)
        offset = int(resp.json()["offset"])
        while True:
            chunk = packet[offset:offset + self.chunk_size]
            checksum = "sha256 " + base64.b64encode(hashlib.sha256(chunk).digest()).decode()
            resp = self._request("PATCH", path, body=chunk, digest=digest,
                                 headers={"Upload-Offset": str(offset), "Upload-Checksum": checksum,
                                          "Content-Type": "application/offset+octet-stream"})
            if resp.status_code == 204:
                offset = int(resp.headers["Upload-Offset"])
                continue
            if resp.status_code in (409, 460) and "Upload-Offset" in resp.headers and \
                    _json(resp).get("error") in ("offset_mismatch", "checksum_mismatch"):
                new = int(resp.headers["Upload-Offset"])
                if new == offset and resp.status_code == 409:
                    return Outcome("retry", 409, "upload: offset disagreement", offset=offset)
                offset = new
                continue
            out = self._classify(resp, case_id, packet)
            out.offset = offset
            return out

    def _classify(self, resp: requests.Response, case_id: str, packet: bytes, expect: dict | None = None) -> Outcome:
        code = resp.status_code
        if code in (200, 201):
            try:
                signed = resp.json()
                receipt = crypto.verify_receipt(signed, self.platform_sign_pk)
            except (ValueError, SyncError) as e:
                return Outcome("retry", code, f"receipt: {e}")
            if receipt.get("case_id") != case_id or receipt.get("digest") != self._digest_hex:
                return Outcome("retry", code, "receipt: names another case or packet digest")
            if any(receipt.get(k) != v for k, v in (expect or {}).items()):
                return Outcome("retry", code, "receipt: names another kind or revision")
            return Outcome("delivered", code, "", receipt=signed)
        if code in PAUSE_STATUSES:
            return Outcome("pause", code, _error_text(resp), retry_after=resp.headers.get("Retry-After"))
        if code in (401, 403):
            return Outcome("auth", code, _error_text(resp) + " (kiosk credentials refused: re-enroll?)")
        if code == 400 and _json(resp).get("error") == "digest_mismatch":
            return Outcome("retry", code, _error_text(resp))
        if 400 <= code < 500 and code not in RETRYABLE_4XX:
            return Outcome("quarantine", code, _error_text(resp))
        return Outcome("retry", code, _error_text(resp))

    # -------------------------------------------------------------- pulls (short timeouts)
    def _get_json(self, path: str) -> dict:
        self._head = None
        resp = self._request("GET", path, timeout=(self.timeouts.connect_s, self.timeouts.read_base_s))
        if resp.status_code != 200:
            raise SyncError(f"GET {path}: {_error_text(resp)}")
        return resp.json()

    def watermark(self) -> dict:
        return self._get_json(self._kpath("/watermark"))

    def status_events(self, after: int, limit: int = 200) -> dict:
        return self._get_json(self._kpath(f"/status?after={int(after)}&limit={int(limit)}"))

    def rating_check(self, items: list[dict]) -> list[dict]:
        """Ask which rating revisions ({case_id, revision}) the platform lacks."""
        import json
        self._head = None
        body = json.dumps({"ratings": items}).encode()
        resp = self._request("POST", self._kpath("/ratings/check"), body=body, digest=crypto.content_digest(body),
                             headers={"Content-Type": "application/json"},
                             timeout=(self.timeouts.connect_s, self.timeouts.read_base_s))
        if resp.status_code != 200:
            raise SyncError(f"POST ratings/check: {_error_text(resp)}")
        return resp.json().get("missing", [])

    def key_set(self) -> dict:
        resp = self.session.get(self.base + "/v1/platform-keys",
                                timeout=(self.timeouts.connect_s, self.timeouts.read_base_s))
        if resp.status_code != 200:
            raise SyncError(f"GET /v1/platform-keys: {_error_text(resp)}")
        return resp.json()

    def catalogue(self, etag: str | None) -> tuple[int, bytes | None, str | None]:
        resp = self.session.get(self.base + "/v1/catalogue", headers={"If-None-Match": etag} if etag else {},
                                timeout=(self.timeouts.connect_s, self.timeouts.read_base_s + 60))
        if resp.status_code == 304:
            return 304, None, etag
        if resp.status_code == 404:
            return 404, None, None
        if resp.status_code != 200:
            raise SyncError(f"GET /v1/catalogue: {_error_text(resp)}")
        return 200, resp.content, resp.headers.get("ETag")

    def add_key(self, public_raw: bytes) -> dict:
        import json
        self._head = None
        body = json.dumps({"public_key": crypto.b64(public_raw)}).encode()
        resp = self._request("POST", self._kpath("/keys"), body=body, headers={"Content-Type": "application/json"})
        if resp.status_code != 201:
            raise SyncError(f"key rotation refused: {_error_text(resp)}")
        return resp.json()


def _json(resp) -> dict:
    try:
        j = resp.json()
        return j if isinstance(j, dict) else {}
    except ValueError:
        return {}


def verify_key_set(ks: dict, platform_sign_pk: bytes) -> dict:
    """The HPKE key from /v1/platform-keys, after checking the receipt key signed it."""
    try:
        crypto.ed25519_public(platform_sign_pk).verify(
            crypto.unb64(ks["hpke_signature"]), b"single-door-keyset/1\n" + crypto.canonical_json(ks["hpke"]))
    except Exception:
        raise SyncError("platform key set: signature does not verify with the enrolled platform key; "
                        "keeping the old key") from None
    return ks["hpke"]


def enroll_request(url: str, token: str, kiosk_id: str, public_raw: bytes, ca_file: str | None) -> dict:
    s = make_session(ca_file)
    try:
        resp = s.post(url.rstrip("/") + "/v1/enroll", json={"token": token, "kiosk_id": kiosk_id,
                                                              "public_key": crypto.b64(public_raw)}, timeout=(10, 30))
    except requests.exceptions.RequestException as e:
        raise SyncError(f"enroll: {describe_transport_error(e)} ({url})") from None
    finally:
        s.close()
    if resp.status_code != 201:
        raise SyncError(f"enroll: platform refused: {_error_text(resp)}")
    return resp.json()
