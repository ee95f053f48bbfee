"""Italian courses: when `flask courses remind` mails a deadline (pure). The office is reminded once as a deadline
nears and once more the day after it passes (`core.rules.reminder_due`); students once before an exam's
registration closes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from portal.core.rules import Deadline as CoreDeadline
from portal.courses.rules.planning import activation_due, teacher_due

ACTIVATION_REMIND_DAYS = 3  # the office hears of the activation notice 3 days before it is due
TEACHER_REMIND_DAYS = 3  # and of the teacher's name 3 days before that is due
WINDOW_REMIND_DAYS = 3  # students: 3 days before an exam's registration (or a session's list) closes


def activation_deadline(starts_on: date) -> CoreDeadline:
    """The activation notice: due 7 days before the start, reminded from 10: start 5 October -> 28 September,
    from 25 September."""
    due = activation_due(starts_on)
    return CoreDeadline("activation", starts_on, due, due - timedelta(days=ACTIVATION_REMIND_DAYS))


def teacher_deadline(starts_on: date, is_working_day: Callable[[date], bool]) -> CoreDeadline:
    """The teacher named 5 working days before the start, reminded 3 calendar days before that: start Monday
    5 October 2026 -> Monday 28 September, from Friday 25 September."""
    due = teacher_due(starts_on, is_working_day)
    return CoreDeadline("teacher", starts_on, due, due - timedelta(days=TEACHER_REMIND_DAYS))


def window_reminder_due(closes_on: date, today: date, opens_on: date | None = None,
                        reminded_on: date | None = None) -> bool:
    """Students are told once, in the last 3 days of an open registration: closes Thursday 14 May -> from Monday
    11 May to the 14th; never before it opens, after it closes, or twice."""
    if reminded_on is not None or today > closes_on or (opens_on is not None and today < opens_on):
        return False
    return today >= closes_on - timedelta(days=WINDOW_REMIND_DAYS)
