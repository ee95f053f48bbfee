"""Policino baby parking use cases: each adds to the current transaction and only flushes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlparse

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import delete, func, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.auth.models import User, UserRole
from portal.childcare import rules
from portal.childcare.models import (
    PAYMENT_METHODS,
    ActivityPlan,
    Attendance,
    Block,
    Booking,
    Card,
    Child,
    Closure,
    Duty,
    ExtraBlock,
    Family,
    NurseryClosure,
    Payment,
    PickupPerson,
    PlanSubscriber,
    ReceiptCounter,
    StaffPresence,
    Summer,
    WaitingEntry,
)
from portal.core import audit
from portal.core.calendar import ROME, add_months, to_rome, today_in_rome
from portal.core.ics import CalendarEvent
from portal.core.rows import insert_missing, update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

GRID_DAYS = 14


def settings() -> rules.Settings:
    cfg = current_app.config
    opens = dict(item.split("=", 1) for item in cfg["PORTAL_CHILDCARE_OPENS_DAYS"])
    return rules.Settings(
        max_children=cfg["PORTAL_CHILDCARE_MAX_CHILDREN"],
        children_per_educator=cfg["PORTAL_CHILDCARE_CHILDREN_PER_EDUCATOR"],
        single_hour_cents=cfg["PORTAL_CHILDCARE_SINGLE_HOUR_CENTS"],
        card_hours=cfg["PORTAL_CHILDCARE_CARD_HOURS"],
        card_max_hours=cfg["PORTAL_CHILDCARE_CARD_MAX_HOURS"],
        card_hour_cents=cfg["PORTAL_CHILDCARE_CARD_HOUR_CENTS"],
        membership_max_cents=cfg["PORTAL_CHILDCARE_MEMBERSHIP_MAX_CENTS"],
        membership_max_months=cfg["PORTAL_CHILDCARE_MEMBERSHIP_MAX_MONTHS"],
        opens_days_before={group: int(opens.get(group, 0)) for group in rules.PRIORITY},
        cutoff_days_before=cfg["PORTAL_CHILDCARE_CUTOFF_DAYS"],
        patron_day=cfg["PORTAL_CITY_PATRON_DAY"],
        report_working_days=cfg["PORTAL_CHILDCARE_REPORT_WORKING_DAYS"],
        summer_calendar_by=cfg["PORTAL_CHILDCARE_SUMMER_CALENDAR_BY"],
        all_day_when_nursery_closed=cfg["PORTAL_CHILDCARE_ALL_DAY_WHEN_NURSERY_CLOSED"],
    )


def default_educators() -> int:
    return current_app.config["PORTAL_CHILDCARE_EDUCATORS"]


def now_in_rome() -> datetime:
    """Wall-clock time in Torino, naive: what the cut-off and the priority dates are written in."""
    return datetime.now(ROME).replace(tzinfo=None)


# -- families and children -----------------------------------------------------------------------------


def family_of(user: User) -> Family | None:
    return db.session.scalar(select(Family).where(Family.parent_id == user.id))


def register_family(actor: User, category: str, phone: str) -> Family:
    if category not in rules.CATEGORIES:
        raise RuleViolation(_l("Choose your category."), field="category")
    family = family_of(actor)
    if family is None:
        family = Family(parent_id=actor.id, category=category, phone=phone)
        db.session.add(family)
    elif family.category != category:
        family.category = category
        family.approved_at = None  # a new category is checked again
    family.phone = phone
    db.session.flush()
    audit.record("childcare.family_saved", user=actor, actor=actor, family=family.id, category=category)
    return family


def child_of(user: User, child_id: int) -> Child | None:
    """The child if it belongs to the user's family: another family's child is not found."""
    return db.session.scalar(select(Child).join(Family).where(Child.id == child_id, Family.parent_id == user.id))


def save_child(actor: User, child: Child | None, values: dict) -> Child:
    family = family_of(actor)
    if family is None:
        raise RuleViolation(_l("Tell us about your family first."))
    if values["birth_date"] > today_in_rome():
        raise RuleViolation(_l("The date of birth cannot be in the future."), field="birth_date")
    if child is None:
        child = Child(family_id=family.id)
        db.session.add(child)
    for name in ("full_name", "birth_date", "micro_nido", "allergies", "notes"):
        setattr(child, name, values[name])
    db.session.flush()
    audit.record("childcare.child_saved", user=actor, actor=actor, child=child.id)
    return child


def open_health_notes(actor: User, family: Family, child_id: int) -> Child | None:
    """A child of the family with its allergies and notes, for the desk: special-category data, so each opening is
    written to the audit log (who, which family and child; never the notes)."""
    child = db.session.scalar(select(Child).where(Child.id == child_id, Child.family_id == family.id))
    if child is not None:
        audit.record("childcare.health_notes_opened", actor=actor, family=family.id, child=child.id)
    return child


def pickup_names(family: Family) -> tuple[str, ...]:
    """Who may pick the children up: the parent first, then the people the family authorised."""
    return (family.parent.full_name, *(person.full_name for person in family.pickups))


def save_pickup(actor: User, values: dict) -> PickupPerson:
    family = family_of(actor)
    if family is None:
        raise RuleViolation(_l("Tell us about your family first."))
    person = PickupPerson(family_id=family.id, **values)
    db.session.add(person)
    db.session.flush()
    audit.record("childcare.pickup_added", user=actor, actor=actor, person=person.id)
    return person


def remove_pickup(actor: User, person_id: int) -> bool:
    person = db.session.scalar(select(PickupPerson).join(Family).where(PickupPerson.id == person_id,
                                                                        Family.parent_id == actor.id))
    if person is None:
        return False
    db.session.delete(person)
    audit.record("childcare.pickup_removed", user=actor, actor=actor, person=person_id)
    return True


# -- the calendar and the blocks ----------------------------------------------------------------------


def closures_between(first: date, last: date) -> set[date]:
    return set(db.session.scalars(select(Closure.day).where(Closure.day >= first, Closure.day <= last)))


def july_nursery(year: int) -> bool:
    """Whether the micro nido opens in July of `year`: the coordinator's switch, on until set otherwise (the tender:
    the July extension ran in each of the last three years)."""
    summer = db.session.get(Summer, year)
    return True if summer is None else summer.nursery_open


def nursery_calendar(first: date, last: date) -> rules.Nursery:
    """The micro nido's calendar between two days: the Julys it opens, its closing days."""
    years = {year for year in range(first.year, last.year + 1) if first <= date(year, 7, 31)
             and date(year, 7, 1) <= last}
    return rules.Nursery(
        july_years=frozenset(year for year in years if july_nursery(year)),
        closed_days=frozenset(db.session.scalars(select(NurseryClosure.day).where(
            NurseryClosure.day >= first, NurseryClosure.day <= last))))


