"""Baby parking: who may book and until when, places, prices, cards, bookings as the family sees them (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from portal.childcare.rules.common import BLOCK_MINUTES, DEFAULTS, Settings, block_end
from portal.core.money import format_money
from portal.core.rules import RuleViolation

# -- who may book, and until when ------------------------------------------------------------------


def age_in_months(birth: date, day: date) -> int:
    months = (day.year - birth.year) * 12 + day.month - birth.month
    return months - 1 if day.day < birth.day else months


def check_age(birth: date, day: date, settings: Settings = DEFAULTS) -> None:
    """From 13 months of age to the day before the 6th birthday (both settings), on the day of the block."""
    months = age_in_months(birth, day)
    if months < settings.min_age_months:
        raise RuleViolation(_l("The baby parking takes children from %(months)d months of age.",
                               months=settings.min_age_months), field="child")
    if months >= settings.max_age_years * 12:
        raise RuleViolation(_l("The baby parking takes children up to %(years)d years of age.",
                               years=settings.max_age_years), field="child")


def booking_opens_on(block_day: date, category: str, settings: Settings = DEFAULTS) -> date:
    return block_day - timedelta(days=settings.opens_days_before[category])


def booking_closes_at(block_day: date, settings: Settings = DEFAULTS) -> datetime:
    """The end of the day before (cut-off): a naive Europe/Rome wall-clock moment."""
    return datetime.combine(block_day - timedelta(days=settings.cutoff_days_before - 1), time())


def check_can_book(block_day: date, category: str, now: datetime, settings: Settings = DEFAULTS) -> None:
    """`now` is Europe/Rome wall-clock time (naive)."""
    if now >= booking_closes_at(block_day, settings):
        raise RuleViolation(_l("Bookings for %(day)s closed at the end of the day before.",
                               day=block_day.strftime("%d/%m/%Y")))
    opens = booking_opens_on(block_day, category, settings)
    if now.date() < opens:
        raise RuleViolation(_l("For your family, bookings for %(day)s open on %(opens)s.",
                               day=block_day.strftime("%d/%m/%Y"), opens=opens.strftime("%d/%m/%Y")))


def can_cancel_in_time(block_day: date, now: datetime, settings: Settings = DEFAULTS) -> bool:
    """A booking cancelled by the cut-off costs nothing; after it, the block is charged even if unused."""
    return now < booking_closes_at(block_day, settings)


def check_membership(category: str, approved: bool, card_valid_until: date | None, day: date) -> None:
    """Families outside the priority groups need the university's approval and a valid membership card."""
    if category != "other":
        return
    if not approved:
        raise RuleViolation(_l("Your family is waiting for the university's approval."))
    if card_valid_until is None or card_valid_until < day:
        raise RuleViolation(_l("A valid membership card is needed to book on %(day)s.",
                               day=day.strftime("%d/%m/%Y")))


def check_membership_card(price_cents: int, months: int, settings: Settings = DEFAULTS) -> None:
    if not 0 <= price_cents <= settings.membership_max_cents:
        raise RuleViolation(_l("The membership card costs at most %(amount)s.",
                               amount=format_money(settings.membership_max_cents)), field="price")
    if not 1 <= months <= settings.membership_max_months:
        raise RuleViolation(_l("A membership card lasts at most %(months)d months.",
                               months=settings.membership_max_months), field="months")


# -- places ------------------------------------------------------------------------------------------


def places(educators: int, settings: Settings = DEFAULTS) -> int:
    """Children a block may hold: the room's limit, and 5 per educator on duty."""
    return max(0, min(settings.max_children, settings.children_per_educator * educators))


def free_places(educators: int, booked: int, settings: Settings = DEFAULTS) -> int:
    return max(0, places(educators, settings) - booked)


