"""LIS interpreting for the institution's events (tender par. 27.2): a yearly pool of 10 hours, asked for by the
institution's offices (staff members) or the DEC, never exceeded; the pool's row changes only through one
conditional UPDATE, so two requests at once can never pass it together."""

from __future__ import annotations

from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core import audit
from portal.core.rows import insert_missing, update_if
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import LisEvent, LisEventPool, Operator, TutoringSession
from portal.tutoring.services._common import COORDINATOR, DEC, today

OFFICE = "dipendente"  # a staff member of one of the institution's offices
SEE_ALL = (DEC, COORDINATOR)


def pool_of(year: int) -> LisEventPool:
    insert_missing(LisEventPool, [{"year": year, "booked_minutes": 0}], ["year"])
    return db.session.scalar(select(LisEventPool).where(LisEventPool.year == year))


def ask(actor, title: str, office: str, place: str, day: date, starts: time, ends: time) -> LisEvent:
    minutes = rules.check_event(day, starts, ends, today())
    if not title.strip() or not office.strip():
        raise RuleViolation(_l("Say what the event is and which office asks."), field="title")
    pool = pool_of(day.year)
    rules.check_pool(minutes, pool.booked_minutes)
    if not update_if(pool, {"booked_minutes": LisEventPool.booked_minutes + minutes},
                     LisEventPool.booked_minutes + minutes <= rules.LIS_EVENT_POOL_MINUTES):
        db.session.refresh(pool)
        rules.check_pool(minutes, pool.booked_minutes)
        raise RuleViolation(_l("This event would pass the year's 10 hours for events."), field="starts")
    event = LisEvent(pool_id=pool.id, title=title.strip(), office=office.strip(), place=place.strip(), day=day,
                     starts=starts, ends=ends, minutes=minutes, requested_by_id=actor.id)
    db.session.add(event)
    db.session.flush()
    audit.record("tutoring.event_asked", actor=actor, lis_event=event.id, day=day.isoformat(), minutes=minutes)
    return event


def event_for(user, event_id: int) -> LisEvent | None:
    """An event the user may see: their own, or any for the DEC and the coordinator."""
    event = db.session.get(LisEvent, event_id)
    if event is None or not (user.has_role(*SEE_ALL) or event.requested_by_id == user.id):
        return None
    return event


def cancel(actor, event: LisEvent) -> None:
    """The office that asked, or the DEC, cancels before the day: the hours go back to the pool."""
    if not (actor.has_role(DEC) or event.requested_by_id == actor.id):
        raise RuleViolation(_l("Only the office that asked, or the DEC, cancels it."), field="status")
    if event.status != "booked" or event.day <= today():
        raise RuleViolation(_l("Only a booked event, before its day, can be cancelled."), field="status")
    if not update_if(event, {"status": "cancelled"}, LisEvent.status == "booked"):
        raise RuleViolation(_l("Only a booked event, before its day, can be cancelled."), field="status")
    pool = db.session.get(LisEventPool, event.pool_id)
    update_if(pool, {"booked_minutes": LisEventPool.booked_minutes - event.minutes})
    audit.record("tutoring.event_cancelled", actor=actor, lis_event=event.id)


def events_for(user, year: int) -> list[LisEvent]:
    query = select(LisEvent).join(LisEventPool).where(LisEventPool.year == year)
    if not user.has_role(*SEE_ALL):
        query = query.where(LisEvent.requested_by_id == user.id)
    return list(db.session.scalars(query.order_by(LisEvent.day, LisEvent.starts)))


def events_of_operator(operator: Operator | None, day) -> list[LisEvent]:
    """The booked events the operator interprets, from `day` on."""
    if operator is None:
        return []
    return list(db.session.scalars(select(LisEvent).where(LisEvent.operator_id == operator.id,
                                                          LisEvent.status == "booked", LisEvent.day >= day)
                                   .order_by(LisEvent.day, LisEvent.starts)))


def pool_left(year: int) -> int:
    booked = db.session.scalar(select(LisEventPool.booked_minutes).where(LisEventPool.year == year)) or 0
    return rules.LIS_EVENT_POOL_MINUTES - booked


def busy_at(operator_id: int, day, starts: time, ends: time, except_event: int | None = None) -> dict | None:
    """What keeps the operator busy at that time, {'starts': 'HH:MM', 'ends': 'HH:MM'}, or None: a session that occupies them or an
    event they interpret. Called while the operator's row is locked (`lock_operator`), so what it says holds until
    the caller's transaction ends."""
    taken = [(row.starts, row.ends) for row in db.session.scalars(select(TutoringSession).where(
        TutoringSession.operator_id == operator_id, TutoringSession.day == day,
        TutoringSession.status.in_(rules.OCCUPYING)))]
    taken += [(row.starts, row.ends) for row in db.session.scalars(select(LisEvent).where(
        LisEvent.operator_id == operator_id, LisEvent.day == day, LisEvent.status == "booked",
        LisEvent.id != (except_event or 0)))]
    for other_starts, other_ends in sorted(taken):
        if rules.overlaps(starts, ends, other_starts, other_ends):
            return {"starts": other_starts.strftime("%H:%M"), "ends": other_ends.strftime("%H:%M")}
    return None


def lock_operator(operator_id: int) -> Operator | None:
    """The operator's row is the lock of the operator's timetable (sessions and events alike; SQLite: the write
    transaction begins IMMEDIATE)."""
    return db.session.scalar(select(Operator).where(Operator.id == operator_id).with_for_update())


def assign_interpreter(actor, event: LisEvent, operator_id: int | None) -> LisEvent:
    """The coordinator sends an operator with the LIS qualification to a booked event, from today on, when the
    operator is free then (no session of theirs, no other event)."""
    if not actor.has_role(COORDINATOR):
        raise RuleViolation(_l("Only the coordinator assigns the interpreter."), field="operator_id")
    if event.status != "booked" or event.day < today():
        raise RuleViolation(_l("Only a booked event, from today on, gets an interpreter."), field="operator_id")
    operator = lock_operator(operator_id) if operator_id else None
    if operator is None:
        raise RuleViolation(_l("Choose an operator."), field="operator_id")
    rules.check_operator_for("lis", operator.lis_qualified)
    if event.operator_id == operator.id:
        raise RuleViolation(_l("This interpreter is already assigned to the event."), field="operator_id")
    clash = busy_at(operator.id, event.day, event.starts, event.ends, except_event=event.id)
    if clash is not None:
        raise RuleViolation(_l("The operator already has a session or an event from %(starts)s to %(ends)s that day.",
                               **clash),
                            field="operator_id")
    if not update_if(event, {"operator_id": operator.id}, LisEvent.status == "booked"):
        raise RuleViolation(_l("Only a booked event, from today on, gets an interpreter."), field="operator_id")
    db.session.expire(event, ["operator"])
    audit.record("tutoring.event_interpreter", actor=actor, lis_event=event.id, operator=operator.id)
    return event