def blocks_of(day: date) -> list[time]:
    """The half hours the baby parking opens on a day, with its closures and the micro nido's calendar."""
    return rules.opening_blocks(day, closures_between(day, day), settings(), nursery_calendar(day, day))


def nursery_open_on(day: date) -> bool:
    return rules.nursery_open(day, closures_between(day, day), settings(), nursery_calendar(day, day))


def ensure_blocks(day: date, starts: list[time]) -> None:
    cfg = settings()
    insert_missing(Block, [{"day": day, "starts_at": start, "educators": default_educators(), "booked": 0,
                             "max_children": cfg.max_children, "children_per_educator": cfg.children_per_educator}
                            for start in starts], ["day", "starts_at"])


def lock_blocks(day: date, starts: list[time]) -> list[Block]:
    """The blocks, locked in a fixed order (no deadlocks between two bookings of overlapping ranges)."""
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


def _day_state(day: date, category: str, now: datetime, cfg: rules.Settings) -> tuple[str, date | None]:
    """open, closed (past the cut-off) or not_yet (opens later for the family's group), with the opening day."""
    if now >= rules.booking_closes_at(day, cfg):
        return "closed", None
    opens = rules.booking_opens_on(day, category, cfg)
    return ("not_yet", opens) if now.date() < opens else ("open", None)


# -- booking --------------------------------------------------------------------------------------------


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
    return rules.price(starts, child.micro_nido, left, settings(), nursery_open_that_day=nursery_open_on(day))


