"""The CAF's work: the queue, the check and the outcome."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.caf import rules
from portal.caf.models import Event, Practice, Report, Student
from portal.caf.services._common import _cfg, _event, _lock, _mail_student, rule_set
from portal.caf.services.practices import _age, _check_birth_dates
from portal.caf.services.reference import consular_certificate_only, rates_for
from portal.caf.services.students import _freeze_identifiers
from portal.caf.services.transmission import send_by
from portal.core.calendar import rome_wall_clock_to_utc, to_rome, today_in_rome
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

# -- the CAF's work: queue, check, outcome -------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    office_id: int | None = None
    waiting_student: bool = False
    older_than_days: int | None = None
    due_within_days: int | None = None  # open practices to answer within this many days; -1: overdue
    q: str = ""


CAF_TURN = ("submitted", "in_review")  # the practice waits for the CAF, not for the student


def answer_due(practice: Practice) -> date | None:
    """When the CAF answers the practice by; None when it is not the CAF's turn (drafts, waiting, decided)."""
    if practice.status not in CAF_TURN or practice.first_submitted_at is None:
        return None
    return rules.answer_due(to_rome(practice.first_submitted_at).date(), _cfg("ANSWER_DAYS"))


def _submitted_before_end_of(day: date) -> datetime:
    return rome_wall_clock_to_utc(day + timedelta(days=1), 0)


def queue(filters: QueueFilter, limit: int = 200) -> list[Practice]:
    query = (select(Practice).where(Practice.status != "draft").join(Practice.student).join(Student.user)
             .options(joinedload(Practice.student).joinedload(Student.user)))
    if filters.status:
        query = query.where(Practice.status == filters.status)
    if filters.waiting_student:
        query = query.where(Practice.status == "waiting_student")
    if filters.office_id:
        query = query.where(Practice.office_id == filters.office_id)
    if filters.older_than_days:
        query = query.where(Practice.first_submitted_at <= utcnow() - timedelta(days=filters.older_than_days))
    if filters.due_within_days is not None:
        today = today_in_rome()
        due_by = today - timedelta(days=1) if filters.due_within_days < 0 else today + timedelta(
            days=filters.due_within_days)
        last_day = rules.last_submission_due_by(due_by, _cfg("ANSWER_DAYS"))
        query = query.where(Practice.status.in_(CAF_TURN),
                            Practice.first_submitted_at < _submitted_before_end_of(last_day))
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        query = query.where(or_(func.lower(User.full_name).like(like), Practice.number.like(like),
                                Student.codice_persona.like(like), Student.matricola.like(like)))
    order = (Practice.status.in_(("concluded",)), Practice.first_submitted_at)
    return list(db.session.scalars(query.order_by(*order).limit(limit)))


def queue_counts() -> dict[str, int]:
    return dict(db.session.execute(select(Practice.status, func.count()).group_by(Practice.status)).all())


def take(actor: User, practice: Practice) -> None:
    if practice.status not in ("submitted", "waiting_student"):
        raise RuleViolation(_l("This practice is not waiting for the CAF."))
    practice.status, practice.assigned_to_id = "in_review", actor.id
    _event(actor, practice, "in_review")
    db.session.flush()


def household_of(practice: Practice, rule_set_: rules.RuleSet) -> rules.Household:
    """The practice's figures as the calculation wants them (the student alone when independent)."""
    members = list(practice.members)
    student = next(member for member in members if member.relationship_to_student == "student")
    if independent(practice, rule_set_):
        members = [student]
    ids = {member.id for member in members}
    today = today_in_rome()
    parents = [m for m in members if m.relationship_to_student == "parent"]
    children = [m for m in members if m.relationship_to_student in (("student", "sibling") if parents else ("child",))]
    return rules.Household(
        members=len(members),
        incomes=tuple(rules.Amount(line.amount, line.currency, line.member.full_name)
                      for line in practice.incomes if line.member_id in ids),
        italian_income=Decimal(practice.italian_income_cents) / 100,
        building_square_metres=tuple(line.square_metres for line in practice.buildings
                                     if line.member_id in ids and not line.is_land),
        movables=tuple(rules.Amount(line.amount, line.currency, line.description or line.member.full_name)
                       for line in practice.movables if line.member_id in ids),
        children=len(children),
        minor_children=any(_age(m.birth_date, today) < 18 for m in children),
        child_under_3=any(_age(m.birth_date, today) < 3 for m in children),
        both_parents_worked=practice.both_parents_worked and len(parents) >= 2,
        disabled_members=sum(1 for m in members if m.disabled),
        rent_paid=Decimal(practice.rent_paid_cents) / 100,
    )


