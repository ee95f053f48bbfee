"""Dates and times for people: one way, through Babel with the reader's locale, wall clock of Europe/Rome.

English follows British conventions (day-month-year, 24-hour clock): the catalogue is `en`, formats are `en_GB`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from babel import Locale
from babel import dates as babel_dates
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from portal.core.calendar import ROME, to_rome, today_in_rome

BRITISH = Locale.parse("en_GB")


def _in_rome(moment: datetime) -> datetime:
    """Naive moments are UTC, as stored."""
    return to_rome(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def formatting_locale() -> Locale:
    locale = get_locale() or Locale.parse("it")
    return BRITISH if locale.language == "en" else locale


def format_day(value: date | datetime | None, fmt: str = "medium") -> str:
    """A day ('29 Nov 2026', '29/11/2026' short, '29 nov 2026' in Italian); a moment counts on Rome's calendar."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _in_rome(value).date()
    return babel_dates.format_date(value, fmt, locale=formatting_locale())


def format_moment(value: datetime | None, fmt: str = "medium") -> str:
    """A moment on Rome's wall clock ('29/11/2026, 19:50' short in English, '29/11/26, 19:50' in Italian)."""
    if not value:
        return ""
    if not isinstance(value, datetime):  # a day given where a moment is expected
        return format_day(value, fmt)
    if fmt in ("full", "long", "medium"):  # Babel's add seconds ("14:30:00") and in full and long the zone's name
        return f"{format_day(value, fmt)}, {format_clock(value)}"
    return babel_dates.format_datetime(_in_rome(value), fmt, tzinfo=ROME, locale=formatting_locale())


def format_clock(value: time | datetime | None) -> str:
    """A time of day on the 24-hour clock ('19:50')."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _in_rome(value).time()
    return babel_dates.format_time(value, "HH:mm", locale=formatting_locale())


def days_since(value: date | datetime | None, today: date | None = None) -> int:
    """Whole calendar days in Rome from `value` to today: 0 the same day, 1 the day before, whatever the hour."""
    if value is None:
        return 0
    day = _in_rome(value).date() if isinstance(value, datetime) else value
    return ((today or today_in_rome()) - day).days


def ago(value: date | datetime | None, today: date | None = None) -> str:
    """'today', 'yesterday' or 'N days ago', counted on Rome's calendar."""
    days = days_since(value, today)
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("%(count)s day ago", "%(count)s days ago", days, count=days)
