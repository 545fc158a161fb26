import io
from datetime import datetime, timezone

import cv2
import numpy as np
import pikepdf
import pytest
from pikepdf import pdfa

from devices.scanner.output import ICC_PATH, encode_jpeg, make_pdf
from kiosk.errors import InputError


def _page(seed):
    rng = np.random.default_rng(seed)
    img = np.full((1169, 827, 3), 235, np.uint8)
    for y in range(80, 1100, 30):
        cv2.rectangle(img, (60, y), (int(rng.integers(300, 770)), y + 12), (30, 30, 30), -1)
    return img


def test_icc_profile_is_srgb_version_2():
    data = ICC_PATH.read_bytes()
    assert data[36:40] == b"acsp" and data[16:20] == b"RGB " and data[8] == 2   # PDF/A-1 wants ICC v2


def test_pdf_is_valid_pdfa_1b_with_pages_embedded_unchanged(tmp_path):
    pages = [encode_jpeg(_page(i), 80, 100) for i in range(3)]
    pages.append(encode_jpeg(cv2.cvtColor(_page(9), cv2.COLOR_BGR2GRAY), 75, 100))
    out = tmp_path / "case.pdf"
    when = datetime(2026, 11, 27, 8, 30, tzinfo=timezone.utc)
    data, res = make_pdf(pages, out, title="Case materials", now=when)
    assert out.read_bytes() == data and res.bytes == len(data) and res.page_bytes == [len(p) for p in pages]
    report = pdfa.validate_written(str(out), "1b")
    assert report.verdict == "pass", report.findings
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 4
        oi = pdf.Root.OutputIntents[0]
        assert oi.S == "/GTS_PDFA1" and bytes(oi.DestOutputProfile.read_bytes()) == ICC_PATH.read_bytes()
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "1" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == "Case materials"
        assert str(pdf.docinfo["/Title"]) == "Case materials"
        # lossless: the JPEG bytes are the image streams, page size from the JFIF DPI (A4 at 100 dpi)
        img = next(iter(pdf.pages[0].get_images().values()))
        assert img.Filter == "/DCTDecode" and img.read_raw_bytes() == pages[0]
        mb = [float(v) for v in pdf.pages[0].MediaBox]
        assert mb[2] == pytest.approx(827 / 100 * 72, abs=1) and mb[3] == pytest.approx(1169 / 100 * 72, abs=1)
    overhead = res.bytes - sum(res.page_bytes)
    assert overhead < 20_000     # ICC (7 KB) + XMP + structure


def test_pdf_refuses_nothing_and_bad_quality():
    with pytest.raises(InputError):
        make_pdf([])
    with pytest.raises(InputError):
        encode_jpeg(_page(0), 0)
    with pytest.raises(InputError):
        make_pdf([b"not a jpeg at all"])
