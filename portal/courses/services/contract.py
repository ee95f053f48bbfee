"""The DEC's contract figures (point 8): per billing semester the courses completed and the certifications held,
priced, the 0.5 % retention, the late-start penalty, and the provider's report with its 5-working-day deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core import audit, csvio
from portal.core.ids import is_ascii_digits
from portal.core.money import csv_amount
from portal.core.rules import Deadline, RuleViolation
from portal.courses import rules
from portal.courses.models import CertCandidate, CertSession, ContractReport, Course, Meeting, Period
from portal.courses.services._common import settings, today_or
from portal.extensions import db

READERS = ("dec", "amministratore")


@dataclass(frozen=True)
class LateCourse:
    code: str
    period_starts: date
    starts_on: date
    days: int


@dataclass(frozen=True)
class Semester:
    year: int
    half: int
    first: date
    last: date
    figures: rules.ContractFigures
    completed: list[str]
    late: list[LateCourse]
    deadline: Deadline
    received_on: date | None
    course_cents: int
    cert_cents: int
    contract_cents: int
    per_day_cents: int


LOOK_BACK_HALVES = 4  # with no figures in the current semester the page opens on the last of these that has some


def parse_half(text: str | None, today: date | None = None) -> tuple[int, int]:
    """`2026-1` -> (2026, 1); missing or wrong: the current semester if it has figures, else the latest of the four
    before that has some, else the current one (never a past semester full of zeros)."""
    today = today_or(today)
    year_text, _, half_text = (text or "").partition("-")
    if is_ascii_digits(year_text) and half_text in ("1", "2") and 2000 <= int(year_text) <= 2100:
        return int(year_text), int(half_text)
    current = (today.year, 1 if today.month <= 6 else 2)
    year, half = current
    for _ in range(LOOK_BACK_HALVES + 1):
        if _has_figures(year, half):
            return year, half
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return current


def _has_figures(year: int, half: int) -> bool:
    """Any course ending or starting, or any certification held, in the semester."""
    first, last = rules.half_year(year, half)
    ends = select(func.max(Meeting.day)).group_by(Meeting.course_id).having(
        func.max(Meeting.day).between(first, last))
    return bool(db.session.scalar(select(Course.id).where(Course.starts_on.between(first, last)).limit(1))
                or db.session.scalar(ends.limit(1))
                or db.session.scalar(select(CertSession.id).where(CertSession.oral_on.between(first, last)).limit(1)))


def _late(courses) -> list[LateCourse]:
    return [LateCourse(code, period_starts, starts_on, rules.late_start_days(period_starts, starts_on))
            for code, period_starts, starts_on in courses
            if rules.late_start_days(period_starts, starts_on)]


def semester(year: int, half: int) -> Semester:
    first, last = rules.half_year(year, half)
    config = current_app.config
    course_cents, cert_cents = int(config["PORTAL_COURSES_COURSE_PRICE_CENTS"]), int(
        config["PORTAL_COURSES_CERT_PRICE_CENTS"])
    contract_cents = int(config["PORTAL_COURSES_CONTRACT_CENTS"])
    ends = select(Meeting.course_id, func.max(Meeting.day).label("last_day")).group_by(Meeting.course_id).subquery()
    completed = list(db.session.scalars(select(Course.code).join(ends, ends.c.course_id == Course.id)
                                        .where(ends.c.last_day >= first, ends.c.last_day <= last)
                                        .order_by(Course.code)))
    held = select(CertCandidate).join(CertSession).where(CertCandidate.status == "registered",
                                                         CertSession.oral_on >= first, CertSession.oral_on <= last)
    certifications = db.session.scalar(select(func.count()).select_from(
        held.where(CertCandidate.kind == "full").subquery())) or 0
    makeup_cents = db.session.scalar(select(func.coalesce(func.sum(CertCandidate.price_cents), 0)).join(CertSession)
                                     .where(CertCandidate.status == "registered", CertCandidate.kind == "makeup",
                                            CertSession.oral_on >= first, CertSession.oral_on <= last)) or 0
    starts = select(Course.code, Period.starts_on, Course.starts_on).join(Period)
    late = _late(db.session.execute(starts.where(Course.starts_on >= first, Course.starts_on <= last)).all())
    before = _late(db.session.execute(starts.where(Course.starts_on < first)).all())
    per_day = rules.per_thousand(contract_cents, rules.LATE_PENALTY_PER_THOUSAND)
    figures = rules.contract_figures(len(completed), certifications, makeup_cents, [item.days for item in late],
                                     course_cents, cert_cents, contract_cents,
                                     penalties_before_cents=per_day * sum(item.days for item in before))
    report = db.session.scalar(select(ContractReport).where(ContractReport.half_start == first))
    return Semester(year, half, first, last, figures, completed, late,
                    rules.report_deadline(year, half, settings().patron),
                    report.received_on if report else None, course_cents, cert_cents, contract_cents, per_day)


def deadline_state(deadline: Deadline, done_on: date | None, today: date | None = None) -> str:
    """done | late | overdue | open, as the other deadlines of the service."""
    return rules.Deadline(deadline.due_on, done_on).state(today_or(today))


def record_report(actor, year: int, half: int, today: date | None = None) -> ContractReport:
    """The DEC records that the provider's report of a semester has arrived (only once the semester is over)."""
    today = today_or(today)
    first, last = rules.half_year(year, half)
    if today <= last:
        raise RuleViolation(_l("The report comes after the semester ends."))
    if db.session.scalar(select(ContractReport.id).where(ContractReport.half_start == first)):
        raise RuleViolation(_l("The report of this semester has been recorded already."))
    report = ContractReport(half_start=first, received_on=today, recorded_by_id=actor.id)
    db.session.add(report)
    db.session.flush()
    audit.record("courses.contract_report_received", actor=actor, half=f"{year}-{half}")
    return report


def semester_csv(data: Semester) -> str:
    figures = data.figures
    rows = [["corsi_completati", figures.courses, csv_amount(data.course_cents), csv_amount(figures.courses_cents)],
            ["certificazioni", figures.certifications, csv_amount(data.cert_cents),
             csv_amount(figures.certifications_cents)],
            ["recuperi_prove", "", "", csv_amount(figures.makeup_cents)],
            ["totale_netto", "", "", csv_amount(figures.gross_cents)],
            ["ritenuta_0_5", "", "", csv_amount(-figures.retention_cents)],
            ["penale_ritardato_avvio", figures.late_days, "", csv_amount(-figures.penalty_cents)],
            ["da_liquidare", "", "", csv_amount(figures.payable_cents)]]
    return csvio.write_rows(["voce", "quantita", "prezzo_unitario", "importo"], rows)
