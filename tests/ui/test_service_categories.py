"""Browsing the catalogue by category on the Service screen: with nothing typed, category
chips (names from the catalogue core, in the citizen's language) and the hall's frequent
services; a chip lists its services (self-service: only the self-service ones)."""

from kiosk.catalog import load_dir
from ui_testkit import add_operator, both_languages, find_item, settle, sign_in, tap, type_into, typed_citizen_to

def _to_service_screen(k, qtbot, start):
    typed_citizen_to(k, qtbot, "Service", start=start)
    qtbot.waitUntil(lambda: len(k.flow.property("categories")) > 0, timeout=5000)
    settle(qtbot, k)


def test_self_service_browses_a_category(kiosk_app, qtbot):
    catalog = load_dir()
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    _to_service_screen(k, qtbot, start=True)
    chips = k.flow.property("categories")
    assert [c["code"] for c in chips] == [c for c, _ in catalog.categories("self-service")]
    assert {c["code"]: c["name"] for c in chips}["civil_affairs"] == "婚姻与民政"
    assert "business_registration" not in [c["code"] for c in chips]     # no self-service one there
    assert find_item(k, "categoryChips").isVisible() and k.flow.property("results")   # frequent services too
    both_languages(qtbot, k, "flow-self-service-service-categories")

    tap(k, "category_social_security")
    qtbot.waitUntil(lambda: k.flow.property("category") == "social_security", timeout=5000)
    settle(qtbot, k)
    ids = [r["id"] for r in k.flow.property("results")]
    assert ids and ids == [s.id for s in catalog.in_category("social_security", "self-service")]
    assert all("self-service" in catalog.get(i).channels and catalog.get(i).category == "social_security"
               for i in ids)
    assert not find_item(k, "categoryChips").isVisible()
    assert "社会保障" in find_item(k, "categoryTitle").property("text")
    both_languages(qtbot, k, "flow-self-service-service-category-list")
    k.app_model.setLanguage("en")
    settle(qtbot, k)
    assert k.flow.property("category") == "social_security"                # the list stays, relabelled
    assert find_item(k, "categoryTitle").property("text") == "Category: Social security"
    assert [r["id"] for r in k.flow.property("results")] == \
        [s.id for s in catalog.in_category("social_security", "self-service", "en")]    # by the English names

    tap(k, "allCategories")
    qtbot.waitUntil(lambda: k.flow.property("category") == "", timeout=5000)
    settle(qtbot, k)
    assert find_item(k, "categoryChips").isVisible()
    assert {c["code"]: c["name"] for c in k.flow.property("categories")}["civil_affairs"] == \
        "Marriage and civil affairs"
    tap(k, "result_0")
    qtbot.waitUntil(lambda: k.app_model.screen == "Form", timeout=5000)


def test_counter_sees_counter_categories_and_typing_leaves_the_category(kiosk_app, qtbot, ui_config):
    catalog = load_dir()
    add_operator(ui_config, "clerk9", "clerk", "271828")
    k = kiosk_app("counter")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "clerk9", "271828")
    _to_service_screen(k, qtbot, start=False)
    assert [c["code"] for c in k.flow.property("categories")] == [c for c, _ in catalog.categories("counter")]
    tap(k, "category_business_registration")
    qtbot.waitUntil(lambda: k.flow.property("category") == "business_registration", timeout=5000)
    settle(qtbot, k)
    assert [r["id"] for r in k.flow.property("results")] == \
        [s.id for s in catalog.in_category("business_registration", "counter")]
    type_into(k, "searchBox", "hydj")                                       # typing searches everything
    qtbot.waitUntil(lambda: any(r["id"] == "marriage-record-certificate" for r in k.flow.property("results")),
                    timeout=5000)
    assert k.flow.property("category") == ""
