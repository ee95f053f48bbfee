"""Europe/Rome wall-clock time and the Italian calendar of closing days."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")

# The days a page, a filter or a file can be about: wide enough for every service, and far enough inside what date
# arithmetic can reach that a day or a month either side never overflows (year 9999 would).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)

# Fixed national holidays (month, day): Capodanno, Epifania, Liberazione,
# Festa del lavoro, Festa della Repubblica, Ferragosto, Ognissanti,
# Immacolata, Natale, Santo Stefano; San Francesco (4 Oct) is national
# again from 2026.
FIXED_HOLIDAYS = ((1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26))
SAN_FRANCESCO_FROM_YEAR = 2026


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def national_holidays(year: int) -> set[date]:
    days = {date(year, month, day) for month, day in FIXED_HOLIDAYS}
    if year >= SAN_FRANCESCO_FROM_YEAR:
        days.add(date(year, 10, 4))
    easter = easter_sunday(year)
    days.update({easter, easter + timedelta(days=1)})  # Pasqua, Pasquetta
    return days


def patron_day(year: int, month_day: str) -> date | None:
    """The city's patron day from a 'MM-DD' setting (empty: none)."""
    if not month_day:
        return None
    month, day = (int(part) for part in month_day.split("-"))
    return date(year, month, day)


def holidays(year: int, patron_month_day: str = "") -> set[date]:
    days = national_holidays(year)
    patron = patron_day(year, patron_month_day)
    if patron:
        days.add(patron)
    return days


def is_holiday(day: date, patron_month_day: str = "") -> bool:
    return day in holidays(day.year, patron_month_day)


def is_working_day(day: date, patron_month_day: str = "") -> bool:
    """Monday to Friday and not a holiday: what offices count deadlines in."""
    return day.weekday() < 5 and not is_holiday(day, patron_month_day)


def add_working_days(day: date, count: int, patron_month_day: str = "") -> date:
    """The `count`-th working day after `day` (before it when `count` is negative)."""
    step = timedelta(days=1 if count >= 0 else -1)
    left, moment = abs(count), day
    while left:
        moment += step
        if is_working_day(moment, patron_month_day):
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
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
