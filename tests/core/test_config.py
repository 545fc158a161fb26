"""Configuration: defaults, TOML errors naming file and key, --config and KIOSK_CONFIG."""

import json
import subprocess
import sys

import pytest

from kiosk.config import KEYS, defaults, load_config, parse_config, to_toml
from kiosk.errors import ConfigError


def kiosk(*args, env, stdin=None):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True,
                          input=stdin)


def test_every_key_has_a_default_and_documentation():
    for k in KEYS:
        assert k.doc and isinstance(k.default, k.type), k.dotted
        if k.check:
            assert k.check(k.default) is None, k.dotted


def test_rendered_defaults_parse_back_identically(tmp_path):
    text = to_toml(defaults())
    cfg = parse_config(text, tmp_path / "x.toml")
    assert dict(cfg.items()) == dict(defaults().items())


@pytest.mark.parametrize("text, message", [
    ("[kiosk]\nmode = 'kiosk'\n", "kiosk.mode: 'kiosk' must be one of"),
    ("[kiosk]\nmod = 'counter'\n", "kiosk.mod: unknown key"),
    ("[kiosks]\nmode = 'counter'\n", "[kiosks]: unknown section"),
    ("[kiosk]\nhall_code = 330106\n", "kiosk.hall_code: expected str, got int"),
    ("[printer]\npaper_mm = 70\n", "printer.paper_mm: 70 must be one of"),
    ("[cards]\nallow_virtual = 1\n", "cards.allow_virtual: expected bool"),
    ("[sync]\ninterval_s = true\n", "sync.interval_s: expected int, got bool"),
    ("[kiosk\nmode = 'counter'\n", "not valid TOML"),
    ("mode = 'counter'\n", "mode: expected a [section] table"),
])
def test_bad_files_name_file_key_and_problem(tmp_path, text, message):
    p = tmp_path / "bad.toml"
    p.write_text(text)
    with pytest.raises(ConfigError) as e:
        load_config(str(p))
    assert str(p) in str(e.value) and message in str(e.value)
    assert "\n" not in str(e.value)


def test_partial_file_truncated_mid_value(tmp_path):
    p = tmp_path / "cut.toml"
    p.write_text("[kiosk]\nhall_code = \"3301")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(str(p))


def test_binary_garbage_names_the_byte(tmp_path):
    p = tmp_path / "bin.toml"
    p.write_bytes(b"[kiosk]\nmode = '\xff\xfe'\n")
    with pytest.raises(ConfigError, match="not UTF-8 text \\(byte 16\\)"):
        load_config(str(p))


def test_explicit_missing_file_is_an_error_default_missing_file_is_not(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="not found"):
        load_config(str(tmp_path / "nope.toml"))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    cfg = load_config(None)
    assert not cfg.loaded and cfg["kiosk.mode"] == "counter"


def test_cli_bad_config_exits_2_with_one_line_and_no_traceback(kiosk_env, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[kiosk]\nmode = 'disco'\n")
    for args, env in ((["--config", str(bad), "config", "check"], kiosk_env["env"]),
                      (["config", "check"], dict(kiosk_env["env"], KIOSK_CONFIG=str(bad)))):
        r = kiosk(*args, env=env)
        assert r.returncode == 2
        assert r.stderr.strip().count("\n") == 0 and "kiosk.mode" in r.stderr and "Traceback" not in r.stderr


def test_cli_config_show_json_lists_every_key(kiosk_env):
    r = kiosk("config", "show", "--json", env=kiosk_env["env"])
    assert r.returncode == 0
    data = json.loads(r.stdout)
    assert data["loaded"] and data["data_dir"] == str(kiosk_env["data"])
    assert sum(len(v) for v in data["values"].values()) == len(KEYS)
