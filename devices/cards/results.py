"""Plain-dict views of read results: what `kiosk card read --json` prints and what
the UI receives. Keys are fixed (issue 4); ISO dates; no bytes except where stated."""

from __future__ import annotations

from pathlib import Path

from devices.cards.mrz_fields import to_iso_date

ICAO_KEYS = ("source", "document_type", "issuing_state", "document_number", "surname", "given_names",
             "nationality", "birth_date", "expiry_date", "sex", "photo", "passive_auth", "apdu_count",
             "elapsed_ms")
GA467_KEYS = ("source", "card_type", "name", "sex", "nation", "birth_date", "address", "id_number",
              "authority", "valid_from", "valid_to", "photo")


def _document_type(code: str) -> str:
    c = (code or "")[:1]
    return {"P": "passport", "I": "id_card", "A": "id_card", "C": "id_card"}.get(c, "travel_document")


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def icao_dict(doc, photo_path: str | Path | None = None) -> dict:
    m = doc.mrz
    core = m.get("core")
    photo = None
    if doc.photo is not None:
        photo = {"format": doc.photo.format, "width": doc.photo.width, "height": doc.photo.height,
                 "path": str(photo_path) if photo_path else None}
    return {
        "source": "icao",
        "document_type": _document_type(m.get("document_code", "")),
        "issuing_state": m.get("issuing_state", ""),
        "document_number": m.get("document_number", ""),
        "surname": m.get("surname", ""),
        "given_names": m.get("given_names", ""),
        "nationality": m.get("nationality", ""),
        "birth_date": _iso(core.birth_date if core else None) or doc.dg11.get("full_birth_date")
        or to_iso_date(m.get("birth_date", ""), future=False),
        "expiry_date": _iso(core.expiry_date if core else None) or to_iso_date(m.get("expiry_date", ""), future=True),
        "sex": m.get("sex", "X"),
        "photo": photo,
        "passive_auth": doc.passive_auth.as_dict(),
        "apdu_count": doc.apdu_count,
        "elapsed_ms": round(doc.elapsed_ms, 1),
    }


def icao_details(doc) -> dict:
    """Extra fields (DG11/DG12) for the UI; not part of the CLI's fixed keys."""
    aa = getattr(doc, "active_auth", None)
    return {"dg11": doc.dg11, "dg12": doc.dg12, "photo_problem": doc.photo_problem,
            "mrz_check_digits_ok": bool(doc.mrz.get("check_digits_ok")), "skipped": doc.skipped,
            "active_auth": aa.as_dict() if aa is not None else {"performed": False, "ok": False, "detail": ""}}


def icao_identity(doc):
    """`kiosk.identity.Identity` for a chip read. `chip_signature_valid` only when passive
    authentication held completely (hashes, signature and chain); else `checksums_only`."""
    from kiosk.identity import Identity
    m = doc.mrz
    core = m.get("core")
    verification = "chip_signature_valid" if doc.passive_auth.ok and core is not None else "checksums_only"
    photo = None
    if doc.photo is not None:
        photo = doc.photo.data if doc.photo.format == "jpeg" else doc.photo.as_png()
    if core is not None:
        base = core.to_identity(source="chip", verification=verification)
        import dataclasses
        return dataclasses.replace(
            base, full_name=doc.dg11.get("full_name") or base.full_name,
            address=doc.dg11.get("address", ""), personal_number=doc.dg11.get("personal_number") or
            base.personal_number, authority=doc.dg12.get("issuing_authority", ""), photo=photo)
    import datetime as dt
    birth = to_iso_date(m.get("birth_date", ""), future=False)
    expiry = to_iso_date(m.get("expiry_date", ""), future=True)
    return Identity(source="chip", verification="checksums_only", document_number=m.get("document_number", ""),
                    document_type=_document_type(m.get("document_code", "")),
                    document_code=m.get("document_code", ""), issuing_state=m.get("issuing_state", ""),
                    nationality=m.get("nationality", ""), surname=m.get("surname", ""),
                    given_names=m.get("given_names", ""), full_name=doc.dg11.get("full_name", ""),
                    sex=m.get("sex", "X"), birth_date=dt.date.fromisoformat(birth) if birth else None,
                    expiry_date=dt.date.fromisoformat(expiry) if expiry else None,
                    address=doc.dg11.get("address", ""), authority=doc.dg12.get("issuing_authority", ""),
                    photo=photo)
