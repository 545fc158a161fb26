"""Category display names and browsing in the catalogue core (kiosk.catalog.model): every
category code the schema allows has a Chinese and an English name; a channel's categories
count only the services offered through it."""

import json
from pathlib import Path

from kiosk.catalog import load_dir
from kiosk.catalog.model import CATEGORY_NAMES, Catalog

SCHEMA = Path(__file__).resolve().parents[2] / "assets" / "schema" / "service.schema.json"


def test_every_schema_category_has_both_names():
    enum = json.loads(SCHEMA.read_text())["properties"]["category"]["enum"]
    assert list(CATEGORY_NAMES) == enum
    for code, names in CATEGORY_NAMES.items():
        assert names["zh"] and names["en"] and names["zh"] != names["en"], code
    assert Catalog.category_name("civil_affairs", "zh_CN") == "婚姻与民政"
    assert Catalog.category_name("civil_affairs", "en") == "Marriage and civil affairs"
    assert Catalog.category_name("no_such_code", "en") == "no_such_code"


def test_categories_per_channel_and_their_services():
    cat = load_dir()
    counter, kiosk = dict(cat.categories("counter")), dict(cat.categories("self-service"))
    assert sum(counter.values()) == sum(1 for s in cat if "counter" in s.channels)
    assert sum(kiosk.values()) == sum(1 for s in cat if "self-service" in s.channels)
    assert "business_registration" in counter and "business_registration" not in kiosk
    order = list(CATEGORY_NAMES)
    assert [c for c, _ in cat.categories("counter")] == sorted(counter, key=order.index)
    for code, n in kiosk.items():
        services = cat.in_category(code, "self-service")
        assert len(services) == n and all(s.category == code and "self-service" in s.channels for s in services)
        freq = [s.high_frequency for s in services]
        assert freq == sorted(freq, reverse=True)              # frequent ones first
