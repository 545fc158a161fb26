"""Hand captured pages to the core: one PDF/A-1b per material, attached to the case
through `kiosk.cases.add_material` (the core owns the store, the audit entry and the
material's accepted file kinds)."""

from __future__ import annotations


def attach_pages(store, case_id: str, material_id: str, pages: list[bytes], *, title: str = "",
                 actor: str = "", append: bool = False) -> dict:
    """`pages`: JPEG bytes (from `output.encode_jpeg`). Returns add_material's result
    plus `pdf_bytes` and `page_bytes` (sizes per page)."""
    from kiosk import cases
    from devices.scanner.output import make_pdf

    data, res = make_pdf(pages, title=title or f"{material_id}")
    out = cases.add_material(store, case_id, material_id, data, mime="application/pdf",
                             filename=f"{material_id}.pdf", actor=actor, append=append)
    out = dict(out)
    out["pdf_bytes"] = res.bytes
    out["page_bytes"] = res.page_bytes
    return out
