"""Italian courses: who enrols first, and attendance: expected, reachable, the threshold (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation
from portal.courses.rules.planning import ATTENDED_MARKS

# -- enrolment priority ----------------------------------------------------------------------------------------


def priority_rank(group: str, order: Sequence[str]) -> int:
    """1 for the first group of the setting's order, 2 for the next…"""
    if group not in order:
        raise RuleViolation(_l("Italian courses are for students and staff of the university."))
    return order.index(group) + 1


def priority_group(is_student: bool, italian_in_plan: bool, is_staff: bool) -> str | None:
    if is_student and italian_in_plan:
        return "plan"
    if is_student:
        return "student"
    if is_staff:
        return "staff"
    return None


def opens_for(opens_on: date, rank: int, window_days: int) -> date:
    """Staggered opening: the first group from the opening day, each next one `window_days` later."""
    return opens_on + timedelta(days=(rank - 1) * window_days)


def check_may_enrol(today: date, opens_on: date, rank: int, window_days: int, starts_on: date,
                    ends_on: date) -> None:
    mine = opens_for(opens_on, rank, window_days)
    if today < mine:
        raise RuleViolation(_l("Your enrolment has not opened yet: it opens on %(day)s.", day=mine.strftime("%d/%m/%Y")))
    if today > ends_on:
        raise RuleViolation(_l("This course is over."))


@dataclass(frozen=True)
class Waiting:
    id: int
    rank: int
    queued_order: int  # when they joined the list (a growing number: the row id)


def waiting_order(waiting: Iterable[Waiting]) -> list[int]:
    """Who gets a freed seat first: higher priority, then who joined the list first."""
    return [entry.id for entry in sorted(waiting, key=lambda entry: (entry.rank, entry.queued_order, entry.id))]


# -- attendance -----------------------------------------------------------------------------------------------


def expected(meeting_day: date, enrolled_on: date) -> bool:
    """A meeting before the student joined the class is 'not expected': never an absence."""
    return meeting_day >= enrolled_on


@dataclass(frozen=True)
class AttendanceSummary:
    expected_minutes: int
    attended_minutes: int
    held_minutes: int
    still_to_come_minutes: int
    percent: int  # of the meetings held so far, rounded down
    max_percent: int  # the best still reachable, rounded down
    threshold: int
    reachable: bool


def attendance_summary(meetings: Sequence[tuple[int, str | None, bool]], threshold: int) -> AttendanceSummary:
    """`meetings`: the expected ones as (minutes, mark or None, held). Attended = present or late; a held meeting
    without a mark is not attended. Maximum reachable = attended + every meeting still to come, over all expected."""
    if not 0 <= threshold <= 100:
        raise ValueError("threshold is a percentage")
    total = sum(minutes for minutes, _mark, _held in meetings)
    attended = sum(minutes for minutes, mark, _held in meetings if mark in ATTENDED_MARKS)
    held = sum(minutes for minutes, mark, was_held in meetings if was_held or mark is not None)
    to_come = total - held
    percent = attended * 100 // held if held else 100
    best = (attended + to_come) * 100 // total if total else 100
    return AttendanceSummary(total, attended, held, to_come, percent, best, threshold, best >= threshold)
