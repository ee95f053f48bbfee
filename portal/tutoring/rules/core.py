"""The tutoring rules of the service itself: the clock, quarters and caps, the balance, sessions, operators, health
data. Plain values in, plain values or RuleViolation out (no Flask, no database).

Source: the tender (capitolato tecnico 001, Politecnico di Torino), par. 27.2 (when the service runs, quarterly
and monthly caps), 27.3 (10 working days to serve a new request), 29.1 (the LIS qualification); DOMAIN.md par. 4.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.calendar import FIRST_DAY, LAST_DAY, is_holiday, is_working_day
from portal.core.rules import RuleViolation

SERVICES = ("tutoring", "lis")
KINDS = ("tutoring", "lis", "both")
MODES = ("in_person", "remote")
ACTIVITIES = ("lesson", "exam", "teacher_meeting", "group_work", "offices", "study_planning")
STATUSES = ("planned", "held", "cancelled_in_time", "cancelled_late", "not_delivered")
# What uses hours of the cap: a planned session holds them, a held one and one cancelled late (the operator's time
# was kept for the student) use them; cancelled in time or not delivered by the provider gives them back.
COUNTED = frozenset({"planned", "held", "cancelled_late"})
# What keeps the operator busy at that time (no other session may overlap it).
OCCUPYING = frozenset({"planned", "held", "cancelled_late"})
# par. 27.2: Monday to Friday 08:00-19:00; on Saturday, for exams, in the morning.
WEEKDAY_OPENS, WEEKDAY_CLOSES = time(8), time(19)
SATURDAY_OPENS, SATURDAY_CLOSES = time(8), time(13)
SERVE_WITHIN_WORKING_DAYS = 10  # par. 27.3
MINUTE_STEP = 5  # times are typed to the 5 minutes
LONGEST_CAP_MINUTES = 500 * 60  # a quarter's hours for one student: far above the ~1,000 hours a year of everyone
REASON_MAX = 500


def services_of(kind: str) -> tuple[str, ...]:
    """A referral for 'both' opens a request for each service."""
    if kind not in KINDS:
        raise RuleViolation(_l("Choose the kind of support."), field="kind")
    return SERVICES if kind == "both" else (kind,)


# -- the 10-working-day clock -------------------------------------------------------------------------------------


def is_service_working_day(day: date, closures: Iterable[date] = (), patron: str = "") -> bool:
    """Monday to Friday, not a public holiday or the city's patron day, not a day the institution is closed."""
    return is_working_day(day, patron) and day not in set(closures)


def serve_by(requested_on: date, closures: Iterable[date] = (), patron: str = "",
             working_days: int = SERVE_WITHIN_WORKING_DAYS) -> date:
    """The day a new request must be served by: the `working_days`-th working day after it was made."""
    closed = frozenset(closures)
    day, left = requested_on, working_days
    while left:
        day += timedelta(days=1)
        if is_service_working_day(day, closed, patron):
            left -= 1
    return day


def is_late(serve_by_day: date, first_served_on: date | None, today: date) -> bool:
    """Late when served after its day, or not served and its day has passed."""
    if first_served_on is not None:
        return first_served_on > serve_by_day
    return today > serve_by_day


# -- quarters, caps and the balance --------------------------------------------------------------------------------


