"""Policino's shared rules: priority groups, the settings, the opening calendar, the coordinator's deadlines.

Figures come from a `Settings` value (DOMAIN.md section 3 gives the defaults, which the coordinator may change);
nothing here touches Flask or the database. Time is Europe/Rome wall clock: a block is a day and a start time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.calendar import add_months, add_working_days, holidays
from portal.core.rules import Deadline

BLOCK_MINUTES = 30

# Priority groups, in the order places open to them (DOMAIN.md: staff, then students and the others of
# that group, then grandchildren of staff, then approved families with a membership card).
CATEGORIES = {
    "staff": _l("Staff of the university"),
    "student": _l("Student, PhD student, research fellow or external collaborator"),
    "grandparent": _l("Grandparent on the staff of the university"),
    "other": _l("Other (needs the university's approval and a membership card)"),
}
PRIORITY = ("staff", "student", "grandparent", "other")


@dataclass(frozen=True)
class Settings:
    max_children: int = 24
    children_per_educator: int = 5
    min_age_months: int = 13
    max_age_years: int = 6  # a child may come until the day before this birthday
    single_hour_cents: int = 350
    card_hours: int = 80  # the fewest hours a card may have ("schede abbonamento da almeno 80 ore")
    card_max_hours: int = 500  # the most: a sensible bound on what the desk may type
    card_hour_cents: int = 250
    membership_max_cents: int = 5000
    membership_max_months: int = 12
    # How many days before a block each group may book it.
    opens_days_before: dict[str, int] = field(default_factory=lambda: {
        "staff": 14, "student": 10, "grandparent": 7, "other": 3})
    cutoff_days_before: int = 1  # booking and cancelling close at the end of the day before
    school_year_hours: tuple[time, time] = (time(16, 30), time(19, 0))
    july_hours: tuple[time, time] = (time(8, 0), time(19, 0))
    nido_free_hours: tuple[time, time] = (time(16, 30), time(17, 30))  # micro nido children stay free
    # On the micro nido's closing days of the school year the rooms run as baby parking in the nursery's hours
    # too (tender 27.2), i.e. 8:00-19:00 as in July; off: the usual afternoon only.
    all_day_when_nursery_closed: bool = True
    patron_day: str = "06-24"  # Torino, San Giovanni
    report_working_days: int = 10  # the monthly report reaches the university within 10 working days
    report_reminder_working_days: int = 3  # educators are reminded this many working days before
    summer_calendar_by: str = "05-31"  # the July calendar is published by the end of May
    summer_reminder_days: int = 14

    @property
    def single_block_cents(self) -> int:
        return self.single_hour_cents * BLOCK_MINUTES // 60

    @property
    def card_block_cents(self) -> int:
        return self.card_hour_cents * BLOCK_MINUTES // 60


DEFAULTS = Settings()


# -- the calendar --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nursery:
    """The micro nido's own calendar, which the baby parking's hours and the free hour depend on (the two services
    share the rooms and never run together): the years whose July the nursery opens (the yearly call decides), and
    the nursery's closing days of the school year (it follows the city's nursery calendar)."""

    july_years: frozenset[int] = frozenset()
    closed_days: frozenset[date] = frozenset()


NO_NURSERY_IN_JULY = Nursery()


def nursery_open(day: date, closures: Iterable[date] = (), settings: Settings = DEFAULTS,
                 nursery: Nursery = NO_NURSERY_IN_JULY) -> bool:
    """The micro nido runs Monday to Friday, 1 September to 30 June, and in July of the years the call extends it;
    never on holidays, closures of the university or its own closing days."""
    return nursery_closed_reason(day, closures, settings, nursery) is None


def nursery_closed_reason(day: date, closures: Iterable[date] = (), settings: Settings = DEFAULTS,
                          nursery: Nursery = NO_NURSERY_IN_JULY) -> str | None:
    """Why the micro nido is closed on a day (`labels.NURSERY_CLOSED`), or None when it runs: a weekend, August, a
    July without the nursery, a holiday (national or the city's patron), the university's closure, its own closing
    day (the rooms then run as baby parking)."""
    if day.weekday() >= 5:
        return "weekend"
    if day.month == 8:
        return "august"
    if day.month == 7 and day.year not in nursery.july_years:
        return "july"
    if day in holidays(day.year, settings.patron_day):
        return "holiday"
    if day in set(closures):
        return "university"
    if day in nursery.closed_days:
        return "nursery"
    return None


def opening_hours(day: date, closures: Iterable[date] = (), settings: Settings = DEFAULTS,
                  nursery: Nursery = NO_NURSERY_IN_JULY) -> tuple[time, time] | None:
    """When the baby parking is open that day, or None.

    Monday to Friday; closed in August, on national holidays, on the city's patron day and on closure days.
    After the micro nido (16:30-19:00) on the days it runs; all day (8:00-19:00) in July when it does not, and on
    its closing days of the school year if the setting says so.
    """
    closures = set(closures)
    if day.weekday() >= 5 or day.month == 8:
        return None
    if day in holidays(day.year, settings.patron_day) or day in closures:
        return None
    if nursery_open(day, closures, settings, nursery):
        return settings.school_year_hours
    if day.month == 7 or settings.all_day_when_nursery_closed:
        return settings.july_hours
    return settings.school_year_hours


def blocks_between(start: time, end: time) -> list[time]:
    """Half-hour block start times from `start` (inclusive) to `end` (exclusive)."""
    blocks, moment = [], datetime.combine(date.min, start)
    stop = datetime.combine(date.min, end)
    while moment + timedelta(minutes=BLOCK_MINUTES) <= stop:
        blocks.append(moment.time())
        moment += timedelta(minutes=BLOCK_MINUTES)
    return blocks


def opening_blocks(day: date, closures: Iterable[date] = (), settings: Settings = DEFAULTS,
                   nursery: Nursery = NO_NURSERY_IN_JULY) -> list[time]:
    hours = opening_hours(day, closures, settings, nursery)
    return blocks_between(*hours) if hours else []


def block_end(start: time) -> time:
    return (datetime.combine(date.min, start) + timedelta(minutes=BLOCK_MINUTES)).time()


def is_summer_day(day: date) -> bool:
    """July: open all day, and only once the summer calendar of the year is published."""
    return day.month == 7


# -- deadlines the coordinator keeps -------------------------------------------------------------------


def report_deadline(month_first: date, settings: Settings = DEFAULTS) -> Deadline:
    """The monthly report is due by the 10th working day after the month ends (holidays and the patron day
    do not count)."""
    month_last = add_months(month_first, 1) - timedelta(days=1)
    due = add_working_days(month_last, settings.report_working_days, settings.patron_day)
    return Deadline("monthly_report", month_first, due,
                    add_working_days(due, -settings.report_reminder_working_days, settings.patron_day))


def summer_deadline(year: int, settings: Settings = DEFAULTS) -> Deadline:
    month, day = (int(part) for part in settings.summer_calendar_by.split("-"))
    due = date(year, month, day)
    return Deadline("summer_calendar", date(year, 7, 1), due, due - timedelta(days=settings.summer_reminder_days))
