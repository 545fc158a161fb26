"""A case the kiosk withdraws before delivery never reaches the platform: the core's
`cases.withdraw` takes its pending row out of the outbox in the withdraw transaction;
a delivered case is refused (the department withdraws it); while the worker's upload is
in flight (its claim set) the withdrawal is refused, so a race ends either delivered or
withdrawn, never both. Real core cases, real worker, the reference platform on 127.0.0.1."""

import threading
import time

import pytest

from kiosk import audit, cases
from kiosk.catalog import load_dir
from kiosk.errors import StateError
from kiosk.identity import Identity
from kiosk.store import Store
from sync import outbox
from sync.worker import SyncWorker
from synchelpers import enrolled_store, settings


def _submitted(store, catalog, n=0):
    who = Identity.typed(id_number="11010519491231002X", name_zh="张三丰", address="北京市朝阳区某街1号")
    c = cases.create_draft(store, catalog.get("residence-registration"), who, operator="clerk1",
                           catalog_version=catalog.version)
    cases.set_fields(store, c.id, {"phone": "13800138000", "housing": "rent"})
    for m in cases.check_ready(store, c.id)["materials"]:
        cases.mark_shared(store, c.id, m["material_id"]) if m["shared_possible"] else \
            cases.add_material(store, c.id, m["material_id"], b"%PDF-1.4\n" + bytes([n]) * 50,
                               mime="application/pdf", filename="x.pdf")
    return cases.submit(store, c.id, actor="clerk1")        # hooks run: sealed into the outbox


def _outbox_state(store, case_id):
    row = store.conn.execute("SELECT state FROM outbox WHERE case_id=?", (case_id,)).fetchone()
    return row[0] if row else None


def test_withdrawn_pending_case_is_never_sent(tmp_path, platform):
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    catalog = load_dir()
    keep, drop = _submitted(store, catalog, 1), _submitted(store, catalog, 2)
    assert _outbox_state(store, drop.id) == "pending"
    cases.withdraw(store, drop.id, actor="clerk1", reason="citizen changed mind")
    assert cases.get_case(store, drop.id).state == "withdrawn"
    assert _outbox_state(store, drop.id) is None                   # out of the queue, packet gone
    actions = [r[0] for r in store.conn.execute("SELECT action FROM audit_log WHERE subject IN (?, ?)",
                                                   (drop.id, drop.case_number))]
    assert "sync.outbox_withdrawn" in actions and "case.withdrawn" in actions
    res = SyncWorker(lambda: Store.open(kdir), settings()).run(once=True, deadline=time.time() + 30)
    assert res.delivered == 1
    assert {c.case_id for c in platform.platform.storage.list_cases()} == {keep.id}
    assert cases.get_case(store, keep.id).state == "delivered"
    # delivered: the kiosk refuses, saying who must withdraw it
    with pytest.raises(StateError) as e:
        cases.withdraw(store, keep.id, actor="clerk1", reason="too late")
    assert e.value.code == cases.WITHDRAW_DELIVERED and "department" in str(e.value)
    assert cases.get_case(store, keep.id).state == "delivered"
    assert audit.verify(store.conn).ok
    store.close()


