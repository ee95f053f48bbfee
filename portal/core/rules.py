"""What every rules.py raises when a business rule refuses an action."""

from __future__ import annotations


class RuleViolation(Exception):
    """A business rule said no. `message` is a lazily translated string for the user;
    `field` names the form field it belongs to, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
