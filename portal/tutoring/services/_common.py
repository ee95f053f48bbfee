"""What the tutoring use cases share: the roles, the settings, the scoped loading of a student."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app
from sqlalchemy import select

from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.tutoring.models import Assignment, ClosingDay, Operator, TutoredStudent

UNIT = "special_needs"
DEC = "dec"
COORDINATOR = "coordinatore_tutorato"
OPERATOR = "tutor"
STUDENT = "studente"
STAFF = (UNIT, DEC, COORDINATOR, OPERATOR)
EVERYONE = (*STAFF, STUDENT)


def patron() -> str:
    return current_app.config["PORTAL_CITY_PATRON_DAY"]


def closures() -> list[date]:
    return list(db.session.scalars(select(ClosingDay.day).order_by(ClosingDay.day)))


def today() -> date:
    return today_in_rome()


def operator_of(user) -> Operator | None:
    return db.session.scalar(select(Operator).where(Operator.user_id == user.id))


def student_of(user) -> TutoredStudent | None:
    return db.session.scalar(select(TutoredStudent).where(TutoredStudent.user_id == user.id))


def serves(operator: Operator | None, student_id: int) -> bool:
    """The operator is, or was, assigned to the student (history counts: they recorded sessions then)."""
    if operator is None:
        return False
    return db.session.scalar(select(Assignment.id).where(Assignment.operator_id == operator.id,
                                                         Assignment.student_id == student_id).limit(1)) is not None


def can_see_student(user, student: TutoredStudent) -> bool:
    if user.has_role(UNIT, DEC, COORDINATOR):
        return True
    if user.has_role(OPERATOR) and serves(operator_of(user), student.id):
        return True
    return student.user_id == user.id


def student_for(user, student_id: int) -> TutoredStudent:
    """The student's record when the user may see it; 404 otherwise (never a hint that it exists)."""
    student = db.session.get(TutoredStudent, student_id)
    if student is None or not can_see_student(user, student):
        abort(404)
    return student
