"""Enrolment: a seat while there is one (never over capacity), else the waiting list, which moves by itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core import audit, mail
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.courses import rules
from portal.courses.models import Course, Enrolment, Period, PlanStudent
from portal.courses.services._common import settings, today_or
from portal.extensions import db


def priority_group_of(user) -> str | None:
    in_plan = bool(user.matricola) and db.session.scalar(
        select(PlanStudent.id).where(PlanStudent.matricola == user.matricola)) is not None
    return rules.priority_group(user.has_role("studente"), in_plan, user.has_role("dipendente"))


def rank_of(user) -> int:
    group = priority_group_of(user)
    if group is None:
        raise RuleViolation(_l("Italian courses are for students and staff of the university."))
    return rules.priority_rank(group, settings().priority)


def opens_for_user(user, period: Period) -> date | None:
    group = priority_group_of(user)
    if group is None:
        return None
    current = settings()
    return rules.opens_for(period.enrolment_opens_on, rules.priority_rank(group, current.priority),
                           current.priority_days)


def enrolment_in(user, period_id: int) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.period_id == period_id,
                                                     Enrolment.user_id == user.id))


def enrolments_of(user) -> list[Enrolment]:
    return list(db.session.scalars(select(Enrolment).join(Course).join(Period)
                                   .where(Enrolment.user_id == user.id, Enrolment.status != "withdrawn")
                                   .order_by(Period.starts_on.desc())))


def _take_seat(course: Course) -> bool:
    return update_if(course, {"seats_taken": Course.seats_taken + 1}, Course.seats_taken < Course.capacity)


def _free_seat(course: Course) -> None:
    if not update_if(course, {"seats_taken": Course.seats_taken - 1}, Course.seats_taken > 0):
        raise RuleViolation(_l("This course has no seat to give back."))


def enrol(user, course: Course, today: date | None = None) -> Enrolment:
    """A seat if one is free and nobody waits before; the waiting list otherwise. One enrolment per period."""
    today = today_or(today)
    period = course.period
    rank = rank_of(user)
    current = settings()
    rules.check_may_enrol(today, period.enrolment_opens_on, rank, current.priority_days, course.starts_on,
                          period.ends_on)
    enrolment = enrolment_in(user, period.id)
    if enrolment is not None and enrolment.status != "withdrawn":
        raise RuleViolation(_l("You are already in a course of this period: withdraw from it first."))
    waiting_before = db.session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.course_id == course.id, Enrolment.status == "waiting", Enrolment.rank <= rank)) or 0
    seated = waiting_before == 0 and _take_seat(course)
    if enrolment is None:
        enrolment = Enrolment(period_id=period.id, user_id=user.id)
        db.session.add(enrolment)
    else:  # back after withdrawing: a new place in the queue (a new row keeps the order by id)
        db.session.delete(enrolment)
        db.session.flush()
        enrolment = Enrolment(period_id=period.id, user_id=user.id)
        db.session.add(enrolment)
    enrolment.course_id = course.id
    enrolment.rank = rank
    enrolment.status = "enrolled" if seated else "waiting"
    enrolment.enrolled_on = today if seated else None
    db.session.flush()
    audit.record("courses.enrolled" if seated else "courses.waiting", user=user, actor=user, course=course.id)
    return enrolment


def promote(course: Course, today: date | None = None) -> list[Enrolment]:
    """Give free seats to the waiting list, in priority then arrival order."""
    today = today_or(today)
    waiting = list(db.session.scalars(select(Enrolment).where(Enrolment.course_id == course.id,
                                                              Enrolment.status == "waiting")))
    by_id = {entry.id: entry for entry in waiting}
    seated = []
    for entry_id in rules.waiting_order(rules.Waiting(e.id, e.rank, e.id) for e in waiting):
        if not _take_seat(course):
            break
        entry = by_id[entry_id]
        entry.status, entry.enrolled_on = "enrolled", today
        audit.record("courses.seat_from_waiting_list", user=entry.user, course=course.id)
        mail.enqueue(entry.user.email, entry.user.locale, "courses_seat_found", user=entry.user, course=course,
                     link=mail.link_to("courses.home"))
        seated.append(entry)
    db.session.flush()
    return seated


def withdraw(user, enrolment: Enrolment, today: date | None = None) -> Enrolment:
    if enrolment.status == "withdrawn":
        raise RuleViolation(_l("You have withdrawn already."))
    course = enrolment.course
    held_seat = enrolment.status == "enrolled"
    enrolment.status = "withdrawn"
    db.session.flush()
    if held_seat:
        _free_seat(course)
        promote(course, today)
    audit.record("courses.withdrawn", user=enrolment.user, actor=user, course=course.id)
    return enrolment


def move(actor, enrolment: Enrolment, target: Course, today: date | None = None) -> Enrolment:
    """The office moves someone with a seat to another class of the same period; the attendance marks stay (they
    name the meetings), and the new class's earlier meetings are 'not expected'."""
    today = today_or(today)
    if enrolment.status != "enrolled":
        raise RuleViolation(_l("Only someone with a seat can be moved."), "course")
    old = enrolment.course
    if target.id == old.id or target.period_id != old.period_id:
        raise RuleViolation(_l("Choose another class of the same period."), "course")
    if not _take_seat(target):
        raise RuleViolation(_l("That class is full."), "course")
    _free_seat(old)
    enrolment.course_id, enrolment.enrolled_on = target.id, today
    db.session.flush()
    db.session.expire(enrolment, ["course"])
    promote(old, today)
    audit.record("courses.moved", user=enrolment.user, actor=actor, course=target.id, from_course=old.id)
    return enrolment


