"""Quarterly caps set by the DEC, optionally split by month, revised with a reason; the live balance; requests
for more hours in the DEC's queue."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core import audit
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import Cap, CapMonth, CapRevision, MoreHours, TutoredStudent, TutoringSession


def cap_of(student_id: int, service: str, quarter: date) -> Cap | None:
    return db.session.scalar(select(Cap).where(Cap.student_id == student_id, Cap.service == service,
                                               Cap.quarter == quarter))


def caps_of(student: TutoredStudent) -> list[Cap]:
    return list(db.session.scalars(select(Cap).where(Cap.student_id == student.id)
                                   .order_by(Cap.quarter.desc(), Cap.service)))


def set_cap(actor, student: TutoredStudent, service: str, quarter: date, cap_minutes: int | None,
            month_minutes: list[int | None]) -> Cap:
    """The DEC sets a quarter's hours for a student and service (once; after that, revisions)."""
    if service not in student.services:
        raise RuleViolation(_l("This student is not referred for this service."), field="service")
    if quarter != rules.quarter_of(quarter):
        raise RuleViolation(_l("Choose a quarter."), field="quarter")
    rules.check_cap(cap_minutes, month_minutes)
    if cap_of(student.id, service, quarter) is not None:
        raise RuleViolation(_l("This quarter's hours are already set: revise them instead."), field="quarter")
    cap = Cap(student_id=student.id, service=service, quarter=quarter, cap_minutes=cap_minutes, booked_minutes=0,
              set_by_id=actor.id)
    cap.months = [CapMonth(month=month, cap_minutes=minutes, booked_minutes=0)
                  for month, minutes in zip(rules.months_of(quarter), month_minutes, strict=True)]
    db.session.add(cap)
    db.session.flush()
    db.session.add(CapRevision(cap_id=cap.id, old_minutes=None, new_minutes=cap_minutes, reason="", by_id=actor.id))
    for month in cap.months:
        if month.cap_minutes is not None:
            db.session.add(CapRevision(cap_id=cap.id, month=month.month, new_minutes=month.cap_minutes,
                                       by_id=actor.id))
    audit.record("tutoring.cap_set", user=student.user, actor=actor, cap=cap.id, minutes=cap_minutes)
    db.session.flush()
    return cap


def revise_cap(actor, cap: Cap, month: date | None, new_minutes: int | None, reason: str) -> None:
    """A revision of the quarter's hours or of one month's, with its reason, kept in the history. The conditional
    UPDATE never lets the cap fall below what sessions booked meanwhile."""
    if month is None:
        rules.check_revision(new_minutes, cap.booked_minutes, reason)
        old = cap.cap_minutes
        months_given = sum(row.cap_minutes or 0 for row in cap.months)
        if new_minutes < months_given:
            raise RuleViolation(_l("The months' hours together are more than the quarter's."), field="hours")
        if not update_if(cap, {"cap_minutes": new_minutes}, Cap.booked_minutes <= new_minutes):
            raise RuleViolation(_l("Sessions were booked meanwhile: look at the balance again."), field="hours")
    else:
        row = next((item for item in cap.months if item.month == month), None)
        if row is None:
            raise RuleViolation(_l("Choose a month of this quarter."), field="month")
        rules.check_revision(new_minutes, row.booked_minutes, reason, whole_quarter=False)
        others = sum(item.cap_minutes or 0 for item in cap.months if item is not row)
        if others + new_minutes > cap.cap_minutes:
            raise RuleViolation(_l("The months' hours together are more than the quarter's."), field="hours")
        old = row.cap_minutes
        if not update_if(row, {"cap_minutes": new_minutes}, CapMonth.booked_minutes <= new_minutes):
            raise RuleViolation(_l("Sessions were booked meanwhile: look at the balance again."), field="hours")
    db.session.add(CapRevision(cap_id=cap.id, month=month, old_minutes=old, new_minutes=new_minutes,
                               reason=reason.strip(), by_id=actor.id))
    audit.record("tutoring.cap_revised", user=cap.student.user, actor=actor, cap=cap.id, minutes=new_minutes)
    db.session.flush()


