"""The quarter's report for the DEC (tender par. 18): hours per student and service from the signed forms, the
amount at the contract's hourly price, the forms attached, its due date (5 working days after the quarter) and
when the coordinator sent it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User, UserRole
from portal.core import audit, mail
from portal.core.rows import insert_missing
from portal.core.rules import Deadline, RuleViolation, reminder_due
from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import Cap, MonthlyForm, QuarterReport, ReportReminder, TutoredStudent, TutoringSession
from portal.tutoring.services._common import COORDINATOR, DEC, closures, patron, today


@dataclass
class Row:
    student: TutoredStudent
    service: str
    cap_minutes: int
    held: int = 0
    cancelled_late: int = 0
    signed: int = 0  # minutes of the forms signed by both
    forms: list[MonthlyForm] = field(default_factory=list)  # locked
    missing: list[date] = field(default_factory=list)  # months with hours whose form is not locked yet


@dataclass(frozen=True)
class Report:
    quarter: date
    rows: list[Row]
    deadline: Deadline
    sent: QuarterReport | None
    hourly_cents: int

    @property
    def signed_minutes(self) -> int:
        return sum(row.signed for row in self.rows)

    @property
    def amount_cents(self) -> int:
        return rules.amount_cents(self.signed_minutes, self.hourly_cents)

    @property
    def missing(self) -> int:
        return sum(len(row.missing) for row in self.rows)


def quarter_report(quarter: date) -> Report:
    caps = db.session.execute(select(Cap, TutoredStudent).join(TutoredStudent, Cap.student_id == TutoredStudent.id)
                              .join(User, TutoredStudent.user_id == User.id).where(Cap.quarter == quarter)
                              .order_by(User.full_name, Cap.service)).all()
    end = rules.next_quarter(quarter)
    forms = {(form.student_id, form.service, form.month): form for form in db.session.scalars(
        select(MonthlyForm).where(MonthlyForm.month >= quarter, MonthlyForm.month < end))}
    rows = []
    for cap, student in caps:
        row = Row(student, cap.service, cap.cap_minutes)
        months = set()
        for session in db.session.scalars(select(TutoringSession).where(
                TutoringSession.cap_id == cap.id, TutoringSession.status.in_(("held", "cancelled_late")))):
            if session.status == "held":
                row.held += session.minutes
            else:
                row.cancelled_late += session.minutes
            months.add(date(session.day.year, session.day.month, 1))
        for month in sorted(months):
            form = forms.get((student.id, cap.service, month))
            if form is not None and form.status == "locked":
                row.forms.append(form)
                row.signed += form.month_minutes
            else:
                row.missing.append(month)
        rows.append(row)
    sent = db.session.scalar(select(QuarterReport).where(QuarterReport.quarter == quarter))
    return Report(quarter, rows, rules.report_deadline(quarter, closures(), patron()), sent,
                  current_app.config["PORTAL_TUTORING_HOURLY_PRICE_CENTS"])


def has_hours(quarter: date) -> bool:
    """Some session of the quarter was held or cancelled late (something to report)."""
    return db.session.scalar(select(TutoringSession.id).where(
        TutoringSession.day >= quarter, TutoringSession.day < rules.next_quarter(quarter),
        TutoringSession.status.in_(("held", "cancelled_late"))).limit(1)) is not None


def default_quarter() -> date:
    """The last quarter that ended, or the current one when that has no hours and this one has."""
    day = today()
    current = rules.quarter_of(day)
    last_ended = rules.quarter_of(current - timedelta(days=1))
    return rules.report_quarter(day, has_hours(last_ended), has_hours(current))


def send(actor, quarter: date) -> QuarterReport:
    """The coordinator sends the DEC the report once the quarter is over and every form is signed by both."""
    report = quarter_report(quarter)
    if report.sent is not None:
        raise RuleViolation(_l("This quarter's report is already sent."), field="quarter")
    rules.check_report_sendable(quarter, today(), report.missing)
    insert_missing(QuarterReport, [{"quarter": quarter, "minutes": report.signed_minutes,
                                    "amount_cents": report.amount_cents, "sent_by_id": actor.id}], ["quarter"])
    audit.record("tutoring.report_sent", actor=actor, quarter=quarter.isoformat(), minutes=report.signed_minutes)
    return db.session.scalar(select(QuarterReport).where(QuarterReport.quarter == quarter))


def send_reminders(day: date) -> int:
    """Mail the DEC and the coordinator about the quarter's report not sent yet: once from the quarter's last day
    (it is due 5 working days later) and once more when it is late (`core.rules.reminder_due`). Run daily."""
    current = rules.quarter_of(day)
    queued = 0
    for quarter in (rules.quarter_of(current - timedelta(days=1)), current):
        deadline = rules.report_deadline(quarter, closures(), patron())
        served = db.session.scalar(select(Cap.id).where(Cap.quarter == quarter).limit(1)) is not None
        if not served or day < deadline.remind_from or db.session.scalar(
                select(QuarterReport.id).where(QuarterReport.quarter == quarter)) is not None:
            continue  # no hours were set for that quarter (nothing to report), or it is not over, or it is sent
        insert_missing(ReportReminder, [{"quarter": quarter}], ["quarter"])
        reminder = db.session.scalar(select(ReportReminder).where(ReportReminder.quarter == quarter)
                                     .with_for_update())
        if not reminder_due(deadline, day, reminder.reminded_on):
            continue
        reminder.reminded_on = day
        link = mail.link_to("tutoring.report", quarter=quarter.isoformat())
        for user in db.session.scalars(select(User).join(UserRole).where(UserRole.role.in_((DEC, COORDINATOR)),
                                                                         User.active.is_(True))
                                       .order_by(User.id).distinct()):
            mail.enqueue(user.email, user.locale or "it", "tutoring_report_due", user=user, deadline=deadline,
                         last_day=rules.quarter_last_day(quarter), overdue=day > deadline.due_on,
                         sender=user.has_role(COORDINATOR), link=link)
            queued += 1
    db.session.flush()
    return queued
