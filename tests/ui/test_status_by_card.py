"""Status enquiry by the citizen's card: the core finds their cases by the blind index of
the ID number (kiosk.cases.cases_of_citizen); on the Status screen a GA/T 467 card read
(the pty simulator, the simulated devices' reader) lists them with what to do next, and
leaving the screen wipes them."""

import pytest

from kiosk import cases
from kiosk.catalog import load_dir
from kiosk.identity import Identity
from kiosk.store import Store

ID_NUMBER = "11010519491231002X"      # the GA/T 467 simulator's sample resident card


def _submitted(store, catalog, who, service="residence-registration"):
    c = cases.create_draft(store, catalog.get(service), who, operator="clerk1", catalog_version=catalog.version)
    cases.set_fields(store, c.id, {"phone": "13800138000", "housing": "rent"})
    for m in cases.check_ready(store, c.id)["materials"]:
        cases.mark_shared(store, c.id, m["material_id"]) if m["shared_possible"] else \
            cases.add_material(store, c.id, m["material_id"], b"%PDF-1.4\n", mime="application/pdf", filename="x.pdf")
    return cases.submit(store, c.id, actor="clerk1", run_hooks=False)


def test_core_finds_a_citizens_cases_by_blind_index_not_drafts(tmp_path):
    catalog = load_dir()
    store = Store.open(tmp_path / "data")
    try:
        me = Identity.typed(id_number=ID_NUMBER, name_zh="张三丰", address="北京市朝阳区某街1号")
        other = Identity.typed(id_number="110105194912310011", name_zh="李四", address="北京市朝阳区某街2号")
        first = _submitted(store, catalog, me)
        _submitted(store, catalog, other)
        cases.create_draft(store, catalog.get("residence-registration"), me, catalog_version=catalog.version)
        second = _submitted(store, catalog, me)
        found = cases.cases_of_citizen(store, me)
        assert [c.case_number for c in found] == [second.case_number, first.case_number]
        assert all(c.state == "submitted" for c in found)
        # the same person read from a card (another Identity object) finds the same cases
        again = Identity.typed(id_number=ID_NUMBER.lower(), name_zh="张三")
        assert [c.id for c in cases.cases_of_citizen(store, again)] == [c.id for c in found]
        # the ID number is not what the store looks up by
        assert ID_NUMBER not in {r[0] for r in store.conn.execute("SELECT citizen_key FROM cases")}
        assert cases.cases_of_citizen(store, Identity.typed(id_number="110105199003070033", name_zh="王五")) == []
    finally:
        store.close()


def _submit_typed_case(k, qtbot):
    """A citizen (the simulator card's ID number, typed) submits a case in self-service."""
    from ui_testkit import settle, typed_citizen_to
    number = typed_citizen_to(k, qtbot, "Done", name="张三丰", id_number=ID_NUMBER)
    settle(qtbot, k)
    k.app_model.endSession("done")
    qtbot.waitUntil(lambda: k.app_model.screen == "Attract")
    return number


def test_status_by_id_card_on_the_ga467_simulator(kiosk_app, qtbot):
    from ui_testkit import both_languages, find_item, settle, tap
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    number = _submit_typed_case(k, qtbot)

    tap(k, "status")
    qtbot.waitUntil(lambda: k.app_model.screen == "Status")
    settle(qtbot, k)
    both_languages(qtbot, k, "flow-self-service-status")

    # No card on the reader (the pty simulator with its card lifted): said so, nothing listed
    k.services.id_reader_port()
    sam = k.services._sim_sam.sam
    sam.card_present = False
    tap(k, "statusReadCard")
    qtbot.waitUntil(lambda: k.flow.property("cardState") == "removed", timeout=10000)
    assert not k.flow.property("citizenLookedUp")
    both_languages(qtbot, k, "flow-self-service-status-card-missing")

    # The card placed: its ID number (blind index, in the core) finds the case
    sam.card_present = True
    tap(k, "statusReadCard")
    qtbot.waitUntil(lambda: k.flow.property("citizenLookedUp"), timeout=10000)
    found = k.flow.property("citizenCases")
    assert [c["case_number"] for c in found] == [number]
    assert found[0]["state"] == "submitted" and found[0]["service"]
    assert set(found[0]) == {"case_number", "service", "state", "promised_date", "submitted_at"}   # no personal data
    assert k.flow.property("cardState") == ""
    settle(qtbot, k)
    assert find_item(k, "citizenCase_0").isVisible()
    both_languages(qtbot, k, "flow-self-service-status-by-card")
    # the platform asked for more documents (what the sync worker applies when it pulls status)
    with k.services.store().transaction() as db:
        case_id = db.execute("SELECT id FROM cases WHERE case_number=?", (number,)).fetchone()[0]
        cases.apply_platform_status(db, case_id, "needs_more", note="test")
    tap(k, "statusReadCard")
    qtbot.waitUntil(lambda: k.flow.property("citizenLookedUp")
                    and k.flow.property("citizenCases")[0]["state"] == "needs_more", timeout=10000)
    settle(qtbot, k)
    texts = []
    todo = [find_item(k, "citizenCase_0")]
    while todo:
        it = todo.pop()
        texts.append(it.property("text") or "")
        todo.extend(it.childItems())
    assert any("缺少" in t or "补" in t or "missing documents" in t for t in texts), texts   # what to do next
    both_languages(qtbot, k, "flow-self-service-status-by-card-needs-more")
    # a language switch re-labels the service name in the list
    k.app_model.setLanguage("en")
    settle(qtbot, k)
    en_name = k.flow.property("citizenCases")[0]["service"]
    k.app_model.setLanguage("zh_CN")
    settle(qtbot, k)
    assert k.flow.property("citizenCases")[0]["service"] != en_name

    # Leaving the screen wipes everything of the citizen
    assert k.session.identity is not None
    tap(k, "statusBack")
    qtbot.waitUntil(lambda: k.app_model.screen == "Attract")
    assert k.session.identity is None and not k.session.has_citizen_data
    assert k.flow.property("citizenCases") == [] and not k.flow.property("citizenLookedUp")


