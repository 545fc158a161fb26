"""Working-day arithmetic on the 2026 (official) and 2027 (provisional) calendar."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import ConfigError
from kiosk.workdays import HolidayCalendar, default_calendar


@pytest.fixture(scope="module")
def cal():
    return default_calendar()


def test_2026_holidays_and_make_up_days(cal):
    assert not cal.is_workday(date(2026, 1, 1))
    assert cal.is_workday(date(2026, 1, 4))           # Sunday worked (调休)
    assert not cal.is_workday(date(2026, 2, 16))      # Spring Festival, Monday
    assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))
    assert not cal.is_workday(date(2026, 10, 7)) and cal.is_workday(date(2026, 10, 10))
    assert cal.is_workday(date(2026, 11, 27)) and not cal.is_workday(date(2026, 11, 28))


def test_adding_working_days(cal):
    assert cal.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)    # Saturday make-up day
    assert cal.add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)    # over the 9-day holiday
    assert cal.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert cal.add_workdays(date(2026, 11, 27), 0) == date(2026, 11, 27)  # on the spot
    assert cal.add_workdays(date(2026, 11, 27), 20) == date(2026, 12, 25)
    assert cal.workdays_between(date(2026, 11, 27), date(2026, 12, 25)) == 20


def test_promise_says_how_sure_it_is(cal):
    assert cal.promise(date(2026, 11, 27), 5)["calendar"] == "official"
    assert cal.promise(date(2026, 12, 20), 20)["calendar"] == "provisional"
    assert cal.promise(date(2027, 12, 20), 20)["calendar"] == "missing"
    assert not cal.is_workday(date(2027, 2, 8))  # 2027 Spring Festival (statutory days)


def test_bad_calendar_files(tmp_path):
    p = tmp_path / "cal.json"
    p.write_text('{"years": {"2026": {"holidays": [], "workdays": ["2026-01-05"]}}}')
    with pytest.raises(ConfigError, match="not a weekend day"):
        HolidayCalendar.load(p)
    p.write_text('{"years": {"2026": {"holidays": [{"from": "2026-01-03", "to": "2026-01-01"}]}}}')
    with pytest.raises(ConfigError, match="out of order"):
        HolidayCalendar.load(p)
    p.write_text("not json")
    with pytest.raises(ConfigError):
        HolidayCalendar.load(p)


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2026, 1, 1), date(2026, 12, 31)), st.integers(0, 60))
def test_property_add_then_count_roundtrips(cal, start, n):
    end = cal.add_workdays(start, n)
    assert cal.workdays_between(start, end) == n
    assert n == 0 or cal.is_workday(end)
    assert end - start <= timedelta(days=n * 2 + 12)


def test_configured_calendar_replaces_the_bundled_one(tmp_path):
    from kiosk.config import load_config
    cal_file = tmp_path / "cn-2027.json"
    cal_file.write_text('{"years": {"2027": {"status": "official", "holidays": '
                        '[{"name": "x", "from": "2027-01-01", "to": "2027-01-03"}], "workdays": ["2027-01-09"]}}}')
    cfg_file = tmp_path / "kiosk.toml"
    cfg_file.write_text(f'[cases]\nholiday_file = "{cal_file}"\n')
    cal = default_calendar(load_config(str(cfg_file)))
    assert cal.is_workday(date(2027, 1, 9)) and cal.year_status(2027) == "official"
    assert default_calendar().year_status(2027) == "provisional"
