"""The tutoring rules of the paperwork: the monthly form (tender par. 28), the LIS events' pool (par. 27.2), the
questionnaire's complaint counter (par. 20, 30) and the quarterly report (par. 18)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.core.calendar import FIRST_DAY, LAST_DAY
from portal.core.money import round_half_up_to_cents
from portal.core.rules import Deadline, RuleViolation
from portal.tutoring.rules.core import (
    COUNTED,
    MINUTE_STEP,
    REASON_MAX,
    hours_text,
    minutes_between,
    next_quarter,
    quarter_of,
    serve_by,
)

# -- the monthly form (par. 28), the LIS events' pool (par. 27.2), the questionnaire (par. 20, 30) ----------------

FORM_STATUSES = ("open", "operator_signed", "disputed", "locked")
# The sessions of a month change only while its form is open or disputed (the coordinator corrects a line).
FORM_EDITABLE = frozenset({"open", "disputed"})
LIS_EVENT_POOL_MINUTES = 10 * 60  # par. 27.2: "per un massimo di 10 ore complessive all'anno"
SURVEY_LEVELS = (1, 2, 3, 4, 5)  # 1 very unhappy ... 5 very happy
DISSATISFIED = frozenset({1, 2})  # an answer of 1 or 2 counts as a report of dissatisfaction (par. 20)
COMPLAINTS_FREE = 3  # par. 20: a penalty for each report after the third
COMPLAINT_PENALTY_CENTS = 100_00  # 100 euro each


@dataclass(frozen=True)
class FormTotals:
    held: int  # minutes held in the month
    cancelled_late: int  # minutes cancelled late (the operator's time kept for the student)
    quarter_used: int  # minutes used in the quarter up to the month's end, this month included
    cap: int  # the quarter's hours, in minutes

    @property
    def month(self) -> int:
        return self.held + self.cancelled_late


def form_totals(cap_minutes: int, lines: Iterable[tuple[str, int]], used_before: int) -> FormTotals:
    """The month's totals from (status, minutes) of its sessions and the minutes used earlier in the quarter."""
    held = late = 0
    for status, minutes in lines:
        if status == "held":
            held += minutes
        elif status == "cancelled_late":
            late += minutes
    return FormTotals(held, late, used_before + held + late, cap_minutes)


def month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def check_form_signable(month: date, today: date, statuses: Iterable[str]) -> None:
    """The operator signs a month's form from its last day, when no session of it is still planned and one
    counts."""
    statuses = list(statuses)
    if today < month_end(month):
        raise RuleViolation(_l("The month is not over: sign its form from its last day."), field="month")
    if "planned" in statuses:
        raise RuleViolation(_l("Some sessions of the month are still planned: record what happened first."),
                            field="month")
    if not COUNTED.intersection(statuses):
        raise RuleViolation(_l("No hours in this month: there is nothing to sign."), field="month")


FORM_STEPS = {"operator_sign": "open", "student_sign": "operator_signed", "dispute": "operator_signed",
              "resolve": "disputed"}


def check_form_step(step: str, status: str, text: str = "") -> None:
    """The form's steps: the operator signs an open form; the student confirms it (then it is locked) or disputes
    a line saying why; the coordinator resolves a dispute saying how, and the form opens again."""
    if FORM_STEPS.get(step) != status:
        raise RuleViolation(_l("The form has changed meanwhile: look at it again."), field="status")
    if step in ("dispute", "resolve") and not text.strip():
        raise RuleViolation(_l("Say why.") if step == "dispute" else _l("Say how it was resolved."), field="reason")
    if len(text) > REASON_MAX:
        raise RuleViolation(_l("Keep it under 500 characters."), field="reason")


def check_month_editable(form_status: str | None) -> None:
    if form_status is not None and form_status not in FORM_EDITABLE:
        raise RuleViolation(_l("This month's form is signed: its sessions no longer change."), field="day")


def check_event(day: date, starts: time, ends: time, today: date) -> int:
    """An institutional event's LIS interpreting: a day from today, whole 5 minutes; its minutes."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise RuleViolation(_l("Choose a day between %(first)d and %(last)d.", first=FIRST_DAY.year,
                               last=LAST_DAY.year), field="day")
    if day < today:
        raise RuleViolation(_l("Choose a day from today on."), field="day")
    if ends <= starts:
        raise RuleViolation(_l("The end comes after the start."), field="ends")
    if starts.minute % MINUTE_STEP or ends.minute % MINUTE_STEP or starts.second or ends.second:
        raise RuleViolation(_l("Times go by 5 minutes (9:00, 9:05 ...)."), field="starts")
    return minutes_between(starts, ends)


def check_pool(minutes: int, booked_minutes: int, pool_minutes: int = LIS_EVENT_POOL_MINUTES) -> None:
    """The year's pool for events is never exceeded (par. 27.2)."""
    if booked_minutes + minutes > pool_minutes:
        raise RuleViolation(_l("This event would pass the year's 10 hours for events: %(left)s left.",
                               left=hours_text(max(pool_minutes - booked_minutes, 0))), field="starts")


def check_survey(level: int | None, comment: str) -> None:
    if level not in SURVEY_LEVELS:
        raise RuleViolation(_l("Choose one answer."), field="level")
    if len(comment) > REASON_MAX:
        raise RuleViolation(_l("Keep it under 500 characters."), field="comment")


def complaint_penalty_cents(reports: int) -> int:
    """par. 20: 100 euro for each report of dissatisfaction after the third."""
    return max(reports - COMPLAINTS_FREE, 0) * COMPLAINT_PENALTY_CENTS


# -- the quarterly report (par. 18) --------------------------------------------------------------------------------

REPORT_WORKING_DAYS = 5  # par. 18: "entro i 5 gg. lavorativi successivi alla fine di ogni trimestre"


def report_deadline(quarter: date, closures: Iterable[date] = (), patron: str = "") -> Deadline:
    """The provider sends the DEC the quarter's report, with its forms, by the 5th working day after it ends."""
    last = next_quarter(quarter) - timedelta(days=1)
    return Deadline("quarterly_report", quarter, serve_by(last, closures, patron, REPORT_WORKING_DAYS), last)


def amount_cents(minutes: int, hourly_cents: int) -> int:
    """The hours at the contract's hourly price, to the cent (half up)."""
    return round_half_up_to_cents(Decimal(minutes) * hourly_cents / 6000)


def check_report_sendable(quarter: date, today: date, missing_forms: int) -> None:
    if today < next_quarter(quarter) - timedelta(days=1):
        raise RuleViolation(_l("The quarter is not over: send its report from its last day."), field="quarter")
    if missing_forms:
        raise RuleViolation(_l("Some monthly forms are not signed by both yet."), field="quarter")


def report_quarter(today: date, last_has_hours: bool, current_has_hours: bool) -> date:
    """The quarter the report opens on: the last one that ended (its report is due next), unless it has no hours
    and the current one has some (the first quarter of the service, or a quarter with nothing in it)."""
    current = quarter_of(today)
    last_ended = quarter_of(current - timedelta(days=1))
    return current if current_has_hours and not last_has_hours else last_ended


def quarter_last_day(quarter: date) -> date:
    return next_quarter(quarter) - timedelta(days=1)
