"""Europe/Rome wall-clock time and the Italian calendar of closing days."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_tables
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

ROME = ZoneInfo("Europe/Rome")

# The days a page, a filter or a file can be about: wide enough for every service, and far enough inside what date
# arithmetic can reach that a day or a month either side never overflows (year 9999 would).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)

# A patron day setting (PORTAL_CITY_PATRON_DAY, PORTAL_CAF_PATRON_DAY) is either a province code, e.g. "TO" or
# "MI", whose capital's patron day the `holidays` package knows (Torino: San Giovanni, 24 June; Milano: Sant'Ambrogio,
# 7 December), or a day "MM-DD" for a city it does not know, or empty for none.
MONTH_DAY = re.compile(r"([0-9]{1,2})-([0-9]{1,2})")
PROVINCES = frozenset(holiday_tables.Italy.subdivisions)


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the `dateutil` computation the `holidays` package uses)."""
    return easter(year)


@lru_cache(maxsize=256)
def _italy(year: int, province: str) -> frozenset[date]:
    """Italy's public holidays of `year` from the `holidays` package (national ones, and the patron day of the
    province's capital when given): Easter and Easter Monday, San Francesco from 2026, and each law's changes."""
    return frozenset(holiday_tables.Italy(years=year, subdiv=province or None))


def national_holidays(year: int) -> set[date]:
    return set(_italy(year, ""))


def is_patron_setting(value: str) -> bool:
    """Empty, a province code the `holidays` package knows, or a real MM-DD day."""
    if not value or value in PROVINCES:
        return True
    match = MONTH_DAY.fullmatch(value)
    if match is None:
        return False
    try:
        date(2025, int(match.group(1)), int(match.group(2)))  # not a leap year: 02-29 would be missing 3 years in 4
    except ValueError:
        return False
    return True


def patron_day(year: int, patron: str) -> date | None:
    """The city's patron day from a province code ("TO") or an 'MM-DD' setting (empty: none); None also when the
    province's patron day is a national holiday anyway."""
    if not patron:
        return None
    if patron in PROVINCES:
        local = _italy(year, patron) - _italy(year, "")
        return min(local) if local else None
    month, day = (int(part) for part in patron.split("-"))
    return date(year, month, day)


def holidays(year: int, patron: str = "") -> set[date]:
    """Public holidays of `year`: the national ones and, with a patron setting, the city's patron day."""
    days = national_holidays(year)
    patron_date = patron_day(year, patron)
    if patron_date:
        days.add(patron_date)
    return days


def is_holiday(day: date, patron: str = "") -> bool:
    return day in holidays(day.year, patron)


def is_working_day(day: date, patron: str = "") -> bool:
    """Monday to Friday and not a holiday: what offices count deadlines in."""
    return day.weekday() < 5 and not is_holiday(day, patron)


def add_working_days(day: date, count: int, patron: str = "") -> date:
    """The `count`-th working day after `day` (before it when `count` is negative)."""
    step = timedelta(days=1 if count >= 0 else -1)
    left, moment = abs(count), day
    while left:
        moment += step
        if is_working_day(moment, patron):
            left -= 1
    return moment


def to_rome(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: store and pass UTC-aware values")
    return moment.astimezone(ROME)


def rome_wall_clock_to_utc(day: date, hour: int, minute: int = 0) -> datetime:
    """A Europe/Rome wall-clock time (opening hours, slots) as a UTC instant."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ROME).astimezone(UTC)


def today_in_rome(now: datetime | None = None) -> date:
    return to_rome(now or datetime.now(UTC)).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 = 28/29 Feb)."""
    return day + relativedelta(months=months)


MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def month_bounds(text: str) -> tuple[date, date] | None:
    """'2026-03' as the month's first and last day; None for anything that is not a month between FIRST_DAY and
    LAST_DAY (digits 0-9 only)."""
    match = MONTH.fullmatch(text.strip())
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (FIRST_DAY.year <= year <= LAST_DAY.year and 1 <= month <= 12):
        return None
    first = date(year, month, 1)
    return first, add_months(first, 1) - timedelta(days=1)


def month_range_utc(first: date) -> tuple[datetime, datetime]:
    """The instants a Europe/Rome month starts and the next one starts."""
    return rome_wall_clock_to_utc(first, 0), rome_wall_clock_to_utc(add_months(first.replace(day=1), 1), 0)