def _charge_blocks(family: Family, child: Child, day: date, starts: list[time]) -> list[tuple[str, Card | None, int]]:
    """For each block in order: free (micro nido hour on a day the nursery ran), from the oldest card with hours, or
    at the single price."""
    cfg = settings()
    nursery_ran = nursery_open_on(day)
    cards = _cards_with_hours(family.id, lock=True)
    charges = []
    for start in starts:
        if rules.is_free_block(start, child.micro_nido, nursery_ran, cfg):
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
    places of the range already taken), then the charges."""
    full = [block for block in blocks if not _take_place(block)]
    if full:
        raise RuleViolation(_l("No places left at %(times)s: you can join the waiting list.",
                               times=", ".join(block.starts_at.strftime("%H:%M") for block in full)), field="blocks")
    charges = _charge_blocks(family, child, blocks[0].day, [block.starts_at for block in blocks])
    bookings = []
    for block, (charge, card, cents) in zip(blocks, charges, strict=True):
        booking = Booking(block_id=block.id, child_id=child.id, family_id=family.id, charge=charge,
                          card_id=card.id if card else None, amount_cents=cents, created_by_id=actor.id)
        db.session.add(booking)
        bookings.append(booking)
    db.session.flush()
    return bookings


def book(actor: User, child: Child, day: date, first: time, last: time) -> list[Booking]:
    """Book a child into a range of blocks, all or nothing, under a lock on every block of the range."""
    family = _check_family_may_book(family_of(actor), child, day)
    starts = _requested_starts(day, first, last)
    blocks = lock_blocks(day, starts)
    cfg = settings()
    already = set(db.session.scalars(select(Booking.block_id).where(
        Booking.child_id == child.id, Booking.status == "booked", Booking.block_id.in_([b.id for b in blocks]))))
    if already:
        raise RuleViolation(_l("%(name)s is already booked in part of this time.", name=child.full_name),
                            field="blocks")
    full = [block for block in blocks if rules.free_places(block.educators, block.booked, cfg) == 0]
    if full:
        raise RuleViolation(_l("No places left at %(times)s: you can join the waiting list.",
                               times=", ".join(block.starts_at.strftime("%H:%M") for block in full)), field="blocks")
    bookings = _place_child(actor, family, child, blocks)
    audit.record("childcare.booked", user=actor, actor=actor, child=child.id, day=day.isoformat(),
                 blocks=len(bookings))
    return bookings


def full_blocks(day: date, first: time, last: time) -> list[str]:
    """Start times ('HH:MM') of the full blocks in a range: what a waiting list can be joined for."""
    cfg = settings()
    return [block.starts_at.strftime("%H:%M") for block in db.session.scalars(
        select(Block).where(Block.day == day, Block.starts_at >= first, Block.starts_at <= last)
        .order_by(Block.starts_at)) if rules.free_places(block.educators, block.booked, cfg) == 0]


def booking_of(user: User, booking_id: int) -> Booking | None:
    return db.session.scalar(select(Booking).join(Family, Family.id == Booking.family_id)
                             .where(Booking.id == booking_id, Family.parent_id == user.id))


def upcoming_bookings(family: Family | None, limit: int | None = None) -> list[Booking]:
    if family is None:
        return []
    return list(db.session.scalars(
        select(Booking).join(Booking.block).options(contains_eager(Booking.block), joinedload(Booking.child))
        .where(Booking.family_id == family.id, Booking.status == "booked", Block.day >= today_in_rome())
        .order_by(Block.day, Block.starts_at, Booking.child_id).limit(limit)))


def cancel(actor: User, booking: Booking) -> bool:
    """Cancel one block. In time it costs nothing; after the cut-off it stays charged. Returns whether in time.

    The freed place goes at once to the first child on the waiting list that may still be booked.
    """
    block = db.session.get(Block, booking.block_id, with_for_update=True, populate_existing=True)
    moment = datetime.combine(block.day, block.starts_at)
    now = now_in_rome()
    if booking.status != "booked" or now >= moment:
        raise RuleViolation(_l("This booking can no longer be cancelled."))
    in_time = rules.can_cancel_in_time(block.day, now, settings())
    booking.status, booking.cancelled_at, booking.cancelled_late = "cancelled", utcnow(), not in_time
    if in_time:
        if booking.card_id is not None:
            _give_back_card_hour(booking.card_id)
        booking.amount_cents = 0
    update_if(block, {"booked": Block.booked - 1}, Block.booked > 0)
    db.session.flush()
    audit.record("childcare.cancelled", user=actor, actor=actor, booking=booking.id, in_time=in_time)
    _give_place_to_waiting(actor, block)
    return in_time


def _give_place_to_waiting(actor: User, block: Block) -> None:
    from portal.core import mail

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


# -- the coordinator's calendar ------------------------------------------------------------------------


def upcoming_closures() -> list[Closure]:
    return list(db.session.scalars(select(Closure).where(Closure.day >= today_in_rome()).order_by(Closure.day)))


def holidays_ahead(days: int = 365) -> list[date]:
    """The holidays the baby parking knows without anybody typing them (national and the city's patron day)."""
    from portal.core.calendar import holidays

    today = today_in_rome()
    known = holidays(today.year, settings().patron_day) | holidays(today.year + 1, settings().patron_day)
    return sorted(day for day in known if today <= day <= today + timedelta(days=days))


def add_closure(actor: User, day: date, reason: str) -> int:
    """Close a day: its bookings are cancelled free of charge and each family is told. Returns how many."""
    from portal.core import mail

    if day <= today_in_rome():
        raise RuleViolation(_l("A closure must be for a day after today."), field="day")
    if db.session.get(Closure, day) is not None:
        raise RuleViolation(_l("That day is already closed."), field="day")
    db.session.add(Closure(day=day, reason=reason))
    blocks = list(db.session.scalars(select(Block).where(Block.day == day).order_by(Block.starts_at)
                                     .with_for_update()))
    bookings = list(db.session.scalars(select(Booking).where(Booking.block_id.in_([b.id for b in blocks]),
                                                             Booking.status == "booked")))
    told: set[int] = set()
    cancelled: dict[int, int] = {}
    for booking in bookings:
        cancelled[booking.block_id] = cancelled.get(booking.block_id, 0) + 1
        booking.status, booking.cancelled_at, booking.amount_cents = "cancelled", utcnow(), 0
        if booking.card_id is not None:
            _give_back_card_hour(booking.card_id)
        if booking.family_id not in told:
            told.add(booking.family_id)
            parent = db.session.get(Family, booking.family_id).parent
            mail.enqueue(parent.email, parent.locale, "childcare_closed", user=parent, day=day, reason=reason,
                         link=mail.link_to("childcare.bookings"))
    for block in blocks:  # less the bookings cancelled here, not set to 0: a count never forgets a booking
        if cancelled.get(block.id):
            update_if(block, {"booked": Block.booked - cancelled[block.id]})
    for entry in db.session.scalars(select(WaitingEntry).where(WaitingEntry.block_id.in_([b.id for b in blocks]),
                                                               WaitingEntry.status == "waiting")):
        entry.status = "withdrawn"
    db.session.flush()
    audit.record("childcare.closure_added", actor=actor, day=day.isoformat(), cancelled=len(bookings))
    return len(bookings)


def remove_closure(actor: User, day: date) -> bool:
    closure = db.session.get(Closure, day)
    if closure is None:
        return False
    db.session.delete(closure)
    audit.record("childcare.closure_removed", actor=actor, day=day.isoformat())
    return True


def summer_year(today: date) -> int:
    """The summer the calendar page is about: this year's until July is over, then next year's."""
    return today.year if today < date(today.year, 8, 1) else today.year + 1


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


@dataclass(frozen=True)
class SummerDay:
    day: date
    hours: tuple[time, time] | None
    reason: str  # why a weekday is closed: a closure's reason, or empty for a holiday


def summer_days(year: int) -> list[SummerDay]:
    """July's weekdays, open all day or closed (holidays, closures): what families get when it is published."""
    first, last = date(year, 7, 1), date(year, 7, 31)
    closures = {closure.day: closure.reason for closure in db.session.scalars(
        select(Closure).where(Closure.day >= first, Closure.day <= last))}
    nursery = nursery_calendar(first, last)
    days = (first + timedelta(days=offset) for offset in range(31))
    return [SummerDay(day, rules.opening_hours(day, closures, settings(), nursery), closures.get(day, ""))
            for day in days if day.weekday() < 5]


def july_hours(year: int) -> tuple[time, time]:
    """The baby parking's hours in July: after the micro nido if it opens that July, all day otherwise."""
    cfg = settings()
    return cfg.school_year_hours if july_nursery(year) else cfg.july_hours


def set_july_nursery(actor: User, year: int, nursery_open: bool) -> Summer:
    """The coordinator's yearly switch; fixed once the July calendar is published (families book on its hours)."""
    if today_in_rome() > date(year, 7, 31):
        raise RuleViolation(_l("That summer is over."))
    published = duty("summer_calendar", date(year, 7, 1))
    if published is not None and published.done_at is not None:
        raise RuleViolation(_l("The July %(year)d calendar is published: the micro nido's July can no longer change.",
                               year=year))
    insert_missing(Summer, [{"year": year, "nursery_open": nursery_open, "set_by_id": actor.id, "set_at": utcnow()}],
                   ["year"])
    summer = db.session.get(Summer, year, with_for_update=True, populate_existing=True)
    summer.nursery_open, summer.set_by_id, summer.set_at = nursery_open, actor.id, utcnow()
    db.session.flush()
    audit.record("childcare.july_nursery_set", actor=actor, year=year, nursery_open=nursery_open)
    return summer


# -- the micro nido's closing days ------------------------------------------------------------------------


def upcoming_nursery_closures() -> list[NurseryClosure]:
    return list(db.session.scalars(select(NurseryClosure).where(NurseryClosure.day >= today_in_rome())
                                   .order_by(NurseryClosure.day)))


def _bookings_on(day: date):
    return (select(func.count(Booking.id)).join(Block, Block.id == Booking.block_id)
            .where(Block.day == day, Booking.status == "booked"))


def add_nursery_closure(actor: User, day: date, reason: str) -> NurseryClosure:
    """A day the micro nido is closed: the baby parking runs in its hours too (if the setting says so) and its
    children pay from 16:30. Refused once families booked that afternoon's free hour, whose price would change."""
    if day <= today_in_rome():
        raise RuleViolation(_l("A closure must be for a day after today."), field="day")
    if db.session.get(NurseryClosure, day, with_for_update=True) is not None:
        raise RuleViolation(_l("That day is already closed."), field="day")
    if not nursery_open_on(day):
        raise RuleViolation(_l("The micro nido is not open on that day anyway."), field="day")
    free = db.session.scalar(_bookings_on(day).where(Booking.charge == "free"))
    if free:
        raise RuleViolation(lazy_ngettext(
            "%(num)d half hour on that day is booked as the micro nido's free hour: enter its closing days before "
            "families book them.",
            "%(num)d half hours on that day are booked as the micro nido's free hour: enter its closing days before "
            "families book them.", free), field="day")
    closure = NurseryClosure(day=day, reason=reason, created_by_id=actor.id)
    db.session.add(closure)
    db.session.flush()
    audit.record("childcare.nursery_closure_added", actor=actor, day=day.isoformat())
    return closure


def remove_nursery_closure(actor: User, day: date) -> bool:
    """Open the micro nido again on a day: refused once families booked that day (their hours and prices would
    change under them)."""
    closure = db.session.get(NurseryClosure, day, with_for_update=True)
    if closure is None:
        return False
    if day <= today_in_rome():
        raise RuleViolation(_l("That day has come: its calendar can no longer change."))
    if db.session.scalar(_bookings_on(day)):
        raise RuleViolation(
            _l("Families have booked the baby parking on that day: the micro nido's closing day stays."))
    db.session.delete(closure)
    db.session.flush()
    audit.record("childcare.nursery_closure_removed", actor=actor, day=day.isoformat())
    return True


def duty(kind: str, period: date) -> Duty | None:
    return db.session.get(Duty, (kind, period))


def _locked_duty(kind: str, period: date) -> Duty:
    insert_missing(Duty, [{"kind": kind, "period": period}], ["kind", "period"])
    return db.session.get(Duty, (kind, period), with_for_update=True, populate_existing=True)


def _mark_done(actor: User, kind: str, period: date, already) -> Duty:
    """`already(day)` is the message when it was done before (on `day`, dd/mm/yyyy)."""
    task = _locked_duty(kind, period)
    if task.done_at is not None:
        raise RuleViolation(already(to_rome(task.done_at).strftime("%d/%m/%Y")))
    task.done_at, task.done_by_id = utcnow(), actor.id
    db.session.flush()
    audit.record(f"childcare.{kind}_done", actor=actor, period=period.isoformat())
    return task


def publish_summer(actor: User, year: int) -> int:
    """Publish the July calendar: July opens to bookings and every family is told. Returns how many."""
    from portal.core import mail

    if today_in_rome() > date(year, 7, 31):
        raise RuleViolation(_l("That summer is over."))
    _mark_done(actor, "summer_calendar", date(year, 7, 1),
               lambda day: _l("The summer calendar was already published on %(day)s.", day=day))
    days = summer_days(year)
    nursery, hours = july_nursery(year), july_hours(year)
    link = mail.link_to("childcare.grid", **{"from": f"{year}-07-01"})
    parents = list(db.session.scalars(select(User).join(Family, Family.parent_id == User.id)
                                      .where(User.active.is_(True)).order_by(User.id)))
    for parent in parents:
        mail.enqueue(parent.email, parent.locale, "childcare_summer", user=parent, year=year, days=days,
                     hours=hours, nursery=nursery, link=link)
    return len(parents)


def mark_report_sent(actor: User, month_first: date) -> Duty:
    """Record that the month's report reached the university (the page shows when, and who sent it)."""
    month_last = add_months(month_first, 1) - timedelta(days=1)
    if today_in_rome() <= month_last:
        raise RuleViolation(_l("The month is not over yet: its report can be sent from %(day)s.",
                               day=(month_last + timedelta(days=1)).strftime("%d/%m/%Y")))
    return _mark_done(actor, "monthly_report", month_first,
                      lambda day: _l("This report was already marked as sent on %(day)s.", day=day))


@dataclass(frozen=True)
class Reminder:
    deadline: rules.Deadline
    task: Duty | None
    overdue: bool


def pending_duties(today: date) -> list[Reminder]:
    """What the coordinator still has to do and is near or past its date: the reports of the last two months (an
    unsent one stays until it is sent), the summer calendar from two weeks before its date until July."""
    cfg = settings()
    month = today.replace(day=1)
    candidates = [rules.report_deadline(add_months(month, back), cfg) for back in (-2, -1)]
    if today.month < 7:
        candidates.append(rules.summer_deadline(today.year, cfg))
    tasks = {(task.kind, task.period): task for task in db.session.scalars(select(Duty).where(
        Duty.period.in_([deadline.period for deadline in candidates])))}
    reminders = []
    for deadline in candidates:
        task = tasks.get((deadline.kind, deadline.period))
        if today >= deadline.remind_from and (task is None or task.done_at is None):
            reminders.append(Reminder(deadline, task, today > deadline.due_on))
    return reminders


def send_reminders(today: date) -> int:
    """Mail the educators about pending duties, once as the date nears and once when it has passed."""
    from portal.core import mail

    sent = 0
    for reminder in pending_duties(today):
        deadline = reminder.deadline
        task = _locked_duty(deadline.kind, deadline.period)
        if task.done_at is not None or not rules.reminder_due(deadline, today, task.reminded_on):
            continue
        task.reminded_on = today
        endpoint = "childcare.report" if deadline.kind == "monthly_report" else "childcare.calendar"
        args = {"month": deadline.period.strftime("%Y-%m")} if deadline.kind == "monthly_report" else {}
        link = mail.link_to(endpoint, **args)
        for educator in educators():
            mail.enqueue(educator.email, educator.locale, "childcare_duty", user=educator, deadline=deadline,
                         overdue=today > deadline.due_on, link=link)
            sent += 1
    db.session.flush()
    return sent


# -- payments, cards, receipts, statements -----------------------------------------------------------------


def families(q: str = "") -> list[Family]:
    query = select(Family).join(User, User.id == Family.parent_id).order_by(User.full_name)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(func.lower(User.full_name).like(like) | func.lower(User.email).like(like))
    return list(db.session.scalars(query.limit(200)))


def _next_receipt(year: int) -> int:
    counter = db.session.get(ReceiptCounter, year, with_for_update=True, populate_existing=True)
    if counter is None:
        insert_missing(ReceiptCounter, [{"year": year, "last_number": 0}], ["year"])
        counter = db.session.get(ReceiptCounter, year, with_for_update=True, populate_existing=True)
    counter.last_number += 1
    return counter.last_number


def record_payment(actor: User, family: Family, amount_cents: int, method: str, purpose: str, paid_on: date,
                   note: str = "", card: Card | None = None) -> Payment:
    """A payment with the next receipt number of its year (numbers never repeat, even under concurrency)."""
    if amount_cents is None or amount_cents <= 0:
        raise RuleViolation(_l("Enter an amount greater than zero."), field="amount")
    if method not in PAYMENT_METHODS:
        raise RuleViolation(_l("Choose how the family paid."), field="method")
    if paid_on > today_in_rome():
        raise RuleViolation(_l("The payment date cannot be in the future."), field="paid_on")
    payment = Payment(family_id=family.id, amount_cents=amount_cents, method=method, purpose=purpose,
                      paid_on=paid_on, note=note, receipt_year=paid_on.year,
                      receipt_number=_next_receipt(paid_on.year), card_id=card.id if card else None,
                      recorded_by_id=actor.id)
    db.session.add(payment)
    db.session.flush()
    audit.record("childcare.payment_recorded", actor=actor, family=family.id, payment=payment.id,
                 amount_cents=amount_cents, purpose=purpose)
    return payment


def sell_card(actor: User, family: Family, method: str, hours: int | None) -> Payment:
    """A card of the size the family buys (at least 80 hours), at the card's hourly price, with its receipt."""
    sale = rules.card_sale(hours, settings())
    card = Card(family_id=family.id, blocks_total=sale.blocks, blocks_used=0, price_cents=sale.price_cents,
                sold_by_id=actor.id)
    db.session.add(card)
    db.session.flush()
    return record_payment(actor, family, sale.price_cents, method, "card", today_in_rome(),
                          note=f"{sale.hours} h", card=card)


def sell_membership(actor: User, family: Family, price_cents: int, months: int, method: str) -> Payment | None:
    """Approve an 'other' family and give it a membership card valid `months` from today."""
    if family.category != "other":
        raise RuleViolation(_l("Only families outside the priority groups need a membership card."))
    rules.check_membership_card(price_cents, months, settings())
    today = today_in_rome()
    family.approved_at = family.approved_at or utcnow()
    family.approved_by_id = family.approved_by_id or actor.id
    family.membership_valid_until = add_months(today, months) - timedelta(days=1)
    audit.record("childcare.membership_sold", actor=actor, family=family.id, months=months)
    if price_cents == 0:
        db.session.flush()
        return None
    return record_payment(actor, family, price_cents, method, "membership", today, note=f"{months}")


@dataclass(frozen=True)
class Totals:
    """A family's account: half hours charged at the single price against payments for hours."""

    charged_cents: int
    paid_for_hours_cents: int

    @property
    def due_cents(self) -> int:  # negative: the family is in credit
        return self.charged_cents - self.paid_for_hours_cents


def _charged_bookings(family_id: int):
    """Bookings that cost money: booked, or cancelled after the cut-off (micro nido hours and card hours cost 0)."""
    return (select(Booking).join(Booking.block)
            .where(Booking.family_id == family_id, Booking.amount_cents > 0,
                   (Booking.status == "booked") | Booking.cancelled_late.is_(True)))


def _late_blocks(family_id: int):
    """Half hours used after a late pick-up that cost money."""
    return (select(ExtraBlock).join(ExtraBlock.attendance)
            .where(ExtraBlock.family_id == family_id, ExtraBlock.amount_cents > 0))


def account_totals(family: Family, before: date | None = None) -> Totals:
    """The whole account, or what stood before `before` (a statement's opening balance): three sums."""
    bookings = _charged_bookings(family.id).with_only_columns(func.coalesce(func.sum(Booking.amount_cents), 0))
    late = _late_blocks(family.id).with_only_columns(func.coalesce(func.sum(ExtraBlock.amount_cents), 0))
    paid = select(func.coalesce(func.sum(Payment.amount_cents), 0)).where(Payment.family_id == family.id,
                                                                          Payment.purpose == "hours")
    if before is not None:
        bookings, late = bookings.where(Block.day < before), late.where(Attendance.day < before)
        paid = paid.where(Payment.paid_on < before)
    return Totals(int(db.session.scalar(bookings)) + int(db.session.scalar(late)), int(db.session.scalar(paid)))


@dataclass(frozen=True)
class Statement:
    """One month of a family's account: what stood at its start, what it charged, what was paid in it."""

    first: date
    last: date
    opening_cents: int  # owed at the start of the month; negative: in credit
    charges: list[Booking]
    late: list[ExtraBlock]
    payments: list[Payment]

    @property
    def charged_cents(self) -> int:
        return sum(booking.amount_cents for booking in self.charges) + sum(extra.amount_cents for extra in self.late)

    @property
    def paid_for_hours_cents(self) -> int:
        return sum(payment.amount_cents for payment in self.payments if payment.purpose == "hours")

    @property
    def closing_cents(self) -> int:
        return self.opening_cents + self.charged_cents - self.paid_for_hours_cents


def statement(family: Family, first: date, last: date) -> Statement:
    """The month from `first` to `last`: half hours by the day they were for, payments by the day they were made."""
    charges = list(db.session.scalars(
        _charged_bookings(family.id).options(contains_eager(Booking.block), joinedload(Booking.child))
        .where(Block.day >= first, Block.day <= last).order_by(Block.day, Block.starts_at, Booking.id)))
    late = list(db.session.scalars(
        _late_blocks(family.id).options(contains_eager(ExtraBlock.attendance).joinedload(Attendance.child))
        .where(Attendance.day >= first, Attendance.day <= last).order_by(Attendance.day, ExtraBlock.starts_at)))
    payments = list(db.session.scalars(select(Payment).where(
        Payment.family_id == family.id, Payment.paid_on >= first, Payment.paid_on <= last)
        .order_by(Payment.paid_on, Payment.id)))
    return Statement(first, last, account_totals(family, before=first).due_cents, charges, late, payments)


def payments_of(family: Family) -> list[Payment]:
    return list(db.session.scalars(select(Payment).where(Payment.family_id == family.id)
                                   .order_by(Payment.paid_on.desc(), Payment.id.desc())))


def payment_of(user: User, payment_id: int) -> Payment | None:
    """A receipt for its family, or for the educators and the office."""
    payment = db.session.get(Payment, payment_id)
    if payment is None:
        return None
    if payment.family.parent_id == user.id or user.has_role("educatore", "amministratore", "dec"):
        return payment
    return None


# -- the day register ---------------------------------------------------------------------------------------


def _present(stays, start: time) -> int:
    """Children present at any moment of the half hour starting at `start` (stays of one day)."""
    return sum(1 for stay in stays if _overlaps(stay, start))


@dataclass(frozen=True)
class RegisterRow:
    child: Child
    family: Family
    booked: tuple[time, ...]
    attendance: Attendance | None
    pickups: tuple[str, ...]  # who may pick the child up: the parent first

    @property
    def expected_from(self) -> time:
        return self.booked[0]

    @property
    def expected_until(self) -> time:
        return rules.block_end(self.booked[-1])


@dataclass(frozen=True)
class BlockCount:
    starts_at: time
    booked: int
    present: int
    educators: int  # planned: they set the places
    places: int
    staff: tuple[str, ...] = ()  # educators entered in the register during the half hour
    children_per_educator: int = 5

    @property
    def ratio_ok(self) -> bool:
        """Within the places, and, once educators are entered in the register, within the ratio of those present."""
        within_ratio = not self.staff or self.present <= len(self.staff) * self.children_per_educator
        return self.present <= self.places and within_ratio


def register(day: date, staff: list[StaffPresence] | None = None) -> tuple[list[RegisterRow], list[BlockCount]]:
    """The children expected on a day with their arrivals and pick-ups, and each half hour's counts
    (with the educators' stays of the day, read here unless the caller has them)."""
    cfg = settings()
    blocks = list(db.session.scalars(select(Block).where(Block.day == day).order_by(Block.starts_at)))
    bookings = list(db.session.scalars(
        select(Booking).join(Booking.block).options(contains_eager(Booking.block), joinedload(Booking.child))
        .where(Block.day == day, Booking.status == "booked").order_by(Block.starts_at)))
    attendance = {row.child_id: row for row in db.session.scalars(select(Attendance).where(Attendance.day == day))}
    booked_by_child: dict[int, list[time]] = {}
    for booking in bookings:
        booked_by_child.setdefault(booking.child_id, []).append(booking.block.starts_at)
    children = {booking.child_id: booking.child for booking in bookings}
    families_by_id = {family.id: family for family in db.session.scalars(
        select(Family).options(joinedload(Family.parent), joinedload(Family.pickups))
        .where(Family.id.in_({child.family_id for child in children.values()}))).unique()}
    rows = []
    for child_id, starts in booked_by_child.items():
        child = children[child_id]
        family = families_by_id[child.family_id]
        rows.append(RegisterRow(child, family, tuple(starts), attendance.get(child_id), pickup_names(family)))
    rows.sort(key=lambda row: (row.expected_from, row.child.full_name))
    if staff is None:
        staff = staff_presence(day, day).get(day, [])
    counts = [_block_count(block.starts_at, block.booked, block.educators, attendance.values(), staff, cfg)
              for block in blocks]
    return rows, counts


def _block_count(start: time, booked: int, educators: int, stays, staff: list[StaffPresence],
                 cfg: rules.Settings) -> BlockCount:
    return BlockCount(start, booked, _present(stays, start), educators, rules.places(educators, cfg),
                      tuple(sorted({shift.educator.full_name for shift in staff if _overlaps(shift, start)})),
                      cfg.children_per_educator)


def _overlaps(stay, start: time) -> bool:
    """A stay (child or educator) covers some of the half hour starting at `start`."""
    return stay.arrived_at < rules.block_end(start) and (stay.left_at is None or stay.left_at > start)


# -- educators on duty ---------------------------------------------------------------------------------------


def educators() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(UserRole.role == "educatore",
                                                                      User.active.is_(True))
                                   .order_by(User.full_name)))


