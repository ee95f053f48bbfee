"""End-of-course exams (point 5): sittings with turns and a registration window, examiners, registration of the
students with Italian in their study plan (a turn's seats never over capacity), results, the export for the
university's exam system, and accommodations: health-related, apart, read only by the office and the sitting's
examiners, every opening audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.core import audit, csvio
from portal.core.calendar import rome_wall_clock_to_utc, to_rome
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.courses import rules
from portal.courses.models import (
    ExamAccommodation,
    ExamExaminer,
    ExamRegistration,
    ExamSitting,
    ExamTurn,
    PlanStudent,
)
from portal.courses.services._common import OFFICE_ROLES, is_office, today_or
from portal.extensions import db

EXPORT_COLUMNS = ("matricola", "surname_name", "email", "level", "sitting", "date", "outcome", "grade", "oral")
TURN_MINUTES = (30, 480)
TURN_SEATS = (1, 500)
PLAN_AHEAD_DAYS = 730


def italian_in_plan(user) -> bool:
    return user.has_role("studente") and bool(user.matricola) and db.session.scalar(
        select(PlanStudent.id).where(PlanStudent.matricola == user.matricola)) is not None


def is_examiner(user, sitting: ExamSitting) -> bool:
    return db.session.scalar(select(ExamExaminer.id).where(ExamExaminer.sitting_id == sitting.id,
                                                           ExamExaminer.user_id == user.id)) is not None


def sitting_for(user, sitting_id: int) -> ExamSitting:
    """The office and the sitting's examiners open a sitting's page; anyone else: 404."""
    sitting = db.get_or_404(ExamSitting, sitting_id)
    if not (is_office(user) or is_examiner(user, sitting)):
        abort(404)
    return sitting


def sittings_of(user, today: date | None = None) -> list[ExamSitting]:
    """The office: every sitting; a teacher: those they examine; a learner: those still to come."""
    today = today_or(today)
    query = select(ExamSitting).options(selectinload(ExamSitting.turns)).order_by(ExamSitting.opens_on.desc())
    if is_office(user):
        return list(db.session.scalars(query))
    if user.has_role("docente"):
        return list(db.session.scalars(query.join(ExamExaminer).where(ExamExaminer.user_id == user.id)))
    return [sitting for sitting in db.session.scalars(query)
            if sitting.turns and to_rome(sitting.turns[-1].starts).date() >= today]


def _check_levels(levels: list[str]) -> str:
    if not levels or any(level not in rules.LEVELS for level in levels):
        raise RuleViolation(_l("Choose the levels of the sitting."), "levels")
    return " ".join(level for level in rules.LEVELS if level in levels)


def _check_turn(minutes: int, capacity: int, mode: str, day: date) -> None:
    if day > today_or(None) + timedelta(days=PLAN_AHEAD_DAYS):
        raise RuleViolation(_l("Plan a sitting at most two years ahead."), "day")
    if mode not in rules.MODES:
        raise RuleViolation(_l("Choose how the turn is held."), "mode")
    if not TURN_MINUTES[0] <= minutes <= TURN_MINUTES[1]:
        raise RuleViolation(_l("A turn lasts from 30 to 480 minutes."), "minutes")
    if not TURN_SEATS[0] <= capacity <= TURN_SEATS[1]:
        raise RuleViolation(_l("The seats must be between %(low)d and %(high)d.", low=TURN_SEATS[0],
                               high=TURN_SEATS[1]), "capacity")


def create_sitting(actor, title: str, levels: list[str], opens_on: date, closes_on: date, day: date, starts: str,
                   minutes: int, mode: str, place: str, capacity: int) -> ExamSitting:
    """A sitting with its first turn; more turns (another room, online on another day) are added after."""
    level_text = _check_levels(levels)
    rules.check_exam_window(opens_on, closes_on, day)
    _check_turn(minutes, capacity, mode, day)
    sitting = ExamSitting(title=title, levels=level_text, opens_on=opens_on, closes_on=closes_on)
    db.session.add(sitting)
    db.session.flush()
    _add_turn_row(sitting, day, starts, minutes, mode, place, capacity)
    audit.record("courses.exam_sitting_created", actor=actor, sitting=sitting.id)
    return sitting


def _add_turn_row(sitting, day, starts, minutes, mode, place, capacity) -> ExamTurn:
    hour, minute = (int(part) for part in starts.split(":"))
    turn = ExamTurn(sitting_id=sitting.id, starts=rome_wall_clock_to_utc(day, hour, minute), minutes=minutes,
                    mode=mode, place=place, capacity=capacity, seats_taken=0)
    db.session.add(turn)
    db.session.flush()
    return turn


def add_turn(actor, sitting: ExamSitting, day: date, starts: str, minutes: int, mode: str, place: str,
             capacity: int) -> ExamTurn:
    rules.check_exam_window(sitting.opens_on, sitting.closes_on, day)
    _check_turn(minutes, capacity, mode, day)
    turn = _add_turn_row(sitting, day, starts, minutes, mode, place, capacity)
    audit.record("courses.exam_turn_added", actor=actor, sitting=sitting.id)
    return turn


def add_examiner(actor, sitting: ExamSitting, teacher_id: int) -> User:
    from portal.courses.services.planning import teachers

    teacher = next((person for person in teachers() if person.id == teacher_id), None)
    if teacher is None:
        raise RuleViolation(_l("Choose one of the teachers."), "teacher")
    if is_examiner(teacher, sitting):
        raise RuleViolation(_l("This teacher examines at this sitting already."), "teacher")
    db.session.add(ExamExaminer(sitting_id=sitting.id, user_id=teacher.id))
    db.session.flush()
    audit.record("courses.examiner_added", user=teacher, actor=actor, sitting=sitting.id)
    return teacher


def examiners(sitting: ExamSitting) -> list[User]:
    return list(db.session.scalars(select(User).join(ExamExaminer, ExamExaminer.user_id == User.id)
                                   .where(ExamExaminer.sitting_id == sitting.id).order_by(User.full_name)))


def registration_of(user, sitting: ExamSitting) -> ExamRegistration | None:
    return db.session.scalar(select(ExamRegistration).where(ExamRegistration.sitting_id == sitting.id,
                                                            ExamRegistration.user_id == user.id))


def register(user, sitting: ExamSitting, turn_id: int, level: str, graduating: bool,
             today: date | None = None) -> ExamRegistration:
    """A student with Italian in the plan takes a seat in a turn (never over its capacity) at one level."""
    today = today_or(today)
    if not italian_in_plan(user):
        raise RuleViolation(_l("The end-of-course exam is for students with Italian in their study plan."))
    rules.check_exam_open(today, sitting.opens_on, sitting.closes_on)
    if level not in sitting.level_list:
        raise RuleViolation(_l("Choose one of the sitting's levels."), "level")
    turn = next((turn for turn in sitting.turns if turn.id == turn_id), None)
    if turn is None:
        raise RuleViolation(_l("Choose one of the sitting's turns."), "turn")
    registration = registration_of(user, sitting)
    # a withdrawn registration comes back in one conditional write: two taps at once never take two seats for it
    if registration is not None and not update_if(registration, {"status": "registered"},
                                                  ExamRegistration.status != "registered"):
        raise RuleViolation(_l("You are registered for this sitting already."))
    if not update_if(turn, {"seats_taken": ExamTurn.seats_taken + 1}, ExamTurn.seats_taken < ExamTurn.capacity):
        raise RuleViolation(_l("This turn is full: choose another one."), "turn")
    if registration is None:
        registration = ExamRegistration(sitting_id=sitting.id, user_id=user.id)
        db.session.add(registration)
    registration.turn_id, registration.level, registration.graduating = turn.id, level, graduating
    registration.status = "registered"
    db.session.flush()
    audit.record("courses.exam_registered", user=user, actor=user, sitting=sitting.id)
    return registration


def withdraw(user, registration: ExamRegistration, today: date | None = None) -> ExamRegistration:
    today = today_or(today)
    rules.check_exam_open(today, registration.sitting.opens_on, registration.sitting.closes_on)
    # the status flips first, conditionally: of two withdrawals at once only one gives a seat back
    if not update_if(registration, {"status": "withdrawn"}, ExamRegistration.status == "registered"):
        raise RuleViolation(_l("You have withdrawn already."))
    if not update_if(registration.turn, {"seats_taken": ExamTurn.seats_taken - 1}, ExamTurn.seats_taken > 0):
        raise RuleViolation(_l("This turn has no seat to give back."))
    audit.record("courses.exam_withdrawn", user=registration.user, actor=user, sitting=registration.sitting_id)
    return registration


def registrations(sitting: ExamSitting) -> list[ExamRegistration]:
    return list(db.session.scalars(select(ExamRegistration).where(ExamRegistration.sitting_id == sitting.id,
                                                                  ExamRegistration.status == "registered")
                                   .options(selectinload(ExamRegistration.user), selectinload(ExamRegistration.turn))
                                   .join(User, User.id == ExamRegistration.user_id)
                                   .order_by(ExamRegistration.level, User.full_name)))


def record_result(actor, registration: ExamRegistration, outcome: str, grade: int | None, oral: str | None,
                  today: date | None = None) -> ExamRegistration:
    """The sitting's examiners record results (a teacher who does not examine there: 404)."""
    if not is_examiner(actor, registration.sitting):
        abort(404)
    if registration.status != "registered":
        raise RuleViolation(_l("This person has withdrawn."))
    rules.check_result(outcome, grade, oral, registration.graduating)
    registration.outcome, registration.grade, registration.oral = outcome, grade, oral
    registration.result_by_id, registration.result_on = actor.id, today_or(today)
    audit.record("courses.exam_result", user=registration.user, actor=actor, sitting=registration.sitting_id)
    return registration


