"""Operators and their assignments (continuity), sessions planned and recorded, and the calendar feed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core import audit
from portal.core.calendar import rome_wall_clock_to_utc, to_rome
from portal.core.ics import CalendarEvent
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from portal.tutoring import labels, rules
from portal.tutoring.models import Assignment, Cap, Operator, TutoredStudent, TutoringSession
from portal.tutoring.services import caps as cap_services
from portal.tutoring.services import events as event_services
from portal.tutoring.services._common import COORDINATOR, closures, operator_of, patron, student_of, today
from portal.tutoring.services.monthly import locked_form_status
from portal.tutoring.services.referrals import close_requests


def operators() -> list[Operator]:
    return list(db.session.scalars(select(Operator).order_by(Operator.id)))


def current_assignment(student_id: int, service: str) -> Assignment | None:
    return db.session.scalar(select(Assignment).where(Assignment.student_id == student_id,
                                                      Assignment.service == service, Assignment.ended_on.is_(None)))


def assignments_of(student: TutoredStudent) -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(Assignment.student_id == student.id)
                                   .order_by(Assignment.service, Assignment.started_on, Assignment.id)))


def assign(actor, student: TutoredStudent, service: str, operator_id: int | None) -> Assignment:
    """The coordinator gives a student's service to an operator; the previous assignment ends today (history)."""
    if service not in student.services:
        raise RuleViolation(_l("This student is not referred for this service."), field="service")
    operator = db.session.get(Operator, operator_id) if operator_id else None
    if operator is None:
        raise RuleViolation(_l("Choose an operator."), field="operator_id")
    rules.check_operator_for(service, operator.lis_qualified)
    current = current_assignment(student.id, service)
    if current is not None:
        if current.operator_id == operator.id:
            raise RuleViolation(_l("This operator already serves the student."), field="operator_id")
        current.ended_on = today()
        db.session.flush()
    assignment = Assignment(student_id=student.id, service=service, operator_id=operator.id, started_on=today(),
                            assigned_by_id=actor.id)
    db.session.add(assignment)
    audit.record("tutoring.assigned", user=student.user, actor=actor, operator=operator.id, service=service)
    db.session.flush()
    return assignment


def students_of_operator(operator: Operator | None) -> list[TutoredStudent]:
    if operator is None:
        return []
    return list(db.session.scalars(select(TutoredStudent).join(Assignment, Assignment.student_id == TutoredStudent.id)
                                   .where(Assignment.operator_id == operator.id, Assignment.ended_on.is_(None))
                                   .distinct().order_by(TutoredStudent.id)))


def record(actor, student: TutoredStudent, service: str, day: date, starts: time, ends: time, mode: str, activity: str,
           status: str = "planned") -> TutoringSession:
    """The assigned operator (or the coordinator for them) plans or records a session: within the service's hours,
    never overlapping another of the operator's, never past the cap."""
    if service not in student.services:
        raise RuleViolation(_l("This student is not referred for this service."), field="service")
    if mode not in rules.MODES:
        raise RuleViolation(_l("Choose in person or remote."), field="mode")
    rules.check_new_session_status(status, day, today())
    minutes = rules.check_session_time(day, starts, ends, activity, closures(), patron())
    assignment = current_assignment(student.id, service)
    if assignment is None:
        raise RuleViolation(_l("No operator is assigned to this student for this service yet."), field="service")
    if not actor.has_role(COORDINATOR) and assignment.operator.user_id != actor.id:
        raise RuleViolation(_l("Only the assigned operator records this student's sessions."), field="service")
    rules.check_month_editable(locked_form_status(student.id, service, day))
    cap = cap_services.cap_of(student.id, service, rules.quarter_of(day))
    if cap is None:
        raise RuleViolation(_l("The DEC has not set this quarter's hours yet."), field="day")
    # The operator's row is the lock of the operator's timetable: the overlap check and the insert happen while it
    # is held, so two sessions at the same time cannot both be written (SQLite: the IMMEDIATE transaction).
    operator = event_services.lock_operator(assignment.operator_id)
    clash = event_services.busy_at(operator.id, day, starts, ends)  # sessions, and the events they interpret
    if clash is not None:
        raise RuleViolation(_l("The operator already has a session or an event from %(starts)s to %(ends)s that day.",
                               **clash),
                            field="starts")
    cap_services.book(cap, day, minutes)
    session = TutoringSession(student_id=student.id, cap_id=cap.id, operator_id=operator.id, service=service,
                              day=day, starts=starts, ends=ends, minutes=minutes, mode=mode, activity=activity,
                              status=status, recorded_by_id=actor.id)
    db.session.add(session)
    if status == "held":
        close_requests(student.id, service, day)
    audit.record("tutoring.session_recorded", user=student.user, actor=actor, service=service, day=day.isoformat(),
                 minutes=minutes, status=status)
    db.session.flush()
    return session


