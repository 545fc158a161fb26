"""Withdraw (supervisor) on the counter's today's-cases screen: the supervisor's user name,
PIN and a reason; the core (kiosk.cases.withdraw) decides. A wrong PIN is refused in words;
a case the platform has not received leaves the sync outbox and shows as withdrawn; a
delivered case is refused with the reason (the department must withdraw it)."""

from kiosk import cases
from kiosk.catalog import load_dir
from kiosk.identity import Identity
from kiosk.store import Store
from ui_testkit import add_operator, both_languages, find_item, settle, sign_in, tap, type_into


def _submitted(store, catalog, id_number):
    who = Identity.typed(id_number=id_number, name_zh="张三丰", address="北京市朝阳区某街1号")
    c = cases.create_draft(store, catalog.get("residence-registration"), who, operator="clerk1",
                           catalog_version=catalog.version)
    cases.set_fields(store, c.id, {"phone": "13800138000", "housing": "rent"})
    for m in cases.check_ready(store, c.id)["materials"]:
        cases.mark_shared(store, c.id, m["material_id"]) if m["shared_possible"] else \
            cases.add_material(store, c.id, m["material_id"], b"%PDF-1.4\n", mime="application/pdf", filename="x.pdf")
    return cases.submit(store, c.id, actor="clerk1")           # the sync hook queues it in the outbox


def _row(k, number):
    return [c["case_number"] for c in k.flow.property("todaysCases")].index(number)


def test_supervisor_withdraws_a_pending_case_and_not_a_delivered_one(kiosk_app, qtbot, ui_config):
    add_operator(ui_config, "clerk7", "clerk", "271828")
    add_operator(ui_config, "super7", "supervisor", "161803")
    store = Store.open(ui_config.data_dir, config=ui_config)
    catalog = load_dir()
    pending = _submitted(store, catalog, "11010519491231002X")
    delivered = _submitted(store, catalog, "110105194912310011")
    with store.transaction() as db:
        cases.apply_platform_status(db, delivered.id, "delivered")
    for n in ("110105199003070033", "11010519491231002X", "110105194912310011"):   # a longer list: it scrolls
        _submitted(store, catalog, n)
    assert store.conn.execute("SELECT COUNT(*) FROM outbox WHERE case_id=?", (pending.id,)).fetchone()[0] == 1
    store.close()

    k = kiosk_app("counter")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "clerk7", "271828")
    tap(k, "todaysCases")
    qtbot.waitUntil(lambda: len(k.flow.property("todaysCases")) == 5, timeout=5000)
    settle(qtbot, k)
    assert all(c["withdrawable"] for c in k.flow.property("todaysCases"))

    # wrong PIN: refused in words, nothing changes
    scroller = find_item(k, "withdrawPanel").parentItem()
    while scroller.property("contentY") is None:
        scroller = scroller.parentItem()
    tap(k, f"withdraw_{_row(k, pending.case_number)}")       # the oldest case: at the bottom of the list
    settle(qtbot, k)
    assert find_item(k, "withdrawPanel").isVisible()
    assert scroller.property("contentY") == 0        # the form, at the top, is scrolled into view
    both_languages(qtbot, k, "flow-counter-14-withdraw-form")
    type_into(k, "input_withdraw_supervisor", "super7")
    type_into(k, "input_withdraw_pin", "000000")
    type_into(k, "input_withdraw_reason", "citizen changed mind")
    tap(k, "withdrawConfirm")
    qtbot.waitUntil(lambda: k.flow.property("withdrawError") == "auth", timeout=5000)
    assert find_item(k, "withdrawError").isVisible()
    both_languages(qtbot, k, "flow-counter-14-withdraw-wrong-pin")
    find_item(k, "input_withdraw_pin").setProperty("text", "")
    type_into(k, "input_withdraw_pin", "161803")
    tap(k, "withdrawConfirm")
    qtbot.waitUntil(lambda: k.flow.property("withdrawError") == "done", timeout=5000)
    qtbot.waitUntil(lambda: k.flow.property("todaysCases")[_row(k, pending.case_number)]["state"] == "withdrawn",
                    timeout=5000)
    settle(qtbot, k)
    assert not find_item(k, "withdrawPanel").isVisible()
    assert find_item(k, "input_withdraw_pin").property("text") == ""      # the PIN does not linger
    assert find_item(k, "withdrawDone").isVisible()
    both_languages(qtbot, k, "flow-counter-15-withdrawn")
    conn = k.services.store().conn
    assert conn.execute("SELECT COUNT(*) FROM outbox WHERE case_id=?", (pending.id,)).fetchone()[0] == 0
    assert conn.execute("SELECT actor FROM case_events WHERE case_id=? AND to_state='withdrawn'",
                        (pending.id,)).fetchone()[0] == "super7"

    # delivered: the core refuses and the screen says who can withdraw it
    tap(k, f"withdraw_{_row(k, delivered.case_number)}")
    settle(qtbot, k)
    assert k.flow.property("withdrawError") == ""
    type_into(k, "input_withdraw_supervisor", "super7")
    type_into(k, "input_withdraw_pin", "161803")
    type_into(k, "input_withdraw_reason", "citizen changed mind")
    tap(k, "withdrawConfirm")
    qtbot.waitUntil(lambda: k.flow.property("withdrawError") == "delivered", timeout=5000)
    assert "承办部门" in find_item(k, "withdrawError").property("text")     # who can withdraw it, in words
    both_languages(qtbot, k, "flow-counter-16-withdraw-delivered-refused")
    assert cases.get_case(k.services.store(), delivered.id).state == "delivered"
    tap(k, "withdrawCancel")
    settle(qtbot, k)
    assert not find_item(k, "withdrawPanel").isVisible()
