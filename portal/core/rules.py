"""What every rules.py shares: the refusal it raises, and the deadlines an office keeps with their reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l


class RuleViolation(Exception):
    """A business rule said no. `message` is a lazily translated string for the user;
    `field` names the form field it belongs to, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Deadline:
    """Something an office must do by a date: `kind` names what, `period` which one (a month's first day, a year's
    1 January, a summer's 1 July); reminders start on `remind_from`."""

    kind: str
    period: date
    due_on: date
    remind_from: date


def reminder_due(deadline: Deadline, today: date, reminded_on: date | None) -> bool:
    """One reminder when the deadline comes near, and one more once it has passed: never a daily nag."""
    if today < deadline.remind_from:
        return False
    if reminded_on is None:
        return True
    return today > deadline.due_on >= reminded_on


# -- requests to affiliate a new provider or merchant: one flow, one clock for Conto Welfare and the discounts portal

AFFILIATION_DAYS = 15  # calendar days to handle a request to affiliate a new provider (wallet tender par. 4.1)


def affiliation_due(requested_on: date) -> date:
    """The day by which the office answers a request made on `requested_on`: 15 calendar days later."""
    return requested_on + timedelta(days=AFFILIATION_DAYS)


def affiliation_overdue(status: str, due_on: date, today: date) -> bool:
    """An open request is late from the day after its due day."""
    return status == "open" and today > due_on


AFFILIATION_OUTCOMES = ("affiliated", "declined")


def check_affiliation_kind(kind: str, allowed: tuple[str, ...] | list[str]) -> None:
    """A request is for something the person may ask for: a provider for the wallet only with a wallet (researchers
    have none), a merchant's discount for staff, researchers and the institution."""
    if kind not in allowed:
        raise RuleViolation(_l("Choose what you are asking for."), field="kind")


def check_affiliation_handling(status: str, outcome: str, answer: str) -> None:
    """The office answers an open request once: affiliated, or declined with a reason for the person."""
    if status != "open":
        raise RuleViolation(_l("This request has already been handled."))
    if outcome not in AFFILIATION_OUTCOMES:
        raise RuleViolation(_l("Choose what happened to the request."))
    if outcome == "declined" and not answer.strip():
        raise RuleViolation(_l("Write the reason to the person who asked."), field="answer")
