"""The monthly form of each student and service (tender par. 28): the month's sessions with their totals, the
operator's signature, the student's confirmation or dispute of a line, the coordinator's resolution, the lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core import audit
from portal.core.rows import insert_missing, update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import Cap, FormDispute, MonthlyForm, TutoredStudent, TutoringSession
from portal.tutoring.services._common import COORDINATOR, operator_of, today

FINAL = ("held", "cancelled_late")  # the lines of a form: what used the student's hours


@dataclass(frozen=True)
class FormView:
    student: TutoredStudent
    service: str
    month: date
    form: MonthlyForm | None
    lines: list[TutoringSession]
    statuses: list[str]  # of every session of the month, planned and cancelled too
    totals: rules.FormTotals

    @property
    def status(self) -> str:
        return self.form.status if self.form else "open"


def month_sessions(student_id: int, service: str, month: date) -> list[TutoringSession]:
    return list(db.session.scalars(select(TutoringSession).where(
        TutoringSession.student_id == student_id, TutoringSession.service == service,
        TutoringSession.day >= month, TutoringSession.day <= rules.month_end(month))
        .order_by(TutoringSession.day, TutoringSession.starts)))


def form_of(student_id: int, service: str, month: date) -> MonthlyForm | None:
    return db.session.scalar(select(MonthlyForm).where(MonthlyForm.student_id == student_id,
                                                       MonthlyForm.service == service, MonthlyForm.month == month))


def form_status(student_id: int, service: str, day: date) -> str | None:
    """The status of the form of the month of `day`, None when nobody has signed anything yet."""
    form = form_of(student_id, service, date(day.year, day.month, 1))
    return form.status if form else None


def locked_form_status(student_id: int, service: str, day: date) -> str:
    """The status of the month's form, the row created if missing and locked to the end of the transaction: a
    session written and the form signed never interleave (the signature counts every session, or the session is
    refused because the month is signed). SQLite's IMMEDIATE transactions serialise the same way."""
    month = date(day.year, day.month, 1)
    insert_missing(MonthlyForm, [{"student_id": student_id, "service": service, "month": month, "status": "open",
                                  "month_minutes": 0}], ["student_id", "service", "month"])
    return db.session.scalar(select(MonthlyForm.status).where(
        MonthlyForm.student_id == student_id, MonthlyForm.service == service, MonthlyForm.month == month)
        .with_for_update())


def view(student: TutoredStudent, service: str, month: date) -> FormView:
    sessions = month_sessions(student.id, service, month)
    quarter = rules.quarter_of(month)
    cap = db.session.scalar(select(Cap).where(Cap.student_id == student.id, Cap.service == service,
                                              Cap.quarter == quarter))
    used_before = db.session.scalar(select(func.coalesce(func.sum(TutoringSession.minutes), 0)).where(
        TutoringSession.student_id == student.id, TutoringSession.service == service,
        TutoringSession.day >= quarter, TutoringSession.day < month, TutoringSession.status.in_(FINAL)))
    totals = rules.form_totals(cap.cap_minutes if cap else 0,
                               [(session.status, session.minutes) for session in sessions], used_before)
    return FormView(student, service, month, form_of(student.id, service, month),
                    [session for session in sessions if session.status in FINAL],
                    [session.status for session in sessions], totals)


def _form(student: TutoredStudent, service: str, month: date) -> MonthlyForm:
    insert_missing(MonthlyForm, [{"student_id": student.id, "service": service, "month": month, "status": "open",
                                  "month_minutes": 0}], ["student_id", "service", "month"])
    return form_of(student.id, service, month)


def _moved(form: MonthlyForm, step: str, changes: dict) -> None:
    """Write the step only if the form is still where the step starts from (two tabs, two people)."""
    if not update_if(form, changes, MonthlyForm.status == rules.FORM_STEPS[step]):
        raise RuleViolation(_l("The form has changed meanwhile: look at it again."), field="status")


def operator_sign(actor, found: FormView) -> MonthlyForm:
    """An operator who held the month's sessions signs the form (a timestamped confirmation)."""
    operator = operator_of(actor)
    if operator is None or not any(session.operator_id == operator.id for session in found.lines):
        raise RuleViolation(_l("Only the operator who held these sessions signs the form."), field="status")
    # the form's row is locked first and the month read again under the lock: a session saved meanwhile is counted
    locked_form_status(found.student.id, found.service, found.month)
    found = view(found.student, found.service, found.month)
    rules.check_form_signable(found.month, today(), found.statuses)
    rules.check_form_step("operator_sign", found.status)
    form = _form(found.student, found.service, found.month)
    _moved(form, "operator_sign", {"status": "operator_signed", "month_minutes": found.totals.month,
                                   "operator_signed_by_id": actor.id, "operator_signed_at": utcnow()})
    audit.record("tutoring.form_signed", user=found.student.user, actor=actor, form=form.id,
                 minutes=found.totals.month)
    return form


def student_sign(actor, found: FormView) -> None:
    """The student confirms the hours: the form is locked."""
    if found.student.user_id != actor.id or found.form is None:
        raise RuleViolation(_l("Only the student confirms the form."), field="status")
    rules.check_form_step("student_sign", found.status)
    _moved(found.form, "student_sign", {"status": "locked", "student_signed_at": utcnow()})
    audit.record("tutoring.form_confirmed", user=found.student.user, actor=actor, form=found.form.id)


def dispute(actor, found: FormView, session_id: int | None, reason: str) -> None:
    """The student disputes a line of the form, saying why; the coordinator sees it."""
    if found.student.user_id != actor.id or found.form is None:
        raise RuleViolation(_l("Only the student confirms the form."), field="status")
    if session_id not in {session.id for session in found.lines}:
        raise RuleViolation(_l("Choose the line that is wrong."), field="session_id")
    rules.check_form_step("dispute", found.status, reason)
    _moved(found.form, "dispute", {"status": "disputed"})
    db.session.add(FormDispute(form_id=found.form.id, session_id=session_id, reason=reason.strip()))
    audit.record("tutoring.form_disputed", user=found.student.user, actor=actor, form=found.form.id,
                 session=session_id)


def resolve(actor, found: FormView, resolution: str) -> None:
    """The coordinator says how the dispute was resolved (having corrected the session if it was wrong): the form
    opens again, for the operator to sign and the student to confirm."""
    if not actor.has_role(COORDINATOR) or found.form is None:
        raise RuleViolation(_l("Only the coordinator resolves a dispute."), field="status")
    rules.check_form_step("resolve", found.status, resolution)
    _moved(found.form, "resolve", {"status": "open", "operator_signed_by_id": None, "operator_signed_at": None})
    for row in found.form.disputes:
        if row.resolved_at is None:
            row.resolution, row.resolved_by_id, row.resolved_at = resolution.strip(), actor.id, utcnow()
    audit.record("tutoring.form_resolved", user=found.student.user, actor=actor, form=found.form.id)
    db.session.flush()


def forms_of(student: TutoredStudent, quarter: date) -> dict[tuple[str, date], MonthlyForm]:
    rows = db.session.scalars(select(MonthlyForm).where(
        MonthlyForm.student_id == student.id, MonthlyForm.month >= quarter,
        MonthlyForm.month < rules.next_quarter(quarter)))
    return {(row.service, row.month): row for row in rows}


def disputed_forms() -> list[MonthlyForm]:
    return list(db.session.scalars(select(MonthlyForm).where(MonthlyForm.status == "disputed")
                                   .order_by(MonthlyForm.month)))
