"""A2/B1 certification (point 6): sessions of a recognised body, candidates (the full exam or a make-up of the skills
failed or missed, priced per skill), the candidate list due 10 days before the written test, at most 100 a year
(warned), results per skill, and the body's candidate number kept across sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core import audit, csvio
from portal.core.rules import RuleViolation
from portal.courses import rules
from portal.courses.models import CertCandidate, CertNumber, CertResult, CertSession
from portal.courses.services._common import LEARNER_ROLES, today_or
from portal.extensions import db

NUMBER_MAX = 30
PLAN_AHEAD_DAYS = 730


@dataclass(frozen=True)
class Prices:
    full_cents: int
    skill_cents: int
    contract_end: date | None


def prices() -> Prices:
    config = current_app.config
    end = config["PORTAL_COURSES_CONTRACT_END"]
    return Prices(int(config["PORTAL_COURSES_CERT_PRICE_CENTS"]), int(config["PORTAL_COURSES_CERT_SKILL_PRICE_CENTS"]),
                  date.fromisoformat(end) if end else None)


def sessions(today: date | None = None, upcoming: bool = False) -> list[CertSession]:
    query = select(CertSession).order_by(CertSession.written_on.desc())
    if upcoming:
        query = query.where(CertSession.oral_on >= today_or(today)).order_by(None).order_by(CertSession.written_on)
    return list(db.session.scalars(query))


def create_session(actor, body: str, level: str, written_on: date, oral_on: date, place: str,
                   today: date | None = None) -> CertSession:
    rules.skills_of(body)
    if level not in rules.CERT_LEVELS:
        raise RuleViolation(_l("Certification is of level A2 or B1."), "level")
    today = today_or(today)
    rules.check_cert_dates(written_on, oral_on, today)
    if oral_on > today + timedelta(days=PLAN_AHEAD_DAYS):
        raise RuleViolation(_l("Plan a session at most two years ahead."), "oral_on")
    session = CertSession(body=body, level=level, written_on=written_on, oral_on=oral_on, place=place)
    db.session.add(session)
    db.session.flush()
    audit.record("courses.cert_session_created", actor=actor, session=session.id)
    return session


def year_count(session: CertSession) -> int:
    """Full certifications registered in the academic year of the session (make-ups are not new certifications)."""
    year = rules.academic_year(session.written_on)
    return db.session.scalar(select(func.count(CertCandidate.id)).join(CertSession).where(
        CertCandidate.status == "registered", CertCandidate.kind == "full",
        CertSession.written_on >= date(year, 10, 1), CertSession.written_on < date(year + 1, 10, 1))) or 0


def results_of(candidate: CertCandidate) -> dict[str, str]:
    return dict(db.session.execute(select(CertResult.skill, CertResult.outcome)
                                   .where(CertResult.candidate_id == candidate.id)).all())


@dataclass(frozen=True)
class MakeupProposal:
    previous: CertCandidate
    skills: list[str]
    price_cents: int


def makeup_proposal(user, body: str, level: str) -> MakeupProposal | None:
    """The latest exam of this body and level with failed or missed skills not made up yet: its make-up, priced per
    skill."""
    previous = db.session.scalars(select(CertCandidate).join(CertSession).where(
        CertCandidate.user_id == user.id, CertCandidate.status == "registered", CertSession.body == body,
        CertSession.level == level).order_by(CertSession.written_on.desc())).first()
    if previous is None:
        return None
    skills = rules.makeup_skills(results_of(previous), previous.skill_list)
    if not skills:
        return None
    current = prices()
    return MakeupProposal(previous, skills, rules.makeup_price(len(skills), current.skill_cents, current.full_cents))


def candidate_of(user, session: CertSession) -> CertCandidate | None:
    return db.session.scalar(select(CertCandidate).where(CertCandidate.session_id == session.id,
                                                         CertCandidate.user_id == user.id))


def register(user, session: CertSession, today: date | None = None) -> CertCandidate:
    """Students and staff register until the list is due; a make-up of what they failed or missed if they have one
    of this body and level, else the full exam. After the contract only make-ups."""
    if not user.has_role(*LEARNER_ROLES):
        raise RuleViolation(_l("Certification is for students and staff of the university."))
    existing = candidate_of(user, session)
    if existing is not None and existing.status == "registered":
        raise RuleViolation(_l("You are registered for this session already."))
    proposal = makeup_proposal(user, session.body, session.level)
    if proposal is not None and proposal.previous.session_id == session.id:
        proposal = None
    rules.check_cert_registration(today_or(today), session.written_on, session.list_sent_on is not None,
                                  proposal is not None, prices().contract_end)
    candidate = existing or CertCandidate(session_id=session.id, user_id=user.id)
    if proposal is None:
        candidate.kind, candidate.skills = "full", " ".join(rules.skills_of(session.body))
        candidate.makeup_of_id, candidate.price_cents = None, prices().full_cents
    else:
        candidate.kind, candidate.skills = "makeup", " ".join(proposal.skills)
        candidate.makeup_of_id, candidate.price_cents = proposal.previous.id, proposal.price_cents
    candidate.status = "registered"
    db.session.add(candidate)
    db.session.flush()
    audit.record("courses.cert_registered", user=user, actor=user, session=session.id, kind=candidate.kind)
    return candidate


def withdraw(user, candidate: CertCandidate, today: date | None = None) -> CertCandidate:
    session = candidate.session
    if candidate.status != "registered":
        raise RuleViolation(_l("You have withdrawn already."))
    if session.list_sent_on is not None or today_or(today) > rules.candidate_list_deadline(session.written_on).due_on:
        raise RuleViolation(_l("The candidate list has gone to the body: ask the language centre."))
    candidate.status = "withdrawn"
    audit.record("courses.cert_withdrawn", user=candidate.user, actor=user, session=session.id)
    return candidate


def candidates(session: CertSession) -> list[CertCandidate]:
    return list(db.session.scalars(select(CertCandidate).join(User, User.id == CertCandidate.user_id).where(
        CertCandidate.session_id == session.id, CertCandidate.status == "registered")
        .options(selectinload(CertCandidate.user)).order_by(User.full_name)))


def numbers(session: CertSession) -> dict[int, str]:
    """The body's candidate numbers of the people of a session, by user id."""
    return dict(db.session.execute(select(CertNumber.user_id, CertNumber.number).join(
        CertCandidate, CertCandidate.user_id == CertNumber.user_id).where(
        CertCandidate.session_id == session.id, CertNumber.body == session.body)).all())


