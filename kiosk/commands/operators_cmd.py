"""`kiosk operators add|list|passwd|unlock|role`. PINs are read from the terminal,
or from standard input with --pin-stdin (never from the command line: `ps` shows it)."""

from kiosk.cli import add_json_flag


def register(subparsers):
    p = subparsers.add_parser("operators", help="operator accounts (clerk, supervisor, technician)")
    sub = p.add_subparsers(dest="operators_command", required=True, metavar="ACTION")
    a = sub.add_parser("add", help="create an account")
    a.add_argument("username")
    a.add_argument("--role", required=True, choices=["clerk", "supervisor", "technician"])
    a.add_argument("--name", default="", help="display name")
    a.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    add_json_flag(a)
    a.set_defaults(func=_add)
    ls = sub.add_parser("list", help="list accounts")
    add_json_flag(ls)
    ls.set_defaults(func=_list)
    pw = sub.add_parser("passwd", help="set a new PIN")
    pw.add_argument("username")
    pw.add_argument("--pin-stdin", action="store_true")
    pw.set_defaults(func=_passwd)
    u = sub.add_parser("unlock", help="clear a lockout")
    u.add_argument("username")
    u.set_defaults(func=_unlock)
    r = sub.add_parser("role", help="change an account's role")
    r.add_argument("username")
    r.add_argument("role", choices=["clerk", "supervisor", "technician"])
    r.set_defaults(func=_role)
    lg = sub.add_parser("login", help="check a PIN (counts towards lockout, like the login screen)")
    lg.add_argument("username")
    lg.add_argument("--pin-stdin", action="store_true")
    add_json_flag(lg)
    lg.set_defaults(func=_login)


def _read_pin(args, confirm: bool) -> str:
    import sys
    from kiosk.errors import InputError
    if args.pin_stdin:
        pin = sys.stdin.readline().rstrip("\r\n")
        if not pin:
            raise InputError("PIN: nothing on standard input")
        return pin
    import getpass
    if not sys.stdin.isatty():
        raise InputError("PIN: no terminal to ask on; use --pin-stdin")
    pin = getpass.getpass("PIN: ")
    if confirm and getpass.getpass("PIN again: ") != pin:
        raise InputError("PIN: the two entries differ")
    return pin


def _ops(ctx):
    from kiosk.operators import Operators
    return Operators(ctx.store())


def _add(args, ctx):
    op = _ops(ctx).add(args.username, args.role, _read_pin(args, True), args.name)
    ctx.emit(op.to_dict(), f"operator {op.username} added ({op.role})")


def _list(args, ctx):
    ops = [o.to_dict() for o in _ops(ctx).list()]
    ctx.emit(ops, lambda: "\n".join(
        f"{o['username']:<16} {o['role']:<11} {'LOCKED' if o['locked'] else ''}" for o in ops) or "(no operators)")


def _passwd(args, ctx):
    _ops(ctx).set_pin(args.username, _read_pin(args, True))
    print(f"PIN changed for {args.username}")


def _unlock(args, ctx):
    _ops(ctx).unlock(args.username)
    print(f"{args.username} unlocked")


def _role(args, ctx):
    _ops(ctx).set_role(args.username, args.role)
    print(f"{args.username} is now {args.role}")


def _login(args, ctx):
    op = _ops(ctx).authenticate(args.username, _read_pin(args, False))
    ctx.emit(op.to_dict(), f"ok: {op.username} ({op.role})")