def staff_presence(first: date, last: date) -> dict[date, list[StaffPresence]]:
    """Educators' stays by day, in the order they came in."""
    by_day: dict[date, list[StaffPresence]] = {}
    for stay in db.session.scalars(select(StaffPresence).options(joinedload(StaffPresence.educator))
                                   .where(StaffPresence.day >= first, StaffPresence.day <= last)
                                   .order_by(StaffPresence.day, StaffPresence.arrived_at)):
        by_day.setdefault(stay.day, []).append(stay)
    return by_day


def _educator(educator_id: int) -> User:
    educator = db.session.get(User, educator_id)
    if educator is None or not educator.active or not educator.has_role("educatore"):
        raise RuleViolation(_l("Choose an educator of the baby parking."), field="educator")
    return educator


def _open_stay(educator: User, day: date) -> StaffPresence | None:
    return db.session.scalar(select(StaffPresence).where(StaffPresence.educator_id == educator.id,
                                                         StaffPresence.day == day, StaffPresence.left_at.is_(None)))


def staff_enter(actor: User, educator_id: int, day: date, at: time) -> StaffPresence:
    """An educator starts a stay on duty (a second one the same day after leaving, e.g. a substitution)."""
    educator = _educator(educator_id)
    if day > today_in_rome():
        raise RuleViolation(_l("Entries are recorded on the day."))
    if _open_stay(educator, day) is not None:
        raise RuleViolation(_l("%(name)s is already on duty.", name=educator.full_name))
    earlier = db.session.scalar(select(func.max(StaffPresence.left_at)).where(
        StaffPresence.educator_id == educator.id, StaffPresence.day == day))
    if earlier is not None and at < earlier:
        raise RuleViolation(_l("%(name)s was on duty until %(time)s: the new entry must be later.",
                               name=educator.full_name, time=earlier.strftime("%H:%M")), field="at")
    stay = StaffPresence(educator_id=educator.id, day=day, arrived_at=at, recorded_by_id=actor.id)
    db.session.add(stay)
    db.session.flush()
    audit.record("childcare.staff_entered", actor=actor, educator=educator.id, day=day.isoformat(),
                 at=at.strftime("%H:%M"))
    return stay