def all_results(session: CertSession) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for candidate_id, skill, outcome in db.session.execute(
            select(CertResult.candidate_id, CertResult.skill, CertResult.outcome).join(CertCandidate)
            .where(CertCandidate.session_id == session.id)):
        found.setdefault(candidate_id, {})[skill] = outcome
    return found


def send_list(actor, session: CertSession, today: date | None = None) -> int:
    """The office sends the candidate list to the body: the deadline is done (late if after the 10 days)."""
    if session.list_sent_on is not None:
        raise RuleViolation(_l("The candidate list has been sent already."))
    count = len(candidates(session))
    if not count:
        raise RuleViolation(_l("Nobody is registered for this session."))
    session.list_sent_on = today_or(today)
    audit.record("courses.cert_list_sent", actor=actor, session=session.id, count=count)
    return count


def candidate_list_csv(actor, session: CertSession) -> tuple[str, str]:
    known = numbers(session)
    columns = ["numero_candidato", "cognome_nome", "matricola", "email", "ente", "livello", "tipo", "prove",
               "scritto", "orale"]
    rows = [[known.get(c.user_id, ""), c.user.full_name, c.user.matricola or "", c.user.email, session.body,
             session.level, "completo" if c.kind == "full" else "recupero", " ".join(c.skill_list),
             session.written_on.isoformat(), session.oral_on.isoformat()] for c in candidates(session)]
    audit.record("courses.cert_list_exported", actor=actor, session=session.id, count=len(rows))
    return f"candidati-{session.body.replace('.', '')}-{session.level}-{session.written_on.isoformat()}.csv", \
        csvio.write_rows(columns, rows)


def set_number(actor, candidate: CertCandidate, number: str) -> CertNumber:
    """The body's candidate number of a person, kept for every later session of the same body."""
    number = number.strip()
    if not number or len(number) > NUMBER_MAX:
        raise RuleViolation(_l("Write the body's candidate number (at most 30 characters)."), "number")
    body = candidate.session.body
    row = db.session.scalar(select(CertNumber).where(CertNumber.user_id == candidate.user_id, CertNumber.body == body))
    if row is None:
        row = CertNumber(user_id=candidate.user_id, body=body)
        db.session.add(row)
    row.number = number
    db.session.flush()
    audit.record("courses.cert_number_set", user=candidate.user, actor=actor, session=candidate.session_id)
    return row


def record_results(actor, candidate: CertCandidate, outcomes: dict[str, str]) -> int:
    """The body's results, one outcome per skill the candidate sat (passed, failed, absent)."""
    if candidate.status != "registered":
        raise RuleViolation(_l("This person has withdrawn."))
    given = {skill: outcome for skill, outcome in outcomes.items() if outcome}
    if not given:
        raise RuleViolation(_l("Give the outcome of at least one skill."))
    if any(skill not in candidate.skill_list or outcome not in rules.EXAM_OUTCOMES
           for skill, outcome in given.items()):
        raise RuleViolation(_l("Give an outcome for the skills this candidate sat."))
    rows = {row.skill: row for row in db.session.scalars(select(CertResult)
                                                         .where(CertResult.candidate_id == candidate.id))}
    for skill, outcome in given.items():
        if skill in rows:
            rows[skill].outcome = outcome
        else:
            db.session.add(CertResult(candidate_id=candidate.id, skill=skill, outcome=outcome))
    db.session.flush()
    audit.record("courses.cert_results", user=candidate.user, actor=actor, session=candidate.session_id)
    return len(given)


def my_candidacies(user) -> list[CertCandidate]:
    return list(db.session.scalars(select(CertCandidate).join(CertSession).where(
        CertCandidate.user_id == user.id, CertCandidate.status == "registered")
        .options(selectinload(CertCandidate.session)).order_by(CertSession.written_on.desc())))


def my_number(user, body: str) -> str | None:
    return db.session.scalar(select(CertNumber.number).where(CertNumber.user_id == user.id, CertNumber.body == body))