def check_roster(educators: int, booked: int, settings: Settings = DEFAULTS) -> None:
    """The roster of a block may not fall below what its bookings need."""
    if educators < 0:
        raise RuleViolation(_l("The number of educators cannot be negative."), field="educators")
    if booked > places(educators, settings):
        needed = -(-booked // settings.children_per_educator)
        raise RuleViolation(lazy_ngettext(
            "%(booked)d children are booked: at least %(num)d educator must be on duty.",
            "%(booked)d children are booked: at least %(num)d educators must be on duty.", needed, booked=booked),
            field="educators")


# -- prices --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Charge:
    """How a set of blocks is paid: free (micro nido hour), from the family's card, or at the single price."""

    free_blocks: int
    card_blocks: int
    paid_blocks: int
    amount_cents: int

    @property
    def blocks(self) -> int:
        return self.free_blocks + self.card_blocks + self.paid_blocks


def is_free_block(start: time, nido_child: bool, nursery_open_that_day: bool, settings: Settings = DEFAULTS) -> bool:
    """The first hour after the micro nido closes is free for its children, on the days it was open: not in a July
    without the nursery, not on its closing days."""
    low, high = settings.nido_free_hours
    return nido_child and nursery_open_that_day and low <= start < high


def price(starts: Iterable[time], nido_child: bool, card_blocks_left: int, settings: Settings = DEFAULTS, *,
          nursery_open_that_day: bool) -> Charge:
    """Blocks are charged per half hour at half the hourly price; card hours go first, then single hours."""
    starts = list(starts)
    free = sum(1 for start in starts if is_free_block(start, nido_child, nursery_open_that_day, settings))
    payable = len(starts) - free
    from_card = min(payable, max(0, card_blocks_left))
    paid = payable - from_card
    return Charge(free, from_card, paid, paid * settings.single_block_cents)


# -- cards ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardSale:
    hours: int
    blocks: int
    price_cents: int


def card_sale(hours: int | None, settings: Settings = DEFAULTS) -> CardSale:
    """A card of at least 80 hours (the tender), as many as the family buys up to a sensible bound, at EUR 2.50 an
    hour whatever its size: 100 hours are EUR 250.00, used half hour by half hour."""
    if hours is None or not settings.card_hours <= hours <= settings.card_max_hours:
        raise RuleViolation(_l("A card has from %(low)d to %(high)d hours.", low=settings.card_hours,
                               high=settings.card_max_hours), field="hours")
    return CardSale(hours, hours * 60 // BLOCK_MINUTES, hours * settings.card_hour_cents)


def attended_blocks(starts: Iterable[time], arrived: time, left: time) -> set[time]:
    """The half hours a child was present in, even for a minute: picked up at 18:05, the 18:00 block counts."""
    return {start for start in starts if start < left and block_end(start) > arrived}


def charged_blocks(booked: set[time], attended: set[time]) -> set[time]:
    """A booked block not cancelled in time is charged even if unused; a late pick-up adds the blocks used."""
    return booked | attended


# -- bookings as the family sees them ------------------------------------------------------------------


@dataclass(frozen=True)
class HalfHour:
    """One booked half hour (one row, one place): `group` is the booking it was made with (the id of its first half
    hour), so that 17:00-18:30 booked in one go is one booking for the family, and one cancel."""

    booking_id: int
    group: int
    child_id: int
    day: date
    starts_at: time
    charge: str  # free | card | single
    amount_cents: int


@dataclass(frozen=True)
class BookedStay:
    """A booking as the family sees it: one child, one day, consecutive half hours booked together."""

    child_id: int
    day: date
    starts_at: time
    ends_at: time
    half_hours: tuple[HalfHour, ...]

    @property
    def key(self) -> int:
        """The booking's number: its first half hour's row (what the cancel link names)."""
        return min(half.booking_id for half in self.half_hours)

    @property
    def free_blocks(self) -> int:
        return sum(1 for half in self.half_hours if half.charge == "free")

    @property
    def card_blocks(self) -> int:
        return sum(1 for half in self.half_hours if half.charge == "card")

    @property
    def paid_blocks(self) -> int:
        return sum(1 for half in self.half_hours if half.charge == "single")

    @property
    def amount_cents(self) -> int:
        return sum(half.amount_cents for half in self.half_hours)


def group_bookings(half_hours: Iterable[HalfHour]) -> list[BookedStay]:
    """Active half hours -> the bookings they were made as: the same group, child and day, and consecutive (a half
    hour missing in the middle, cancelled on its own before bookings were grouped, splits a booking in two).
    Sorted by day, start and child."""
    stays: list[BookedStay] = []
    for half in sorted(half_hours, key=lambda h: (h.group, h.child_id, h.day, h.starts_at, h.booking_id)):
        last = stays[-1] if stays else None
        if (last is not None and (last.half_hours[0].group, last.child_id, last.day) == (half.group, half.child_id,
                                                                                           half.day)
                and last.ends_at == half.starts_at):
            stays[-1] = BookedStay(half.child_id, half.day, last.starts_at, block_end(half.starts_at),
                                   (*last.half_hours, half))
        else:
            stays.append(BookedStay(half.child_id, half.day, half.starts_at, block_end(half.starts_at), (half,)))
    return sorted(stays, key=lambda s: (s.day, s.starts_at, s.child_id, s.key))


@dataclass(frozen=True)
class CancelCost:
    """What stays charged when a booking is cancelled: nothing in time; after the cut-off, its half hours as they
    were charged (the card's half hours stay used, single half hours stay to pay; the micro nido's hour is free)."""

    in_time: bool
    card_blocks: int
    amount_cents: int

    @property
    def free(self) -> bool:
        return self.card_blocks == 0 and self.amount_cents == 0


def cancellation_cost(stay: BookedStay, in_time: bool) -> CancelCost:
    if in_time:
        return CancelCost(True, 0, 0)
    return CancelCost(False, stay.card_blocks, stay.amount_cents)


@dataclass(frozen=True)
class Duration:
    """A duration a booking from a start time may have: `blocks` half hours, until `ends_at`; `bookable` while
    every half hour of it has a place and the child is not already booked in it."""

    blocks: int
    ends_at: time
    bookable: bool

    @property
    def minutes(self) -> int:
        return self.blocks * BLOCK_MINUTES


def lengths_from(opening: Iterable[time], start: time, taken: Iterable[time] = ()) -> list[Duration]:
    """The durations from `start` to the closing time, through the consecutive opening half hours; once a half hour
    in `taken` (full, or the child is already there) is reached, that length and the longer ones are not bookable."""
    opening, taken = sorted(opening), set(taken)
    if start not in opening:
        return []
    lengths, blocked = [], False
    for index, moment in enumerate(opening[opening.index(start):]):
        if index and opening[opening.index(start) + index - 1] != (datetime.combine(date.min, moment)
                                                                   - timedelta(minutes=BLOCK_MINUTES)).time():
            break  # a gap in the opening hours ends the stay
        blocked = blocked or moment in taken
        lengths.append(Duration(index + 1, block_end(moment), not blocked))
    return lengths
