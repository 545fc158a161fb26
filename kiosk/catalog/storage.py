"""The catalogue in the store: imported versions, and every definition a case used.

Definitions are kept by (service id, version) for ever, so an old case always shows
with the definition it was made with. `active_catalog(store)` is the last imported
catalogue, or the bundled assets/catalog when nothing was imported.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

from kiosk.catalog.loader import CatalogError, Problem, load_dir
from kiosk.catalog.model import Catalog, ServiceDefinition, canonical_json
from kiosk.errors import NotFoundError


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def remember_definition(db: sqlite3.Connection, service: ServiceDefinition) -> None:
    """Keep this exact definition (inside the caller's transaction). The same (id, version)
    with different content is refused: a changed definition needs a new version."""
    row = db.execute("SELECT sha256 FROM service_definitions WHERE service_id=? AND version=?",
                     (service.id, service.version)).fetchone()
    if row is None:
        db.execute("INSERT INTO service_definitions(service_id, version, sha256, definition, first_seen)"
                   " VALUES (?,?,?,?,?)", (service.id, service.version, service.sha256,
                                           canonical_json(service.data), _now()))
    elif row[0] != service.sha256:
        raise CatalogError([Problem(service.source or f"services/{service.id}.json", "/version",
                                    f"version {service.version} of '{service.id}' is already in use with different "
                                    "content; give the changed definition a new version")])


def definition_at(conn: sqlite3.Connection, service_id: str, version: str) -> ServiceDefinition:
    row = conn.execute("SELECT definition FROM service_definitions WHERE service_id=? AND version=?",
                       (service_id, version)).fetchone()
    if row is None:
        raise NotFoundError(f"service {service_id} version {version}: definition not in the store")
    return ServiceDefinition(json.loads(row[0]))


def import_catalog(store, catalog: Catalog, *, actor: str = "cli") -> dict:
    """Store a validated catalogue and make it the active one (one transaction, audited)."""
    from kiosk import audit
    with store.transaction() as db:
        for s in catalog:
            remember_definition(db, s)
        prev = db.execute("SELECT catalog_version FROM catalog_imports WHERE active=1").fetchone()
        db.execute("UPDATE catalog_imports SET active=0")
        db.execute("INSERT INTO catalog_imports(catalog_version, imported_at, manifest, services, active)"
                   " VALUES (?,?,?,?,1) ON CONFLICT(catalog_version) DO UPDATE SET imported_at=excluded.imported_at,"
                   " manifest=excluded.manifest, services=excluded.services, active=1",
                   (catalog.version, _now(), canonical_json(catalog.manifest),
                    json.dumps([[s.id, s.version] for s in catalog])))
        audit.append(db, actor, "catalog.import", catalog.version,
                     {"services": len(catalog), "previous": prev[0] if prev else None})
    return {"catalog_version": catalog.version, "services": len(catalog), "previous": prev[0] if prev else None}


def active_catalog(store=None) -> Catalog:
    if store is not None:
        row = store.conn.execute(
            "SELECT catalog_version, manifest, services FROM catalog_imports WHERE active=1").fetchone()
        if row is not None:
            manifest = json.loads(row[1])
            defs = [definition_at(store.conn, sid, ver).data for sid, ver in json.loads(row[2])]
            cat = Catalog.from_definitions(row[0], manifest.get("departments", []), defs, origin="store")
            cat.manifest = manifest
            return cat
    return load_dir()
