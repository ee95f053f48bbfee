"""Booking half hours: the price, cancelling, the waiting list, a half hour's roster; the family's stays as calendar
events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from urllib.parse import urlparse

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import Block, Booking, Card, Child, Family, WaitingEntry
from portal.childcare.services.calendar import (
    blocks_of,
    lock_blocks,
    nido_child_on,
    nursery_open_on,
    unpublished_summers,
)
from portal.childcare.services.common import now_in_rome, settings
from portal.childcare.services.family import family_of
from portal.core import audit, mail
from portal.core.calendar import ROME, to_rome, today_in_rome
from portal.core.ics import CalendarEvent
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db


def _requested_starts(day: date, first: time, last: time) -> list[time]:
    """The blocks from `first` to `last` (both included) that the baby parking opens that day."""
    starts = [start for start in blocks_of(day) if first <= start <= last]
    if not starts:
        raise RuleViolation(_l("The baby parking is not open at that time."), field="blocks")
    return starts


def _check_family_may_book(family: Family | None, child: Child, day: date) -> Family:
    if family is None or child.family_id != family.id or not child.active:
        raise RuleViolation(_l("Choose one of your children."), field="child")
    cfg = settings()
    rules.check_membership(family.category, family.approved_at is not None, family.membership_valid_until, day)
    rules.check_age(child.birth_date, day, cfg)
    if rules.is_summer_day(day) and unpublished_summers(day, day):
        raise RuleViolation(_l("July can be booked once the summer calendar is published (by %(day)s).",
                               day=rules.summer_deadline(day.year, cfg).due_on.strftime("%d/%m/%Y")))
    rules.check_can_book(day, family.category, now_in_rome(), cfg)
    return family


def _cards_with_hours(family_id: int, lock: bool) -> list[Card]:
    query = (select(Card).where(Card.family_id == family_id, Card.blocks_used < Card.blocks_total)
             .order_by(Card.sold_at, Card.id))
    if lock:
        query = query.with_for_update()
    return list(db.session.scalars(query))


def quote(actor: User, child: Child, day: date, first: time, last: time) -> rules.Charge:
    """What a booking would cost, without booking."""
    family = _check_family_may_book(family_of(actor), child, day)
    starts = _requested_starts(day, first, last)
    left = sum(card.blocks_left for card in _cards_with_hours(family.id, lock=False))
    return rules.price(starts, nido_child_on(child, day), left, settings(), nursery_open_that_day=nursery_open_on(day))


def _charge_blocks(family: Family, child: Child, day: date, starts: list[time]) -> list[tuple[str, Card | None, int]]:
    """For each block in order: free (micro nido hour on a day the nursery ran), from the oldest card with hours, or
    at the single price."""
    cfg = settings()
    nursery_ran = nursery_open_on(day)
    nido_child = nido_child_on(child, day)
    cards = _cards_with_hours(family.id, lock=True)
    charges = []
    for start in starts:
        if rules.is_free_block(start, nido_child, nursery_ran, cfg):
            charges.append(("free", None, 0))
            continue
        card = next((card for card in cards if card.blocks_left > 0 and _use_card_hour(card)), None)
        if card is not None:
            charges.append(("card", card, 0))
        else:
            charges.append(("single", None, cfg.single_block_cents))
    return charges


def _use_card_hour(card: Card) -> bool:
    """One half hour off the card, written only while the card still has one (a race never overdraws it)."""
    return update_if(card, {"blocks_used": Card.blocks_used + 1}, Card.blocks_used < Card.blocks_total)


def _give_back_card_hour(card_id: int) -> None:
    card = db.session.get(Card, card_id)
    update_if(card, {"blocks_used": Card.blocks_used - 1}, Card.blocks_used > 0)


def _take_place(block: Block) -> bool:
    """One more child in the half hour, written only while a place is free by the room's limit and the ratio."""
    return update_if(block, {"booked": Block.booked + 1}, Block.booked < Block.max_children,
                     Block.booked < Block.children_per_educator * Block.educators)


