"""Printer status as a value, decoded from ESC/POS real-time status (DLE EOT n).

A status is what the UI shows and what the print queue waits on. It is never an
exception: a printer that does not answer is `unknown`, never `ok`.

DLE EOT replies (Epson ESC/POS reference; bits 1 and 4 are fixed at 1, bits 0 and 7 at 0):
  n=1 printer:       bit3 offline, bit5 waiting for online recovery
  n=2 offline cause: bit2 cover open, bit3 feed button, bit5 stopped by paper end, bit6 error
  n=3 error cause:   bit2 recoverable (mechanical) error, bit3 autocutter error,
                     bit5 unrecoverable error, bit6 auto-recoverable error (head hot)
  n=4 paper sensor:  bits2+3 roll near end, bits5+6 roll end
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

DLE_EOT = b"\x10\x04"
QUERIES = (1, 2, 3, 4)

PAPER_OK, PAPER_NEAR_END, PAPER_OUT, PAPER_UNKNOWN = "ok", "near_end", "out", "unknown"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said. `online` is None when we could not ask or it did not answer."""

    online: bool | None
    paper: str = PAPER_UNKNOWN           # ok | near_end | out | unknown
    cover_open: bool | None = None
    error: str | None = None             # None | "cutter" | "mechanical" | "unrecoverable" | "overheat" | "link"
    detail: str = ""                     # for the technician (no personal data)
    citizen_line: str = ""               # short line for the citizen screen (zh_CN)
    two_way: bool = False                # whether the link can answer at all
    raw: dict | None = None              # {"1": 0x16, ...} replies, for diagnostics

    @property
    def known(self) -> bool:
        return self.online is not None

    @property
    def can_print(self) -> bool:
        """True when nothing we know of stops a print (unknown is allowed: one-way links)."""
        if self.online is False or self.cover_open or self.paper == PAPER_OUT:
            return False
        return self.error is None

    @property
    def state(self) -> str:
        """One word for status bars: ready, warning, error, unknown."""
        if not self.known:
            return "unknown"
        if not self.can_print:
            return "error"
        return "warning" if self.paper == PAPER_NEAR_END else "ready"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["state"] = self.state
        d["raw"] = {k: f"0x{v:02x}" for k, v in (self.raw or {}).items()}
        return d


def query_bytes(n: int) -> bytes:
    return DLE_EOT + bytes([n])


def unknown(detail: str, *, two_way: bool = False, error: str | None = None) -> PrinterStatus:
    return PrinterStatus(online=None, detail=detail, two_way=two_way, error=error,
                         citizen_line="打印机状态未知，请工作人员确认" if two_way else "")


def decode(replies: dict[int, int | None]) -> PrinterStatus:
    """Turn the replies to DLE EOT 1..4 (None = no reply) into a status value."""
    r1, r2, r3, r4 = (replies.get(n) for n in QUERIES)
    raw = {str(n): v for n, v in replies.items() if v is not None}
    if r1 is None:
        return replace(unknown("printer did not answer DLE EOT 1 (off, busy, or no status support)",
                               two_way=True), raw=raw)
    bad = [f"DLE EOT {n} reply 0x{v:02x} lacks fixed bits" for n, v in replies.items()
           if v is not None and (v & 0x12) != 0x12 or v is not None and v & 0x81]
    online = not (r1 & 0x08)
    cover = bool(r2 & 0x04) if r2 is not None else None
    paper = PAPER_UNKNOWN
    if r4 is not None:
        paper = PAPER_OUT if r4 & 0x60 == 0x60 else PAPER_NEAR_END if r4 & 0x0C == 0x0C else PAPER_OK
    elif r2 is not None and r2 & 0x20:
        paper = PAPER_OUT
    error = None
    if r3 is not None:
        if r3 & 0x20:
            error = "unrecoverable"
        elif r3 & 0x08:
            error = "cutter"
        elif r3 & 0x04:
            error = "mechanical"
        elif r3 & 0x40:
            error = "overheat"
    if error is None and r2 is not None and r2 & 0x40 and not cover and paper != PAPER_OUT:
        error = "mechanical"
    parts = ["online" if online else "offline", f"paper {paper}"]
    if cover:
        parts.append("cover open")
    if error:
        parts.append(f"{error} error")
    if r1 & 0x20:
        parts.append("waiting for online recovery")
    missing = [str(n) for n in QUERIES if replies.get(n) is None]
    if missing:
        parts.append(f"no reply to DLE EOT {','.join(missing)}")
    parts += bad
    return PrinterStatus(online=online, paper=paper, cover_open=cover, error=error,
                         detail="; ".join(parts), citizen_line=_citizen_line(online, paper, cover, error),
                         two_way=True, raw=raw)


def _citizen_line(online, paper, cover, error) -> str:
    if cover:
        return "打印机盖未关好，请工作人员处理；您的办件已保存"
    if paper == PAPER_OUT:
        return "打印纸已用完，请工作人员换纸；您的办件已保存"
    if error:
        return "打印机故障，请工作人员处理；您的办件已保存"
    if not online:
        return "打印机暂停工作，请工作人员处理；您的办件已保存"
    if paper == PAPER_NEAR_END:
        return "打印纸即将用完"
    return ""
