"""Referrals by the Special Needs unit, the requests' 10-working-day clock, the institution's closing days."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.core import audit
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import ClosingDay, Request, TutoredStudent
from portal.tutoring.services._common import closures, patron, today


def find_student_user(matricola: str) -> User | None:
    return db.session.scalar(select(User).where(User.matricola == matricola))


def refer(actor, matricola: str, kind: str, mode: str, needs: str, on: date | None = None) -> TutoredStudent:
    """The unit refers a student: the record with the needs the operators must know, and a request per service,
    each with its serve-by day."""
    services = rules.services_of(kind)
    if mode not in rules.MODES:
        raise RuleViolation(_l("Choose in person or remote."), field="mode")
    user = find_student_user(matricola)
    if user is None or not user.has_role("studente"):
        raise RuleViolation(_l("No student has this matricola."), field="matricola")
    student = db.session.scalar(select(TutoredStudent).where(TutoredStudent.user_id == user.id))
    requested_on = on or today()
    if student is None:
        student = TutoredStudent(user_id=user.id, kind=kind, mode=mode, needs=needs, referred_by_id=actor.id)
        db.session.add(student)
        db.session.flush()
        new_services = services
    else:
        have = set(student.services)
        new_services = tuple(service for service in services if service not in have)
        if not new_services:
            raise RuleViolation(_l("This student is already referred for this support."), field="kind")
        student.kind = "both"
        student.mode, student.needs = mode, needs or student.needs
    days = current_app.config["PORTAL_TUTORING_SERVE_WITHIN_DAYS"]
    for service in new_services:
        db.session.add(Request(student_id=student.id, service=service, requested_on=requested_on,
                               serve_by=rules.serve_by(requested_on, closures(), patron(), days)))
    audit.record("tutoring.referred", user=user, actor=actor, student=student.id, kind=kind)
    db.session.flush()
    return student


def open_requests() -> list[Request]:
    return list(db.session.scalars(select(Request).where(Request.first_served_on.is_(None))
                                   .order_by(Request.serve_by, Request.id)))


def requests_of(student: TutoredStudent) -> list[Request]:
    return list(db.session.scalars(select(Request).where(Request.student_id == student.id).order_by(Request.id)))


def close_requests(student_id: int, service: str, day: date) -> None:
    """The first held session serves the open request of its service."""
    for request in db.session.scalars(select(Request).where(Request.student_id == student_id,
                                                            Request.service == service,
                                                            Request.first_served_on.is_(None))):
        request.first_served_on = day


def all_closures() -> list[ClosingDay]:
    return list(db.session.scalars(select(ClosingDay).order_by(ClosingDay.day)))


def add_closure(actor, day: date, reason: str) -> ClosingDay:
    if db.session.scalar(select(ClosingDay.id).where(ClosingDay.day == day)) is not None:
        raise RuleViolation(_l("That day is already closed."), field="day")
    closure = ClosingDay(day=day, reason=reason)
    db.session.add(closure)
    audit.record("tutoring.closure_added", actor=actor, day=day.isoformat())
    db.session.flush()
    return closure


def remove_closure(actor, closure_id: int) -> bool:
    closure = db.session.get(ClosingDay, closure_id)
    if closure is None:
        return False
    audit.record("tutoring.closure_removed", actor=actor, day=closure.day.isoformat())
    db.session.delete(closure)
    db.session.flush()
    return True