def _place_child(actor: User, family: Family, child: Child, blocks: list[Block]) -> list[Booking]:
    """The places first (a full half hour raises before anything is charged; the caller's rollback frees the
    places of the range already taken), then the charges. The half hours share one booking id: the first's."""
    full = [block for block in blocks if not _take_place(block)]
    if full:
        raise RuleViolation(_l("No places left at %(times)s: you can join the waiting list.",
                               times=", ".join(block.starts_at.strftime("%H:%M") for block in full)), field="blocks")
    charges = _charge_blocks(family, child, blocks[0].day, [block.starts_at for block in blocks])
    made = utcnow()
    bookings = [Booking(block_id=block.id, child_id=child.id, family_id=family.id, charge=charge,
                        card_id=card.id if card else None, amount_cents=cents, created_by_id=actor.id, created_at=made)
                for block, (charge, card, cents) in zip(blocks, charges, strict=True)]
    db.session.add(bookings[0])
    db.session.flush()
    if len(bookings) > 1:  # the first half hour names the booking (its own group_id stays None: itself)
        for booking in bookings[1:]:
            booking.group_id = bookings[0].id
        db.session.add_all(bookings[1:])
        db.session.flush()
    return bookings


def book(actor: User, child: Child, day: date, first: time, last: time) -> list[Booking]:
    """Book a child into a range of blocks, all or nothing, under a lock on every block of the range."""
    family = _check_family_may_book(family_of(actor), child, day)
    starts = _requested_starts(day, first, last)
    cfg = settings()
    # A half hour already full is refused before queueing for the lock (in a rush most attempts are refused): what
    # was committed a moment ago; a place freed meanwhile is the same as arriving a moment earlier.
    blocks = lock_blocks(day, starts, _refuse_full(day, starts, cfg))
    already = set(db.session.scalars(select(Booking.block_id).where(
        Booking.child_id == child.id, Booking.status == "booked", Booking.block_id.in_([b.id for b in blocks]))))
    if already:
        raise RuleViolation(_l("%(name)s is already booked in part of this time.", name=child.full_name),
                            field="blocks")
    full = [block for block in blocks if rules.free_places(block.educators, block.booked, cfg) == 0]
    if full:
        raise PlacesTaken([block.starts_at.strftime("%H:%M") for block in full])
    bookings = _place_child(actor, family, child, blocks)
    audit.record("childcare.booked", user=actor, actor=actor, child=child.id, day=day.isoformat(),
                 blocks=len(bookings))
    return bookings


class PlacesTaken(RuleViolation):
    """Some half hours of a booking are full: `starts` ('HH:MM'), what a waiting list can be joined for."""

    def __init__(self, starts: list[str]):
        super().__init__(_l("No places left at %(times)s: you can join the waiting list.", times=", ".join(starts)),
                         field="blocks")
        self.starts = starts


def _refuse_full(day: date, starts: list[time], cfg: rules.Settings) -> set[time]:
    """Raises PlacesTaken for full half hours; else the starts whose blocks exist already."""
    rows = db.session.execute(select(Block.starts_at, Block.educators, Block.booked).where(
        Block.day == day, Block.starts_at.in_(starts)).order_by(Block.starts_at)).all()
    full = [start.strftime("%H:%M") for start, educators, booked in rows
            if rules.free_places(educators, booked, cfg) == 0]
    if full:
        raise PlacesTaken(full)
    return {start for start, _educators, _booked in rows}


def full_blocks(day: date, first: time, last: time) -> list[str]:
    """Start times ('HH:MM') of the full blocks in a range: what a waiting list can be joined for."""
    cfg = settings()
    return [start.strftime("%H:%M") for start, educators, booked in db.session.execute(
        select(Block.starts_at, Block.educators, Block.booked).where(
            Block.day == day, Block.starts_at >= first, Block.starts_at <= last).order_by(Block.starts_at))
            if rules.free_places(educators, booked, cfg) == 0]


def booking_of(user: User, booking_id: int) -> Booking | None:
    return db.session.scalar(select(Booking).join(Family, Family.id == Booking.family_id)
                             .where(Booking.id == booking_id, Family.parent_id == user.id))


def upcoming_bookings(family: Family | None, limit: int | None = None) -> list[Booking]:
    """The family's booked half hours from today on, one row each (the register and the account count these)."""
    if family is None:
        return []
    return list(db.session.scalars(
        select(Booking).join(Booking.block).options(contains_eager(Booking.block), joinedload(Booking.child))
        .where(Booking.family_id == family.id, Booking.status == "booked", Block.day >= today_in_rome())
        .order_by(Block.day, Block.starts_at, Booking.child_id).limit(limit)))


@dataclass(frozen=True)
class StayView:
    """A booking as the family sees it (one card): the child, the day and times, the price, and what a
    cancellation now would leave charged."""

    stay: rules.BookedStay
    child_name: str
    cancel_cost: rules.CancelCost

    def __getattr__(self, name):  # day, starts_at, ends_at, key, amount_cents... of the stay
        if name == "stay":
            raise AttributeError(name)
        return getattr(self.stay, name)


