"""`kiosk card ...`: readers, read (ICAO over PC/SC or GA/T 467 over serial), simulators.

Kept light: pyscard, pyserial, cryptography and Pillow are imported inside handlers.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from kiosk.cli import add_json_flag
from kiosk.errors import UsageError

DEFAULT_CSCA = Path(__file__).resolve().parents[2] / "assets" / "csca"


def register(subparsers):
    p = subparsers.add_parser("card", help="ID document readers: list, read, simulate")
    sub = p.add_subparsers(dest="card_command", required=True, metavar="ACTION")

    r = sub.add_parser("readers", help="list PC/SC readers (virtual ones only with --allow-virtual)")
    r.add_argument("--allow-virtual", action="store_true", help="also list 'Virtual PCD' readers")
    add_json_flag(r)
    r.set_defaults(func=_readers)

    rd = sub.add_parser("read", help="read an ID document (ICAO chip over PC/SC, or GA/T 467 over serial)")
    rd.add_argument("--reader", metavar="NAME", help="PC/SC reader name (default: the only reader)")
    rd.add_argument("--document-number", metavar="X", help="document number as printed in the MRZ")
    rd.add_argument("--birth-date", metavar="YYMMDD")
    rd.add_argument("--expiry-date", metavar="YYMMDD")
    rd.add_argument("--can", metavar="N", help="card access number (6 digits printed on the card), for PACE")
    rd.add_argument("--csca", metavar="DIR", help="CSCA trust store (default: cards.csca_dir or assets/csca)")
    rd.add_argument("--allow-virtual", action="store_true", help="accept a 'Virtual PCD' reader (tests, training)")
    rd.add_argument("--photo-out", metavar="PATH", help="write the face image here (.png converts)")
    rd.add_argument("--wait", type=float, default=3.0, metavar="S", help="wait this long for a card (default 3)")
    rd.add_argument("--serial", metavar="DEVICE", help="GA/T 467 resident ID reader on this serial device "
                    "(default without MRZ/CAN/--reader: cards.ga467_serial)")
    rd.add_argument("--baudrate", type=int, default=None, help="serial speed (default: cards.ga467_baudrate)")
    add_json_flag(rd)
    rd.set_defaults(func=_read)

    sim = sub.add_parser("simulate", help="card simulators for tests, demos and training")
    ss = sim.add_subparsers(dest="sim_command", required=True, metavar="KIND")
    mk = ss.add_parser("make-csca", help="create a test CSCA (csca.pem, csca.key.pem) in DIR")
    mk.add_argument("dir", metavar="DIR")
    mk.add_argument("--country", default="UT", help="country code of the test CSCA (default UT)")
    mk.set_defaults(func=_make_csca)
    cr = ss.add_parser("make-crl", help="revoke test document signers: write DIR/csca.crl signed by the test CSCA")
    cr.add_argument("dir", metavar="DIR", help="test CSCA directory (csca.pem, csca.key.pem); the CRL goes there")
    cr.add_argument("--revoke", action="append", default=[], metavar="DSC_PEM",
                    help="document signer certificate to list as revoked (repeatable; none: an empty CRL)")
    cr.set_defaults(func=_make_crl)
    sd = ss.add_parser("sample-dataset", help="write a synthetic passport dataset (and its PKI) into DIR")
    sd.add_argument("dir", metavar="DIR")
    sd.add_argument("--csca", metavar="DIR", help="existing test CSCA directory to sign with")
    sd.add_argument("--face-kb", type=int, default=20, help="approximate face image size (KB)")
    sd.set_defaults(func=_sample_dataset)
    ic = ss.add_parser("icao", help="an eMRTD chip on the vpcd virtual reader (needs pcscd + vsmartcard-vpcd)",
                       description="An eMRTD chip on the vpcd virtual reader: BAC/PACE, secure messaging and "
                       "the LDS files of a dataset (built and signed with a test PKI) or of a raw dump "
                       "(served unchanged: the real EF.SOD signature is what passive authentication checks).")
    src = ic.add_mutually_exclusive_group(required=True)
    src.add_argument("--dataset", metavar="FILE", help="dataset JSON (see devices/cards/sim_icao.py); "
                     "\"files\": {\"EF.COM\": PATH, \"EF.SOD\": PATH, \"DG1\": PATH, ...} serves a raw dump")
    src.add_argument("--dump", metavar="DIR", help="raw LDS dump of a real chip: one file per elementary file, "
                     "binary or hex text, named EF_COM.bin / EF.COM / COM.bin, EF_SOD.bin, DG1.bin / EF_DG1.bin / "
                     "dg1.bin / Datagroup1.bin, EF.CardAccess ...; DG1 and EF.SOD required; the BAC key is "
                     "taken from DG1's MRZ")
    ic.add_argument("--host", default="127.0.0.1")
    ic.add_argument("--port", type=int, default=35963, help="vpcd port: 35963 slot 0, 35964 slot 1")
    ic.add_argument("--remove-after", type=int, metavar="N", help="pull the card after N APDUs (tests)")
    ic.add_argument("--max-le", type=int, help="chip refuses READ BINARY above this Le (6700)")
    ic.add_argument("--stall-after", type=int, metavar="N", help="stop answering after N APDUs, card left in "
                    "(tests of the reader watchdog; also the stdin command 'stall')")
    ic.set_defaults(func=_simulate_icao)
    ga = ss.add_parser("ga467", help="a GA/T 467 SAM reader on a pseudo-terminal (prints its path)")
    ga.add_argument("--dataset", metavar="FILE", help="dataset JSON (default: a built-in resident card)")
    ga.set_defaults(func=_simulate_ga467)


# --- argument checks -------------------------------------------------------------------

_YYMMDD = re.compile(r"\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_DOCNO = re.compile(r"[A-Z0-9<]{1,22}")


def _check_icao_args(args) -> None:
    if args.can:
        if not re.fullmatch(r"\d{6}", args.can):
            raise UsageError("--can: a card access number has 6 digits")
        if not args.document_number:
            return
    missing = [f for f, v in (("--document-number", args.document_number), ("--birth-date", args.birth_date),
                              ("--expiry-date", args.expiry_date)) if not v]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (from the document's MRZ), or --serial DEVICE")
    if not _DOCNO.fullmatch(args.document_number.upper()):
        raise UsageError("--document-number: letters and digits only, as printed in the MRZ")
    for flag, v in (("--birth-date", args.birth_date), ("--expiry-date", args.expiry_date)):
        if not _YYMMDD.fullmatch(v):
            raise UsageError(f"{flag}: expected YYMMDD (6 digits, a real month and day)")


# --- handlers --------------------------------------------------------------------------

def _allow_virtual(args, ctx) -> bool:
    return bool(getattr(args, "allow_virtual", False) or ctx.config["cards.allow_virtual"])


def _readers(args, ctx):
    from devices.cards.pcsc import list_readers
    rows = list_readers(_allow_virtual(args, ctx))

    def text():
        if not rows:
            return "no card reader found"
        return "\n".join(f"{r['name']}{'  [card]' if r['card_present'] else ''}{'  (virtual)' if r['virtual'] else ''}"
                         for r in rows)
    ctx.emit({"readers": rows}, text)


def _read(args, ctx):
    if not args.serial and not (args.reader or args.document_number or args.can):
        args.serial = ctx.config["cards.ga467_serial"]  # nothing for a chip: the configured ID card reader
    if args.serial:
        return _read_serial(args, ctx)
    _check_icao_args(args)
    allow_virtual = _allow_virtual(args, ctx)
    from devices.cards.icao import AccessKey, IcaoReader
    from devices.cards.passive_auth import CscaStore
    from devices.cards.pcsc import PcscScanner, is_virtual, wait_for_card
    from devices.cards.results import icao_dict
    from devices.cards.transport import PyscardTransport
    from devices.cards.errors import CardError, CardRemoved
    from devices.cards.watchdog import run_watched
    from types import SimpleNamespace
    scanner = PcscScanner()
    try:
        found = scanner.scan()
        if args.reader:
            if args.reader not in found:
                raise UsageError(f"--reader: no reader named {args.reader!r}; `kiosk card readers` lists them")
            if is_virtual(args.reader) and not allow_virtual:
                raise UsageError(f"--reader: {args.reader!r} is a virtual reader; "
                                 "use --allow-virtual (tests and training only)")
            reader = args.reader
        else:
            usable = [n for n in found if allow_virtual or not is_virtual(n)]
            with_card = [n for n in usable if found[n]]
            deadline = time.monotonic() + args.wait
            while len(usable) > 1 and not with_card and time.monotonic() < deadline:
                time.sleep(0.05)  # several readers: wait for the document to land on one
                found = scanner.scan()
                with_card = [n for n in usable if found.get(n)]
            if len(usable) == 1:
                reader = usable[0]
            elif len(with_card) == 1:  # several readers, one document: that one
                reader = with_card[0]
            else:
                raise UsageError("--reader NAME is needed: " + ("no reader found" if not usable else
                                                                  f"{len(usable)} readers found"))
        if not wait_for_card(reader, args.wait, scanner):
            raise CardRemoved(f"no document on {reader!r}; place it on the reader and try again")
    finally:
        scanner.close()
    csca = args.csca or ctx.config["cards.csca_dir"] or str(DEFAULT_CSCA)
    if args.csca and not Path(args.csca).is_dir():
        raise UsageError(f"--csca: {args.csca} is not a directory")
    key = AccessKey.from_mrz(args.document_number or "", args.birth_date or "", args.expiry_date or "") \
        if args.document_number else AccessKey(can=args.can)
    store = CscaStore.load(csca)
    timeout = float(ctx.config["cards.apdu_timeout_s"])

    def work(transports):
        # a reader that stopped answering blocks in the driver: run_watched gives up on
        # this thread after cards.apdu_timeout_s on one step (the connect included)
        transports.append(SimpleNamespace(in_flight_since=time.monotonic()))
        t = PyscardTransport(reader)
        transports[:] = [t]
        try:
            return IcaoReader(t).read(key, store)
        finally:
            t.close()
    doc = run_watched(work, timeout)
    photo_path = None
    if args.photo_out and doc.photo is not None:
        out = Path(args.photo_out)
        try:
            out.write_bytes(doc.photo.as_png() if out.suffix.lower() == ".png" else doc.photo.data)
        except OSError as e:
            raise CardError(f"--photo-out: cannot write {out} ({e.strerror})") from None
        photo_path = out
    data = icao_dict(doc, photo_path)
    pa = data["passive_auth"]
    ctx.emit(data, lambda: (
        f"{data['document_type']} {data['issuing_state']} read in {data['elapsed_ms']:.0f} ms "
        f"({data['apdu_count']} APDUs); photo: {'yes' if data['photo'] else 'no'}; passive authentication: "
        f"hashes {'ok' if pa['hashes_ok'] else 'FAILED'}, signature {'ok' if pa['signature_ok'] else 'FAILED'}, "
        f"chain {'ok' if pa['chain_ok'] else 'FAILED'} ({pa['detail']}); active authentication: "
        f"{_aa_text(doc.active_auth)}"))


def _aa_text(aa) -> str:
    if aa is None or not aa.performed:
        return "not offered"
    return "ok" if aa.ok else f"FAILED ({aa.detail})"


def _read_serial(args, ctx):
    from devices.cards.ga467 import Ga467Reader, ga467_dict, load_wlt_decoder
    baud = args.baudrate or ctx.config["cards.ga467_baudrate"]
    decoder = load_wlt_decoder(ctx.config["cards.wlt_decoder"])
    with Ga467Reader.open(args.serial, baud) as reader:
        info = reader.read_card(timeout=args.wait)
    data = ga467_dict(info, decoder)
    png = data["photo"].pop("_bmp", None)
    if args.photo_out:
        # decoded: PNG; otherwise the raw WLT bytes (only the vendor's library can show them)
        try:
            Path(args.photo_out).write_bytes(png if png else info.photo_wlt)
        except OSError as e:
            from devices.cards.errors import CardError
            raise CardError(f"--photo-out: cannot write {args.photo_out} ({e.strerror})") from None
    ctx.emit(data, lambda: f"{data['card_type']} card read; photo decoded: {data['photo']['decoded']}")


def _make_csca(args, ctx):
    from devices.cards.pki import make_csca
    if not re.fullmatch(r"[A-Z]{2,3}", args.country):
        raise UsageError("--country: 2 or 3 capital letters")
    cert, key = make_csca(args.dir, country=args.country)
    print(f"test CSCA written: {cert} (trust anchor) and {key} (keep private); FOR TESTS AND TRAINING ONLY")


def _make_crl(args, ctx):
    from devices.cards.pki import make_crl
    d = Path(args.dir)
    for need in ("csca.pem", "csca.key.pem"):
        if not (d / need).is_file():
            raise UsageError(f"{d / need}: not found (create the test CSCA with `kiosk card simulate make-csca`)")
    for r in args.revoke:
        if not Path(r).is_file():
            raise UsageError(f"--revoke: {r} not found")
    out = make_crl(d / "csca.pem", d / "csca.key.pem", d / "csca.crl", [Path(r) for r in args.revoke])
    print(f"CRL written: {out} ({len(args.revoke)} revoked); FOR TESTS AND TRAINING ONLY")


def _sample_dataset(args, ctx):
    from devices.cards.sample import make_icao_dataset
    p = make_icao_dataset(args.dir, csca_dir=args.csca, face_kb=args.face_kb)
    print(f"dataset written: {p}")


def _simulate_icao(args, ctx):
    import sys
    from devices.cards.sim_icao import load_dataset, load_dump
    from devices.cards.vpcd import VpcdCard
    kw = {"max_le": args.max_le} if args.max_le else {}
    card = load_dump(args.dump, **kw) if args.dump else load_dataset(args.dataset, **kw)
    v = VpcdCard(card, args.host, args.port, remove_after_apdus=args.remove_after, stall_after_apdus=args.stall_after)
    v.insert()
    print(f"card inserted into vpcd at {args.host}:{args.port}; commands: remove, insert, stall, quit", flush=True)
    try:
        for line in sys.stdin:
            cmd = line.strip().lower()
            if cmd == "remove":
                v.remove()
                print("card removed", flush=True)
            elif cmd == "insert":
                card.reset()
                v.insert()
                print("card inserted", flush=True)
            elif cmd == "stall":
                v.stall()
                print("card stalled: APDUs get no answer", flush=True)
            elif cmd in ("quit", "exit"):
                break
            elif cmd:
                print(f"unknown command {cmd!r} (remove, insert, stall, quit)", flush=True)
        else:
            # stdin closed (run in the background): serve until killed
            import threading
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        v.remove()


def _simulate_ga467(args, ctx):
    from devices.cards.sim_ga467 import run_pty_simulator
    run_pty_simulator(args.dataset)
