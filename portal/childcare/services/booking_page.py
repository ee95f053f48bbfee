"""The booking page's choices: what the family's day, child, start and length allow, and what they cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import Child, Family
from portal.childcare.services.booking import booked_starts, quote
from portal.childcare.services.calendar import Slot, StripDay, day_strip, grid
from portal.childcare.services.family import active_children, child_of
from portal.core.rules import RuleViolation


@dataclass(frozen=True)
class BookingChoice:
    """What the booking page shows for the family's choices so far: the day strip, the child, the day's half hours,
    the start (kept only if it can be booked), the lengths it allows, and for a length chosen the last half hour and
    the price, or the rule that refuses it."""

    strip: list[StripDay]
    children: list  # (id, full_name) of the children who may be booked
    child: Child | None
    day: date | None
    slots: tuple[Slot, ...]
    start: time | None
    durations: list[rules.Duration]
    chosen: rules.Duration | None = None
    last: time | None = None
    charge: rules.Charge | None = None
    error: str | None = None


def booking_choice(user: User, family: Family, first: date, child_id: int, day: date | None, start: time | None,
                   blocks: int) -> BookingChoice:
    """The family's choices on the booking page checked against the two weeks from `first`: an unknown child is
    the first one, no day the first with places, a start that cannot be booked none, a length past a full half hour
    (or one the child has already) none."""
    children = active_children(family)
    picked = next((child for child in children if child.id == child_id), children[0] if children else None)
    child = child_of(user, picked.id) if picked is not None else None
    days = grid(user, first)
    strip = day_strip(days, first)
    if day is None:
        day = next((entry.day for entry in strip if entry.state == "open"), None)
    slots = next((grid_day.slots for grid_day in days if grid_day.day == day), ())
    taken = {slot.starts_at for slot in slots if slot.state != "open"}
    if child is not None and day is not None:
        taken |= set(booked_starts(child, day))
    start = start if start in {slot.starts_at for slot in slots} and start not in taken else None
    durations = rules.lengths_from([slot.starts_at for slot in slots], start, taken) if start else []
    chosen = next((length for length in durations if length.blocks == blocks and length.bookable), None)
    if chosen is None or child is None:
        return BookingChoice(strip, children, child, day, slots, start, durations)
    last = (datetime.combine(day, start) + timedelta(minutes=rules.BLOCK_MINUTES * (chosen.blocks - 1))).time()
    try:
        return BookingChoice(strip, children, child, day, slots, start, durations, chosen, last,
                             charge=quote(user, child, day, start, last))
    except RuleViolation as violation:
        return BookingChoice(strip, children, child, day, slots, start, durations, chosen, last,
                             error=violation.message)