def staff_leave(actor: User, educator_id: int, day: date, at: time) -> StaffPresence:
    educator = _educator(educator_id)
    stay = _open_stay(educator, day)
    if stay is None:
        raise RuleViolation(_l("%(name)s is not on duty.", name=educator.full_name))
    if at <= stay.arrived_at:
        raise RuleViolation(_l("The exit must be after the entry (%(time)s).", time=stay.arrived_at.strftime("%H:%M")),
                            field="at")
    stay.left_at = at
    db.session.flush()
    audit.record("childcare.staff_left", actor=actor, educator=educator.id, day=day.isoformat(),
                 at=at.strftime("%H:%M"))
    return stay


def _booked_starts(child: Child, day: date) -> list[time]:
    return list(db.session.scalars(select(Block.starts_at).join(Booking, Booking.block_id == Block.id).where(
        Booking.child_id == child.id, Booking.status == "booked", Block.day == day).order_by(Block.starts_at)))


def check_in(actor: User, child: Child, day: date, at: time) -> Attendance:
    if day > today_in_rome():
        raise RuleViolation(_l("Arrivals are recorded on the day."))
    if not _booked_starts(child, day):
        raise RuleViolation(_l("%(name)s is not booked on this day.", name=child.full_name))
    attendance = db.session.scalar(select(Attendance).where(Attendance.child_id == child.id, Attendance.day == day))
    if attendance is not None:
        raise RuleViolation(_l("%(name)s has already arrived.", name=child.full_name))
    attendance = Attendance(child_id=child.id, family_id=child.family_id, day=day, arrived_at=at,
                            recorded_by_id=actor.id)
    db.session.add(attendance)
    db.session.flush()
    audit.record("childcare.checked_in", actor=actor, child=child.id, day=day.isoformat())
    return attendance


