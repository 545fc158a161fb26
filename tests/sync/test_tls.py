"""TLS for real: the platform on uvicorn with a certificate from a throwaway CA; the
kiosk verifies against the CA enrollment stored, refuses an unknown CA and an expired
certificate with a readable reason, and `verify=False` appears nowhere in sync/."""

import datetime as dt
import ipaddress
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.errors import SyncError
from kiosk.store import Store
from sync.platform.server import ServerThread
from sync.platform.service import Platform
from sync.worker import SyncWorker, enroll
from synchelpers import assert_exactly_once, queue_cases, settings

ROOT = Path(__file__).resolve().parents[2]


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_pki(d: Path, *, expired=False):
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("Test CA")).issuer_name(_name("Test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    start, end = (now - dt.timedelta(days=20), now - dt.timedelta(days=1)) if expired else \
        (now - dt.timedelta(days=1), now + dt.timedelta(days=10))
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    d.mkdir(parents=True, exist_ok=True)
    (d / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (d / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (d / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    return d / "ca.pem", d / "cert.pem", d / "key.pem"


@pytest.fixture
def tls_platform(tmp_path):
    ca, cert, key = make_pki(tmp_path / "pki")
    plat = Platform(tmp_path / "plat")
    srv = ServerThread(plat, ssl_certfile=str(cert), ssl_keyfile=str(key)).start()
    yield plat, srv, ca
    srv.stop()


def test_https_with_configured_ca(tmp_path, tls_platform):
    plat, srv, ca = tls_platform
    assert srv.url.startswith("https://")
    kdir = tmp_path / "kiosk"
    store = Store.open(kdir)
    enr = enroll(store, settings(), srv.url, plat.new_token(), ca_file=str(ca))
    assert Path(enr["ca_file"]).read_bytes() == ca.read_bytes()
    cases = queue_cases(store, 2)
    res = SyncWorker(lambda: Store.open(kdir), settings()).run(once=True, deadline=time.time() + 30)
    assert res.delivered == 2

    class H:
        platform = plat
    assert_exactly_once(H, cases)


def test_unknown_ca_refused(tmp_path, tls_platform):
    plat, srv, _ = tls_platform
    store = Store.open(tmp_path / "kiosk")
    with pytest.raises(SyncError, match="TLS: cannot verify the platform's certificate"):
        enroll(store, settings(), srv.url, plat.new_token())  # system CAs do not know the test CA


def test_expired_certificate_is_a_readable_retry(tmp_path):
    good_ca, good_cert, good_key = make_pki(tmp_path / "good")
    plat = Platform(tmp_path / "plat")
    srv = ServerThread(plat, ssl_certfile=str(good_cert), ssl_keyfile=str(good_key)).start()
    kdir = tmp_path / "kiosk"
    store = Store.open(kdir)
    try:
        enroll(store, settings(), srv.url, plat.new_token(), ca_file=str(good_ca))
    finally:
        srv.stop()
    # the platform comes back with an expired certificate; the kiosk trusts its CA, so the
    # expiry is the only problem
    import shutil
    ca2, cert2, key2 = make_pki(tmp_path / "expired", expired=True)
    shutil.copyfile(ca2, Path(store.data_dir) / "keys" / "platform-ca.pem")
    srv2 = ServerThread(plat, port=srv.port, ssl_certfile=str(cert2), ssl_keyfile=str(key2)).start()
    errors = []
    try:
        queue_cases(store, 1)
        w = SyncWorker(lambda: Store.open(kdir), settings())
        w.subscribe(lambda st: errors.append(st["last_error"]))
        res = w.run(once=True, deadline=time.time() + 1.5)
    finally:
        srv2.stop()
    assert res.delivered == 0 and res.quarantined == 0
    assert any("certificate has expired" in (e or "") for e in errors), errors
    assert store.conn.execute("SELECT state FROM outbox").fetchone()[0] == "pending"


def test_verify_false_never_used():
    import ast
    bad = []
    for py in (ROOT / "sync").rglob("*.py"):
        for node in ast.walk(ast.parse(py.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "verify" and \
                    isinstance(node.value, ast.Constant) and node.value.value is False:
                bad.append(f"{py}:{node.value.lineno}")
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value is False \
                    and any(isinstance(t, ast.Attribute) and t.attr == "verify" for t in node.targets):
                bad.append(f"{py}:{node.lineno}")
    assert not bad, bad


def test_ca_pin_survives_requests_ca_bundle_env(tls_platform, monkeypatch):
    """requests lets $REQUESTS_CA_BUNDLE override a session's CA; our session must not."""
    import certifi
    from sync.client import make_session
    _, srv, ca = tls_platform
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    monkeypatch.setenv("CURL_CA_BUNDLE", certifi.where())
    s = make_session(str(ca))
    assert s.get(srv.url + "/v1/health", timeout=5).json() == {"ok": True}
