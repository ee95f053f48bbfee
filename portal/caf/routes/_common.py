"""What the CAF's pages share: who may open them, the practice's status in people's words, small lookups."""

from __future__ import annotations

from flask import abort, flash
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.caf import services
from portal.caf.models import Practice
from portal.core.calendar import today_in_rome
from portal.core.htmx import is_partial
from portal.core.query import int_or
from portal.core.rules import RuleViolation

STUDENTS = ("studente",)
CAF = services.CAF_ROLES
UNIVERSITY = services.UNIVERSITY_ROLES
OFFICE_MANAGERS = (*CAF, "amministratore")


def _student_or_profile():
    """The signed-in student's record; None sends them to the profile page first."""
    student = services.student_of(current_user)
    if student is None:
        flash(_l("Tell us your codice persona or matricola first."), "info")
    return student


def _purpose(student):
    """What the student may book now and for which practice; (None, reason) while there is nothing to book."""
    try:
        return services.purpose_of(student)
    except RuleViolation as violation:
        return None, violation.message


def _member_choices(practice: Practice) -> list[tuple[int, str]]:
    return [(member.id, member.full_name) for member in practice.members]


def _int(text) -> int:
    return int_or(text, 0)


def _deadlines() -> dict:
    """What the operators' pages announce: the monthly files owed, the double-counting check coming."""
    if is_partial():
        return {"due_files": [], "double_count_due": None}
    return {"due_files": services.due_files(), "double_count_due": services.double_count_due()}


def _list_year(year: int | None) -> int:
    """The year of requests a list page shows: this year unless another one, within reason, is asked for."""
    if year is None:
        return today_in_rome().year
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _removed_or_404(removed: bool) -> None:
    """A one-button removal of something that was not there: not found (nothing was written)."""
    if not removed:
        abort(404)