def independent(practice: Practice, rule_set_: rules.RuleSet) -> bool:
    return rules.is_independent_student(
        rule_set_, practice.years_away, practice.family_owns_dwelling,
        (Decimal(practice.own_income_last_year_cents) / 100, Decimal(practice.own_income_year_before_cents) / 100))


def preview(practice: Practice) -> rules.Result:
    """The calculation with today's figures and rates (nothing stored)."""
    rule_set_ = rule_set(practice.rule_year)
    return rules.calculate(rule_set_, household_of(practice, rule_set_), rates_for(rule_set_.income_year))


def decide(actor: User, practice: Practice, findings: set[str]) -> Report:
    """The operator's outcome from the checklist: the case, the state for the university, the figures."""
    practice = _lock(practice)
    if practice.status not in ("in_review", "submitted"):
        raise RuleViolation(_l("Take the practice in review before deciding its outcome."))
    if not any(member.relationship_to_student == "student" for member in practice.members):
        raise RuleViolation(_l("The practice has no student member."))
    _check_birth_dates(practice)
    _freeze_identifiers(practice)
    if practice.codice_persona is None and practice.matricola is None:
        raise RuleViolation(_l("Link the student's codice persona or matricola first: the university identifies the "
                               "outcome by them."))
    consular = consular_certificate_only(practice)
    case = rules.case_of(findings)
    outcome = rules.outcome(practice.channel, case, consular)
    result = preview(practice) if outcome.computed else None
    practice.findings = ",".join(sorted(findings))
    practice.case, practice.consular_certificate = case, consular
    _store_result(practice, outcome, result)
    practice.status = "awaiting_originals" if outcome.needs_originals else "concluded"
    practice.concluded_at = None if outcome.needs_originals else utcnow()
    report = _report(actor, practice)
    _event(actor, practice, "outcome", f"case {case}: {outcome.state}{' NUL' if outcome.nul else ''}")
    db.session.flush()
    _mail_student(practice, "caf_outcome", report=report, needs_originals=outcome.needs_originals,
                  send_by=send_by(report))
    return report


def confirm_originals(actor: User, practice: Practice, originals_match: bool) -> Report:
    """After the in-person check of the originals; when they differ the figures were corrected first."""
    practice = _lock(practice)
    outcome = rules.outcome_after_originals(practice.university_state or "", originals_match,
                                            practice.consular_certificate)
    result = preview(practice) if outcome.computed else None
    _store_result(practice, outcome, result)
    practice.status, practice.concluded_at = "concluded", utcnow()
    report = _report(actor, practice)
    _event(actor, practice, "originals_checked", outcome.state)
    db.session.flush()
    _mail_student(practice, "caf_outcome", report=report, needs_originals=False, send_by=send_by(report))
    return report


def _store_result(practice: Practice, outcome: rules.Outcome, result: rules.Result | None) -> None:
    practice.university_state, practice.nul, practice.anomaly = outcome.state, outcome.nul, outcome.anomaly
    practice.iseeu_cents = result.iseeu_cents if result else None
    practice.ispeu_cents = result.ispeu_cents if result else None
    practice.calculation = json.dumps(result.figures()) if result else ""


def _report(actor: User, practice: Practice) -> Report:
    """What the university receives, with a copy of the identifiers and figures it was decided for."""
    figures = calculation_of(practice) or {}
    report = Report(practice_id=practice.id, state=practice.university_state, nul=practice.nul,
                    anomaly=practice.anomaly, consular_certificate=practice.consular_certificate,
                    iseeu_cents=practice.iseeu_cents, ispeu_cents=practice.ispeu_cents,
                    release_date=release_date(practice), decided_by_id=actor.id,
                    codice_persona=practice.codice_persona, matricola=practice.matricola,
                    members=figures.get("members"), scale=Decimal(figures["scale"]) if "scale" in figures else None,
                    isr_cents=figures.get("isr_cents"), isp_cents=figures.get("isp_cents"),
                    ise_cents=figures.get("ise_cents"), findings=practice.findings)
    db.session.add(report)
    return report


def release_date(practice: Practice) -> date:
    """The date of the first submission for remote practices; the day of the decision in person."""
    moment = practice.first_submitted_at if practice.channel == "remote" else utcnow()
    return to_rome(moment or utcnow()).date()


def calculation_of(practice: Practice) -> dict | None:
    return json.loads(practice.calculation) if practice.calculation else None


def events_of(practice: Practice) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.practice_id == practice.id)
                                   .options(joinedload(Event.actor)).order_by(Event.at, Event.id)))


def reports_of(practice: Practice) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.practice_id == practice.id)
                                   .options(joinedload(Report.transmission)).order_by(Report.decided_at, Report.id)))