def history(cap: Cap) -> list[CapRevision]:
    return list(db.session.scalars(select(CapRevision).where(CapRevision.cap_id == cap.id)
                                   .order_by(CapRevision.at, CapRevision.id)))


def book(cap: Cap, day: date, minutes: int) -> None:
    """Take `minutes` of the cap (and of the month's share): one UPDATE … WHERE each, so no race passes it."""
    month = next(row for row in cap.months if row.month == date(day.year, day.month, 1))
    rules.fits(minutes, cap.cap_minutes, cap.booked_minutes, month.cap_minutes, month.booked_minutes)
    if not update_if(cap, {"booked_minutes": Cap.booked_minutes + minutes},
                     Cap.booked_minutes + minutes <= Cap.cap_minutes):
        db.session.refresh(cap)
        rules.fits(minutes, cap.cap_minutes, cap.booked_minutes)
        raise RuleViolation(_l("This session would pass the quarter's hours. Ask the DEC for more hours."),
                            field="starts")
    if not update_if(month, {"booked_minutes": CapMonth.booked_minutes + minutes},
                     (CapMonth.cap_minutes.is_(None)) | (CapMonth.booked_minutes + minutes <= CapMonth.cap_minutes)):
        raise RuleViolation(_l("This session would pass the month's hours. Ask the DEC for more hours."),
                            field="starts")


def release(cap: Cap, day: date, minutes: int) -> None:
    month = next(row for row in cap.months if row.month == date(day.year, day.month, 1))
    update_if(cap, {"booked_minutes": Cap.booked_minutes - minutes})
    update_if(month, {"booked_minutes": CapMonth.booked_minutes - minutes})


def balance_of(cap: Cap) -> rules.Balance:
    rows = db.session.execute(select(TutoringSession.status, TutoringSession.minutes)
                              .where(TutoringSession.cap_id == cap.id)).all()
    return rules.balance(cap.cap_minutes, [(status, minutes) for status, minutes in rows])


def month_balances(cap: Cap) -> list[tuple[date, int | None, int]]:
    return [(row.month, row.cap_minutes, row.booked_minutes) for row in cap.months]


def ask_more(actor, cap: Cap, minutes: int | None, reason: str) -> MoreHours:
    if minutes is None or minutes <= 0 or minutes > rules.LONGEST_CAP_MINUTES:
        raise RuleViolation(_l("Enter the hours you need: more than zero."), field="hours")
    if not reason.strip():
        raise RuleViolation(_l("Say what the hours are for."), field="reason")
    asked = MoreHours(cap_id=cap.id, minutes=minutes, reason=reason.strip(), asked_by_id=actor.id)
    db.session.add(asked)
    audit.record("tutoring.more_hours_asked", user=cap.student.user, actor=actor, cap=cap.id, minutes=minutes)
    db.session.flush()
    return asked


def queue() -> list[MoreHours]:
    return list(db.session.scalars(select(MoreHours).where(MoreHours.status == "open").order_by(MoreHours.asked_at)))


def decide_more(actor, asked_id: int, grant: bool) -> MoreHours | None:
    asked = db.session.get(MoreHours, asked_id)
    if asked is None:
        return None
    if not update_if(asked, {"status": "granted" if grant else "declined", "decided_by_id": actor.id,
                             "decided_at": utcnow()}, MoreHours.status == "open"):
        raise RuleViolation(_l("This request was already decided."))
    if grant:
        cap = asked.cap
        new = cap.cap_minutes + asked.minutes
        if new > rules.LONGEST_CAP_MINUTES:
            raise RuleViolation(_l("At most %(hours)d hours in a quarter.", hours=rules.LONGEST_CAP_MINUTES // 60))
        old = cap.cap_minutes
        update_if(cap, {"cap_minutes": Cap.cap_minutes + asked.minutes})
        db.session.add(CapRevision(cap_id=cap.id, old_minutes=old, new_minutes=new, by_id=actor.id,
                                   reason=asked.reason))
    audit.record("tutoring.more_hours_decided", user=asked.cap.student.user, actor=actor, request=asked.id,
                 granted=grant)
    db.session.flush()
    return asked
