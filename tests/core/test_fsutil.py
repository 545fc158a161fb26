"""kiosk.fsutil.create_private_file: how every key file comes to exist."""

import multiprocessing
import os
import stat

from kiosk.fsutil import create_private_file


def test_creates_0600_and_never_overwrites(tmp_path):
    p = tmp_path / "k.bin"
    assert create_private_file(p, b"first") == b"first"
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert create_private_file(p, b"second") == b"first"      # the existing key wins
    assert p.read_bytes() == b"first"
    assert sorted(os.listdir(tmp_path)) == ["k.bin"]          # no temp file left


def _race(path, start, out):
    start.wait()
    out.put(create_private_file(path, os.urandom(32)))


def test_racing_creators_all_get_the_one_key_on_disk(tmp_path):
    ctx = multiprocessing.get_context("fork")
    for round_ in range(5):
        p = tmp_path / f"race{round_}.key"
        start, out = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_race, args=(p, start, out)) for _ in range(6)]
        for pr in procs:
            pr.start()
        start.set()
        got = {out.get(timeout=20) for _ in procs}
        for pr in procs:
            pr.join(10)
        assert got == {p.read_bytes()}, f"round {round_}: processes hold different keys"
    assert all(n.endswith(".key") for n in os.listdir(tmp_path))


def test_sync_keys_use_it(tmp_path):
    from sync import crypto
    a = crypto.load_or_create_ed25519(tmp_path / "keys" / "sign.pem")
    b = crypto.load_or_create_ed25519(tmp_path / "keys" / "sign.pem")
    assert crypto.raw_public(a) == crypto.raw_public(b)
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "keys" / "sign.pem").stat().st_mode) == 0o600
    s = crypto.load_or_create_secret(tmp_path / "keys" / "hold.key")
    assert crypto.load_or_create_secret(tmp_path / "keys" / "hold.key") == s and len(s) == 32