# -- accommodations: health-related ---------------------------------------------------------------------------


def set_accommodation(actor, person: User, kind: str, extra_percent: int, oral_instead: bool,
                      quiet_room: bool) -> ExamAccommodation:
    """Recorded once per person by the office (changed there too); every sitting of theirs shows it to its
    examiners."""
    if not actor.has_role(*OFFICE_ROLES):
        abort(404)
    rules.check_accommodation(kind, extra_percent)
    row = db.session.scalar(select(ExamAccommodation).where(ExamAccommodation.user_id == person.id))
    if row is None:
        row = ExamAccommodation(user_id=person.id)
        db.session.add(row)
    row.kind, row.extra_percent, row.oral_instead, row.quiet_room = kind, extra_percent, oral_instead, quiet_room
    row.recorded_by_id = actor.id
    db.session.flush()
    audit.record("courses.accommodation_set", user=person, actor=actor)
    return row


def open_accommodations(actor, sitting: ExamSitting) -> dict[int, ExamAccommodation]:
    """The accommodations of the people registered for a sitting, by user id: the office and the sitting's examiners
    only (anyone else: 404), audited at every opening."""
    if not (actor.has_role(*OFFICE_ROLES) or is_examiner(actor, sitting)):
        abort(404)
    rows = db.session.scalars(select(ExamAccommodation).join(
        ExamRegistration, ExamRegistration.user_id == ExamAccommodation.user_id).where(
        ExamRegistration.sitting_id == sitting.id, ExamRegistration.status == "registered"))
    found = {row.user_id: row for row in rows}
    audit.record("courses.accommodations_opened", actor=actor, sitting=sitting.id, count=len(found))
    return found


