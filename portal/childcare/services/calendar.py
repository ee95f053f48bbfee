"""The calendar and the half-hour blocks: when the baby parking opens, and the families' booking grid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import g
from sqlalchemy import select

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import (
    Block,
    Booking,
    Child,
    Closure,
    Duty,
    NurseryClosure,
    NurseryPlace,
    NurseryYear,
    Summer,
    WaitingEntry,
)
from portal.childcare.services.common import default_educators, now_in_rome, settings
from portal.childcare.services.family import family_of
from portal.core.rows import insert_missing
from portal.extensions import db

GRID_DAYS = 14


def closures_between(first: date, last: date) -> set[date]:
    return set(db.session.scalars(select(Closure.day).where(Closure.day >= first, Closure.day <= last)))


def july_nursery(year: int) -> bool:
    """Whether the micro nido opens in July of `year`: the coordinator's switch, else the nursery year's (the one
    that began the September before, whose fees run to July when it opens), on until set otherwise (the tender: the
    July extension ran in each of the last three years)."""
    summer = db.session.get(Summer, year)
    if summer is not None:
        return summer.nursery_open
    july_open = db.session.scalar(select(NurseryYear.july_open).where(NurseryYear.start_year == year - 1))
    return True if july_open is None else july_open


def nido_child_on(child: Child, day: date) -> bool:
    """Whether a child has the micro nido's free hour on a day: enrolled in that day's nursery year when the portal
    runs that year's places; else (years before the portal's places) the family desk's micro nido flag."""
    start_year = rules.nursery_year_of(day)
    year_id = db.session.scalar(select(NurseryYear.id).where(NurseryYear.start_year == start_year))
    if year_id is None:
        return child.micro_nido
    return db.session.scalar(select(NurseryPlace.id).where(
        NurseryPlace.year_id == year_id, NurseryPlace.child_id == child.id,
        NurseryPlace.status == "enrolled").limit(1)) is not None


def nursery_calendar(first: date, last: date) -> rules.Nursery:
    """The micro nido's calendar between two days: the Julys it opens, its closing days."""
    years = {year for year in range(first.year, last.year + 1) if first <= date(year, 7, 31)
             and date(year, 7, 1) <= last}
    return rules.Nursery(
        july_years=frozenset(year for year in years if july_nursery(year)),
        closed_days=frozenset(db.session.scalars(select(NurseryClosure.day).where(
            NurseryClosure.day >= first, NurseryClosure.day <= last))))


def _day_calendar(day: date) -> tuple[set[date], rules.Nursery, rules.Settings]:
    """A day's closures, the micro nido's calendar and the settings, read once per request (a booking needs them
    for its times, its price and its page); the views that change the calendar forget them."""
    known = g.setdefault("childcare_calendar", {})
    if day not in known:
        known[day] = (closures_between(day, day), nursery_calendar(day, day), settings())
    return known[day]


def forget_calendar() -> None:
    g.pop("childcare_calendar", None)


def blocks_of(day: date) -> list[time]:
    """The half hours the baby parking opens on a day, with its closures and the micro nido's calendar."""
    closed, nursery, cfg = _day_calendar(day)
    return rules.opening_blocks(day, closed, cfg, nursery)


def nursery_open_on(day: date) -> bool:
    closed, nursery, cfg = _day_calendar(day)
    return rules.nursery_open(day, closed, cfg, nursery)


def ensure_blocks(day: date, starts: list[time]) -> None:
    cfg = settings()
    insert_missing(Block, [{"day": day, "starts_at": start, "educators": default_educators(), "booked": 0,
                             "max_children": cfg.max_children, "children_per_educator": cfg.children_per_educator}
                            for start in starts], ["day", "starts_at"])


def lock_blocks(day: date, starts: list[time], existing: set[time] | None = None) -> list[Block]:
    """The blocks, locked in a fixed order (no deadlocks between two bookings of overlapping ranges); created first
    unless `existing` (read just before) holds them all."""
    if existing is None or not existing.issuperset(starts):
        ensure_blocks(day, starts)
    return list(db.session.scalars(select(Block).where(Block.day == day, Block.starts_at.in_(starts))
                                   .order_by(Block.starts_at).with_for_update().execution_options(
                                       populate_existing=True)))


