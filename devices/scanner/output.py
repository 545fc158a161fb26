"""Pages as JPEG, and a multi-page PDF/A-1b built with img2pdf (the JPEG bytes go
in unchanged) with the sRGB output intent from assets/icc and XMP metadata kept in
step with the document information dictionary by pikepdf."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import DeviceError, InputError

ICC_PATH = Path(__file__).resolve().parents[2] / "assets" / "icc" / "sRGB.icc"


def encode_jpeg(page: np.ndarray, quality: int = 80, dpi: int | None = None) -> bytes:
    """JPEG bytes of a BGR or grey page (with a JFIF density when `dpi` is given, so
    img2pdf sizes the PDF page to the real paper)."""
    if not 1 <= quality <= 100:
        raise InputError(f"JPEG quality {quality}: must be 1-100")
    ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise DeviceError("JPEG encoding failed")
    data = buf.tobytes()
    if dpi:
        data = _set_jfif_dpi(data, int(dpi))
    return data


def _set_jfif_dpi(data: bytes, dpi: int) -> bytes:
    # APP0 JFIF segment right after SOI: units byte at offset 13, densities at 14..17
    if data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00":
        b = bytearray(data)
        b[13] = 1
        b[14:16] = dpi.to_bytes(2, "big")
        b[16:18] = dpi.to_bytes(2, "big")
        return bytes(b)
    return data


@dataclass
class PdfResult:
    path: Path
    bytes: int
    page_bytes: list[int]
    ms: float


def _xmp_date(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def make_pdf(pages: list[bytes], out: str | Path | None = None, *, title: str = "Scanned materials",
             producer: str = "Single Door kiosk", icc_path: Path = ICC_PATH,
             now: datetime | None = None) -> tuple[bytes, PdfResult]:
    """PDF/A-1b of JPEG pages. Returns (pdf bytes, result); writes `out` when given."""
    import img2pdf
    import pikepdf

    t0 = time.perf_counter()
    if not pages:
        raise InputError("no pages to put in the PDF")
    if not icc_path.is_file():
        raise DeviceError(f"{icc_path}: sRGB ICC profile missing; reinstall assets/icc")
    now = now or datetime.now(timezone.utc)
    try:
        raw = img2pdf.convert(pages, pdfa=str(icc_path), producer=producer, title=title,
                              creationdate=now, moddate=now, nodate=False)
    except Exception as e:  # img2pdf raises its own types for unusable images
        raise InputError(f"a page cannot go into the PDF ({type(e).__name__}); save pages as JPEG") from None
    # Make the XMP and the document information agree (PDF/A-1 6.7.3) and add ours.
    pdf = pikepdf.open(io.BytesIO(raw))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["pdf:Producer"] = producer
        meta["xmp:CreatorTool"] = producer
        meta["xmp:CreateDate"] = _xmp_date(now)
        meta["xmp:ModifyDate"] = _xmp_date(now)
        meta["xmp:MetadataDate"] = _xmp_date(now)
        meta["pdfaid:part"] = "1"
        meta["pdfaid:conformance"] = "B"
    buf = io.BytesIO()
    pdf.save(buf, fix_metadata_version=False, deterministic_id=True)
    data = buf.getvalue()
    ms = (time.perf_counter() - t0) * 1000
    path = Path(out) if out else Path("-")
    if out:
        path.write_bytes(data)
    return data, PdfResult(path, len(data), [len(p) for p in pages], ms)
