"""Attendance certificates: asked for by a participant once the course is over and the attendance reached the
threshold; what they state is frozen when issued; anyone holding one checks its code on a public page."""

from __future__ import annotations

import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core import audit
from portal.core.rules import RuleViolation
from portal.courses import rules
from portal.courses.models import Certificate, Enrolment
from portal.courses.services.register import attendance_of
from portal.extensions import db


def certificate_of(enrolment: Enrolment) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment.id))


def may_ask(enrolment: Enrolment, today: date | None = None) -> bool:
    if enrolment.status != "enrolled":
        return False
    _lines, summary = attendance_of(enrolment, today)
    return rules.certificate_allowed(summary)


def _new_code() -> str:
    alphabet = rules.CERTIFICATE_CODE_ALPHABET
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(rules.CERTIFICATE_CODE_LENGTH))
        if db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code


def issue(user, enrolment: Enrolment, today: date | None = None) -> Certificate:
    """The certificate of the enrolment (the same one when asked again)."""
    existing = certificate_of(enrolment)
    if existing is not None:
        return existing
    if enrolment.status != "enrolled":
        raise RuleViolation(_l("The certificate is for participants of the course."))
    lines, summary = attendance_of(enrolment, today)
    rules.check_certificate(summary)
    days = [line.meeting.day for line in lines]
    certificate = Certificate(enrolment_id=enrolment.id, code=_new_code(), full_name=enrolment.user.full_name,
                              course_code=enrolment.course.code, level=enrolment.course.level,
                              minutes_attended=summary.attended_minutes, minutes_expected=summary.expected_minutes,
                              first_day=min(days), last_day=max(days))
    db.session.add(certificate)
    db.session.flush()
    audit.record("courses.certificate_issued", user=enrolment.user, actor=user, course=enrolment.course_id)
    return certificate


def verify(text: str) -> Certificate | None:
    """The certificate of a code as typed (spaces, dashes and case do not matter); None when there is none."""
    code = rules.normalise_certificate_code(text)
    if code is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))
