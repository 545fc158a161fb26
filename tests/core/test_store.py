"""Store: migrations, refusal of newer or damaged databases, encryption at rest,
atomic attachments, disk full, unwritable data directory, backups."""

import os
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest

import kiosk.store as store_mod
from kiosk.errors import InputError, SchemaTooNewError, StoreError
from kiosk.store import Store, latest_version

sys.path.insert(0, str(Path(__file__).parent))
from store_case_writer import attachment_bytes, write_case  # noqa: E402


def test_new_store_is_wal_full_sync_fk_and_at_latest_schema(tmp_path):
    with Store.open(tmp_path / "d") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.schema_version == latest_version() >= 1
    key = tmp_path / "d" / "keys" / "store.key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "d").stat().st_mode & 0o777 == 0o700


def test_reopening_keeps_the_key_and_data(tmp_path):
    with Store.open(tmp_path) as s:
        case_id, number = write_case(s, size=1000)
    with Store.open(tmp_path) as s:
        att = s.conn.execute("SELECT id FROM attachments WHERE case_id=? AND seq=1", (case_id,)).fetchone()[0]
        assert s.get_attachment(att) == attachment_bytes(case_id, 0, 1000)


def test_personal_data_and_scans_are_not_in_the_database_file_in_clear(tmp_path):
    with Store.open(tmp_path) as s:
        case_id, _ = write_case(s, size=5000)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = (tmp_path / "kiosk.db").read_bytes()
    assert "张三".encode() not in raw
    assert attachment_bytes(case_id, 0, 5000)[:64] not in raw
    assert "张*".encode() in raw  # the masked name is the index the clerk sees


def test_wrong_key_is_a_clear_error(tmp_path):
    with Store.open(tmp_path) as s:
        case_id, _ = write_case(s, size=100)
    (tmp_path / "keys" / "store.key").write_bytes(os.urandom(32))
    with Store.open(tmp_path) as s:
        att = s.conn.execute("SELECT id FROM attachments LIMIT 1").fetchone()[0]
        with pytest.raises(StoreError, match="does not decrypt"):
            s.get_attachment(att)


def test_database_from_a_newer_program_is_refused_and_untouched(tmp_path):
    Store.open(tmp_path).close()
    db = tmp_path / "kiosk.db"
    c = sqlite3.connect(db)
    c.execute(f"PRAGMA user_version={latest_version() + 7}")
    c.close()
    before = db.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer Single Door"):
        Store.open(tmp_path)
    assert db.read_bytes() == before


def test_damaged_database_is_refused_clearly_and_not_modified(tmp_path):
    Store.open(tmp_path).close()
    db = tmp_path / "kiosk.db"
    for p in tmp_path.glob("kiosk.db-*"):
        p.unlink()
    db.write_bytes(b"this is not sqlite at all" * 100)
    before = db.read_bytes()
    for _ in range(3):  # no crash loop: the same clear refusal every time
        with pytest.raises(StoreError, match="damaged"):
            Store.open(tmp_path)
    assert db.read_bytes() == before


def test_damaged_database_via_cli_exits_1_with_one_line(kiosk_env):
    data = kiosk_env["data"]
    data.mkdir(parents=True)
    (data / "kiosk.db").write_bytes(b"\x00garbage" * 512)
    r = subprocess.run([sys.executable, "-m", "kiosk", "audit", "verify"], env=kiosk_env["env"],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "damaged" in r.stderr and "Traceback" not in r.stderr


def test_interrupted_migration_leaves_previous_version(tmp_path, monkeypatch):
    Store.open(tmp_path).close()
    current = latest_version()

    def bad_up(db):
        db.execute("CREATE TABLE half_done (x)")
        db.execute("INSERT INTO half_done VALUES (1)")
        raise sqlite3.OperationalError("simulated power cut inside migration")

    real = store_mod.list_migrations()
    fake = real + [(current + 1, f"m{current + 1:04d}_broken", types.SimpleNamespace(up=bad_up))]
    monkeypatch.setattr(store_mod, "list_migrations", lambda: fake)
    monkeypatch.setattr(store_mod, "latest_version", lambda: current + 1)
    with pytest.raises(StoreError, match="stays at schema"):
        Store.open(tmp_path)
    monkeypatch.undo()
    with Store.open(tmp_path) as s:
        assert s.schema_version == current
        assert s.conn.execute("SELECT count(*) FROM sqlite_master WHERE name='half_done'").fetchone()[0] == 0


def test_migration_killed_midway_by_sigkill_is_rolled_back(tmp_path):
    """A real kill during a slow migration: the next open sees the old version."""
    Store.open(tmp_path).close()
    code = f"""
import sqlite3, time, types, os, signal, kiosk.store as m
cur = m.latest_version()
def up(db):
    db.execute("CREATE TABLE t_kill (x)")
    for i in range(2000): db.execute("INSERT INTO t_kill VALUES (?)", (i,))
    os.kill(os.getpid(), signal.SIGKILL)
real = m.list_migrations()
m.list_migrations = lambda: real + [(cur + 1, 'm9999_kill', types.SimpleNamespace(up=up))]
m.latest_version = lambda: cur + 1
m.Store.open({str(tmp_path)!r})
"""
    r = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2])
    assert r.returncode == -9
    with Store.open(tmp_path) as s:
        assert s.schema_version == latest_version()
        assert s.integrity_check() == "ok"
        assert s.conn.execute("SELECT count(*) FROM sqlite_master WHERE name='t_kill'").fetchone()[0] == 0