def test_status_by_card_finds_nothing_for_a_new_citizen(kiosk_app, qtbot):
    from ui_testkit import both_languages, settle, tap
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    tap(k, "status")
    qtbot.waitUntil(lambda: k.app_model.screen == "Status")
    tap(k, "statusReadCard")
    qtbot.waitUntil(lambda: k.flow.property("citizenLookedUp"), timeout=10000)
    assert k.flow.property("citizenCases") == []
    settle(qtbot, k)
    from ui_testkit import find_item
    assert find_item(k, "noCitizenCases").isVisible()
    both_languages(qtbot, k, "flow-self-service-status-by-card-none")
    # idle: the session wipe takes the identity too
    k.app_model.endSession("idle")
    assert k.session.identity is None and not k.flow.property("citizenLookedUp")


@pytest.mark.pcsc
def test_status_by_passport_chip_through_pcsc(kiosk_app, qtbot, ui_config, tmp_path):
    """pcscd + vpcd and the simulated eMRTD (run under `flock /tmp/pcscd-tests.lock`): on
    the status screen the chip opens with the MRZ details and the citizen's cases are
    looked up (none for this specimen traveller), then wiped when they leave."""
    from devices.cards import sample, sim_icao
    from ui_testkit import both_languages, find_item, settle, tap, type_into, vpcd_chip_reader

    with vpcd_chip_reader(tmp_path) as place:
        dataset = sample.make_icao_dataset(tmp_path / "icao", face_kb=8)
        k = kiosk_app("self-service", cards__csca_dir=str(dataset.parent / "csca"))
        settle(qtbot, k, 10000)
        tap(k, "status")
        qtbot.waitUntil(lambda: k.app_model.screen == "Status")
        place(sim_icao.load_dataset(dataset))
        qtbot.waitUntil(lambda: k.flow.property("chipPresent"), timeout=10000)
        settle(qtbot, k)
        type_into(k, "input_mrz_document", "L898902C")
        type_into(k, "input_mrz_birth", "690806")
        type_into(k, "input_mrz_expiry", "940623")
        assert find_item(k, "readChip").property("text") in ("Show my applications", "查看我的办件")
        tap(k, "readChip")
        qtbot.waitUntil(lambda: k.flow.property("citizenLookedUp"), timeout=30000)
        assert k.flow.property("citizenCases") == [] and k.flow.property("cardState") == ""
        assert k.app_model.screen == "Status"                       # not taken into the application flow
        assert k.session.identity is not None and k.session.identity.surname == "ERIKSSON"
        settle(qtbot, k, 500)
        qtbot.wait(200)                                              # the answer scrolls into view
        both_languages(qtbot, k, "flow-self-service-status-by-chip")
        tap(k, "statusBack")
        qtbot.waitUntil(lambda: k.app_model.screen == "Attract")
        assert k.session.identity is None and not k.flow.property("citizenLookedUp")


def test_counter_reaches_the_status_screen_and_comes_back_signed_in(kiosk_app, qtbot, ui_config):
    from ui_testkit import add_operator, both_languages, settle, sign_in, tap
    add_operator(ui_config, "clerk7", "clerk", "246810")
    k = kiosk_app("counter")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "clerk7", "246810")
    tap(k, "largeText")                       # the navigation row still fits with large text
    settle(qtbot, k)
    both_languages(qtbot, k, "counter-Identify-large-text")
    tap(k, "largeText")
    tap(k, "counterStatus")
    qtbot.waitUntil(lambda: k.app_model.screen == "Status")
    tap(k, "statusReadCard")
    qtbot.waitUntil(lambda: k.flow.property("citizenLookedUp"), timeout=10000)
    tap(k, "statusBack")                      # the next citizen, not the sign-in screen
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    assert k.flow.property("loggedIn") and k.session.identity is None and not k.flow.property("citizenLookedUp")