def check_out(actor: User, child: Child, day: date, at: time, picked_up_by: str, note: str = "") -> Attendance:
    """Record the pick-up; half hours used beyond the booking are charged like booked ones (card first)."""
    attendance = db.session.scalar(select(Attendance).where(Attendance.child_id == child.id, Attendance.day == day)
                                   .with_for_update())
    if attendance is None or attendance.left_at is not None:
        raise RuleViolation(_l("%(name)s is not in the register as present.", name=child.full_name))
    family = db.session.get(Family, child.family_id)
    if picked_up_by not in pickup_names(family):
        raise RuleViolation(_l("Only the parents and the people they authorised may pick %(name)s up.",
                               name=child.full_name), field="picked_up_by")
    if at < attendance.arrived_at:
        raise RuleViolation(_l("The pick-up cannot be before the arrival."), field="at")
    attendance.left_at, attendance.picked_up_by, attendance.note = at, picked_up_by, note
    booked = set(_booked_starts(child, day))
    opening = rules.opening_blocks(day, (), settings(), nursery_calendar(day, day))
    extra = sorted(rules.charged_blocks(booked, rules.attended_blocks(opening, attendance.arrived_at, at)) - booked)
    for start, (charge, card, cents) in zip(extra, _charge_blocks(family, child, day, extra), strict=True):
        attendance.extra_blocks.append(ExtraBlock(family_id=family.id, starts_at=start, charge=charge,
                                                  card_id=card.id if card else None, amount_cents=cents))
    db.session.flush()
    audit.record("childcare.checked_out", actor=actor, child=child.id, day=day.isoformat(), extra=len(extra))
    return attendance


