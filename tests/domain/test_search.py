"""Catalogue search: the issue's queries give the right services first; properties
over the whole sample catalogue (names, pinyin, initials, typos) and garbage input."""

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import load_dir
from kiosk.catalog.search import forms, normalize, within_one_edit


@pytest.fixture(scope="module")
def catalog():
    return load_dir()


def _ids(catalog, q, n=5):
    return [h.service_id for h in catalog.search(q, limit=n)]


@pytest.mark.parametrize("query,expected_first", [
    ("sfz", {"id-card-first", "id-card-renew", "id-card-lost", "id-card-temporary"}),
    ("身份证", {"id-card-first", "id-card-renew", "id-card-lost", "id-card-temporary"}),
    ("shenfenzheng", {"id-card-first", "id-card-renew", "id-card-lost", "id-card-temporary"}),
    ("hukou", {"hukou-move-in", "hukou-move-out", "hukou-booklet-replace", "hukou-name-change", "hukou-birth",
               "hukou-death-cancel", "hukou-certificate"}),
    ("hk", {"hukou-move-in", "hukou-move-out", "hukou-booklet-replace", "hukou-name-change", "hukou-birth",
            "hukou-death-cancel", "hukou-certificate"}),
    ("户口", {"hukou-move-in", "hukou-move-out", "hukou-booklet-replace", "hukou-name-change", "hukou-birth",
             "hukou-death-cancel", "hukou-certificate"}),
    ("营业执照", {"individual-business-licence", "business-licence-change", "company-establishment",
              "business-deregistration"}),
    ("passport", {"passport-apply"}),
    ("pasport", {"passport-apply"}),      # one deletion
    ("passprot", {"passport-apply"}),     # one swap
    ("passpory", {"passport-apply"}),     # one substitution
    ("gjj", {"housing-fund-withdraw-rent", "housing-fund-withdraw-purchase", "housing-fund-loan",
             "housing-fund-certificate"}),
    ("公积金", {"housing-fund-withdraw-rent", "housing-fund-withdraw-purchase", "housing-fund-loan",
             "housing-fund-certificate"}),
    ("marriage", {"marriage-registration", "marriage-record-certificate"}),
    ("ＳＦＺ", {"id-card-first", "id-card-renew", "id-card-lost", "id-card-temporary"}),  # full-width
    ("shen fen zheng", {"id-card-first", "id-card-renew", "id-card-lost", "id-card-temporary"}),
    ("hu kou", {"hukou-move-in", "hukou-move-out", "hukou-booklet-replace", "hukou-name-change", "hukou-birth",
                "hukou-death-cancel", "hukou-certificate"}),
])
def test_issue_queries_rank_the_right_services_first(catalog, query, expected_first):
    hits = catalog.search(query, limit=10)
    assert hits, query
    assert hits[0].service_id in expected_first, [h.service_id for h in hits]


def test_passport_first_and_business_licence_all_found(catalog):
    assert _ids(catalog, "passport", 1) == ["passport-apply"]
    top = _ids(catalog, "营业执照", 4)
    assert set(top) == {"individual-business-licence", "business-licence-change", "company-establishment",
                        "business-deregistration"}


def test_ranking_exact_then_prefix_then_keyword(catalog):
    hits = catalog.search("结婚登记", limit=5)
    assert hits[0].service_id == "marriage-registration" and hits[0].matched == "exact_name"
    hits = catalog.search("居民身份证", limit=10)
    assert all(h.matched == "name_prefix" for h in hits[:3])
    tiers = [h.tier for h in catalog.search("hukou", limit=20)]
    assert tiers == sorted(tiers)


def test_multi_word_and_no_match(catalog):
    assert _ids(catalog, "driving licence", 2)[0].startswith("driving-licence")
    assert _ids(catalog, "housing fnd", 3)[0].startswith("housing-fund")
    assert catalog.search("zzzzqqqq") == []
    assert catalog.search("   ") == []


def test_edit_distance_helper():
    assert within_one_edit("passport", "pasport") and within_one_edit("passport", "passprot")
    assert within_one_edit("passport", "passpory") and within_one_edit("fund", "fnd")
    assert not within_one_edit("passport", "psaspotr") and not within_one_edit("abc", "abcde")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_property_every_name_finds_its_service(catalog, data):
    svc = data.draw(st.sampled_from(sorted(catalog.services.values(), key=lambda s: s.id)))
    hanzi, full_pinyin, initials = forms(svc.name_zh)
    assert _ids(catalog, svc.name_zh, 1) == [svc.id]
    assert _ids(catalog, svc.name_en, 1) == [svc.id]
    assert svc.id in _ids(catalog, full_pinyin, 3)
    assert svc.id in _ids(catalog, initials, 10)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_property_one_typo_in_an_english_word_still_finds_the_service(catalog, data):
    svc = data.draw(st.sampled_from(sorted(catalog.services.values(), key=lambda s: s.id)))
    words = [w for w in normalize(svc.name_en).split() if len(w) >= 6 and w.isalpha()]
    if not words:
        return
    word = data.draw(st.sampled_from(words))
    i = data.draw(st.integers(1, len(word) - 2))
    op = data.draw(st.sampled_from(["delete", "swap", "sub"]))
    typo = {"delete": word[:i] + word[i + 1:], "swap": word[:i] + word[i + 1] + word[i] + word[i + 2:],
            "sub": word[:i] + ("x" if word[i] != "x" else "q") + word[i + 1:]}[op]
    assert svc.id in _ids(catalog, typo, 50), (word, typo)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_property_any_text_is_a_safe_query(catalog, text):
    hits = catalog.search(text, limit=5)
    assert len(hits) <= 5
    assert [h.tier for h in hits] == sorted(h.tier for h in hits)


def test_cli_search(kiosk_env):
    r = subprocess.run([sys.executable, "-m", "kiosk", "catalog", "search", "sfz", "--json"], env=kiosk_env["env"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    assert json.loads(r.stdout)["hits"][0]["id"].startswith("id-card-")
