"""Conto Welfare, affiliation requests, certifications and feedback.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.rules import (  # noqa: F401 (the affiliation clock, shared with the discounts portal)
    AFFILIATION_DAYS,
    RuleViolation,
    affiliation_due,
    affiliation_overdue,
)

# AFFILIATION_DAYS (15 calendar days), affiliation_due and affiliation_overdue live in portal.core.rules: the
# discounts portal's requests to affiliate a merchant run on the same clock.
# Certifications an employee uploads for the office (art. 12 TUIR, pension, care, school...).
CERTIFICATION_KINDS = {
    "dependency": _l("Family member's dependency (art. 12 TUIR)"),
    "pension": _l("Pension contributions already paid this year"),
    "care": _l("Non-self-sufficiency or age 75+ of a family member (care services)"),
    "school": _l("School, nursery or camp enrolment"),
    "other": _l("Other certification"),
}
CERTIFICATION_STATUSES = {"received": _l("Received"), "accepted": _l("Accepted"), "rejected": _l("Not accepted")}


def check_certification_review(status: str, note: str) -> None:
    """An office reviews a certification once; not accepting it needs a reason the employee can act on."""
    if status not in ("accepted", "rejected"):
        raise RuleViolation(_l("Choose whether the certification is accepted."), field="status")
    if status == "rejected" and not note.strip():
        raise RuleViolation(_l("Say why the certification is not accepted."), field="note")


AFFILIATION_STATUSES = {"open": _l("Open"), "affiliated": _l("Provider affiliated"), "declined": _l("Declined")}
SATISFACTION = {
    5: _l("Very satisfied"),
    4: _l("Satisfied"),
    3: _l("Neither satisfied nor dissatisfied"),
    2: _l("Dissatisfied"),
    1: _l("Very dissatisfied"),
}

