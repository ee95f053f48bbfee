"""What every part of the CAF service shares: its settings, its roles, who the signed-in student is, the
practice's history and the mails about it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from portal.auth.models import User
from portal.caf import rules
from portal.caf.models import Event, Practice, Student
from portal.core import mail
from portal.core.types import utcnow
from portal.extensions import db

CAF_ROLES = ("operatore_caf",)
UNIVERSITY_ROLES = ("amministratore", "dec")


def _cfg(name: str):
    return current_app.config[f"PORTAL_CAF_{name}"]


def rule_set(year: int) -> rules.RuleSet:
    return rules.rule_set(year, deductions=_cfg("DEDUCTIONS"),
                          independent_income=Decimal(_cfg("INDEPENDENT_INCOME_EUR")),
                          independent_income_each_year=_cfg("INDEPENDENT_INCOME_EACH_YEAR"))


def contacts() -> str:
    return _cfg("CONTACTS")


def change_hours_before() -> int:
    return _cfg("CHANGE_HOURS_BEFORE")


def now() -> datetime:
    return utcnow()


def is_operator(user: User) -> bool:
    return user.has_role(*CAF_ROLES)


def is_university(user: User) -> bool:
    return user.has_role(*UNIVERSITY_ROLES)


def _event(actor: User | None, practice: Practice, kind: str, detail: str = "") -> None:
    db.session.add(Event(practice_id=practice.id, actor_id=getattr(actor, "id", None), kind=kind, detail=detail[:500]))


def student_of(user: User) -> Student | None:
    return db.session.scalar(select(Student).where(Student.user_id == user.id))


def _owns(user: User, practice: Practice) -> bool:
    student = student_of(user)
    return student is not None and practice.student_id == student.id


def _lock(practice: Practice) -> Practice:
    return db.session.get(Practice, practice.id, with_for_update=True, populate_existing=True)


def _mail_student(practice: Practice, template: str, **context) -> None:
    user = practice.student.user
    mail.enqueue(user.email, user.locale or "it", template, practice=practice, student=user,
                 link=mail.link_to("caf.practice", practice_id=practice.id), **context)
