"""Loading and validating a catalogue directory: `manifest.json` + `services/<id>.json`.

Every problem is reported as `FILE: /json/pointer: message`, e.g.
`services/hukou-birth.json: /fields/3/type: 'datetime' is not one of ['text', ...]`.
Checks: JSON syntax (line and column), the JSON Schemas in assets/schema, then
cross-checks the schema cannot express: file name = id, duplicate service / field /
material ids, unknown department, `prefill` of an unknown identity field, `show_if` /
`required_if` on an unknown field, `show_if` cycles, choice values in conditions, files
in services/ that the manifest does not list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.catalog.conditions import referenced_fields
from kiosk.catalog.model import Catalog, ServiceDefinition
from kiosk.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
DEFAULT_CATALOG_DIR = ASSETS / "catalog"
SCHEMA_DIR = ASSETS / "schema"


@dataclass(frozen=True)
class Problem:
    file: str
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.pointer or '/'}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": self.file, "pointer": self.pointer or "/", "message": self.message}


class CatalogError(InputError):
    """A catalogue that does not validate. `problems` holds every one found."""

    code = "catalog_invalid"

    def __init__(self, problems: list[Problem]):
        first = str(problems[0]) if problems else "invalid catalogue"
        more = f" (and {len(problems) - 1} more problem(s); `kiosk catalog validate DIR` lists them)" \
            if len(problems) > 1 else ""
        super().__init__(first + more)
        self.problems = problems


def _pointer(path) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path) if path else "/"


@lru_cache(maxsize=4)
def _validator(name: str):
    import jsonschema
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _schema_problems(file: str, doc: Any, schema: str) -> list[Problem]:
    out = []
    errors = sorted(_validator(schema).iter_errors(doc), key=lambda e: (list(e.absolute_path), e.message))
    for e in errors:
        msg = e.message
        if e.validator == "oneOf":  # only conditions use oneOf
            msg = ("is not a valid condition: use {field, equals}, {field, not_equals}, {field, in}, "
                   "{field, filled}, {all: [...]} or {any: [...]}")
        if len(msg) > 300:
            msg = msg[:297] + "..."
        out.append(Problem(file, _pointer(e.absolute_path), msg))
    return out


def _read_json(path: Path, rel: str) -> tuple[Any, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(rel, "/", "file not found")]
    except UnicodeDecodeError as e:
        return None, [Problem(rel, "/", f"not UTF-8 text (byte {e.start})")]
    except OSError as e:
        return None, [Problem(rel, "/", f"cannot read ({e.strerror})")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as e:
        return None, [Problem(rel, "/", f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}")]


def cross_check_service(rel: str, d: dict, departments: set[str] | None) -> list[Problem]:
    """Checks across a definition that the schema cannot make."""
    from kiosk.identity import PREFILL_FIELDS
    out: list[Problem] = []
    fields = d.get("fields", [])
    ids = {}
    for i, f in enumerate(fields):
        if f["id"] in ids:
            out.append(Problem(rel, f"/fields/{i}/id", f"duplicate field id '{f['id']}' (also /fields/{ids[f['id']]})"))
        ids.setdefault(f["id"], i)
    by_id = {f["id"]: f for f in fields}
    if departments is not None and d["department"] not in departments:
        out.append(Problem(rel, "/department", f"unknown department '{d['department']}' (not in manifest.json)"))
    for i, f in enumerate(fields):
        base = f"/fields/{i}"
        if "prefill" in f and f["prefill"] not in PREFILL_FIELDS:
            out.append(Problem(rel, f"{base}/prefill",
                               f"'{f['prefill']}' is not an identity field (one of: {', '.join(PREFILL_FIELDS)})"))
        if f["type"] in ("choice", "multi-choice") and not f.get("choices"):
            out.append(Problem(rel, f"{base}/choices", f"a {f['type']} field needs choices"))
        if f["type"] not in ("choice", "multi-choice") and "choices" in f:
            out.append(Problem(rel, f"{base}/choices", f"a {f['type']} field cannot have choices"))
        if "min_length" in f and "max_length" in f and f["min_length"] > f["max_length"]:
            out.append(Problem(rel, f"{base}/min_length", "min_length is greater than max_length"))
        if "pattern" in f:
            try:
                re.compile(f["pattern"])
            except re.error as e:
                out.append(Problem(rel, f"{base}/pattern", f"not a valid regular expression ({e})"))
        for bound in ("min", "max"):
            if bound not in f:
                continue
            v = f[bound]
            if f["type"] in ("number", "multi-choice") and (isinstance(v, bool) or not isinstance(v, (int, float))):
                out.append(Problem(rel, f"{base}/{bound}", f"a {f['type']} field's {bound} must be a number"))
            elif f["type"] == "date" and not (v == "today" or isinstance(v, str) and _is_iso_date(v)):
                out.append(Problem(rel, f"{base}/{bound}", f"a date field's {bound} must be YYYY-MM-DD or 'today'"))
            elif f["type"] not in ("number", "multi-choice", "date"):
                out.append(Problem(rel, f"{base}/{bound}", f"a {f['type']} field cannot have {bound} "
                                                            "(use min_length / max_length for text)"))
        if "show_if" in f:
            out += _condition_problems(rel, f"{base}/show_if", f["show_if"], by_id, self_id=f["id"])
    out += _cycle_problems(rel, fields)
    mids = {}
    for i, m in enumerate(d.get("materials", [])):
        if m["id"] in mids:
            out.append(Problem(rel, f"/materials/{i}/id",
                               f"duplicate material id '{m['id']}' (also /materials/{mids[m['id']]})"))
        mids.setdefault(m["id"], i)
        if "required_if" in m:
            out += _condition_problems(rel, f"/materials/{i}/required_if", m["required_if"], by_id)
            if m.get("required") is True:
                out.append(Problem(rel, f"/materials/{i}/required_if",
                                   "required_if makes no sense with required: true"))
    return out


def _is_iso_date(v: str) -> bool:
    from datetime import date
    try:
        date.fromisoformat(v)
        return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v))
    except ValueError:
        return False


def _condition_problems(rel, ptr, cond, by_id, self_id=None) -> list[Problem]:
    out = []
    for ref in referenced_fields(cond):
        if ref not in by_id:
            out.append(Problem(rel, ptr, f"refers to unknown field '{ref}'"))
        elif ref == self_id:
            out.append(Problem(rel, ptr, f"field '{ref}' depends on itself"))
    # Values compared with a choice field must be among its choices.
    stack = [cond]
    while stack:
        c = stack.pop()
        stack += c.get("all", []) + c.get("any", [])
        f = by_id.get(c.get("field", ""))
        if f and f.get("choices"):
            allowed = {ch["value"] for ch in f["choices"]}
            vals = [c[k] for k in ("equals", "not_equals") if k in c] + list(c.get("in", []))
            for v in vals:
                if str(v) not in allowed:
                    out.append(Problem(rel, ptr, f"'{v}' is not a choice of field '{f['id']}'"))
    return out


def _cycle_problems(rel, fields) -> list[Problem]:
    deps = {f["id"]: [r for r in referenced_fields(f.get("show_if") or {})] for f in fields}
    index = {f["id"]: i for i, f in enumerate(fields)}
    state: dict[str, int] = {}  # 1 visiting, 2 done
    out = []

    def visit(node, path):
        state[node] = 1
        for nxt in deps.get(node, []):
            if nxt not in deps:
                continue
            if state.get(nxt) == 1:
                cyc = path[path.index(nxt):] + [nxt]
                out.append(Problem(rel, f"/fields/{index[nxt]}/show_if", "show_if cycle: " + " -> ".join(cyc)))
            elif state.get(nxt) is None:
                visit(nxt, path + [nxt])
        state[node] = 2

    for f in fields:
        if state.get(f["id"]) is None:
            visit(f["id"], [f["id"]])
    return out


BUNDLE_FORMAT = "single-door-catalogue/1"


def _validate(manifest: Any, read, extra_files: list[str], origin: str) -> tuple[Catalog | None, list[Problem]]:
    """Common checks. `read(rel)` returns (doc, problems) for a listed service file;
    `extra_files` are service files present but possibly not listed."""
    mp = _schema_problems("manifest.json", manifest, "manifest.schema.json")
    if mp:
        return None, mp
    problems: list[Problem] = []
    departments = {d["id"] for d in manifest["departments"]}
    defs: dict[str, dict] = {}
    where: dict[str, str] = {}
    listed = set()
    for i, rel in enumerate(manifest["services"]):
        listed.add(rel)
        doc, p = read(rel)
        if p:
            problems += [Problem(x.file, x.pointer, x.message + (" (listed in manifest.json /services/%d)" % i
                                                                  if x.message == "file not found" else ""))
                         for x in p]
            continue
        sp = _schema_problems(rel, doc, "service.schema.json")
        if sp:
            problems += sp
            continue
        expected = Path(rel).stem
        if doc["id"] != expected:
            problems.append(Problem(rel, "/id", f"'{doc['id']}' does not match the file name ({expected}.json)"))
        if doc["id"] in defs:
            problems.append(Problem(rel, "/id", f"duplicate service id '{doc['id']}' (also in {where[doc['id']]})"))
            continue
        problems += cross_check_service(rel, doc, departments)
        defs[doc["id"]] = doc
        where[doc["id"]] = rel
    for rel in extra_files:
        if rel not in listed:
            problems.append(Problem(rel, "/", "not listed in manifest.json /services (add it or remove the file)"))
    if problems:
        return None, problems
    cat = Catalog(version=manifest["catalog_version"], departments={d["id"]: d for d in manifest["departments"]},
                  services={k: ServiceDefinition(v, where[k]) for k, v in defs.items()}, manifest=manifest,
                  origin=origin)
    return cat, []


def validate_dir(directory: Path | str) -> tuple[Catalog | None, list[Problem]]:
    """Validate a catalogue directory; return (catalog or None, every problem found)."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, [Problem(str(directory), "/", "not a directory")]
    manifest, p = _read_json(directory / "manifest.json", "manifest.json")
    if manifest is None:
        return None, p
    services_dir = directory / "services"
    extra = [f"services/{f.name}" for f in sorted(services_dir.glob("*.json"))] if services_dir.is_dir() else []
    return _validate(manifest, lambda rel: _read_json(directory / rel, rel), extra, str(directory))