def _half_hours(rows) -> list[rules.HalfHour]:
    return [rules.HalfHour(row.id, row.group_id if row.group_id is not None else row.id, row.child_id, row.day,
                           row.starts_at, row.charge, row.amount_cents) for row in rows]


def _stay_rows(*where):
    return db.session.execute(
        select(Booking.id, Booking.group_id, Booking.child_id, Block.day, Block.starts_at, Booking.charge,
               Booking.amount_cents, Child.full_name)
        .join(Block, Block.id == Booking.block_id).join(Child, Child.id == Booking.child_id)
        .where(Booking.status == "booked", *where)).all()


def _views(rows, now: datetime) -> list[StayView]:
    names = {row.child_id: row.full_name for row in rows}
    cfg = settings()
    return [StayView(stay, names[stay.child_id],
                     rules.cancellation_cost(stay, rules.can_cancel_in_time(stay.day, now, cfg)))
            for stay in rules.group_bookings(_half_hours(rows))]


def upcoming_stays(family: Family | None, limit: int | None = None) -> list[StayView]:
    """The family's bookings to come, one per booking made (17:00-18:30 is one), by day and time."""
    if family is None:
        return []
    now = now_in_rome()
    views = [view for view in _views(_stay_rows(Booking.family_id == family.id, Block.day >= now.date()), now)
             if datetime.combine(view.day, view.ends_at) > now]
    return views[:limit] if limit is not None else views


def stay_of(user: User, booking_id: int) -> StayView | None:
    """The booking (as the family sees it) that holds the half hour `booking_id`, if it is the user's and active."""
    found = booking_of(user, booking_id)
    if found is None or found.status != "booked":
        return None
    rows = _stay_rows(Booking.family_id == found.family_id, Booking.child_id == found.child_id,
                      func.coalesce(Booking.group_id, Booking.id) == found.group)
    return next((view for view in _views(rows, now_in_rome())
                 if booking_id in {half.booking_id for half in view.stay.half_hours}), None)


def cancel(actor: User, booking: Booking) -> rules.CancelCost:
    """Cancel the booking that holds this half hour: all its half hours at once. In time it costs nothing; after
    the cut-off they stay charged (card half hours stay used, single ones to pay). Returns what stays charged.

    Each freed place goes at once to the first child on the waiting list that may still be booked.
    """
    view = stay_of(actor, booking.id) if booking.status == "booked" else None
    if view is None:
        raise RuleViolation(_l("This booking can no longer be cancelled."))
    stay = view.stay
    blocks = {block.id: block for block in lock_blocks(stay.day, [half.starts_at for half in stay.half_hours])}
    now = now_in_rome()
    rows = list(db.session.scalars(select(Booking).where(
        Booking.id.in_([half.booking_id for half in stay.half_hours]), Booking.status == "booked")
        .order_by(Booking.id).with_for_update().execution_options(populate_existing=True)))
    if len(rows) != len(stay.half_hours) or now >= datetime.combine(stay.day, stay.starts_at):
        raise RuleViolation(_l("This booking can no longer be cancelled."))
    in_time = rules.can_cancel_in_time(stay.day, now, settings())
    for row in rows:
        row.status, row.cancelled_at, row.cancelled_late = "cancelled", utcnow(), not in_time
        if in_time:
            if row.card_id is not None:
                _give_back_card_hour(row.card_id)
            row.amount_cents = 0
        update_if(blocks[row.block_id], {"booked": Block.booked - 1}, Block.booked > 0)
    db.session.flush()
    audit.record("childcare.cancelled", user=actor, actor=actor, booking=stay.key, blocks=len(rows), in_time=in_time)
    for block in sorted(blocks.values(), key=lambda b: b.starts_at):
        _give_place_to_waiting(actor, block)
    return rules.cancellation_cost(stay, in_time)


def _give_place_to_waiting(actor: User, block: Block) -> None:
    entries = db.session.scalars(select(WaitingEntry).where(WaitingEntry.block_id == block.id,
                                                            WaitingEntry.status == "waiting")
                                 .order_by(WaitingEntry.created_at, WaitingEntry.id).with_for_update()).all()
    for entry in entries:
        if rules.free_places(block.educators, block.booked, settings()) == 0:
            return
        family, child = db.session.get(Family, entry.family_id), db.session.get(Child, entry.child_id)
        try:
            rules.check_membership(family.category, family.approved_at is not None, family.membership_valid_until,
                                   block.day)
            rules.check_age(child.birth_date, block.day, settings())
        except RuleViolation:
            entry.status = "withdrawn"
            continue
        taken = db.session.scalar(select(func.count(Booking.id)).where(
            Booking.block_id == block.id, Booking.child_id == child.id, Booking.status == "booked"))
        if taken:
            entry.status = "placed"
            continue
        parent = family.parent
        try:
            _place_child(parent, family, child, [block])  # booked on behalf of the family that asked to wait
        except RuleViolation:
            return  # the place went to a booking that raced this one; nothing was written for this child
        entry.status = "placed"
        mail.enqueue(parent.email, parent.locale, "childcare_place_found", user=parent, child=child, block=block,
                     link=mail.link_to("childcare.bookings"))
        audit.record("childcare.waiting_placed", user=parent, actor=actor, child=child.id, block=block.id)


