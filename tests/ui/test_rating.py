"""Rating (好差评) on the citizen-facing Done screen: five levels, reasons that fit the
level, once per visit; a bad rating lands on the supervisor's follow-up list on the
counter's today's-cases screen and is closed there with a note (kiosk.ratings)."""

from ui_testkit import add_operator, both_languages, find_item, settle, sign_in, tap, type_into, typed_citizen_to


def _serve_one_citizen(k, qtbot):
    return typed_citizen_to(k, qtbot, "Done", start=False)


def test_bad_rating_goes_to_the_supervisors_follow_up_list(kiosk_app, qtbot, ui_config):
    add_operator(ui_config, "sup1", "supervisor", "246810")
    k = kiosk_app("counter")
    settle(qtbot, k, 10000)
    sign_in(k, qtbot, "sup1", "246810")
    number = _serve_one_citizen(k, qtbot)
    settle(qtbot, k)
    levels = k.flow.property("ratingChoices")["levels"]
    assert [lv["level"] for lv in levels] == [5, 4, 3, 2, 1] and levels[0]["text"] == "非常满意"
    assert k.flow.property("ratingChoices")["reasons"] == []          # reasons come with a level
    both_languages(qtbot, k, "flow-counter-10-rating")

    tap(k, "rate_5")
    settle(qtbot, k)
    assert "fast" in [r["code"] for r in k.flow.property("ratingChoices")["reasons"]]
    tap(k, "reason_fast")
    tap(k, "rate_1")                                    # changed their mind: good reasons drop out
    settle(qtbot, k)
    codes = [r["code"] for r in k.flow.property("ratingChoices")["reasons"]]
    assert "fast" not in codes and "slow" in codes and k.flow.property("rating")["reasons"] == []
    tap(k, "reason_slow")
    tap(k, "reason_attitude")
    settle(qtbot, k)
    assert k.flow.property("rating")["reasons"] == ["slow", "attitude"]
    both_languages(qtbot, k, "flow-counter-11-rating-chosen")
    tap(k, "sendRating")
    qtbot.waitUntil(lambda: k.flow.property("rating")["state"] == "sent", timeout=5000)
    assert k.flow.property("rating")["follow_up"] == "open"
    assert not find_item(k, "sendRating").isVisible()
    both_languages(qtbot, k, "flow-counter-12-rating-sent")
    k.flow.sendRating()                                 # once per visit: a second send does nothing
    settle(qtbot, k)
    rows = k.services.store().conn.execute("SELECT level, reasons, channel, follow_up FROM ratings").fetchall()
    assert [tuple(r) for r in rows] == [(1, '["slow", "attitude"]', "counter", "open")]

    tap(k, "finish")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify", timeout=5000)
    assert k.flow.property("rating") == {"level": 0, "reasons": [], "state": ""}     # wiped with the citizen

    tap(k, "todaysCases")
    qtbot.waitUntil(lambda: len(k.flow.property("followUps")) == 1, timeout=5000)
    fu = k.flow.property("followUps")[0]
    assert fu["case_number"] == number and fu["masked_name"] == "张*" and fu["level_text"] == "非常不满意"
    assert fu["reasons"] == ["等待时间长", "服务态度差"]
    settle(qtbot, k)
    both_languages(qtbot, k, "flow-counter-13-follow-ups")
    tap(k, "resolveFollowUp_0")                         # no note: the core refuses
    qtbot.waitUntil(lambda: k.flow.property("followUpError") != "", timeout=5000)
    type_into(k, "input_followUpNote_0", "called back")
    tap(k, "resolveFollowUp_0")
    qtbot.waitUntil(lambda: k.flow.property("followUps") == [], timeout=5000)
    row = k.services.store().conn.execute("SELECT follow_up, resolved_by, resolution FROM ratings").fetchone()
    assert tuple(row) == ("resolved", "sup1", "called back")


def test_good_rating_in_self_service_and_no_follow_up_list_for_clerks(kiosk_app, qtbot, ui_config):
    k = kiosk_app("self-service")
    settle(qtbot, k, 10000)
    tap(k, "start")
    qtbot.waitUntil(lambda: k.app_model.screen == "Identify")
    _serve_one_citizen(k, qtbot)
    settle(qtbot, k)
    k.app_model.setLanguage("en")
    settle(qtbot, k)
    assert k.flow.property("ratingChoices")["levels"][4]["text"] == "Very dissatisfied"
    tap(k, "rate_4")
    tap(k, "sendRating")
    qtbot.waitUntil(lambda: k.flow.property("rating")["state"] == "sent", timeout=5000)
    assert k.flow.property("rating")["follow_up"] == "none"
    assert find_item(k, "ratingResult").property("text") == "Thank you for your rating."
    row = k.services.store().conn.execute("SELECT level, channel, follow_up FROM ratings").fetchone()
    assert tuple(row) == (4, "self-service", "none")
    assert not k.flow.property("isSupervisor")
