"""`kiosk identity check NUMBER` and `kiosk identity mrz LINE1 LINE2 [LINE3]`.

Validation only, nothing stored. Output is masked: the verdict, the rule that failed,
and non-identifying facts (length, province, birth year, document format).
Exit 0 when valid, 2 when a rule fails.
"""

from __future__ import annotations

from kiosk.cli import add_json_flag


def register(subparsers):
    p = subparsers.add_parser("identity", help="check resident ID numbers, mobile numbers and MRZs")
    sub = p.add_subparsers(dest="identity_command", required=True, metavar="ACTION")
    c = sub.add_parser("check", help="check a resident ID number (18 or 15 digits), a mobile number (11 digits) "
                                     "or a unified social credit code")
    c.add_argument("number", help="the number to check (spaces and hyphens are ignored)")
    c.add_argument("--kind", choices=("auto", "id", "mobile", "uscc"), default="auto",
                   help="what the number is (auto: 11 digits = mobile, 18 with letters other than a final X = "
                        "credit code, else resident ID)")
    add_json_flag(c)
    c.set_defaults(func=_check)
    m = sub.add_parser("mrz", help="parse and verify an ICAO 9303 machine-readable zone (TD1, TD2, TD3)")
    m.add_argument("lines", nargs="+", metavar="LINE", help="2 lines (TD2, TD3) or 3 lines (TD1); quote them")
    add_json_flag(m)
    m.set_defaults(func=_mrz)


def _fail(ctx, err) -> int:
    """--json: the verdict on stdout; otherwise the one-line error on stderr (exit 2 both ways)."""
    if not ctx.want_json:
        raise err
    ctx.emit(err.to_dict())
    return err.exit_code


def _check(args, ctx):
    import re

    from kiosk.identity import RuleError, parse_mobile, parse_resident_id
    from kiosk.privacy import mask_phone
    digits = re.sub(r"[\s\-()]", "", args.number)
    kind = args.kind
    if kind == "auto":
        kind = "mobile" if (len(digits) == 11 and digits.startswith("1")) or digits.startswith("+") else "id"
        if len(digits) == 18 and not digits[:17].isdigit():
            kind = "uscc"
    try:
        if kind == "uscc":
            from kiosk.identity.uscc import parse_uscc
            code = parse_uscc(args.number)
            data = {"valid": True, "kind": "uscc", "number": code, "registration_authority": code[0],
                    "region": code[2:8]}
            ctx.emit(data, f"valid unified social credit code (region {data['region']})")
        elif kind == "mobile":
            num = parse_mobile(args.number)
            data = {"valid": True, "kind": "mobile", "number": mask_phone(num)}
            ctx.emit(data, f"valid mobile number {data['number']}")
        else:
            rid = parse_resident_id(args.number)
            data = {"kind": "resident_id", **rid.to_public_dict()}
            ctx.emit(data, f"valid resident ID {data['number']} ({data['length']} digits, "
                           f"{data['province_en']}, born {data['birth_year']}, sex {data['sex']})"
                           + (" — legacy 15-digit form" if rid.legacy_15 else ""))
    except RuleError as e:
        return _fail(ctx, e)
    return 0


def _mrz(args, ctx):
    from kiosk.identity import RuleError, parse_mrz
    from kiosk.privacy import mask_id, mask_name
    try:
        m = parse_mrz(args.lines)
    except RuleError as e:
        return _fail(ctx, e)
    data = {"valid": True, "format": m.format, "document_code": m.document_code,
            "document_type": m.document_type, "issuing_state": m.issuing_state, "nationality": m.nationality,
            "document_number": mask_id(m.document_number), "document_number_length": len(m.document_number),
            "name": mask_name(f"{m.surname} {m.given_names}"), "sex": m.sex,
            "birth_year": m.birth_date.year if m.birth_date else None,
            "expiry_date": m.expiry_date.isoformat() if m.expiry_date else None,
            "checks": "all check digits and the composite pass"}
    ctx.emit(data, f"valid {m.format} MRZ: {m.document_type} issued by {m.issuing_state}, "
                   f"number {data['document_number']}, expires {data['expiry_date']}")
    return 0
