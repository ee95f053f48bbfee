"""The monthly transmission to the university and its deadlines (the file by the 5th, the double-counting
check)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.models import User, UserRole
from portal.caf import rules
from portal.caf.models import Duty, Practice, Report, Student, Transmission
from portal.caf.services._common import CAF_ROLES, _cfg, _event, _mail_student
from portal.core import audit, csvio, mail
from portal.core.calendar import month_bounds, month_range_utc, to_rome, today_in_rome
from portal.core.money import csv_amount
from portal.core.rows import insert_missing
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

# -- the monthly transmission -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    month: date
    reports: list[Report]
    rows: list[rules.FileRow]
    problems: list[rules.RowProblem]
    replacing_nul: list[str]  # practice numbers earlier sent as not processable, now confirmed


def _file_row(report: Report) -> rules.FileRow:
    """The row of an outcome: the identifiers and figures it was decided for, not the student's of today."""
    return rules.FileRow(report.practice.number or "", report.codice_persona or "", report.matricola or "",
                         report.state, report.iseeu_cents, report.ispeu_cents, report.release_date, report.anomaly,
                         report.nul, report.consular_certificate, student_key=report.practice.student_id,
                         members=report.members, scale=report.scale, isr_cents=report.isr_cents,
                         isp_cents=report.isp_cents, ise_cents=report.ise_cents,
                         nul_reasons=rules.nul_reasons(report.findings) if report.nul else ())


def draft_transmission(month_text: str) -> Draft:
    """What the file of a month would hold: every outcome decided up to its end and not sent yet."""
    bounds = month_bounds(month_text)
    if bounds is None:
        raise RuleViolation(_l("Enter a month as YYYY-MM, for example 2026-03."), field="month")
    _, end = month_range_utc(bounds[0])
    reports = list(db.session.scalars(
        select(Report).where(Report.transmission_id.is_(None), Report.decided_at < end)
        .options(joinedload(Report.practice).joinedload(Practice.student).joinedload(Student.user))
        .order_by(Report.decided_at, Report.id)))
    rows = [_file_row(report) for report in reports]
    problems = [problem for row in rows for problem in rules.row_problems(row)]
    sent_nul = set(db.session.scalars(select(Report.practice_id).where(Report.transmission_id.is_not(None),
                                                                       Report.nul.is_(True))))
    replacing = [report.practice.number for report in reports if not report.nul and report.practice_id in sent_nul]
    return Draft(bounds[0], reports, rows, problems, replacing)


def csv_of(rows: list[rules.FileRow], replacing: set[str]) -> str:
    columns = tuple(_cfg("TRANSMISSION_COLUMNS"))
    unknown = [name for name in columns if name not in TRANSMISSION_COLUMNS]
    if unknown or not columns:
        raise RuleViolation(_l("PORTAL_CAF_TRANSMISSION_COLUMNS names unknown columns: %(columns)s.",
                               columns=", ".join(unknown) or "-"))
    with force_locale("it"):  # the university reads the reasons in Italian, whoever writes the file
        return csvio.write_rows(columns, [[TRANSMISSION_COLUMNS[name](row, replacing) for name in columns]
                                          for row in rows], delimiter=";")


def _cents(value: int | None) -> str:
    return "" if value is None else csv_amount(value)


