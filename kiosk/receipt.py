"""Receipts as data: what a slip says, as a list of layout blocks. No pixels here.

`acknowledgement(data, lang=...)` and its siblings are pure functions from plain
dicts to a list of blocks (`Text`, `Pair`, `Rule`, `Space`, `QR`, `Barcode`, `Mark`,
`Ruler`). `devices.printer.render` turns the blocks into a raster at the printer's
dot width; the same raster is the on-screen preview and the printed slip.

Privacy: a slip carries the citizen's masked name only; an ID number, if a caller
passes one, goes through `mask_id` (never printed in full).

Tracking token: `tracking_token(key, case_number)` is a truncated HMAC-SHA256 (80 bits,
base32) under a per-kiosk key in `<data>/keys/receipt-token.key`; whoever holds the key
(this kiosk, the platform after enrollment) verifies a slip offline with
`verify_tracking_token`. The QR carries `<platform>/track?c=<case>&t=<token>`.

May import: the standard library and `kiosk`. Nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote, urlencode

from kiosk.errors import InputError, StoreError
from kiosk.privacy import mask_id, mask_name

# ---------------------------------------------------------------- layout blocks


@dataclass(frozen=True)
class Block:
    kind = "block"

    def to_dict(self) -> dict:
        return {"kind": self.kind, **asdict(self)}


@dataclass(frozen=True)
class Text(Block):
    """A paragraph, wrapped to the paper width. size: small, body, large, title, huge."""
    text: str
    size: str = "body"
    bold: bool = False
    align: str = "left"            # left | center | right
    indent: int = 0                # hanging indent in body-character widths (bullets)
    kind = "text"


@dataclass(frozen=True)
class Pair(Block):
    """`label  value` on one line; the value wraps under itself."""
    label: str
    value: str
    bold: bool = False
    kind = "pair"


@dataclass(frozen=True)
class Rule(Block):
    style: str = "solid"           # solid | dashed
    kind = "rule"


@dataclass(frozen=True)
class Space(Block):
    dots: int = 12
    kind = "space"


@dataclass(frozen=True)
class QR(Block):
    data: str
    module_dots: int = 6           # >= 20 mm at 203 dpi for short payloads
    caption: str = ""
    kind = "qr"


@dataclass(frozen=True)
class Barcode(Block):
    data: str                      # CODE128 (Code39 appends a check character: avoid)
    kind = "barcode"


@dataclass(frozen=True)
class Mark(Block):
    """A boxed, reversed banner: a state the reader must not miss."""
    text: str
    kind = "mark"


@dataclass(frozen=True)
class Ruler(Block):
    """A dot ruler across the full width (technician test page)."""
    kind = "ruler"


@dataclass(frozen=True)
class Cut(Block):
    kind = "cut"


BLOCK_TYPES = {c.kind: c for c in (Text, Pair, Rule, Space, QR, Barcode, Mark, Ruler, Cut)}


def blocks_to_json(blocks: Iterable[Block]) -> list[dict]:
    return [b.to_dict() for b in blocks]


def blocks_from_json(items: Iterable[dict]) -> list[Block]:
    out = []
    for d in items:
        d = dict(d)
        cls = BLOCK_TYPES.get(d.pop("kind", None))
        if cls is None:
            raise InputError(f"receipt block: unknown kind {d!r}")
        out.append(cls(**d))
    return out


# ---------------------------------------------------------------- labels

LABELS = {
    "zh_CN": {
        "ack_title": "受理回执", "case_number": "办件编号", "service": "办理事项", "hall": "办理地点",
        "window": "窗口", "time": "受理时间", "applicant": "申请人", "id": "证件号码",
        "received": "已收材料", "missing": "待补材料", "bring": "请携带", "promised": "承诺办结",
        "fee": "收费", "free": "免费", "next": "后续事项", "scan": "扫码查询办理进度",
        "pending": "待上报：尚未送达政务服务平台", "delivered": "已上报政务服务平台",
        "keep": "请妥善保管本回执，凭此查询、领取", "pages": "页",
        "source_scanned": "", "source_reused": "（复用）", "source_shared": "（数据共享）",
        "none_missing": "无", "ticket_title": "排队号", "ahead": "前面等候", "people": "人",
        "ticket_wait": "请留意叫号，过号请重新取号", "issued": "取号时间", "eod_title": "日终对账单", "date": "日期",
        "captured": "受理", "delivered_n": "已上报", "pending_n": "待上报", "quarantined": "隔离待查", "withdrawn": "已撤回",
        "printed": "已打印回执", "reprinted": "补打回执", "kiosk": "终端", "test_title": "打印机测试页",
        "reprint": "补打", "yuan": "元",
    },
    "en": {
        "ack_title": "Acknowledgement of application", "case_number": "Case no.", "service": "Service",
        "hall": "Hall", "window": "Window", "time": "Received", "applicant": "Applicant", "id": "ID no.",
        "received": "Materials received", "missing": "Still missing", "bring": "bring",
        "promised": "Promised by", "fee": "Fee", "free": "free", "next": "What happens next",
        "scan": "Scan to follow your case", "pending": "PENDING DELIVERY TO THE PLATFORM",
        "delivered": "Delivered to the platform", "keep": "Keep this slip to follow up and collect",
        "pages": "p.", "source_scanned": "", "source_reused": " (reused)", "source_shared": " (data sharing)",
        "none_missing": "none", "ticket_title": "Your number", "ahead": "People ahead", "people": "",
        "ticket_wait": "Please wait for your number to be called", "issued": "Issued", "eod_title": "End-of-day reconciliation",
        "date": "Date", "captured": "Captured", "delivered_n": "Delivered", "pending_n": "Pending",
        "quarantined": "Quarantined", "withdrawn": "Withdrawn", "printed": "Slips printed", "reprinted": "Slips reprinted",
        "kiosk": "Kiosk", "test_title": "Printer test page", "reprint": "REPRINT", "yuan": "CNY",
    },
}


def normalize_lang(lang: str | None) -> str:
    """'zh', 'zh_CN', 'zh-Hans' -> 'zh_CN'; 'en', 'en_US' -> 'en'."""
    low = (lang or "zh_CN").replace("-", "_").lower()
    if low.startswith("zh"):
        return "zh_CN"
    if low.startswith("en"):
        return "en"
    raise InputError(f"receipt language {lang!r}: use one of {', '.join(LABELS)}")


def _labels(lang: str) -> dict:
    return LABELS[normalize_lang(lang)]


def _localized(value: Any, lang: str) -> str:
    """A plain string, or {"zh_CN"|"zh": ..., "en": ...} picked by language."""
    if isinstance(value, dict):
        for k in (lang, lang.split("_")[0], "zh_CN", "zh"):
            if value.get(k):
                return str(value[k])
        return str(next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _when(value: Any, tz: tzinfo | None = None) -> str:
    """'YYYY-MM-DD HH:MM' in the hall's time zone (tz, default the system's); dates stay dates."""
    if not value:
        return ""
    if isinstance(value, (datetime, date)):
        dt = value
    else:
        s = str(value)
        try:
            dt = date.fromisoformat(s) if len(s) == 10 else datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            return s
    if isinstance(dt, datetime):
        if dt.tzinfo is not None:
            dt = dt.astimezone(tz)  # stored in UTC; the citizen reads the hall's local time
        return dt.strftime("%Y-%m-%d %H:%M")
    return dt.isoformat()


def _fee(value: Any, L: dict) -> str:
    if value in (None, "", 0, "0", "0.00"):
        return L["free"]
    try:
        return f"{float(value):.2f} {L['yuan']}"
    except (TypeError, ValueError):
        return str(value)


# ---------------------------------------------------------------- slips

ACK_KEYS = """Keys of the acknowledgement data dict (all optional except case_number):
  case_number    str   the case number (printed large, encoded in the QR)
  service_name   str | {"zh_CN": str, "en": str}
  hall_name      str   hall name;  window: str  counter window
  submitted_at   ISO datetime or datetime (falls back to created_at)
  masked_name    str   already masked; `name` is masked here if given instead
  id_number      str   never printed in full: shown through mask_id()
  materials      [{"name": str|dict, "source": "scanned"|"reused"|"shared", "pages": int}]
  missing        [{"name": str|dict, "bring": str|dict}]   what to bring next time
  promised_date  ISO date;   fee: number (yuan) or str, 0/None = free
  next_steps     [str|dict] or str|dict
  delivered      bool  False prints the "pending delivery" mark
  tracking_url   str   full QR payload (see tracking_url()); omitted = no QR
  reprint        bool  prints a REPRINT line
  kiosk_id       str