@dataclass(frozen=True)
class Export:
    filename: str
    body: str


def export_results(actor, sitting: ExamSitting, columns: list[str] | None = None) -> Export:
    """The results for the university's exam system: the setting's columns (or the office's choice), formula-safe."""
    chosen = [column for column in (columns or current_app.config["PORTAL_COURSES_EXAM_EXPORT_COLUMNS"])
              if column in EXPORT_COLUMNS]
    if not chosen:
        raise RuleViolation(_l("Choose at least one column."), "columns")
    first_day = to_rome(sitting.turns[0].starts).date() if sitting.turns else sitting.closes_on

    def value(registration: ExamRegistration, column: str) -> object:
        person = registration.user
        return {"matricola": person.matricola or "", "surname_name": person.full_name, "email": person.email,
                "level": registration.level, "sitting": sitting.title,
                "date": to_rome(registration.turn.starts).date().isoformat(), "outcome": registration.outcome or "",
                "grade": "" if registration.grade is None else registration.grade,
                "oral": registration.oral or ""}[column]

    body = csvio.write_rows(chosen, ([value(r, column) for column in chosen] for r in registrations(sitting)))
    audit.record("courses.exam_results_exported", actor=actor, sitting=sitting.id)
    return Export(f"esiti-italiano-{first_day.isoformat()}-{sitting.id}.csv", body)


def first_turn(sitting: ExamSitting) -> datetime | None:
    return sitting.turns[0].starts if sitting.turns else None
