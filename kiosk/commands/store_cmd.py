"""`kiosk backup PATH` and `kiosk audit verify`."""

from kiosk.cli import add_json_flag


def register_backup(subparsers):
    p = subparsers.add_parser("backup", help="copy the store through SQLite's backup API")
    p.add_argument("path", help="backup file, or a directory to put a dated file in")
    add_json_flag(p)
    p.set_defaults(func=_backup)


def register_audit(subparsers):
    p = subparsers.add_parser("audit", help="the hash-chained audit log")
    sub = p.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    v = sub.add_parser("verify", help="check the chain; name the first broken entry (exit 1 if broken)")
    add_json_flag(v)
    v.set_defaults(func=_verify)
    s = sub.add_parser("show", help="print the last entries")
    s.add_argument("--last", type=int, default=20)
    add_json_flag(s)
    s.set_defaults(func=_show)


def _backup(args, ctx):
    from kiosk import audit
    store = ctx.store()
    dest = store.backup(args.path)
    with store.transaction() as db:
        audit.append(db, "cli", "store.backup", dest.name)
    ctx.emit({"path": str(dest), "size": dest.stat().st_size, "key_file": str(store.key_path)},
             f"backup written to {dest}\nkeep the store key {store.key_path} separately: "
             "the backup's personal data cannot be read without it")


def _verify(args, ctx):
    from kiosk import audit
    verdict = audit.verify(ctx.store().conn)
    ctx.emit(verdict.to_dict(), f"audit chain ok ({verdict.entries} entries)" if verdict.ok
             else f"audit chain BROKEN at entry {verdict.first_bad_seq}: {verdict.reason}")
    return 0 if verdict.ok else 1


def _show(args, ctx):
    import json
    rows = ctx.store().conn.execute(
        "SELECT seq, ts, actor, action, subject, detail FROM audit_log ORDER BY seq DESC LIMIT ?",
        (max(1, args.last),)).fetchall()
    entries = [dict(r, detail=json.loads(r["detail"])) for r in reversed(rows)]
    ctx.emit(entries, lambda: "\n".join(
        f"{e['seq']:>6} {e['ts']} {e['actor']:<12} {e['action']:<20} {e['subject']}" for e in entries) or "(empty)")
