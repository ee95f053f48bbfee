"""Offices, their hours and closures, and the grid of free slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.caf import rules
from portal.caf.models import Office, OfficeClosure, OfficeHours, Slot
from portal.caf.services._common import _cfg
from portal.core import audit
from portal.core.calendar import rome_wall_clock_to_utc, today_in_rome
from portal.core.rows import insert_missing
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

# -- offices and the agenda -------------------------------------------------------------------------------


def active_offices() -> list[Office]:
    return list(db.session.scalars(select(Office).where(Office.active.is_(True)).options(selectinload(Office.hours))
                                   .order_by(Office.city, Office.name)))


def closed_days(office: Office, first: date, last: date) -> set[date]:
    return set(db.session.scalars(select(OfficeClosure.day).where(
        OfficeClosure.day >= first, OfficeClosure.day <= last,
        or_(OfficeClosure.office_id.is_(None), OfficeClosure.office_id == office.id))))


def opening_slots(office: Office, day: date, closed: set[date]) -> list[time]:
    if rules.is_office_closed(day, closed, _cfg("PATRON_DAY"), _cfg("CLOSE_FERRAGOSTO_WEEK")):
        return []
    openings = [rules.Opening(hours.weekday, hours.opens, hours.closes) for hours in office.hours]
    return rules.slot_starts(day, openings, office.slot_minutes)


def ensure_slots(office: Office, first: date, last: date, closed: set[date] | None = None) -> None:
    """Create the period's slots that do not exist yet.

    Only missing rows are inserted: an INSERT, even one that adds nothing, would mark every cached slot grid as
    changed, and the grids polled by every open page would never be served from the cache.
    """
    closed = closed_days(office, first, last) if closed is None else closed
    existing = set(db.session.execute(select(Slot.day, Slot.starts_at).where(
        Slot.office_id == office.id, Slot.day >= first, Slot.day <= last)).tuples())
    rows, day = [], first
    while day <= last:
        rows += [{"office_id": office.id, "day": day, "starts_at": start, "minutes": office.slot_minutes,
                  "counters": office.counters, "booked": 0, "blocked": False}
                 for start in opening_slots(office, day, closed) if (day, start) not in existing]
        day += timedelta(days=1)
    insert_missing(Slot, rows, ["office_id", "day", "starts_at"])


@dataclass(frozen=True)
class OfficeValues:
    name: str
    address: str
    city: str
    phone: str
    email: str
    slot_minutes: int
    counters: int
    active: bool
    hours: tuple[rules.Opening, ...]


def office_for(office_id: int) -> Office | None:
    return db.session.get(Office, office_id)


def active_office(office_id: int) -> Office | None:
    """An office students may book at: None when there is none with this id or it is closed for good."""
    office = db.session.get(Office, office_id)
    return office if office is not None and office.active else None


def all_offices() -> list[Office]:
    return list(db.session.scalars(select(Office).options(selectinload(Office.hours))
                                   .order_by(Office.active.desc(), Office.city, Office.name)))


def save_office(actor: User, office: Office | None, values: OfficeValues) -> Office:
    """An office and its weekly hours; future free places follow a change of counters at once."""
    clash = db.session.scalar(select(Office.id).where(func.lower(Office.name) == values.name.lower(),
                                                      Office.id != getattr(office, "id", None)))
    if clash:
        raise RuleViolation(_l("Another office already has this name."), field="name")
    for opening in values.hours:
        if opening.closes <= opening.opens:
            raise RuleViolation(_l("Each opening must close after it opens."), field="hours")
    office = office or Office()
    for name in ("name", "address", "city", "phone", "email", "slot_minutes", "counters", "active"):
        setattr(office, name, getattr(values, name))
    office.hours = [OfficeHours(weekday=opening.weekday, opens=opening.opens, closes=opening.closes)
                    for opening in values.hours]
    db.session.add(office)
    db.session.flush()
    # A slot already holding more bookings than the new counters keeps them: nobody loses an appointment.
    db.session.execute(update(Slot).where(Slot.office_id == office.id, Slot.day >= today_in_rome(),
                                          Slot.booked <= values.counters)
                       .values(counters=values.counters))
    audit.record("caf.office_saved", actor=actor, office=office.id)
    return office


def closures() -> list[OfficeClosure]:
    return list(db.session.scalars(select(OfficeClosure).where(OfficeClosure.day >= today_in_rome())
                                   .order_by(OfficeClosure.day, OfficeClosure.office_id)))


def remove_closure(actor: User, closure_id: int) -> bool:
    closure = db.session.get(OfficeClosure, closure_id)
    if closure is None:
        return False
    audit.record("caf.closure_removed", actor=actor, office=closure.office_id, day=closure.day.isoformat())
    db.session.delete(closure)
    db.session.flush()
    return True


def slot_start(slot: Slot) -> datetime:
    return rome_wall_clock_to_utc(slot.day, slot.starts_at.hour, slot.starts_at.minute)


@dataclass(frozen=True)
class FreeSlot:
    id: int
    starts_at: time
    free: int


@dataclass(frozen=True)
class AgendaDay:
    day: date
    slots: tuple[FreeSlot, ...]


# What a slot grid is computed from: a booking, a block, a closure or a change of hours.
SLOT_TAGS = ("caf_slots", "caf_office_closures", "caf_offices", "caf_office_hours")


def slot_for(slot_id: int) -> Slot | None:
    return db.session.get(Slot, slot_id) if slot_id else None


def shift_day(day: date, days: int) -> date:
    return day + timedelta(days=days)


def booking_window(now: datetime | None = None) -> tuple[date, date]:
    today = today_in_rome(now)
    return today, today + timedelta(weeks=_cfg("BOOKING_WEEKS"))


def free_slots(office: Office, now: datetime | None = None) -> list[AgendaDay]:
    """Bookable slots of the coming weeks: not blocked, not full, not past the change cut-off."""
    now = now or utcnow()
    first, last = booking_window(now)
    closed = closed_days(office, first, last)
    ensure_slots(office, first, last, closed)
    cutoff = now + timedelta(hours=_cfg("CHANGE_HOURS_BEFORE"))
    slots = db.session.scalars(select(Slot).where(Slot.office_id == office.id, Slot.day >= first, Slot.day <= last,
                                                  Slot.blocked.is_(False), Slot.booked < Slot.counters)
                               .order_by(Slot.day, Slot.starts_at))
    days: dict[date, list[FreeSlot]] = {}
    opening: dict[date, set[time]] = {}
    for slot in slots:
        if slot.day not in opening:  # hours changed since the slot was made: only today's hours are offered
            opening[slot.day] = set(opening_slots(office, slot.day, closed))
        if slot.starts_at not in opening[slot.day] or slot_start(slot) <= cutoff:
            continue
        days.setdefault(slot.day, []).append(FreeSlot(slot.id, slot.starts_at, slot.counters - slot.booked))
    return [AgendaDay(day, tuple(items)) for day, items in days.items()]


def grid_stale_at(days: list[AgendaDay]) -> datetime | None:
    """When the earliest free slot shown stops being bookable (its cut-off): the grid is stale from then on."""
    if not days:
        return None
    first_day = days[0]
    first = first_day.slots[0].starts_at
    return (rome_wall_clock_to_utc(first_day.day, first.hour, first.minute)
            - timedelta(hours=_cfg("CHANGE_HOURS_BEFORE")))