def test_withdraw_racing_the_upload_ends_consistently(tmp_path, platform):
    """The supervisor withdraws while the worker uploads: refused (sending), then delivered;
    repeated with the withdrawal first: withdrawn and never on the platform."""
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    catalog = load_dir()
    racing = _submitted(store, catalog, 3)
    uploading, release = threading.Event(), threading.Event()
    worker = SyncWorker(lambda: Store.open(kdir), settings())
    real = worker._deliver_one

    def slow_deliver(client, case_id, packet, digest, head):  # hold the upload open: the race window
        uploading.set()
        release.wait(10)
        return real(client, case_id, packet, digest, head)

    worker._deliver_one = slow_deliver
    t = threading.Thread(target=lambda: worker.run(once=True, deadline=time.time() + 30))
    t.start()
    assert uploading.wait(10)
    with pytest.raises(StateError) as e:
        cases.withdraw(store, racing.id, actor="clerk1", reason="changed mind")
    assert e.value.code == cases.WITHDRAW_SENDING
    assert cases.get_case(store, racing.id).state == "submitted"
    release.set()
    t.join(30)
    assert cases.get_case(store, racing.id).state == "delivered"
    assert [c.case_id for c in platform.platform.storage.list_cases()] == [racing.id]
    with pytest.raises(StateError):
        cases.withdraw(store, racing.id, actor="clerk1", reason="changed mind")

    # the other order: withdrawn before the worker runs -> never sent
    late = _submitted(store, catalog, 4)
    cases.withdraw(store, late.id, actor="clerk1", reason="changed mind")
    res = SyncWorker(lambda: Store.open(kdir), settings()).run(once=True, deadline=time.time() + 30)
    assert res.delivered == 0
    assert late.id not in {c.case_id for c in platform.platform.storage.list_cases()}
    assert cases.get_case(store, late.id).state == "withdrawn"
    store.close()


def test_claim_refuses_a_row_withdrawn_after_it_was_picked(tmp_path, platform):
    """next_due picked the row, then the withdrawal committed: claim() says no, nothing is sent."""
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    c = _submitted(store, load_dir(), 5)
    row = outbox.next_due(store.conn, time.time())
    assert row[0] == c.id
    cases.withdraw(store, c.id, actor="clerk1", reason="changed mind")
    with store.transaction() as db:
        assert outbox.claim(db, c.id, time.time()) is False
    store.close()


def _attempt(kdir, outcome=None):
    """One worker pass; with `outcome`, the platform is not asked (the answer is given)."""
    w = SyncWorker(lambda: Store.open(kdir), settings(backoff_base_s=5.0, backoff_cap_s=10.0))   # one try each
    if outcome is not None:
        w._deliver_one = lambda *a: outcome
    return w.run(once=True, deadline=time.time() + 1.5)


def test_offline_kiosk_can_still_withdraw_but_not_after_an_attempt_in_doubt(tmp_path, platform):
    """Connection refused (the kiosk offline): nothing reached the platform, the claim goes
    and the supervisor can withdraw. A reset after the request went out: the platform may
    have it; the claim stays (withdraw refused) even when a later attempt is refused at
    connect, until an attempt gets a clear answer."""
    from sync.client import Outcome
    kdir = tmp_path / "kiosk"
    store = enrolled_store(kdir, platform)
    catalog = load_dir()
    offline = _submitted(store, catalog, 6)
    platform.stop()                                                  # the platform is gone: refused
    res = _attempt(kdir)
    assert res.delivered == 0 and res.failures >= 1
    assert store.conn.execute("SELECT sending_since FROM outbox WHERE case_id=?", (offline.id,)).fetchone()[0] is None
    cases.withdraw(store, offline.id, actor="clerk1", reason="citizen changed mind")
    assert cases.get_case(store, offline.id).state == "withdrawn"

    doubt = _submitted(store, catalog, 7)
    _attempt(kdir, Outcome("retry", None, "network: connection failed or was reset"))
    with pytest.raises(StateError) as e:
        cases.withdraw(store, doubt.id, actor="clerk1", reason="citizen changed mind")
    assert e.value.code == cases.WITHDRAW_SENDING
    with store.transaction() as db:                                  # due again now
        db.execute("UPDATE outbox SET next_attempt_at = 0 WHERE case_id=?", (doubt.id,))
    _attempt(kdir, Outcome("retry", None, "network: refused", unsent=True))
    with pytest.raises(StateError):                                  # the first attempt is still in doubt
        cases.withdraw(store, doubt.id, actor="clerk1", reason="citizen changed mind")
    assert cases.get_case(store, doubt.id).state == "submitted"
    store.close()