def quarter_of(day: date) -> date:
    """The first day of the calendar quarter holding `day`."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def months_of(quarter: date) -> tuple[date, date, date]:
    return tuple(date(quarter.year, quarter.month + offset, 1) for offset in range(3))  # type: ignore[return-value]


def next_quarter(day: date) -> date:
    first = quarter_of(day)
    return date(first.year + 1, 1, 1) if first.month == 10 else date(first.year, first.month + 3, 1)


def check_cap(cap_minutes: int | None, months: Iterable[int | None]) -> None:
    """A quarter's cap is positive and bounded; a month's share, when given, is positive and together they do not
    pass the quarter's (par. 27.2: the DEC sets the quarter's hours, and may set each month's)."""
    if cap_minutes is None or cap_minutes <= 0:
        raise RuleViolation(_l("Enter the quarter's hours: more than zero."), field="hours")
    if cap_minutes > LONGEST_CAP_MINUTES:
        raise RuleViolation(_l("At most %(hours)d hours in a quarter.", hours=LONGEST_CAP_MINUTES // 60),
                            field="hours")
    given = [minutes for minutes in months if minutes is not None]
    if any(minutes <= 0 for minutes in given):
        raise RuleViolation(_l("A month's hours, when given, are more than zero."), field="month_1")
    if sum(given) > cap_minutes:
        raise RuleViolation(_l("The months' hours together are more than the quarter's."), field="month_1")


def check_revision(new_minutes: int | None, booked_minutes: int, reason: str, whole_quarter: bool = True) -> None:
    """A revision (monthly, par. 27.3) says why and never goes below what is already planned or held."""
    if not reason.strip():
        raise RuleViolation(_l("Say why the hours change."), field="reason")
    if new_minutes is None or new_minutes <= 0:
        raise RuleViolation(_l("Enter the new hours: more than zero."), field="hours")
    if whole_quarter and new_minutes > LONGEST_CAP_MINUTES:
        raise RuleViolation(_l("At most %(hours)d hours in a quarter.", hours=LONGEST_CAP_MINUTES // 60),
                            field="hours")
    if new_minutes < booked_minutes:
        raise RuleViolation(_l("Already planned or held: %(hours)s. The new hours cannot be fewer.",
                               hours=hours_text(booked_minutes)), field="hours")


def fits(minutes: int, cap_minutes: int, booked_minutes: int, month_cap: int | None = None,
         month_booked: int = 0) -> None:
    """A session fits when the quarter's and, if split, the month's hours have room for it."""
    if booked_minutes + minutes > cap_minutes:
        raise RuleViolation(_l("This session would pass the quarter's hours: %(left)s left. Ask the DEC for more "
                               "hours.", left=hours_text(max(cap_minutes - booked_minutes, 0))), field="starts")
    if month_cap is not None and month_booked + minutes > month_cap:
        raise RuleViolation(_l("This session would pass the month's hours: %(left)s left. Ask the DEC for more "
                               "hours.", left=hours_text(max(month_cap - month_booked, 0))), field="starts")


@dataclass(frozen=True)
class Balance:
    cap: int  # minutes
    held: int
    planned: int

    @property
    def left(self) -> int:
        return self.cap - self.held - self.planned

    @property
    def used_share(self) -> int:
        """Percent of the cap held or planned, 0-100 (for a bar)."""
        if self.cap <= 0:
            return 100
        return min(100, (self.held + self.planned) * 100 // self.cap)


def balance(cap_minutes: int, sessions: Iterable[tuple[str, int]]) -> Balance:
    """The live balance from (status, minutes) of the quarter's sessions: held counts what was held or cancelled
    late, planned what is still planned; cancelled in time and not delivered count nothing."""
    held = planned = 0
    for status, minutes in sessions:
        if status == "planned":
            planned += minutes
        elif status in COUNTED:
            held += minutes
    return Balance(cap_minutes, held, planned)


def hours_text(minutes: int) -> str:
    """'12 h', '2 h 30 min', '45 min', '0 h' (the same in Italian and English)."""
    hours, rest = divmod(max(minutes, 0), 60)
    if not hours and not rest:
        return "0 h"
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


_CLOCK = re.compile(r"([0-9]{1,6}):([0-5][0-9])")
_DECIMAL = re.compile(r"([0-9]{1,6})(?:[.,]([0-9]{1,2}))?")


def to_minutes(hours: str | None) -> int | None:
    """What the DEC types, '12', '12.5', '12,5', '12:30' → minutes; None when empty; RuleViolation when not hours
    (ASCII digits only)."""
    text = (hours or "").strip()
    if not text:
        return None
    clock = _CLOCK.fullmatch(text)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    decimal = _DECIMAL.fullmatch(text)
    if decimal:
        part = decimal.group(2)
        return int(decimal.group(1)) * 60 + (int(part.ljust(2, "0")) * 60 // 100 if part else 0)
    raise RuleViolation(_l("Type hours as 12, 12,5 or 12:30."), field="hours")


# -- sessions ------------------------------------------------------------------------------------------------------


def minutes_between(starts: time, ends: time) -> int:
    return (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)


def check_session_time(day: date, starts: time, ends: time, activity: str, closures: Iterable[date] = (),
                       patron: str = "") -> int:
    """The session's minutes when its day and times are within the service's hours (par. 27.2); else refused."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise RuleViolation(_l("Choose a day between %(first)d and %(last)d.", first=FIRST_DAY.year,
                               last=LAST_DAY.year), field="day")
    if activity not in ACTIVITIES:
        raise RuleViolation(_l("Choose the activity."), field="activity")
    if ends <= starts:
        raise RuleViolation(_l("The end comes after the start."), field="ends")
    if starts.minute % MINUTE_STEP or ends.minute % MINUTE_STEP or starts.second or ends.second:
        raise RuleViolation(_l("Times go by 5 minutes (9:00, 9:05 ...)."), field="starts")
    weekday = day.weekday()
    if weekday == 6:
        raise RuleViolation(_l("There is no service on Sunday."), field="day")
    if day in set(closures) or is_holiday(day, patron):
        raise RuleViolation(_l("The institution is closed that day."), field="day")
    if weekday == 5:
        if activity != "exam":
            raise RuleViolation(_l("On Saturday there is service only for exams."), field="activity")
        if starts < SATURDAY_OPENS or ends > SATURDAY_CLOSES:
            raise RuleViolation(_l("On Saturday the service runs 8:00 to 13:00."), field="starts")
    elif starts < WEEKDAY_OPENS or ends > WEEKDAY_CLOSES:
        raise RuleViolation(_l("The service runs Monday to Friday 8:00 to 19:00."), field="starts")
    return minutes_between(starts, ends)


def overlaps(starts: time, ends: time, other_starts: time, other_ends: time) -> bool:
    """Two sessions of a day overlap when each starts before the other ends (one ending at 10:00 and the next
    starting at 10:00 do not)."""
    return starts < other_ends and other_starts < ends


NEXT_STATUSES = {"planned": ("held", "cancelled_in_time", "cancelled_late", "not_delivered")}


def check_status_change(current: str, new: str, day: date, today: date, reason: str) -> None:
    """A planned session becomes held (not before its day), cancelled in time, cancelled late (with a reason) or
    not delivered; nothing else changes."""
    if new not in NEXT_STATUSES.get(current, ()):
        raise RuleViolation(_l("This session cannot change that way."), field="status")
    if new == "held" and day > today:
        raise RuleViolation(_l("A session is held on its day or after, not before."), field="status")
    if new == "cancelled_late" and not reason.strip():
        raise RuleViolation(_l("Say why it was cancelled late."), field="reason")


def check_new_session_status(status: str, day: date, today: date) -> None:
    """A session is recorded as planned, or as held when its day has come."""
    if status not in ("planned", "held"):
        raise RuleViolation(_l("A new session is planned or held."), field="status")
    if status == "held" and day > today:
        raise RuleViolation(_l("A session is held on its day or after, not before."), field="status")


def check_operator_for(service: str, lis_qualified: bool) -> None:
    """par. 29.1: LIS interpreting only by operators with the LIS interpreter's diploma and level 3 on record."""
    if service == "lis" and not lis_qualified:
        raise RuleViolation(_l("This operator has no LIS qualification on record."), field="operator_id")


# -- health data ---------------------------------------------------------------------------------------------------


def health_purge_day(contract_end: date, months: int) -> date:
    """Health data go `months` after the contract ends (the month's last day when it has no such day)."""
    month_index = contract_end.month - 1 + months
    year, month = contract_end.year + month_index // 12, month_index % 12 + 1
    for day in range(contract_end.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(contract_end.day, 28))
