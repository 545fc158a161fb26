"""Working days of mainland China, for legal time limits (承诺/法定办结时限).

The calendar file (assets/holidays/cn.json) lists, per year, the public holidays as
date ranges and the make-up working days (weekend days worked in exchange). A day is
a working day when it is a make-up working day, or a Monday-Friday that is not a
holiday. A year the file does not cover counts weekends only and is reported as
`missing`; a year marked `provisional` (statutory days known, the State Council's
bridging arrangement not yet published) is reported as such, so a promised date can
say it may move.

Counting follows the administrative rule: the day of acceptance is not counted; the
limit ends at the close of the n-th working day after it. A limit of 0 means on the spot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kiosk.errors import ConfigError

DEFAULT_CALENDAR = Path(__file__).resolve().parents[1] / "assets" / "holidays" / "cn.json"


@dataclass
class HolidayCalendar:
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: set[date] = field(default_factory=set)
    status: dict[int, str] = field(default_factory=dict)  # year -> official | provisional

    @classmethod
    def load(cls, path: Path | str | None = None) -> "HolidayCalendar":
        path = Path(path or DEFAULT_CALENDAR)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(f"{path}: cannot read the holiday calendar ({e})") from None
        cal = cls()
        for year_s, y in data.get("years", {}).items():
            where = f"{path.name}: /years/{year_s}"
            try:
                year = int(year_s)
                cal.status[year] = y.get("status", "official")
                for i, h in enumerate(y.get("holidays", [])):
                    a, b = date.fromisoformat(h["from"]), date.fromisoformat(h["to"])
                    if b < a or a.year != year and b.year != year:
                        raise ValueError(f"holidays/{i}: range out of order or outside {year}")
                    d = a
                    while d <= b:
                        cal.holidays[d] = h.get("name", "")
                        d += timedelta(days=1)
                for w in y.get("workdays", []):
                    wd = date.fromisoformat(w)
                    if wd.weekday() < 5:
                        raise ValueError(f"make-up working day {w} is not a weekend day")
                    cal.workdays.add(wd)
            except (KeyError, TypeError, ValueError) as e:
                raise ConfigError(f"{where}: {e}") from None
        clash = cal.workdays & set(cal.holidays)
        if clash:
            raise ConfigError(f"{path.name}: {min(clash)} is both a holiday and a make-up working day")
        return cal

    def year_status(self, year: int) -> str:
        return self.status.get(year, "missing")

    def is_workday(self, d: date) -> bool:
        if d in self.workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def add_workdays(self, start: date, n: int) -> date:
        """The date on which a limit of `n` working days counted from `start` ends."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d = start
        while n > 0:
            d += timedelta(days=1)
            if self.is_workday(d):
                n -= 1
        return d

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, d = 0, start
        while d < end:
            d += timedelta(days=1)
            count += self.is_workday(d)
        return count

    def promise(self, start: date, n: int) -> dict:
        """The promised date and how sure it is (years the calendar does not fully cover)."""
        end = self.add_workdays(start, n)
        years = range(start.year, end.year + 1)
        certainty = "official"
        for y in years:
            s = self.year_status(y)
            if s == "missing":
                certainty = "missing"
                break
            if s == "provisional":
                certainty = "provisional"
        return {"date": end.isoformat(), "working_days": n, "calendar": certainty}


_loaded: dict[str, HolidayCalendar] = {}


def default_calendar(config=None) -> HolidayCalendar:
    """The calendar named by `cases.holiday_file` in `config`, else the bundled one (cached)."""
    path = (config.get("cases.holiday_file", "") if config is not None else "") or str(DEFAULT_CALENDAR)
    if path not in _loaded:
        _loaded[path] = HolidayCalendar.load(path)
    return _loaded[path]
