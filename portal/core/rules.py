"""What every rules.py shares: the refusal it raises, and the deadlines an office keeps with their reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