def test_data_dir_that_is_a_file_gives_one_clear_line(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        Store.open(f / "data")


@pytest.fixture
def tiny_fs(tmp_path):
    """A 3 MB tmpfs (we run as root in the suite and CI). Without mount rights, the
    same SQLITE_FULL path is reached with max_page_count (said in the test id)."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True)
    yield mnt, r.returncode == 0
    if r.returncode == 0:
        subprocess.run(["umount", "-l", str(mnt)])


def test_disk_full_while_writing_an_attachment_leaves_nothing_half_written(tiny_fs):
    mnt, mounted = tiny_fs
    s = Store.open(mnt / "data")
    if not mounted:
        s.conn.execute("PRAGMA max_page_count=700")
    committed = []
    with pytest.raises(StoreError, match="disk is full"):
        for _ in range(50):
            committed.append(write_case(s)[0])
    s.close()
    # Free nothing: reopening must still work (read-only use) and show whole cases only.
    s = Store.open(mnt / "data")
    ids = [r[0] for r in s.conn.execute("SELECT id FROM cases")]
    assert sorted(ids) == sorted(committed)
    for cid in committed:
        atts = s.conn.execute("SELECT id FROM attachments WHERE case_id=? ORDER BY seq", (cid,)).fetchall()
        assert [s.get_attachment(a[0]) for a in atts] == [attachment_bytes(cid, i) for i in range(3)]
    assert s.integrity_check() == "ok"
    s.close()


def test_unwritable_data_dir_read_only_mount(tmp_path):
    mnt = tmp_path / "ro"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:  # not root: an ordinary permission bit does the same for non-root
        mnt.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="not writable|cannot create"):
            Store.open(mnt)
    finally:
        if r.returncode == 0:
            subprocess.run(["umount", "-l", str(mnt)])


def test_backup_through_the_backup_api_is_complete_and_refuses_overwrite(tmp_path):
    with Store.open(tmp_path / "d") as s:
        case_id, number = write_case(s, size=2000)
        dest = s.backup(tmp_path / "b.db")
        with pytest.raises(InputError, match="already exists"):
            s.backup(dest)
    c = sqlite3.connect(dest)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("SELECT case_number FROM cases").fetchone()[0] == number
    c.close()
    assert not list(tmp_path.glob("*.partial"))


def test_sequence_is_issued_inside_the_transaction(tmp_path):
    with Store.open(tmp_path) as s:
        with pytest.raises(RuntimeError):
            with s.transaction() as db:
                assert s.next_sequence(db, "case") == 1
                raise RuntimeError("abort")
        with s.transaction() as db:
            assert s.next_sequence(db, "case") == 1  # the aborted one was never issued
            assert s.next_sequence(db, "case") == 2


def test_many_processes_opening_a_new_data_directory_at_once_share_one_key(tmp_path):
    """Racing first runs (the app and its sync worker) must end with one key that all use."""
    code = ("import sys; from kiosk.store import Store; s = Store.open(sys.argv[1]); "
            "print(s.cipher.blind_index('x')); s.close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "d")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2]) for _ in range(8)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-300:] for o in outs]
    assert len({o[0] for o in outs}) == 1  # the same key everywhere
    assert [p.name for p in (tmp_path / "d" / "keys").iterdir()] == ["store.key"]
