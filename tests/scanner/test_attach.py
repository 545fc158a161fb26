"""Scanned pages reach a real case through the core (real store, bundled catalogue)."""

import io

import cv2
import numpy as np
import pikepdf
from pikepdf import pdfa

from devices.scanner.attach import attach_pages
from devices.scanner.output import encode_jpeg
from kiosk import cases
from kiosk.identity import Identity
from kiosk.store import Store


def test_pages_become_a_pdfa_material_of_the_case(tmp_path):
    from kiosk.catalog import load_dir
    cat = load_dir()
    page = np.full((1169, 827, 3), 235, np.uint8)
    cv2.putText(page, "LEASE", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 4, (20, 20, 20), 8)
    jpgs = [encode_jpeg(page, 80, 100), encode_jpeg(page[::-1].copy(), 80, 100)]
    with Store.open(tmp_path / "data") as s:
        citizen = Identity.typed(id_number="11010519491231002X", name_zh="张三丰", address="北京市朝阳区某街1号")
        c = cases.create_draft(s, cat.get("residence-registration"), citizen, operator="clerk1",
                               catalog_version=cat.version)
        res = attach_pages(s, c.id, "lease_contract", jpgs, title="Lease contract", actor="clerk1")
        assert res["disposition"] == "provided" and res["pages"] == 2
        assert res["page_bytes"] == [len(j) for j in jpgs]
        att = res["attachments"][0]
        data = s.get_attachment(att["id"])
    assert len(data) == res["pdf_bytes"]
    assert pdfa.validate_written(io.BytesIO(data), "1b").verdict == "pass"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2
