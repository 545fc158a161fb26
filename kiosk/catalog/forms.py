"""Form validation against a service definition: the core's verdict the UI shows.

`validate_form(service, values)` returns a `FormResult`: the cleaned values (typed:
numbers, booleans, lists, ISO dates; hidden fields dropped) and one `FieldProblem` per
field that fails (`rule` codes like `form.required`, `form.type`, `form.max_length`,
`gb11643.check_digit`). Messages name the field, never repeat the value.
`prefill(service, identity)` gives the initial values from an `Identity`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from kiosk.catalog.conditions import evaluate
from kiosk.catalog.model import ServiceDefinition

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_TRUE = {"true", "yes", "1", "y", "on", "是"}
_FALSE = {"false", "no", "0", "n", "off", "否"}


@dataclass(frozen=True)
class FieldProblem:
    field: str
    rule: str
    message: str

    def to_dict(self) -> dict:
        return {"field": self.field, "rule": self.rule, "message": self.message}

    def __str__(self) -> str:
        return f"field '{self.field}': {self.message} [{self.rule}]"


@dataclass
class FormResult:
    values: dict[str, Any]
    problems: list[FieldProblem] = field(default_factory=list)
    visible: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def visible_fields(service: ServiceDefinition, values: Mapping[str, Any]) -> list[str]:
    """Fields shown for these values, in order. A hidden field counts as empty for the
    conditions of later fields, so chains of show_if behave."""
    shown: dict[str, Any] = {}
    out = []
    pending = service.fields
    # Conditions may refer to fields declared later: iterate to a fixed point (no cycles: the loader checks).
    for _ in range(len(pending) + 1):
        shown_now = {}
        out = []
        for f in pending:
            if evaluate(f.get("show_if"), shown):
                out.append(f["id"])
                if f["id"] in values:
                    shown_now[f["id"]] = values[f["id"]]
        if shown_now == shown:
            break
        shown = shown_now
    return out


def _bound(v: Any, today: date) -> Any:
    if v == "today":
        return today
    if isinstance(v, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
        return date.fromisoformat(v)
    return v


def _clean(f: dict, raw: Any, today: date) -> tuple[Any, FieldProblem | None]:
    fid, t = f["id"], f["type"]

    def bad(rule, msg):
        return None, FieldProblem(fid, rule, msg)

    if t in ("text", "address", "email", "phone", "id_number", "signature"):
        if not isinstance(raw, (str, int)) or isinstance(raw, bool):
            return bad("form.type", "must be text")
        s = str(raw).strip()
        if t == "phone" or f.get("checksum") == "mobile":
            from kiosk.identity import RuleError, parse_mobile
            try:
                s = parse_mobile(s)
            except RuleError as e:
                return bad(e.rule, e.reason)
        if t == "id_number" or f.get("checksum") == "gb11643":
            from kiosk.identity import RuleError, parse_resident_id
            try:
                s = parse_resident_id(s, today=today).number
            except RuleError as e:
                return bad(e.rule, e.reason)
        if f.get("checksum") == "uscc":
            from kiosk.identity.uscc import RuleError, parse_uscc
            try:
                s = parse_uscc(s)
            except RuleError as e:
                return bad(e.rule, e.reason)
        if f.get("checksum") == "luhn" and not _luhn_ok(s):
            return bad("form.luhn", "the number's check digit (Luhn) does not match")
        if t == "email" and not _EMAIL.fullmatch(s):
            return bad("form.email", "must be an e-mail address like name@example.cn")
        if "min_length" in f and len(s) < f["min_length"]:
            return bad("form.min_length", f"must have at least {f['min_length']} characters")
        if "max_length" in f and len(s) > f["max_length"]:
            return bad("form.max_length", f"must have at most {f['max_length']} characters")
        if "pattern" in f and not re.fullmatch(f["pattern"], s):
            return bad("form.pattern", "does not have the expected format")
        return s, None
    if t == "number":
        if isinstance(raw, bool):
            return bad("form.type", "must be a number")
        try:
            n = float(raw) if not isinstance(raw, (int, float)) else raw
        except (TypeError, ValueError):
            return bad("form.type", "must be a number")
        if isinstance(n, float) and n.is_integer() and not (isinstance(raw, str) and "." in raw):
            n = int(n)
        if n != n or n in (float("inf"), float("-inf")):
            return bad("form.type", "must be a finite number")
        if "min" in f and n < f["min"]:
            return bad("form.min", f"must be at least {f['min']}")
        if "max" in f and n > f["max"]:
            return bad("form.max", f"must be at most {f['max']}")
        return n, None
    if t == "date":
        try:
            d = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
        except ValueError:
            return bad("form.type", "must be a real date written YYYY-MM-DD")
        lo, hi = _bound(f.get("min"), today), _bound(f.get("max"), today)
        if isinstance(lo, date) and d < lo:
            return bad("form.min", f"must be on or after {lo.isoformat()}")
        if isinstance(hi, date) and d > hi:
            return bad("form.max", f"must be on or before {hi.isoformat()}")
        return d.isoformat(), None
    if t == "boolean":
        if isinstance(raw, bool):
            return raw, None
        s = str(raw).strip().lower()
        if s in _TRUE:
            return True, None
        if s in _FALSE:
            return False, None
        return bad("form.type", "must be yes or no")
    if t == "choice":
        allowed = [c["value"] for c in f["choices"]]
        if str(raw) not in allowed:
            return bad("form.choice", f"must be one of: {', '.join(allowed)}")
        return str(raw), None
    if t == "multi-choice":
        items = raw if isinstance(raw, list) else [x.strip() for x in str(raw).split(",") if x.strip()]
        allowed = [c["value"] for c in f["choices"]]
        wrong = [x for x in items if str(x) not in allowed]
        if wrong:
            return bad("form.choice", f"each value must be one of: {', '.join(allowed)}")
        if "min" in f and len(items) < f["min"]:
            return bad("form.min", f"choose at least {f['min']}")
        if "max" in f and len(items) > f["max"]:
            return bad("form.max", f"choose at most {f['max']}")
        return sorted(set(map(str, items)), key=allowed.index), None
    return bad("form.type", f"unknown field type {t}")


def _luhn_ok(s: str) -> bool:
    if not (s.isascii() and s.isdigit()) or len(s) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or v == []


def validate_form(service: ServiceDefinition, values: Mapping[str, Any], *, today: date | None = None,
                  partial: bool = False) -> FormResult:
    """Check `values` against the definition. `partial=True` (a draft being filled)
    skips the required check but still checks what is there."""
    today = today or date.today()
    known = {f["id"]: f for f in service.fields}
    problems = [FieldProblem(k, "form.unknown_field", "is not a field of this service")
                for k in values if k not in known]
    visible = visible_fields(service, values)
    cleaned: dict[str, Any] = {}
    for fid in visible:
        f = known[fid]
        raw = values.get(fid)
        if _empty(raw):
            if f.get("required") and not partial:
                problems.append(FieldProblem(fid, "form.required", "is required"))
            continue
        v, p = _clean(f, raw, today)
        if p:
            problems.append(p)
        else:
            cleaned[fid] = v
    return FormResult(values=cleaned, problems=problems, visible=visible)


def prefill(service: ServiceDefinition, identity) -> dict[str, Any]:
    """Initial values from an Identity for fields that declare `prefill`."""
    if identity is None:
        return {}
    src = identity.prefill_values()
    return {f["id"]: src[f["prefill"]] for f in service.fields if f.get("prefill") in src}
