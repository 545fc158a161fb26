"""Technician: the sync CA chosen from the certificate files found on the terminal and
checked by the core (kiosk.config.check_ca_file through update_file), the printer's
paper width and dots written through the core, and the PC/SC reader's timed test read
(ATR, connect, SELECT) through the real pcscd + vpcd stack."""

import datetime as dt

import pytest

from kiosk.errors import ConfigError
from ui_testkit import add_operator, find_item, scroll_into_view, settle, sign_in, tap, type_into, vpcd_chip_reader

READER = "Virtual PCD 00 00"


def make_ca_pem(path):
    """A self-signed CA certificate (what a hall's platform CA looks like), PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test platform CA")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def test_core_checks_the_ca_file_when_the_config_is_updated(tmp_path):
    from kiosk.config import load_config, update_file
    conf = tmp_path / "kiosk.toml"
    good = make_ca_pem(tmp_path / "platform-ca.pem")
    bad = tmp_path / "notes.crt"
    bad.write_text("this is not a certificate\n")
    for path, words in ((bad, "not a PEM certificate"), (tmp_path / "gone.pem", "file not found"),
                        (tmp_path, "is a directory")):
        with pytest.raises(ConfigError) as e:
            update_file(conf, {"sync.ca_file": str(path)}, actor="t")
        assert str(path) in str(e.value) and words in str(e.value) and "\n" not in str(e.value)
        assert not conf.exists()                                  # nothing written
    update_file(conf, {"sync.ca_file": str(good)}, actor="t")
    assert load_config(str(conf))["sync.ca_file"] == str(good)
    update_file(conf, {"sync.ca_file": ""}, actor="t")            # back to the system's CAs
    assert load_config(str(conf))["sync.ca_file"] == ""


def _shots_at(qtbot, k, name, item_name, above=80):
    """Screenshots in both languages with `item_name` in view (and `above` px over it):
    the layout moves when the language changes, so the view is set again for each."""
    from ui.qt import QPointF
    from ui_testkit import shoot, truncated_texts
    original = k.app_model.language
    k.heartbeat.pause()
    for lang in ("zh_CN", "en"):
        k.app_model.setLanguage(lang)
        settle(qtbot, k)
        item = find_item(k, item_name)
        scroll_into_view(item)
        f = item.parentItem()
        while f is not None and f.property("contentY") is None:
            f = f.parentItem()
        if f is not None:
            y = item.mapToItem(f.property("contentItem"), QPointF(0, 0)).y()
            f.setProperty("contentY", max(0.0, min(y - above, f.property("contentHeight") - f.height())))
        qtbot.wait(50)
        shoot(k, f"{name}-{lang}")
        assert truncated_texts(k) == [], f"{name}-{lang}: clipped text"
    k.app_model.setLanguage(original)
    settle(qtbot, k)
    k.heartbeat.resume()


def _sign_in_technician(k, qtbot):
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "tech1", "864201", screen="Technician")


def _set_text(k, name, text):
    find_item(k, name).setProperty("text", "")
    type_into(k, name, text)


def test_technician_sets_the_paper_width_and_picks_the_sync_ca(kiosk_app, qtbot, ui_config, tmp_path,
                                                               monkeypatch):
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    conf = conf_dir / "kiosk.toml"
    monkeypatch.setenv("KIOSK_CONFIG", str(conf))
    good = make_ca_pem(conf_dir / "platform-ca.pem")           # e.g. copied there from a USB stick
    bad = conf_dir / "readme.crt"
    bad.write_text("not a certificate")
    add_operator(ui_config, "tech1", "technician", "864201")
    k = kiosk_app("technician")
    _sign_in_technician(k, qtbot)

    # Paper width: the core refuses 60 mm (naming the key), nothing is written; 58 mm is used at once
    _set_text(k, "input_paperMm", "60")
    tap(k, "savePaper")
    qtbot.waitUntil(lambda: k.tech.property("configState") != "", timeout=5000)
    assert "printer.paper_mm" in k.tech.property("configState") and not conf.exists()
    _set_text(k, "input_paperMm", "58")
    _set_text(k, "input_printerDots", "384")
    tap(k, "savePaper")
    qtbot.waitUntil(lambda: k.tech.property("configState") == "saved", timeout=10000)
    assert "paper_mm = 58" in conf.read_text() and "dots = 384" in conf.read_text()
    qtbot.waitUntil(lambda: k.services.printer is not None and k.services.printer.settings.paper_mm == 58,
                    timeout=10000)
    assert k.services.printer.settings.dots == 384
    _shots_at(qtbot, k, "technician-paper-width", "input_paperMm", above=140)

    # Sync CA: chosen from the certificate files found, checked by the core
    tap(k, "findCaFiles")
    qtbot.waitUntil(lambda: len(k.tech.property("caFiles")) == 2, timeout=5000)
    files = k.tech.property("caFiles")
    assert files == sorted([str(good), str(bad)])
    tap(k, f"caFile_{files.index(str(bad))}")
    assert find_item(k, "input_syncCa").property("text") == str(bad)
    tap(k, "saveSyncCa")
    qtbot.waitUntil(lambda: k.tech.property("caState") != "", timeout=5000)
    refused = k.tech.property("caState")
    assert str(bad) in refused and "not a PEM certificate" in refused and "ca_file" not in conf.read_text()
    _shots_at(qtbot, k, "technician-sync-ca-refused", "findCaFiles", above=40)
    tap(k, f"caFile_{files.index(str(good))}")
    tap(k, "saveSyncCa")
    qtbot.waitUntil(lambda: k.tech.property("caState") == "saved", timeout=5000)
    assert f'ca_file = "{good}"' in conf.read_text() and k.services.config["sync.ca_file"] == str(good)
    row = k.services.store().conn.execute(
        "SELECT actor FROM audit_log WHERE action='config.change' ORDER BY seq DESC").fetchone()
    assert row["actor"] == "tech1"
    _shots_at(qtbot, k, "technician-sync-ca", "findCaFiles", above=140)


@pytest.mark.pcsc
def test_technician_test_reads_a_pcsc_reader_with_timing(kiosk_app, qtbot, ui_config, tmp_path):
    """pcscd + vpcd (devices.cards.pcscd_harness) and the simulated eMRTD: run under
    `flock /tmp/pcscd-tests.lock` (one pcscd on this machine)."""
    from devices.cards import sample, sim_icao

    with vpcd_chip_reader(tmp_path, READER) as place:
        add_operator(ui_config, "tech1", "technician", "864201")
        k = kiosk_app("technician")
        _sign_in_technician(k, qtbot)
        qtbot.waitUntil(lambda: READER in k.tech.property("readers").get("names", []), timeout=10000)
        # no card: the test says so, with the time it waited
        tap(k, "testPcscRead")
        qtbot.waitUntil(lambda: k.tech.property("pcscTest").get("state") in ("ok", "error"), timeout=15000)
        miss = k.tech.property("pcscTest")
        assert miss["state"] == "error" and miss["reader"] == READER and miss["detail"], miss
        # a card: ATR, connect and SELECT timed, the reader flagged virtual
        place(sim_icao.load_dataset(sample.make_icao_dataset(tmp_path / "icao", face_kb=8)))
        qtbot.waitUntil(lambda: READER in k.tech.property("readers").get("cards", []), timeout=10000)
        tap(k, "testPcscRead")
        qtbot.waitUntil(lambda: k.tech.property("pcscTest").get("state") in ("ok", "error"), timeout=15000)
        r = k.tech.property("pcscTest")
        assert r["state"] == "ok", r
        assert r["reader"] == READER and r["virtual"] is True and r["sw"] == "9000"
        assert r["atr"].startswith("3B") and 0 < r["connect_ms"] < 5000 and 0 < r["select_ms"] < 5000
        text = find_item(k, "pcscTestText").property("text")
        assert r["atr"] in text and READER in text
        assert find_item(k, "pcscVirtualNote").isVisible()
        _shots_at(qtbot, k, "technician-pcsc-test", "testPcscRead", above=200)