def _scale(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


TRANSMISSION_COLUMNS = {
    "codice_persona": lambda row, _: row.codice_persona,
    "matricola": lambda row, _: row.matricola,
    "stato": lambda row, _: row.state,
    # The elements of the calculation (Allegato A of the protocol of 3 June 2015), empty when nothing was computed.
    "componenti": lambda row, _: "" if row.members is None else str(row.members),
    "scala_equivalenza": lambda row, _: _scale(row.scale),
    "isr": lambda row, _: _cents(row.isr_cents),
    "isp": lambda row, _: _cents(row.isp_cents),
    "ise": lambda row, _: _cents(row.ise_cents),
    "iseeu": lambda row, _: _cents(row.iseeu_cents),
    "ispeu": lambda row, _: _cents(row.ispeu_cents),
    "data_rilascio": lambda row, _: row.release_date.strftime("%d/%m/%Y"),
    "difformita": lambda row, _: "S" if row.anomaly else "N",
    "nul": lambda row, _: rules.NUL if row.nul else "",
    # Why a NUL row could not be computed: the checklist's codes, and their Italian text.
    "motivi_nul": lambda row, _: "|".join(row.nul_reasons),
    "motivi_nul_testo": lambda row, _: " | ".join(str(rules.NUL_FINDINGS[code]) for code in row.nul_reasons),
    "pratica": lambda row, _: row.practice_number,
    "sostituisce_nul": lambda row, replacing: "S" if row.practice_number in replacing else "N",
    "certificato_consolare": lambda row, _: "S" if row.consular_certificate else "N",
}


def transmit(actor: User | None, month_text: str) -> Transmission | None:
    """Write the month's file once the university's checks pass; each outcome goes in exactly one file.

    Refused as a whole (nothing written) when a row would make the university reject it. None: nothing to send.
    """
    draft = draft_transmission(month_text)
    if not draft.reports:
        return None
    reports = list(db.session.scalars(select(Report).where(Report.id.in_([r.id for r in draft.reports]))
                                      .with_for_update().execution_options(populate_existing=True)))
    if any(report.transmission_id is not None for report in reports):
        raise RuleViolation(_l("Another transmission took some of these outcomes: open the page again."))
    rows = rules.file_rows(draft.rows)  # raises FileRefused with every failing practice
    content = csv_of(rows, set(draft.replacing_nul))
    transmission = Transmission(month=draft.month, created_by_id=getattr(actor, "id", None), rows=len(rows),
                                content=content)
    db.session.add(transmission)
    db.session.flush()
    sent_on = today_in_rome()
    latest: dict[int, Report] = {}
    for report in draft.reports:
        report.transmission_id = transmission.id
        _event(actor, report.practice, "sent_to_university", report.state)
        latest[report.practice_id] = report
    for report in latest.values():  # in each of the three cases, DA CONFERMARE too: the date it went
        _mail_student(report.practice, "caf_sent", sent_on=sent_on, report=report,
                      needs_originals=report.state in rules.AWAITING_ORIGINALS)
    audit.record("caf.transmitted", actor=actor, month=draft.month.isoformat(), rows=len(rows),
                 transmission=transmission.id)
    db.session.flush()
    return transmission


def previous_month_text(today: date | None = None) -> str:
    """The month a file is normally made for: the one before today's."""
    first = (today or today_in_rome()).replace(day=1) - timedelta(days=1)
    return first.strftime("%Y-%m")


def transmission_for(transmission_id: int) -> Transmission | None:
    return db.session.get(Transmission, transmission_id)


def transmissions() -> list[Transmission]:
    return list(db.session.scalars(select(Transmission).order_by(Transmission.created_at.desc()).limit(60)))


# -- deadlines: the monthly file by the 5th, the double-counting check before the year's last invoice ----------


def file_deadline(month_first: date) -> rules.Deadline:
    return rules.file_deadline(month_first, _cfg("TRANSMISSION_DUE_DAY"), _cfg("TRANSMISSION_REMIND_DAYS"))


def send_by(report: Report) -> date:
    """When the outcome reaches the university at the latest: with the file of the month it was decided in."""
    return file_deadline(to_rome(report.decided_at or utcnow()).date().replace(day=1)).due_on


@dataclass(frozen=True)
class DueFile:
    deadline: rules.Deadline
    pending: int  # outcomes of the month not sent yet
    overdue: bool

    @property
    def month_text(self) -> str:
        return self.deadline.period.strftime("%Y-%m")


def due_files(today: date | None = None) -> list[DueFile]:
    """The monthly files still owed: every month before this one with outcomes decided and not sent, oldest first."""
    today = today or today_in_rome()
    start, _ = month_range_utc(today.replace(day=1))
    months: dict[date, int] = {}
    for decided_at in db.session.scalars(select(Report.decided_at).where(Report.transmission_id.is_(None),
                                                                         Report.decided_at < start)):
        month = to_rome(decided_at).date().replace(day=1)
        months[month] = months.get(month, 0) + 1
    return [DueFile(deadline, count, today > deadline.due_on)
            for deadline, count in ((file_deadline(month), count) for month, count in sorted(months.items()))]


def double_count_deadline(year: int) -> rules.Deadline:
    return rules.double_count_deadline(year, _cfg("DOUBLE_COUNT_CHECK_BY"), _cfg("DOUBLE_COUNT_REMIND_DAYS"))


def _duty(kind: str, period: date) -> Duty | None:
    return db.session.get(Duty, (kind, period))


def _locked_duty(kind: str, period: date) -> Duty:
    insert_missing(Duty, [{"kind": kind, "period": period}], ["kind", "period"])
    return db.session.get(Duty, (kind, period), with_for_update=True, populate_existing=True)


def double_count_check(year: int) -> Duty | None:
    """Whether (and when, by whom) an operator said the year's double-counting check is done."""
    duty = _duty("double_count", date(year, 1, 1))
    return duty if duty is not None and duty.done_at is not None else None


def double_count_due(today: date | None = None) -> rules.Deadline | None:
    """The year's check once its reminder date has come and until an operator says it is done."""
    today = today or today_in_rome()
    deadline = double_count_deadline(today.year)
    if today < deadline.remind_from or double_count_check(today.year) is not None:
        return None
    return deadline


@dataclass(frozen=True)
class DoubleCountLine:
    student: Student
    nul: rules.SentOutcome
    confirmed: rules.SentOutcome


def double_count_report(year: int) -> list[DoubleCountLine]:
    """Practices sent as NUL in `year` whose student was later sent as confirmed (the tender's check)."""
    start, _ = month_range_utc(date(year, 1, 1))
    rows = db.session.execute(
        select(Report, Practice.number, Practice.student_id, Transmission.created_at)
        .join(Practice, Practice.id == Report.practice_id).join(Transmission, Transmission.id == Report.transmission_id)
        .where(Transmission.created_at >= start).order_by(Report.decided_at, Report.id)).all()
    sent = [rules.SentOutcome(student_id, number or "", report.state, report.nul, report.decided_at,
                              to_rome(created_at).date(), report.iseeu_cents)
            for report, number, student_id, created_at in rows]
    found = rules.double_counts(sent, year)
    students = {student.id: student for student in db.session.scalars(
        select(Student).where(Student.id.in_({line.nul.student_key for line in found}))
        .options(joinedload(Student.user)))}
    return [DoubleCountLine(students[line.nul.student_key], line.nul, line.confirmed) for line in found]


DOUBLE_COUNT_COLUMNS = ("codice_persona", "matricola", "studente", "pratica_nul", "inviata_nul", "pratica_confermata",
                        "stato", "iseeu", "inviata")


def double_count_csv(lines: list[DoubleCountLine]) -> str:
    return csvio.write_rows(DOUBLE_COUNT_COLUMNS, [
        [line.student.codice_persona or "", line.student.matricola or "", line.student.user.full_name,
         line.nul.practice_number, line.nul.sent_on.strftime("%d/%m/%Y"), line.confirmed.practice_number,
         line.confirmed.state, _cents(line.confirmed.iseeu_cents), line.confirmed.sent_on.strftime("%d/%m/%Y")]
        for line in lines], delimiter=";")


def mark_double_count_checked(actor: User, year: int) -> Duty:
    duty = _locked_duty("double_count", date(year, 1, 1))
    if duty.done_at is not None:
        raise RuleViolation(_l("The check of %(year)d was already marked as done on %(day)s.", year=year,
                               day=to_rome(duty.done_at).strftime("%d/%m/%Y")))
    duty.done_at, duty.done_by_id = utcnow(), actor.id
    audit.record("caf.double_count_checked", actor=actor, year=year, found=len(double_count_report(year)))
    db.session.flush()
    return duty


def operators() -> list[User]:
    return list(db.session.scalars(select(User).join(User.roles).where(
        User.active.is_(True), UserRole.role.in_(CAF_ROLES)).order_by(User.id).distinct()))


def send_duty_reminders(today: date | None = None) -> int:
    """Mail the CAF operators when the monthly file nears its date (and once more when it has passed) while
    outcomes wait, and when the year's double-counting check nears. Returns the mails queued."""
    today = today or today_in_rome()
    due = [(item.deadline, item.pending) for item in due_files(today)]
    check = double_count_deadline(today.year)
    if double_count_due(today) is not None:
        due.append((check, len(double_count_report(today.year))))
    sent = 0
    for deadline, count in due:
        duty = _locked_duty(deadline.kind, deadline.period)
        if duty.done_at is not None or not rules.reminder_due(deadline, today, duty.reminded_on):
            continue
        duty.reminded_on = today
        if deadline.kind == "monthly_file":
            link = mail.link_to("caf.transmissions", month=deadline.period.strftime("%Y-%m"))
        else:
            link = mail.link_to("caf.double_counting", year=deadline.period.year)
        for operator in operators():
            mail.enqueue(operator.email, operator.locale or "it", "caf_duty", user=operator, deadline=deadline,
                         count=count, overdue=today > deadline.due_on, link=link)
            sent += 1
    db.session.flush()
    return sent