"""


def acknowledgement(data: dict, *, lang: str = "zh_CN", tz: tzinfo | None = None) -> list[Block]:
    """The acknowledgement slip for a submitted case. See ACK_KEYS for `data`."""
    lang = normalize_lang(lang)
    L = _labels(lang)
    case_number = str(data.get("case_number") or "")
    if not case_number:
        raise InputError("receipt: case_number is missing; a slip without a case number proves nothing")
    b: list[Block] = []
    if data.get("hall_name"):
        b.append(Text(_localized(data["hall_name"], lang), size="title", bold=True, align="center"))
    b.append(Text(L["ack_title"], size="large", bold=True, align="center"))
    if data.get("reprint"):
        b.append(Text(f"** {L['reprint']} **", size="body", bold=True, align="center"))
    b.append(Rule())
    b.append(Text(L["case_number"], size="small", align="center"))
    b.append(Text(case_number, size="huge", bold=True, align="center"))
    b.append(Rule())
    if data.get("delivered") is not True:
        b.append(Mark(L["pending"]))
    b.append(Pair(L["service"], _localized(data.get("service_name") or data.get("service_id"), lang), bold=True))
    where = _localized(data.get("hall_name"), lang)
    if data.get("window"):
        where = f"{where} {L['window']} {data['window']}".strip() if lang == "en" else \
            f"{where} {data['window']}号{L['window']}".strip()
    if where:
        b.append(Pair(L["hall"], where))
    when = _when(data.get("submitted_at") or data.get("created_at"), tz)
    if when:
        b.append(Pair(L["time"], when))
    name = data.get("masked_name") or mask_name(data.get("name"))
    if name:
        b.append(Pair(L["applicant"], name))
    if data.get("id_number"):
        b.append(Pair(L["id"], mask_id(data["id_number"])))
    b.append(Rule("dashed"))
    b.append(Text(L["received"], bold=True))
    mats = data.get("materials") or []
    if not mats:
        b.append(Text("—", indent=2))
    for i, m in enumerate(mats, 1):
        src = L.get(f"source_{m.get('source', 'scanned')}", "")
        pages = f" {m['pages']}{L['pages']}" if m.get("pages") and m.get("source", "scanned") == "scanned" else ""
        b.append(Text(f"{i}. {_localized(m.get('name'), lang)}{src}{pages}", indent=3))
    b.append(Text(L["missing"], bold=True))
    missing = data.get("missing") or []
    if not missing:
        b.append(Text(L["none_missing"], indent=3))
    for i, m in enumerate(missing, 1):
        line = f"{i}. {_localized(m.get('name'), lang)}"
        bring = _localized(m.get("bring"), lang)
        if bring:
            line += f"（{L['bring']}：{bring}）" if lang == "zh_CN" else f" ({L['bring']}: {bring})"
        b.append(Text(line, indent=3))
    b.append(Rule("dashed"))
    if data.get("promised_date"):
        b.append(Pair(L["promised"], _when(data["promised_date"]), bold=True))
    b.append(Pair(L["fee"], _fee(data.get("fee"), L)))
    steps = data.get("next_steps")
    if steps:
        b.append(Text(L["next"], bold=True))
        for s in steps if isinstance(steps, list) else [steps]:
            b.append(Text(f"• {_localized(s, lang)}", indent=2))
    if data.get("tracking_url"):
        b.append(Rule("dashed"))
        b.append(QR(str(data["tracking_url"]), caption=L["scan"]))
    b.append(Rule())
    b.append(Text(L["keep"], size="small", align="center"))
    foot = " · ".join(x for x in (f"{L['kiosk']} {data['kiosk_id']}" if data.get("kiosk_id") else "",) if x)
    if foot:
        b.append(Text(foot, size="small", align="center"))
    b.append(Cut())
    return b


def queue_ticket(data: dict, *, lang: str = "zh_CN", tz: tzinfo | None = None) -> list[Block]:
    """Self-service queue ticket. data: number, service_name, ahead (int), hall_name, issued_at, window."""
    lang = normalize_lang(lang)
    L = _labels(lang)
    b: list[Block] = []
    if data.get("hall_name"):
        b.append(Text(_localized(data["hall_name"], lang), size="title", bold=True, align="center"))
    b.append(Rule())
    b.append(Text(L["ticket_title"], size="small", align="center"))
    b.append(Text(str(data.get("number", "")), size="huge", bold=True, align="center"))
    b.append(Text(_localized(data.get("service_name"), lang), size="large", align="center"))
    b.append(Rule("dashed"))
    if data.get("ahead") is not None:
        b.append(Pair(L["ahead"], f"{int(data['ahead'])} {L['people']}".strip(), bold=True))
    if data.get("issued_at"):
        b.append(Pair(L["issued"], _when(data["issued_at"], tz)))
    b.append(Text(L["ticket_wait"], align="center"))
    b.append(Cut())
    return b


EOD_KEYS = ("captured", "delivered", "pending", "quarantined", "withdrawn", "printed", "reprinted")


def end_of_day(data: dict, *, lang: str = "zh_CN", tz: tzinfo | None = None) -> list[Block]:
    """End-of-day reconciliation. data: date, hall_name, kiosk_id, counts{captured, delivered,
    pending, quarantined, withdrawn, printed, reprinted}, undelivered [case numbers] (optional)."""
    lang = normalize_lang(lang)
    L = _labels(lang)
    counts = data.get("counts") or {}
    b: list[Block] = [Text(L["eod_title"], size="large", bold=True, align="center")]
    if data.get("hall_name"):
        b.append(Text(_localized(data["hall_name"], lang), align="center"))
    b.append(Rule())
    b.append(Pair(L["date"], str(data.get("date", ""))))
    if data.get("kiosk_id"):
        b.append(Pair(L["kiosk"], str(data["kiosk_id"])))
    b.append(Rule("dashed"))
    names = {"captured": L["captured"], "delivered": L["delivered_n"], "pending": L["pending_n"],
             "quarantined": L["quarantined"], "withdrawn": L["withdrawn"], "printed": L["printed"],
             "reprinted": L["reprinted"]}
    for k in EOD_KEYS:
        b.append(Pair(names[k], str(int(counts.get(k, 0)))))
    undelivered = data.get("undelivered") or []
    if undelivered:
        b.append(Rule("dashed"))
        b.append(Text(L["pending_n"], bold=True))
        for cn in undelivered:
            b.append(Text(str(cn), size="small", indent=2))
    b.append(Rule())
    if data.get("printed_at"):
        b.append(Text(_when(data["printed_at"], tz), size="small", align="center"))
    b.append(Cut())
    return b


def technician_test_page(data: dict, *, lang: str = "zh_CN") -> list[Block]:
    """Technician test page. data: model, profile, dots, paper_mm, code_page, text_mode, uri, printed_at."""
    lang = normalize_lang(lang)
    L = _labels(lang)
    b: list[Block] = [Text(L["test_title"], size="large", bold=True, align="center"), Rule()]
    for key in ("model", "uri", "profile", "paper_mm", "dots", "code_page", "text_mode", "printed_at"):
        if data.get(key) not in (None, ""):
            b.append(Pair(key, str(data[key])))
    b.append(Rule("dashed"))
    b.append(Text("中文测试：政务服务一门受理 ABC abc 0123456789"))
    b.append(Text("中文測試（繁體）：證件號碼 遞交 辦結", size="small"))
    b.append(Ruler())
    # Alignment check: each line goes as a cropped raster placed with ESC a; a printer
    # that ignores ESC a for rasters prints all three flush left.
    b.append(Text("|< LEFT 左", size="small", align="left"))
    b.append(Text(">| CENTRE 中 |<", size="small", align="center"))
    b.append(Text("右 RIGHT >|", size="small", align="right"))
    b.append(QR("https://example.gov.cn/test?c=TEST-0001", caption="QR TEST-0001"))
    b.append(Barcode("TEST0001"))
    b.append(Text("TEST0001", size="small", align="center"))
    b.append(Cut())
    return b


# ---------------------------------------------------------------- tracking token

TOKEN_KEY_FILE = "receipt-token.key"


def load_or_create_token_key(data_dir: Path | str) -> bytes:
    """32 random bytes in <data>/keys/receipt-token.key, created 0600 on first use."""
    from kiosk.store.crypto import load_or_create_key
    path = Path(data_dir) / "keys" / TOKEN_KEY_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as e:
        raise StoreError(f"{path.parent}: cannot create the key directory ({e.strerror})") from None
    return load_or_create_key(path)


def tracking_token(key: bytes, case_number: str) -> str:
    mac = hmac.new(key, b"sd-track-v1|" + case_number.encode(), hashlib.sha256).digest()
    return base64.b32encode(mac[:10]).decode().rstrip("=")   # 16 characters, 80 bits


def verify_tracking_token(key: bytes, case_number: str, token: str) -> bool:
    return hmac.compare_digest(tracking_token(key, case_number), (token or "").upper())


def tracking_url(platform_url: str, case_number: str, key: bytes) -> str:
    """QR payload: `<platform>/track?c=CASE&t=TOKEN`; without a platform, `SDTRACK:CASE:TOKEN`."""
    token = tracking_token(key, case_number)
    if platform_url:
        return f"{platform_url.rstrip('/')}/track?{urlencode({'c': case_number, 't': token}, quote_via=quote)}"
    return f"SDTRACK:{case_number}:{token}"