def waiting_position(enrolment: Enrolment) -> int | None:
    if enrolment.status != "waiting":
        return None
    waiting = db.session.execute(select(Enrolment.id, Enrolment.rank).where(
        Enrolment.course_id == enrolment.course_id, Enrolment.status == "waiting")).all()
    order = rules.waiting_order(rules.Waiting(row.id, row.rank, row.id) for row in waiting)
    return order.index(enrolment.id) + 1


@dataclass(frozen=True)
class SeatLine:
    id: int
    code: str
    level: str
    mode: str
    pattern: str
    starts_on: date
    capacity: int
    taken: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


def seat_board(period_id: int) -> list[SeatLine]:
    """Every course of a period with its free seats and waiting list: two queries, the same for everybody."""
    waiting = dict(db.session.execute(select(Enrolment.course_id, func.count(Enrolment.id))
                                      .where(Enrolment.period_id == period_id, Enrolment.status == "waiting")
                                      .group_by(Enrolment.course_id)).all())
    rows = db.session.execute(select(Course).where(Course.period_id == period_id)
                              .order_by(Course.level, Course.code)).scalars()
    return [SeatLine(c.id, c.code, c.level, c.mode, c.pattern, c.starts_on, c.capacity, c.seats_taken,
                     waiting.get(c.id, 0)) for c in rows]


def class_list(course: Course) -> list[Enrolment]:
    return list(db.session.scalars(select(Enrolment).where(Enrolment.course_id == course.id,
                                                           Enrolment.status != "withdrawn")
                                   .order_by(Enrolment.status, Enrolment.rank, Enrolment.id)))


def set_plan_students(actor, matricole: list[str]) -> int:
    """Replace the list of matricole with Italian in the study plan (given by the university)."""
    db.session.execute(PlanStudent.__table__.delete())
    unique = sorted(set(matricole))
    if unique:
        db.session.execute(PlanStudent.__table__.insert(), [{"matricola": code} for code in unique])
    audit.record("courses.plan_students_set", actor=actor, count=len(unique))
    return len(unique)


def plan_students() -> list[str]:
    return list(db.session.scalars(select(PlanStudent.matricola).order_by(PlanStudent.matricola)))