@dataclass(frozen=True)
class Slot:
    """A block as the grid shows it."""

    day: date
    starts_at: time
    free: int
    mine: tuple[str, ...]  # names of the user's children booked in it
    waiting: tuple[str, ...]  # names of the user's children waiting for it
    state: str  # open | full | not_yet (opens later for the family's group) | closed (past the cut-off)
    opens_on: date | None = None

    @property
    def ends_at(self) -> time:
        return rules.block_end(self.starts_at)

    @property
    def span(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


@dataclass(frozen=True)
class GridDay:
    day: date
    slots: tuple[Slot, ...]


# What a family's grid is computed from: any booking, cancellation, waiting entry, roster, closure or family change.
GRID_TAGS = ("childcare_blocks", "childcare_bookings", "childcare_waiting_list", "childcare_closures",
             "childcare_families", "childcare_children", "childcare_duties", "childcare_nursery_closures",
             "childcare_summers")


def grid(user: User | None, first: date, days: int = GRID_DAYS) -> list[GridDay]:
    """Opening days from `first` with every block's free places and the user's own bookings: two queries."""
    cfg = settings()
    last = first + timedelta(days=days - 1)
    closed = closures_between(first, last)
    nursery = nursery_calendar(first, last)
    unpublished = unpublished_summers(first, last)
    rows = {(block.day, block.starts_at): block for block in db.session.scalars(
        select(Block).where(Block.day >= first, Block.day <= last))}
    mine: dict[tuple[date, time], list[str]] = {}
    waiting: dict[tuple[date, time], list[str]] = {}
    family = family_of(user) if user is not None else None
    now = now_in_rome()
    if family is not None:
        for block_day, start, name, kind in db.session.execute(
            select(Block.day, Block.starts_at, Child.full_name, Booking.status)
            .join(Booking, Booking.block_id == Block.id).join(Child, Child.id == Booking.child_id)
            .where(Booking.family_id == family.id, Booking.status == "booked", Block.day >= first,
                   Block.day <= last)
            .union_all(
                select(Block.day, Block.starts_at, Child.full_name, WaitingEntry.status)
                .join(WaitingEntry, WaitingEntry.block_id == Block.id).join(Child, Child.id == WaitingEntry.child_id)
                .where(WaitingEntry.family_id == family.id, WaitingEntry.status == "waiting", Block.day >= first,
                       Block.day <= last))
        ):
            (mine if kind == "booked" else waiting).setdefault((block_day, start), []).append(name)
    result = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        starts = rules.opening_blocks(day, closed, cfg, nursery)
        if not starts:
            continue
        day_state, opens_on = _day_state(day, family.category if family else "other", now, cfg)
        if rules.is_summer_day(day) and day.year in unpublished:
            day_state, opens_on = "unpublished", None
        slots = []
        for start in starts:
            block = rows.get((day, start))
            free = (rules.free_places(block.educators, block.booked, cfg) if block is not None
                    else rules.places(default_educators(), cfg))
            state = ("open" if free > 0 else "full") if day_state == "open" else day_state
            slots.append(Slot(day, start, free, tuple(mine.get((day, start), ())),
                              tuple(waiting.get((day, start), ())), state, opens_on))
        result.append(GridDay(day, tuple(slots)))
    return result


@dataclass(frozen=True)
class StripDay:
    """A day of the booking page's day strip: whether it can be chosen, and the most places free in one of its
    half hours."""

    day: date
    state: str  # open | full | not_open (closed that day) | closed (past the cut-off) | not_yet | unpublished
    free: int = 0
    opens_on: date | None = None
    mine: bool = False  # one of the family's children is booked that day
    hours: str = ""  # opening hours, 'HH:MM–HH:MM' (said to screen readers; they change with the nursery's calendar)


def day_strip(days: list[GridDay], first: date, count: int = GRID_DAYS) -> list[StripDay]:
    by_day = {grid_day.day: grid_day for grid_day in days}
    strip = []
    for offset in range(count):
        day = first + timedelta(days=offset)
        grid_day = by_day.get(day)
        if grid_day is None:
            strip.append(StripDay(day, "not_open"))
            continue
        states = {slot.state for slot in grid_day.slots}
        mine = any(slot.mine for slot in grid_day.slots)
        free = max((slot.free for slot in grid_day.slots if slot.state == "open"), default=0)
        state = "open" if "open" in states else "full" if states == {"full"} else grid_day.slots[0].state
        hours = f"{grid_day.slots[0].starts_at:%H:%M}–{grid_day.slots[-1].ends_at:%H:%M}"
        strip.append(StripDay(day, state, free, grid_day.slots[0].opens_on, mine, hours))
    return strip


def _day_state(day: date, category: str, now: datetime, cfg: rules.Settings) -> tuple[str, date | None]:
    """open, closed (past the cut-off) or not_yet (opens later for the family's group), with the opening day."""
    if now >= rules.booking_closes_at(day, cfg):
        return "closed", None
    opens = rules.booking_opens_on(day, category, cfg)
    return ("not_yet", opens) if now.date() < opens else ("open", None)


def unpublished_summers(first: date, last: date) -> set[int]:
    """Years whose July falls between `first` and `last` and whose summer calendar is not published yet."""
    years = {year for year in range(first.year, last.year + 1)
             if first <= date(year, 7, 31) and date(year, 7, 1) <= last}
    if not years:
        return set()
    published = set(db.session.scalars(select(Duty.period).where(
        Duty.kind == "summer_calendar", Duty.done_at.is_not(None),
        Duty.period.in_([date(year, 7, 1) for year in years]))))
    return {year for year in years if date(year, 7, 1) not in published}


