"""`show_if` / `required_if` conditions: evaluation and the fields they name.

A condition is `{"field": F, "equals": V}`, `{"field": F, "not_equals": V}`,
`{"field": F, "in": [...]}`, `{"field": F, "filled": true|false}`, `{"all": [...]}` or
`{"any": [...]}`. A hidden field counts as empty, so conditions chain naturally.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping


def referenced_fields(cond: Mapping[str, Any]) -> Iterator[str]:
    if "all" in cond or "any" in cond:
        for c in cond.get("all", cond.get("any", [])):
            yield from referenced_fields(c)
    elif "field" in cond:
        yield cond["field"]


def _filled(v: Any) -> bool:
    # Explicit checks: `0 in (False, ...)` is True in Python, and 0 is a filled number.
    return not (v is None or v is False or (isinstance(v, str) and not v.strip()) or (isinstance(v, list) and not v))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list):
        return any(_same(x, b) for x in a)
    if isinstance(b, bool) or isinstance(a, bool):
        return bool(a) is b if isinstance(b, bool) else a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return str(a) == str(b)


def evaluate(cond: Mapping[str, Any] | None, values: Mapping[str, Any]) -> bool:
    if not cond:
        return True
    if "all" in cond:
        return all(evaluate(c, values) for c in cond["all"])
    if "any" in cond:
        return any(evaluate(c, values) for c in cond["any"])
    v = values.get(cond["field"])
    if "equals" in cond:
        return _filled(v) and _same(v, cond["equals"]) if cond["equals"] is not False else not v
    if "not_equals" in cond:
        return not (_filled(v) and _same(v, cond["not_equals"]))
    if "in" in cond:
        return _filled(v) and any(_same(v, x) for x in cond["in"])
    if "filled" in cond:
        return _filled(v) is bool(cond["filled"])
    return True
