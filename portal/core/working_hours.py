"""Clocks that run only in office hours: "answered within 8 working hours", "resolved within 5 working days".

The welfare tender's customer care works Monday to Friday, 9:00-17:30, Italian holidays (and the city's patron
day) excluded; an office may also close on days of its own. A response time measured on such a clock stops in the
evening, at weekends and on holidays: a question sent on Friday at 17:00 with a 1-hour target is due on Monday at
9:30. Everything here is wall-clock time in Europe/Rome (the offices' time); DST changes happen at night, outside
any opening, so adding minutes within a day is plain arithmetic. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portal.core.calendar import ROME, is_working_day

MAX_DAYS_AHEAD = 3660  # ten years of searching for an open day: beyond that the hours are misconfigured


@dataclass(frozen=True)
class OfficeHours:
    """When the office answers: one daily window on working days (Mon-Fri, no holidays, no patron day)."""

    opens: time = time(9, 0)
    closes: time = time(17, 30)
    patron: str = ""  # portal.core.calendar patron setting: a province code ("TO") or "MM-DD"
    closures: Collection[date] = ()  # the office's own closed days

    def __post_init__(self) -> None:
        if not self.opens < self.closes:
            raise ValueError("an office opens before it closes")

    @property
    def minutes_a_day(self) -> int:
        return _minutes(self.closes) - _minutes(self.opens)

    def open_on(self, day: date) -> bool:
        return is_working_day(day, self.patron) and day not in self.closures


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _local(moment: datetime) -> datetime:
    """Rome wall clock, without seconds' fractions mattering; a naive moment is taken as Rome time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=ROME)
    return moment.astimezone(ROME)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=ROME)


def is_open(moment: datetime, hours: OfficeHours) -> bool:
    local = _local(moment)
    return hours.open_on(local.date()) and hours.opens <= local.time() < hours.closes


def next_opening(moment: datetime, hours: OfficeHours) -> datetime:
    """The moment itself when the office is open, otherwise when it next opens (Rome time)."""
    local = _local(moment)
    day = local.date()
    if hours.open_on(day) and local.time() < hours.closes:
        return max(local, _at(day, hours.opens))
    for _ in range(MAX_DAYS_AHEAD):
        day += timedelta(days=1)
        if hours.open_on(day):
            return _at(day, hours.opens)
    raise ValueError("the office never opens")


def add_working_minutes(start: datetime, minutes: int, hours: OfficeHours) -> datetime:
    """When a clock started at `start` has run `minutes` of office time (Rome time).

    A target that ends exactly at closing time is due at closing time, not at the next opening.
    """
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    current = next_opening(start, hours)
    left = minutes
    while True:
        closing = _at(current.date(), hours.closes)
        available = int((closing - current).total_seconds() // 60)
        if left <= available:
            return current + timedelta(minutes=left)
        left -= available
        current = next_opening(closing, hours)


def add_working_days(start: datetime, days: int, hours: OfficeHours) -> datetime:
    """A "within N working days" clock: the same office time N open days later (closing time at the latest)."""
    return add_working_minutes(start, days * hours.minutes_a_day, hours)


def working_minutes_between(start: datetime, end: datetime, hours: OfficeHours) -> int:
    """Office minutes from `start` to `end` (0 when `end` is not later): what a response time is measured in."""
    first, last = _local(start), _local(end)
    if last <= first:
        return 0
    total = 0
    current = next_opening(first, hours)
    while current < last:
        closing = _at(current.date(), hours.closes)
        total += int((min(closing, last) - current).total_seconds() // 60)
        if last <= closing:
            break
        current = next_opening(closing, hours)
    return total
