"""`kiosk catalog list|search|show|validate|import`."""

from __future__ import annotations

from kiosk.cli import add_json_flag


def register(subparsers):
    p = subparsers.add_parser("catalog", help="the service catalogue: list, search, show, validate, import")
    sub = p.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    ls = sub.add_parser("list", help="list the services of the active catalogue")
    ls.add_argument("--department", help="only this department id")
    ls.add_argument("--here", action="store_true", help="only services this hall takes (counter or self-service)")
    add_json_flag(ls)
    ls.set_defaults(func=_list)
    s = sub.add_parser("search", help="search services (hanzi, pinyin, initials like sfz, English, typos)")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=10)
    add_json_flag(s)
    s.set_defaults(func=_search)
    sh = sub.add_parser("show", help="show one service definition")
    sh.add_argument("service_id", metavar="ID")
    sh.add_argument("--version", help="a version kept in the store (old cases' definitions)")
    add_json_flag(sh)
    sh.set_defaults(func=_show)
    v = sub.add_parser("validate", help="validate a catalogue directory (manifest.json + services/*.json) or bundle")
    v.add_argument("dir", nargs="?", metavar="PATH", help="directory or bundle .json (default: assets/catalog)")
    add_json_flag(v)
    v.set_defaults(func=_validate)
    i = sub.add_parser("import", help="validate a catalogue directory or bundle and make it the active catalogue")
    i.add_argument("dir", metavar="PATH", help="directory, or bundle .json (`catalog export`, the platform's)")
    add_json_flag(i)
    i.set_defaults(func=_import)
    e = sub.add_parser("export", help="write the active catalogue as one bundle file (for the platform)")
    e.add_argument("file", metavar="FILE.json")
    add_json_flag(e)
    e.set_defaults(func=_export)


def _catalog(ctx):
    from kiosk.catalog.storage import active_catalog
    return active_catalog(ctx.store())


def _list(args, ctx):
    cat = _catalog(ctx)
    rows = [s.summary() for s in cat
            if (not args.department or s.department == args.department) and (not args.here or s.available_here)]
    ctx.emit({"catalog_version": cat.version, "services": rows},
             lambda: "\n".join([f"catalogue {cat.version}: {len(rows)} service(s)"] + [
                 f"{r['id']:34} {r['name_zh']}  |  {r['name_en']}" for r in rows]))


def _search(args, ctx):
    cat = _catalog(ctx)
    hits = cat.search(args.query, limit=max(1, args.limit))
    ctx.emit({"catalog_version": cat.version, "query": args.query, "hits": [h.to_dict() for h in hits]},
             lambda: "\n".join([f"{h.service_id:34} {h.name_zh}  |  {h.name_en}  ({h.matched})" for h in hits])
             or "no service matches")


def _show(args, ctx):
    if args.version:
        from kiosk.catalog.storage import definition_at
        svc = definition_at(ctx.store().conn, args.service_id, args.version)
        dep = svc.department
    else:
        cat = _catalog(ctx)
        svc = cat.get(args.service_id)
        dep = f"{cat.department_name(svc.department)} / {cat.department_name(svc.department, 'en')}"

    def text():
        d = svc.data
        lines = [f"{svc.id} (version {svc.version})", f"  {svc.name_zh}", f"  {svc.name_en}",
                 f"  department: {dep}", f"  time limit: {svc.time_limit_days} working day(s)"
                 f"{' (on the spot)' if svc.time_limit_days == 0 else ''}",
                 f"  fee: CNY {svc.fee['amount']}", f"  one visit: {'yes' if svc.one_visit else 'no'}",
                 f"  channels: {', '.join(svc.channels)}", "  fields:"]
        lines += [f"    - {f['id']} ({f['type']}{', required' if f.get('required') else ''}): {f['label']['zh']}"
                  for f in d["fields"]]
        lines.append("  materials:")
        lines += [f"    - {m['id']}: {m['name']['zh']} / {m['name']['en']}"
                  f"{' [required]' if m.get('required') else ' [conditional]' if m.get('required_if') else ' [optional]'}"
                  f"{' [shared]' if m.get('shared') else ''}" for m in d["materials"]]
        return "\n".join(lines)
    ctx.emit(svc.to_dict(), text)


def _validate(args, ctx):
    from kiosk.catalog.loader import DEFAULT_CATALOG_DIR, validate_path
    directory = args.dir or str(DEFAULT_CATALOG_DIR)
    cat, problems = validate_path(directory)
    if problems:
        ctx.emit({"valid": False, "dir": directory, "problems": [p.to_dict() for p in problems]},
                 lambda: "\n".join(str(p) for p in problems) + f"\n{len(problems)} problem(s)")
        return 2
    ctx.emit({"valid": True, "dir": directory, "catalog_version": cat.version, "services": len(cat),
              "departments": len(cat.departments)},
             f"valid: catalogue {cat.version}, {len(cat)} services, {len(cat.departments)} departments")
    return 0


def _import(args, ctx):
    from kiosk.catalog.loader import CatalogError, validate_path
    from kiosk.catalog.storage import import_catalog
    cat, problems = validate_path(args.dir)
    if problems:
        if ctx.want_json:
            ctx.emit({"imported": False, "problems": [p.to_dict() for p in problems]})
            return 2
        raise CatalogError(problems)
    res = import_catalog(ctx.store(), cat)
    ctx.emit({"imported": True, **res}, f"catalogue {res['catalog_version']} imported ({res['services']} services)"
             + (f", replacing {res['previous']}" if res["previous"] else ""))


def _export(args, ctx):
    import json
    import os
    from pathlib import Path

    from kiosk.catalog.loader import to_bundle
    from kiosk.errors import InputError
    cat = _catalog(ctx)
    dest = Path(args.file)
    tmp = dest.with_name(dest.name + ".partial")
    try:
        tmp.write_text(json.dumps(to_bundle(cat), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, dest)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{dest}: cannot write ({e.strerror})") from None
    ctx.emit({"file": str(dest), "catalog_version": cat.version, "services": len(cat)},
             f"catalogue {cat.version} ({len(cat)} services) written to {dest}")