def validate_bundle(bundle: Any, origin: str = "bundle") -> tuple[Catalog | None, list[Problem]]:
    """Validate a one-file catalogue (what the platform publishes and `kiosk catalog
    export` writes): {"format", "manifest": {...}, "services": {"services/<id>.json": {...}}}."""
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        return None, [Problem(origin, "/format", f"not a catalogue bundle (format must be '{BUNDLE_FORMAT}')")]
    files = bundle.get("services")
    if not isinstance(files, dict):
        return None, [Problem(origin, "/services", "must be an object of service files")]

    def read(rel):
        if rel not in files:
            return None, [Problem(rel, "/", "file not found")]
        return files[rel], []
    return _validate(bundle.get("manifest"), read, sorted(files), origin)


def validate_path(path: Path | str) -> tuple[Catalog | None, list[Problem]]:
    """A catalogue directory, or a bundle file (.json)."""
    path = Path(path)
    if path.is_dir():
        return validate_dir(path)
    doc, p = _read_json(path, path.name)
    if p:
        return None, p
    return validate_bundle(doc, path.name)


def to_bundle(catalog: Catalog) -> dict:
    return {"format": BUNDLE_FORMAT, "manifest": catalog.manifest,
            "services": {f"services/{s.id}.json": s.to_dict() for s in catalog}}


def load_dir(directory: Path | str | None = None) -> Catalog:
    """Load a catalogue directory or bundle file (default: the bundled assets/catalog);
    raise CatalogError."""
    cat, problems = validate_path(directory or DEFAULT_CATALOG_DIR)
    if problems:
        raise CatalogError(problems)
    return cat