# -- the monthly report for the university --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    day: date
    count: BlockCount


@dataclass(frozen=True)
class MonthlyReport:
    first: date
    last: date
    rows: list[ReportRow]
    half_hours: dict[str, int]  # charge -> half hours used (booked, cancelled late, or after a late pick-up)
    income: dict[tuple[str, str], int]  # (purpose, method) -> cents
    cards_sold: int

    @property
    def income_cents(self) -> int:
        return sum(self.income.values())

    @property
    def days(self) -> list[date]:
        return sorted({row.day for row in self.rows})

    @property
    def over_places(self) -> list[ReportRow]:
        return [row for row in self.rows if not row.count.ratio_ok]


def monthly_report(first: date, last: date) -> MonthlyReport:
    """Attendance and staff per half hour, hours by kind and income of a month: what the university checks."""
    cfg = settings()
    blocks = list(db.session.scalars(select(Block).where(Block.day >= first, Block.day <= last)
                                     .order_by(Block.day, Block.starts_at)))
    stays = list(db.session.scalars(select(Attendance).where(Attendance.day >= first, Attendance.day <= last)))
    by_start = {(block.day, block.starts_at): block for block in blocks}
    stays_by_day: dict[date, list[Attendance]] = {}
    for stay in stays:
        stays_by_day.setdefault(stay.day, []).append(stay)
    staff = staff_presence(first, last)
    nursery = nursery_calendar(first, last)
    rows = []
    for day in sorted({block.day for block in blocks} | set(stays_by_day)):
        for start in rules.opening_blocks(day, (), cfg, nursery):  # a late pick-up may reach a half hour nobody booked
            block = by_start.get((day, start))
            booked, educators = (block.booked, block.educators) if block else (0, default_educators())
            count = _block_count(start, booked, educators, stays_by_day.get(day, ()), staff.get(day, []), cfg)
            if count.booked or count.present:
                rows.append(ReportRow(day, count))
    used = dict(db.session.execute(
        select(Booking.charge, func.count(Booking.id)).join(Block)
        .where(Block.day >= first, Block.day <= last,
               (Booking.status == "booked") | Booking.cancelled_late.is_(True))
        .group_by(Booking.charge)).all())
    for charge, count in db.session.execute(
            select(ExtraBlock.charge, func.count(ExtraBlock.id)).join(ExtraBlock.attendance)
            .where(Attendance.day >= first, Attendance.day <= last).group_by(ExtraBlock.charge)).all():
        used[charge] = used.get(charge, 0) + count
    income = {(purpose, method): int(cents) for purpose, method, cents in db.session.execute(
        select(Payment.purpose, Payment.method, func.sum(Payment.amount_cents))
        .where(Payment.paid_on >= first, Payment.paid_on <= last).group_by(Payment.purpose, Payment.method)).all()}
    cards = db.session.scalar(select(func.count(Payment.id)).where(
        Payment.purpose == "card", Payment.paid_on >= first, Payment.paid_on <= last)) or 0
    return MonthlyReport(first, last, rows, {charge: int(used.get(charge, 0)) for charge in ("single", "card", "free")},
                         income, cards)


