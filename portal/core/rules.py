"""What every rules.py shares: the refusal it raises, and the deadlines an office keeps with their reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


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


# -- requests to affiliate a new provider or merchant: one clock for Conto Welfare and the discounts portal --------

AFFILIATION_DAYS = 15  # calendar days to handle a request to affiliate a new provider (wallet tender par. 4.1)


def affiliation_due(requested_on: date) -> date:
    """The day by which the office answers a request made on `requested_on`: 15 calendar days later."""
    return requested_on + timedelta(days=AFFILIATION_DAYS)


def affiliation_overdue(status: str, due_on: date, today: date) -> bool:
    """An open request is late from the day after its due day."""
    return status == "open" and today > due_on
