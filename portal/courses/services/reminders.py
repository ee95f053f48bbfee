"""The courses' deadlines mailed by `flask courses remind` (daily), through the outbox, once per deadline:

- to the language centre's office, as they near and once more when overdue (`core.rules.reminder_due`): the
  activation notice (7 days before a course starts), the teacher named (5 working days before), the candidate list
  of a certification session (10 days before its written test), the provider's half-yearly report (5 working days
  after the semester; the DEC, who records it, hears too);
- to students, once, in the last days of a registration: an exam sitting's window (those with Italian in their
  study plan not registered yet) and a certification session whose list closes (those with a make-up of that body
  and level to take, not registered yet).

Each deadline has one row in `courses_reminders` (kind, ref): a second run the same day, or the next day, mails
nothing new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from portal.auth.models import User, UserRole
from portal.core import mail
from portal.core.rows import insert_missing
from portal.core.rules import Deadline as CoreDeadline
from portal.core.rules import reminder_due
from portal.courses import labels_exams, rules
from portal.courses.models import (
    CertCandidate,
    CertSession,
    ContractReport,
    Course,
    ExamRegistration,
    ExamSitting,
    PlanStudent,
    Reminder,
)
from portal.courses.services._common import OFFICE_ROLES, settings, working
from portal.courses.services.certification import makeup_proposal
from portal.extensions import db


@dataclass(frozen=True)
class Due:
    """One deadline of the office to remind: what (`kind`), of what (`subject`: a course code, a session), when."""

    kind: str  # activation | teacher | candidate_list | half_year_report
    ref: str
    subject: str
    deadline: CoreDeadline
    overdue: bool


def _reminder(kind: str, ref: str) -> Reminder:
    insert_missing(Reminder, [{"kind": kind, "ref": ref}], ["kind", "ref"])
    return db.session.scalar(select(Reminder).where(Reminder.kind == kind, Reminder.ref == ref)
                             .with_for_update().execution_options(populate_existing=True))


def _claim(kind: str, ref: str, deadline: CoreDeadline, today: date) -> bool:
    """Whether this deadline is reminded today; if so it is written down (the row is locked: two runs at once
    mail once)."""
    if today < deadline.remind_from:
        return False
    row = _reminder(kind, ref)
    if not reminder_due(deadline, today, row.reminded_on):
        return False
    row.reminded_on = today
    return True


def _last_ended_half(today: date) -> tuple[int, int]:
    return (today.year, 1) if today.month >= 7 else (today.year - 1, 2)


def office_deadlines(today: date) -> list[Due]:
    """The office's deadlines not done whose reminder is due today (written down as reminded)."""
    due: list[Due] = []
    is_working = working(settings().patron)
    courses = db.session.scalars(select(Course).where(Course.starts_on >= today).order_by(Course.starts_on,
                                                                                          Course.code))
    for course in courses:
        if course.activated_on is None:
            deadline = rules.activation_deadline(course.starts_on)
            if _claim("activation", str(course.id), deadline, today):
                due.append(Due("activation", str(course.id), course.code, deadline, today > deadline.due_on))
        if course.teacher_id is None:
            deadline = rules.teacher_deadline(course.starts_on, is_working)
            if _claim("teacher", str(course.id), deadline, today):
                due.append(Due("teacher", str(course.id), course.code, deadline, today > deadline.due_on))
    sessions = db.session.scalars(select(CertSession).where(CertSession.written_on >= today,
                                                            CertSession.list_sent_on.is_(None))
                                  .order_by(CertSession.written_on))
    for session in sessions:
        deadline = rules.candidate_list_deadline(session.written_on)
        if _claim("candidate_list", str(session.id), deadline, today):
            due.append(Due("candidate_list", str(session.id), f"{session.body} {session.level}", deadline,
                           today > deadline.due_on))
    year, half = _last_ended_half(today)
    first, last = rules.half_year(year, half)
    in_use = (db.session.scalar(select(Course.id).where(Course.starts_on <= last).limit(1))
              or db.session.scalar(select(CertSession.id).where(CertSession.written_on <= last).limit(1)))
    received = db.session.scalar(select(ContractReport.id).where(ContractReport.half_start == first))
    if in_use and received is None:
        deadline = rules.report_deadline(year, half, settings().patron)
        if _claim("half_year_report", f"{year}-{half}", deadline, today):
            due.append(Due("half_year_report", f"{year}-{half}", f"{year}-{half}", deadline,
                           today > deadline.due_on))
    return due


