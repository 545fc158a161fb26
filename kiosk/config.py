"""Typed configuration from a TOML file.

The file is found, in order, at `--config PATH`, `$KIOSK_CONFIG`, or `kiosk.toml` in
the platform's config directory (platformdirs). A missing default file is fine: every
key has a documented default (`kiosk config show` lists them). A bad file gives one
`ConfigError` line that names the file, the key and what is wrong.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import platformdirs

from kiosk import APP_NAME
from kiosk.errors import ConfigError
from kiosk.fsutil import replace_file


@dataclass(frozen=True)
class Key:
    section: str
    name: str
    type: type
    default: Any
    doc: str
    check: Callable[[Any], str | None] | None = None  # returns a problem or None

    @property
    def dotted(self) -> str:
        return f"{self.section}.{self.name}"


# paper formats a page is straightened to and judged against for DPI (sizes in mm:
# devices/scanner/rectify.PAPERS_MM); "free" keeps the page's own shape and skips the check.
# Catalogue materials name theirs (assets/schema/service.schema.json, "paper").
PAPER_FORMATS = ("A4", "A5", "ID-1", "ID-3", "letter", "free")


def _one_of(*choices):
    def check(v):
        return None if v in choices else f"must be one of {', '.join(map(repr, choices))}"
    return check


def _at_least(lo):
    def check(v):
        return None if v >= lo else f"must be at least {lo}"
    return check


def _zero_or_at_least(lo):
    def check(v):
        return None if v == 0 or v >= lo else f"must be 0 (automatic) or at least {lo}"
    return check


def _pattern(regex, what):
    import re
    rx = re.compile(regex)

    def check(v):
        return None if rx.fullmatch(v) else f"must be {what}"
    return check


KEYS: list[Key] = [
    # [kiosk]
    Key("kiosk", "hall_code", str, "330106", "Administrative code of the service hall (6 digits, GB/T 2260).",
        _pattern(r"\d{6}", "6 digits")),
    Key("kiosk", "hall_name", str, "Single Door Service Hall", "Hall name printed on slips."),
    Key("kiosk", "kiosk_id", str, "K01", "This terminal's id inside the hall (letters/digits, 1-4 chars).",
        _pattern(r"[A-Z0-9]{1,4}", "1-4 capital letters or digits")),
    Key("kiosk", "window", str, "1", "Counter window number shown to citizens."),
    Key("kiosk", "mode", str, "counter", "Start mode: counter, self-service or technician.",
        _one_of("counter", "self-service", "technician")),
    Key("kiosk", "language", str, "zh_CN", "Default language: zh_CN or en.", _one_of("zh_CN", "en")),
    Key("kiosk", "data_dir", str, "", "Data directory (store, keys, attachments). Empty: the platform's data dir."),
    Key("kiosk", "simulated_devices", bool, False,
        "Use the device simulators (virtual card, video-file camera, file printer) and show a SIMULATED band."),
    # [log]
    Key("log", "level", str, "INFO", "Log level.", _one_of("DEBUG", "INFO", "WARNING", "ERROR")),
    Key("log", "dir", str, "", "Log directory. Empty: the platform's log dir."),
    Key("log", "max_bytes", int, 2_000_000, "Rotate a log file at this size.", _at_least(10_000)),
    Key("log", "backups", int, 5, "Rotated log files kept.", _at_least(1)),
    # [security]
    Key("security", "max_pin_attempts", int, 5, "Wrong PINs before an operator account locks.", _at_least(1)),
    Key("security", "lockout_s", int, 300, "How long a locked operator account stays locked (s).", _at_least(1)),
    # [cards]
    Key("cards", "allow_virtual", bool, False, "Accept readers named 'Virtual PCD' (simulators). Never in production."),
    Key("cards", "csca_dir", str, "", "CSCA trust store for passive authentication. Empty: assets/csca."),
    Key("cards", "ga467_serial", str, "", "Serial device of the Chinese resident ID (GA/T 467) reader, e.g. /dev/ttyUSB0."),
    Key("cards", "ga467_baudrate", int, 115200, "Baud rate of the GA/T 467 reader.", _at_least(1200)),
    Key("cards", "wlt_decoder", str, "", "Path of the reader vendor's WLT photo decoder library (ctypes). Empty: none."),
    Key("cards", "apdu_timeout_s", float, 10.0, "A card reader with no answer to one APDU for this long (s) is "
        "reported as stopped (unplug and replug it); the read is abandoned.", _at_least(0.2)),
    # [camera]
    Key("camera", "source", str, "0", "Camera: index, device path, URL, or video/image-sequence file."),
    Key("camera", "width", int, 0, "Capture (still) width in px; 0: the camera's largest, probed when it opens.",
        _zero_or_at_least(160)),
    Key("camera", "height", int, 0, "Capture (still) height in px; 0: the camera's largest.", _zero_or_at_least(120)),
    Key("camera", "preview_width", int, 0, "Live-preview width in px; 0: preview at the capture size. When set, a "
        "USB camera streams this size and switches to the capture size for each still.", _zero_or_at_least(160)),
    Key("camera", "preview_height", int, 0, "Live-preview height in px; 0: the capture size.", _zero_or_at_least(120)),
    Key("camera", "autofocus", bool, True, "Ask the camera for autofocus."),
    Key("camera", "blur_threshold", float, 0.0, "Calibrated blur threshold. 0: the built-in default.", _at_least(0.0)),
    Key("camera", "target_dpi", int, 200, "DPI of straightened pages.", _at_least(72)),
    Key("camera", "paper", str, "A4", "Usual paper format (straightening and the DPI check) when the material "
        "being scanned names none: A4, A5, ID-1 (cards), ID-3 (passport pages), letter or free.",
        _one_of(*PAPER_FORMATS)),
    Key("camera", "jpeg_quality", int, 80, "JPEG quality of stored pages (1-100).", _at_least(1)),
    Key("camera", "stable_frames", int, 10, "Auto-capture after the page is still for this many frames.", _at_least(2)),
    Key("camera", "empty_desk", str, "", "The picture of the empty desk under the camera (recorded by `kiosk scan desk` "
        "or the technician screen; a pattern on the desk is then not taken for a page). Empty: "
        "<data_dir>/scanner/empty-desk.png."),
    # [printer]
    Key("printer", "uri", str, "", "Receipt printer: usb://VID:PID, serial:///dev/ttyS0?baudrate=115200, tcp://HOST:9100, cups://QUEUE, file:///PATH."),
    Key("printer", "profile", str, "TM-T20II", "python-escpos printer profile (TM-T20II: 80 mm, 576 dots; POS-5890: 58 mm, 384)."),
    Key("printer", "paper_mm", int, 80, "Paper width: 58 or 80 mm.", _one_of(58, 80)),
    Key("printer", "dots", int, 576, "Printable dots per line (576 on 80 mm, 384 on 58 mm).", _at_least(200)),
    Key("printer", "text_mode", str, "raster", "Chinese text: raster (any printer) or gb18030 (native).",
        _one_of("raster", "gb18030")),
    Key("printer", "retry_s", int, 15, "Seconds between retries of a slip waiting for the printer.", _at_least(1)),
    Key("printer", "status_timeout_ms", int, 800, "Wait this long for a DLE EOT status answer.", _at_least(50)),
    # [sync]
    Key("sync", "platform_url", str, "", "Base URL of the online platform. Empty: not enrolled."),
    Key("sync", "ca_file", str, "", "CA bundle that verifies the platform's TLS certificate."),
    Key("sync", "interval_s", int, 60, "Seconds between sync rounds (and pulls) when nothing triggers one.",
        _at_least(1)),
    Key("sync", "backoff_base_s", float, 5.0, "Retry backoff base (s): full jitter U(0, min(cap, base*2^n)).",
        _at_least(0.001)),
    Key("sync", "backoff_cap_s", float, 900.0, "Retry backoff cap (s).", _at_least(0.01)),
    Key("sync", "connect_timeout_s", float, 10.0, "Connect timeout to the platform (s).", _at_least(0.1)),
    Key("sync", "read_timeout_s", float, 30.0, "Read timeout base (s); grows with the packet size.", _at_least(0.1)),
    Key("sync", "min_rate_bps", int, 32768, "Slowest upload rate (bytes/s) the read timeout allows for.",
        _at_least(1024)),
    Key("sync", "chunk_threshold_bytes", int, 8 * 1024 * 1024,
        "Packets larger than this go up in resumable chunks (offset + per-chunk SHA-256).", _at_least(1024)),
    Key("sync", "chunk_bytes", int, 1024 * 1024, "Chunk size of resumable uploads.", _at_least(1024)),
    Key("sync", "max_inflight", int, 2, "Uploads in flight at once (2 hides round trip and platform time).",
        _at_least(1)),
    Key("sync", "stale_warn_days", int, 2, "Warn when the oldest undelivered case is older (days).", _at_least(1)),
    Key("sync", "stale_warn_cases", int, 500, "Warn when more cases than this wait.", _at_least(1)),
    Key("sync", "refuse_after_days", int, 0, "Refuse new cases when the oldest undelivered is older (days). 0: never.",
        _at_least(0)),
    Key("sync", "retention_days", int, 30, "Keep a delivered case's payload this long after the platform's receipt.",
        _at_least(0)),
    # [cases]
    Key("cases", "holiday_file", str, "", "Holiday calendar (JSON, like assets/holidays/cn.json) for promised dates. "
        "Empty: the bundled one."),
    # [ui]
    Key("ui", "idle_warning_s", int, 60, "Self-service: seconds without input before the idle warning.", _at_least(10)),
    Key("ui", "idle_countdown_s", int, 30, "Self-service: countdown before the session is wiped.", _at_least(20)),
    Key("ui", "counter_lock_s", int, 300, "Counter: lock the screen after this many idle seconds.", _at_least(30)),
    Key("ui", "screen_dpi", float, 0.0, "Physical DPI of the panel for touch and text sizes. 0: as the screen reports.",
        _at_least(0.0)),
]

KEY_INDEX = {k.dotted: k for k in KEYS}
SECTIONS = sorted({k.section for k in KEYS})


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.toml"


def resolve_config_path(explicit: str | None) -> tuple[Path, bool]:
    """Return (path, must_exist). An explicit or environment path must exist."""
    if explicit:
        return Path(explicit), True
    env = os.environ.get("KIOSK_CONFIG")
    if env:
        return Path(env), True
    return default_config_path(), False


class Config:
    """Validated configuration values, read as `cfg["section.key"]`."""

    def __init__(self, values: dict[str, Any], path: Path | None, loaded: bool):
        self._values = values
        self.path = path
        self.loaded = loaded

    def __getitem__(self, dotted: str) -> Any:
        return self._values[dotted]

    def get(self, dotted: str, default: Any = None) -> Any:
        return self._values.get(dotted, default)

    def items(self):
        return self._values.items()

    def with_overrides(self, **dotted_values: Any) -> "Config":
        """A copy with some keys replaced (each still validated). Keys use `__` for `.`."""
        values = dict(self._values)
        for k, v in dotted_values.items():
            dotted = k.replace("__", ".")
            values[dotted] = _coerce(KEY_INDEX[dotted], v, self.path or Path("<override>"))
        return Config(values, self.path, self.loaded)

    @property
    def data_dir(self) -> Path:
        d = self._values["kiosk.data_dir"]
        return Path(d) if d else Path(platformdirs.user_data_dir(APP_NAME))

    @property
    def log_dir(self) -> Path:
        d = self._values["log.dir"]
        return Path(d) if d else Path(platformdirs.user_log_dir(APP_NAME))

    def as_toml_dict(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for k in KEYS:
            out.setdefault(k.section, {})[k.name] = self._values[k.dotted]
        return out


def _coerce(key: Key, value: Any, path: Path) -> Any:
    where = f"{path}: {key.dotted}"
    if key.type is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if key.type is int and isinstance(value, bool) or not isinstance(value, key.type):
        raise ConfigError(f"{where}: expected {key.type.__name__}, got {type(value).__name__} {value!r}")
    if key.check:
        problem = key.check(value)
        if problem:
            raise ConfigError(f"{where}: {value!r} {problem}")
    return value


def defaults() -> Config:
    return Config({k.dotted: k.default for k in KEYS}, None, False)


def parse_config(text: str, path: Path) -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    values = {k.dotted: k.default for k in KEYS}
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: {section}: expected a [section] table, got a {type(table).__name__}")
        if section not in SECTIONS:
            raise ConfigError(f"{path}: [{section}]: unknown section (known: {', '.join(SECTIONS)})")
        for name, value in table.items():
            dotted = f"{section}.{name}"
            key = KEY_INDEX.get(dotted)
            if key is None:
                raise ConfigError(f"{path}: {dotted}: unknown key")
            values[dotted] = _coerce(key, value, path)
    return Config(values, path, True)


def load_config(explicit: str | None = None) -> Config:
    path, must_exist = resolve_config_path(explicit)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if must_exist:
            raise ConfigError(f"{path}: config file not found") from None
        cfg = defaults()
        cfg.path = path
        return cfg
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except PermissionError:
        raise ConfigError(f"{path}: cannot read config file (permission denied)") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text (byte {e.start})") from None
    return parse_config(text, path)


def to_toml(cfg: Config, *, only_changed: bool = False) -> str:
    """Render the configuration as TOML, each key preceded by its documentation.
    With only_changed, keys still at their default are left out (so a later program's
    better default still applies to them)."""
    lines: list[str] = []
    current = None
    for k in KEYS:
        if only_changed and cfg[k.dotted] == k.default:
            continue
        if k.section != current:
            current = k.section
            lines.append(f"\n[{current}]")
        lines.append(f"# {k.doc}")
        lines.append(f"{k.name} = {_toml_value(cfg[k.dotted])}")
    return "\n".join(lines).lstrip() + "\n"


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def check_ca_file(path: str | Path) -> None:
    """`sync.ca_file` must be a file holding PEM X.509 certificates (what the TLS client
    verifies the platform with). ConfigError names the file and what to do."""
    from cryptography import x509
    p = Path(path).expanduser()
    what = "choose the platform's CA certificate (a PEM .pem/.crt file)"
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{p}: sync.ca_file: file not found; {what}") from None
    except IsADirectoryError:
        raise ConfigError(f"{p}: sync.ca_file: is a directory; {what}") from None
    except OSError as e:
        raise ConfigError(f"{p}: sync.ca_file: cannot read the file ({e.strerror}); {what}") from None
    try:
        x509.load_pem_x509_certificates(data)
    except ValueError:
        raise ConfigError(f"{p}: sync.ca_file: not a PEM certificate; {what}") from None


# Keys whose new value is checked against the outside world when a file is updated
# (not at every load: a missing CA must not stop the kiosk from starting).
UPDATE_CHECKS: dict[str, Callable[[Any], None]] = {"sync.ca_file": lambda v: check_ca_file(v) if v else None}


def update_file(path: Path | str, changes: dict[str, Any], *, actor: str, store=None) -> Config:
    """Change some keys of a config file (technician screen, scripts).

    Every change is validated like a loaded file (unknown key or bad value: ConfigError,
    file untouched). The file is rewritten atomically (temp, fsync, rename, directory
    fsync) with the keys that differ from their defaults, each under its documentation.
    With a store, the change is audited (keys and new values; config holds no secrets).
    A new `sync.ca_file` must hold PEM certificates (`check_ca_file`)."""
    path = Path(path)
    current = load_config(str(path)) if path.exists() else defaults()
    values = dict(current.items())
    for dotted, value in changes.items():
        key = KEY_INDEX.get(dotted)
        if key is None:
            raise ConfigError(f"{path}: {dotted}: unknown key")
        values[dotted] = _coerce(key, value, path)
        if dotted in UPDATE_CHECKS and values[dotted] != current[dotted]:
            UPDATE_CHECKS[dotted](values[dotted])
    cfg = Config(values, path, True)
    text = to_toml(cfg, only_changed=True)
    parse_config(text, path)  # what we write must read back
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        replace_file(path, text.encode("utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot write the config file ({e.strerror})") from None
    changed = {k: values[k] for k in changes if current[k] != values[k]}
    if store is not None and changed:
        from kiosk import audit
        with store.transaction() as db:
            audit.append(db, actor, "config.change", str(path), {"changed": changed})
    return cfg