def report_csv_rows(report: MonthlyReport):
    for row in report.rows:
        count = row.count
        yield (row.day.isoformat(), count.starts_at.strftime("%H:%M"), count.booked, count.present, count.educators,
               count.places, len(count.staff), "; ".join(count.staff), "yes" if count.ratio_ok else "NO")


# -- the week's activity plan --------------------------------------------------------------------------------


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def activity_plan(week_start: date) -> ActivityPlan | None:
    return db.session.get(ActivityPlan, week_start)


def plans_from(week_start: date, limit: int = 3) -> list[ActivityPlan]:
    """The published plans of a week and the following ones: what the university's staff and the families read."""
    return list(db.session.scalars(select(ActivityPlan).where(ActivityPlan.week_start >= week_start)
                                   .order_by(ActivityPlan.week_start).limit(limit)))


def publish_plan(actor: User, week_start: date, body_it: str, body_en: str) -> tuple[ActivityPlan, int]:
    """Publish (or correct) a week's plan; the first publication is mailed to everyone who asked for it: families
    and the university's staff (the tender has the plan mailed to the staff)."""
    from portal.core import mail

    if week_start.weekday() != 0:
        raise RuleViolation(_l("A week starts on Monday."), field="week_start")
    if week_start < week_of(today_in_rome()):
        raise RuleViolation(_l("That week is over."), field="week_start")
    plan = db.session.get(ActivityPlan, week_start, with_for_update=True)
    if plan is None:
        plan = ActivityPlan(week_start=week_start, body_it=body_it, body_en=body_en)
        db.session.add(plan)
    plan.body_it, plan.body_en, plan.published_by_id, plan.published_at = body_it, body_en, actor.id, utcnow()
    mailed = 0
    if plan.mailed_at is None:
        link = mail.link_to("childcare.activities")
        for reader in db.session.scalars(select(User).join(PlanSubscriber, PlanSubscriber.user_id == User.id)
                                         .where(User.active.is_(True)).order_by(User.id)):
            mail.enqueue(reader.email, reader.locale, "childcare_activity_plan", user=reader, plan=plan,
                         body=plan.body_en if reader.locale == "en" else plan.body_it, link=link)
            mailed += 1
        plan.mailed_at = utcnow()
    db.session.flush()
    audit.record("childcare.plan_published", actor=actor, week=week_start.isoformat(), mailed=mailed)
    return plan, mailed


def wants_plan(user: User) -> bool:
    return db.session.get(PlanSubscriber, user.id) is not None


def set_plan_emails(actor: User, wanted: bool) -> None:
    """Ask for the week's plan by e-mail, or stop: one choice per person, whether parent or staff."""
    if wanted:
        insert_missing(PlanSubscriber, [{"user_id": actor.id, "subscribed_at": utcnow()}], ["user_id"])
    else:
        db.session.execute(delete(PlanSubscriber).where(PlanSubscriber.user_id == actor.id))
    db.session.flush()
    audit.record("childcare.plan_emails", user=actor, actor=actor, wanted=wanted)


def calendar_events(user: User, since: datetime) -> list[CalendarEvent]:
    """The family's stays from `since` on, one event each (17:00-18:30 is one): "My calendar".

    Cancelled half hours leave the stay (or the calendar). Only the child's first name: no health data.
    """
    family = family_of(user)
    if family is None:
        return []
    rows = db.session.execute(
        select(Booking.id, Booking.child_id, Block.day, Block.starts_at, Booking.status, Booking.created_at,
               Booking.cancelled_at, Child.full_name)
        .join(Booking.block).join(Booking.child)
        .where(Booking.family_id == family.id, Block.day >= to_rome(since).date())).all()
    names = {row.child_id: row.full_name.split(" ")[0] for row in rows}
    # A stay's sequence grows with every booking or cancellation of that child on that day.
    changed: dict[tuple[int, date], datetime] = {}
    for row in rows:
        moment = max(row.created_at, row.cancelled_at or row.created_at)
        changed[row.child_id, row.day] = max(changed.get((row.child_id, row.day), moment), moment)
    host = urlparse(current_app.config["PORTAL_BASE_URL"]).hostname or "portal"
    stays = rules.join_half_hours((row.id, row.child_id, row.day, row.starts_at)
                                  for row in rows if row.status == "booked")
    return [CalendarEvent(
        uid=f"policino-stay-{stay.key}@{host}",
        starts=datetime.combine(stay.day, stay.starts_at, tzinfo=ROME),
        ends=datetime.combine(stay.day, stay.ends_at, tzinfo=ROME),
        summary=_("Policino: %(child)s", child=names[stay.child_id]),
        sequence=int(changed[stay.child_id, stay.day].timestamp()))
        for stay in stays]