def session_for(user, session_id: int) -> TutoringSession | None:
    """A session the user may change: the operator's own, or any for the coordinator."""
    session = db.session.get(TutoringSession, session_id)
    if session is None:
        return None
    if user.has_role(COORDINATOR) or session.operator.user_id == user.id:
        return session
    return None


def change_status(actor, session: TutoringSession, status: str, reason: str) -> None:
    rules.check_status_change(session.status, status, session.day, today(), reason)
    rules.check_month_editable(locked_form_status(session.student_id, session.service, session.day))
    was_counted, now_counted = session.status in rules.COUNTED, status in rules.COUNTED
    cap = db.session.get(Cap, session.cap_id)
    if was_counted and not now_counted:
        cap_services.release(cap, session.day, session.minutes)
    session.status, session.reason, session.changed_at = status, reason.strip(), utcnow()
    if status == "held":
        close_requests(session.student_id, session.service, session.day)
    audit.record("tutoring.session_changed", user=session.student.user, actor=actor, session=session.id,
                 status=status)
    db.session.flush()


def sessions_of(student: TutoredStudent, service: str | None = None, quarter: date | None = None) -> list[TutoringSession]:
    query = select(TutoringSession).where(TutoringSession.student_id == student.id)
    if service:
        query = query.where(TutoringSession.service == service)
    if quarter:
        end = rules.next_quarter(quarter)
        query = query.where(TutoringSession.day >= quarter, TutoringSession.day < end)
    return list(db.session.scalars(query.order_by(TutoringSession.day.desc(), TutoringSession.starts.desc())))


def agenda_of(operator: Operator | None, start: date, days: int = 14) -> list[TutoringSession]:
    if operator is None:
        return []
    return list(db.session.scalars(select(TutoringSession).where(
        TutoringSession.operator_id == operator.id, TutoringSession.day >= start,
        TutoringSession.day < start + timedelta(days=days)).order_by(TutoringSession.day, TutoringSession.starts)))


def calendar_events(user, since: datetime) -> list[CalendarEvent]:
    """The student's and the operator's planned and held sessions: when and what, never the needs."""
    owners = []
    student = student_of(user)
    if student is not None:
        owners.append(TutoringSession.student_id == student.id)
    operator = operator_of(user)
    if operator is not None:
        owners.append(TutoringSession.operator_id == operator.id)
    if not owners:
        return []
    start = to_rome(since).date()
    query = select(TutoringSession).where(TutoringSession.day >= start,
                                          TutoringSession.status.in_(("planned", "held")))
    query = query.where(owners[0] | owners[1]) if len(owners) == 2 else query.where(owners[0])
    events = []
    for session in db.session.scalars(query.order_by(TutoringSession.day, TutoringSession.starts)):
        service = labels.SERVICES[session.service]
        activity = labels.ACTIVITIES[session.activity]
        events.append(CalendarEvent(
            uid=f"tutoring-session-{session.id}",
            starts=rome_wall_clock_to_utc(session.day, session.starts.hour, session.starts.minute),
            ends=rome_wall_clock_to_utc(session.day, session.ends.hour, session.ends.minute),
            summary=f"{service}: {activity}",
            location=str(labels.MODES[session.mode]),
            description=_("Tutoring session"),
            sequence=int(session.changed_at.timestamp()),
        ))
    return events
