"""Italian courses' rows for tests in any folder: plain functions, which each folder's conftest (or test) uses."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from portal.auth.models import User, UserRole
from portal.core.calendar import today_in_rome
from portal.courses import services
from portal.courses.models import Period
from portal.extensions import db


def period(app) -> int:
    """A period open for enrolment since a month, running since ten days: its id."""
    today = today_in_rome()
    with app.app_context():
        row = Period(year=today.year, number=1, starts_on=today - timedelta(days=10),
                     ends_on=today + timedelta(days=120), enrolment_opens_on=today - timedelta(days=30))
        db.session.add(row)
        db.session.commit()
        return row.id


def course(app, period_id: int, level="A1", capacity=75, pattern="intensive", starts_on=None, teacher_id=None) -> int:
    """A class planned by the office's use case (its meetings generated): its id."""
    with app.test_request_context():
        row = db.session.get(Period, period_id)
        planned = services.add_course(None, row, level, "in_person", pattern, starts_on or row.starts_on, capacity,
                                      "Aula 7T")
        planned.teacher_id = teacher_id
        db.session.commit()
        return planned.id


def bulk_learners(app, count: int, prefix: str = "corsista", role: str = "studente") -> list[int]:
    """`count` accounts in two INSERTs (they never sign in)."""
    with app.app_context():
        db.session.execute(insert(User), [
            {"access_code": f"{prefix}{n:04d}", "email": f"{prefix}{n:04d}@example.edu",
             "full_name": f"Persona {prefix} {n:04d}", "locale": "it", "active": True, "password_hash": "x",
             "must_change_password": False, "session_version": 1} for n in range(count)])
        ids = list(db.session.scalars(select(User.id).where(User.access_code.like(f"{prefix}%"))
                                      .order_by(User.access_code)))
        db.session.execute(insert(UserRole), [{"user_id": user_id, "role": role} for user_id in ids])
        db.session.commit()
        return ids