def _with_roles(*roles: str) -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True), User.roles.any(UserRole.role.in_(roles)))
                                   .order_by(User.id)))


def _office() -> list[User]:
    """The language centre; before any such account exists, the administrators."""
    return _with_roles("centro_linguistico") or _with_roles(*OFFICE_ROLES)


def _exam_windows(today: date) -> int:
    """Students with Italian in their study plan, not registered, told once before a sitting's window closes."""
    sent = 0
    sittings = db.session.scalars(select(ExamSitting).where(ExamSitting.closes_on >= today,
                                                            ExamSitting.opens_on <= today))
    for sitting in sittings:
        if not rules.window_reminder_due(sitting.closes_on, today, sitting.opens_on):
            continue
        row = _reminder("exam_window", str(sitting.id))
        if row.reminded_on is not None:
            continue
        row.reminded_on = today
        registered = select(ExamRegistration.user_id).where(ExamRegistration.sitting_id == sitting.id,
                                                            ExamRegistration.status == "registered")
        people = db.session.scalars(select(User).join(PlanStudent, PlanStudent.matricola == User.matricola).where(
            User.active.is_(True), User.roles.any(UserRole.role == "studente"), User.id.not_in(registered))
            .order_by(User.id))
        link = mail.link_to("courses.exams_home")
        for person in people:
            mail.enqueue(person.email, person.locale, "courses_registration_closing", user=person,
                         title=sitting.title, closes_on=sitting.closes_on, link=link, certification=False)
            sent += 1
    return sent


def _makeup_windows(today: date) -> int:
    """People with skills to make up at a body and level, not registered, told once before a later session's list
    closes."""
    sent = 0
    sessions = db.session.scalars(select(CertSession).where(
        CertSession.written_on > today, CertSession.list_sent_on.is_(None)))
    for session in sessions:
        closes_on = session.written_on - timedelta(days=rules.CANDIDATE_LIST_DAYS_BEFORE)
        if not rules.window_reminder_due(closes_on, today):
            continue
        row = _reminder("makeup_window", str(session.id))
        if row.reminded_on is not None:
            continue
        row.reminded_on = today
        earlier = select(CertCandidate.user_id).join(CertSession).where(
            CertSession.body == session.body, CertSession.level == session.level,
            CertSession.written_on < session.written_on, CertCandidate.status == "registered")
        here = select(CertCandidate.user_id).where(CertCandidate.session_id == session.id,
                                                   CertCandidate.status == "registered")
        people = db.session.scalars(select(User).where(User.active.is_(True), User.id.in_(earlier),
                                                       User.id.not_in(here)).order_by(User.id))
        link = mail.link_to("courses.certification")  # the learners' page, where they register
        for person in people:
            proposal = makeup_proposal(person, session.body, session.level)
            if proposal is None or proposal.previous.session_id == session.id:
                continue
            mail.enqueue(person.email, person.locale, "courses_registration_closing", user=person,
                         title=f"{session.body} {session.level}", closes_on=closes_on, link=link,
                         certification=True, skills=proposal.skills, price_cents=proposal.price_cents,
                         labels=labels_exams)
            sent += 1
    return sent


def send_reminders(today: date) -> int:
    """Queue the day's reminders; how many mails."""
    sent = 0
    due = office_deadlines(today)
    if due:
        office = _office()
        report = [item for item in due if item.kind == "half_year_report"]
        dec = [person for person in _with_roles("dec") if person not in office] if report else []
        for person in office:
            mail.enqueue(person.email, person.locale, "courses_deadlines", user=person, items=due, today=today,
                         link=mail.link_to("courses.periods"), reminder_text=labels_exams.reminder_text)
            sent += 1
        for person in dec:
            mail.enqueue(person.email, person.locale, "courses_deadlines", user=person, items=report, today=today,
                         link=mail.link_to("courses.contract_figures"), reminder_text=labels_exams.reminder_text)
            sent += 1
    sent += _exam_windows(today) + _makeup_windows(today)
    db.session.flush()
    return sent