def join_waiting_list(actor: User, child: Child, day: date, start: time) -> WaitingEntry:
    family = _check_family_may_book(family_of(actor), child, day)
    starts = _requested_starts(day, start, start)
    block = lock_blocks(day, starts)[0]
    if rules.free_places(block.educators, block.booked, settings()) > 0:
        raise RuleViolation(_l("There are places left at %(time)s: book it instead.",
                               time=start.strftime("%H:%M")), field="blocks")
    existing = db.session.scalar(select(WaitingEntry).where(
        WaitingEntry.block_id == block.id, WaitingEntry.child_id == child.id, WaitingEntry.status == "waiting"))
    if existing is not None:
        return existing
    entry = WaitingEntry(block_id=block.id, child_id=child.id, family_id=family.id)
    db.session.add(entry)
    db.session.flush()
    audit.record("childcare.waiting_joined", user=actor, actor=actor, child=child.id, block=block.id)
    return entry


def booked_starts(child: Child, day: date) -> list[time]:
    """The half hours a child is booked in on a day."""
    return list(db.session.scalars(select(Block.starts_at).join(Booking, Booking.block_id == Block.id).where(
        Booking.child_id == child.id, Booking.status == "booked", Block.day == day).order_by(Block.starts_at)))

def card_hours_left(family: Family | None) -> int:
    if family is None:
        return 0
    return sum(card.blocks_left for card in _cards_with_hours(family.id, lock=False))


def set_educators(actor: User, day: date, start: time, educators: int) -> Block:
    """The coordinator's roster for one block: refused below what the bookings need."""
    block = lock_blocks(day, [start])[0]
    rules.check_roster(educators, block.booked, settings())
    # Written only if the bookings still fit the new roster when the database writes it.
    if not update_if(block, {"educators": educators}, Block.booked <= Block.children_per_educator * educators):
        db.session.refresh(block)
        rules.check_roster(educators, block.booked, replace(settings(), max_children=block.max_children,
                                                            children_per_educator=block.children_per_educator))
    db.session.flush()
    audit.record("childcare.roster_set", actor=actor, block=block.id, educators=educators)
    return block


def calendar_events(user: User, since: datetime) -> list[CalendarEvent]:
    """The family's bookings from `since` on, one event each (17:00-18:30 booked at once is one): "My calendar".

    Cancelled half hours leave the stay (or the calendar). Only the child's first name: no health data.
    """
    family = family_of(user)
    if family is None:
        return []
    rows = db.session.execute(
        select(Booking.id, Booking.group_id, Booking.child_id, Block.day, Block.starts_at, Booking.status,
               Booking.charge, Booking.amount_cents, Booking.created_at, Booking.cancelled_at, Child.full_name)
        .join(Booking.block).join(Booking.child)
        .where(Booking.family_id == family.id, Block.day >= to_rome(since).date())).all()
    names = {row.child_id: row.full_name.split(" ")[0] for row in rows}
    # A stay's sequence grows with every booking or cancellation of that child on that day.
    changed: dict[tuple[int, date], datetime] = {}
    for row in rows:
        moment = max(row.created_at, row.cancelled_at or row.created_at)
        changed[row.child_id, row.day] = max(changed.get((row.child_id, row.day), moment), moment)
    host = urlparse(current_app.config["PORTAL_BASE_URL"]).hostname or "portal"
    # One event per booking made, as on the bookings page: two bookings that touch (17:00 booked, 17:30 booked
    # later on its own) stay two events, each with its own cancel.
    stays = rules.group_bookings(_half_hours(row for row in rows if row.status == "booked"))
    return [CalendarEvent(
        uid=f"policino-stay-{stay.key}@{host}",
        starts=datetime.combine(stay.day, stay.starts_at, tzinfo=ROME),
        ends=datetime.combine(stay.day, stay.ends_at, tzinfo=ROME),
        summary=_("Policino: %(child)s", child=names[stay.child_id]),
        sequence=int(changed[stay.child_id, stay.day].timestamp()))
        for stay in stays]
