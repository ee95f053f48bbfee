"""Policino baby parking: opening blocks, who may book when, places, prices (pure rules).

Figures come from a `Settings` value (DOMAIN.md section 3 gives the defaults,
which the coordinator may change); nothing here touches Flask or the database.
Time is Europe/Rome wall clock: a block is a day and a start time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from portal.core.calendar import add_months, add_working_days, holidays
from portal.core.money import format_money
from portal.core.rules import Deadline, RuleViolation, reminder_due  # noqa: F401 (rules.Deadline, rules.reminder_due)

BLOCK_MINUTES = 30

# Priority groups, in the order places open to them (DOMAIN.md: staff, then students and the others of
# that group, then grandchildren of staff, then approved families with a membership card).
CATEGORIES = {
    "staff": _l("Staff of the university"),
    "student": _l("Student, PhD student, research fellow or external collaborator"),
    "grandparent": _l("Grandparent on the staff of the university"),
    "other": _l("Other (needs the university's approval and a membership card)"),
}
PRIORITY = ("staff", "student", "grandparent", "other")


@dataclass(frozen=True)
class Settings:
    max_children: int = 24
    children_per_educator: int = 5
    min_age_months: int = 13
    max_age_years: int = 6  # a child may come until the day before this birthday
    single_hour_cents: int = 350
    card_hours: int = 80  # the fewest hours a card may have ("schede abbonamento da almeno 80 ore")
    card_max_hours: int = 500  # the most: a sensible bound on what the desk may type
    card_hour_cents: int = 250
    membership_max_cents: int = 5000
    membership_max_months: int = 12
    # How many days before a block each group may book it.
    opens_days_before: dict[str, int] = field(default_factory=lambda: {
        "staff": 14, "student": 10, "grandparent": 7, "other": 3})
    cutoff_days_before: int = 1  # booking and cancelling close at the end of the day before
    school_year_hours: tuple[time, time] = (time(16, 30), time(19, 0))
    july_hours: tuple[time, time] = (time(8, 0), time(19, 0))
    nido_free_hours: tuple[time, time] = (time(16, 30), time(17, 30))  # micro nido children stay free
    # On the micro nido's closing days of the school year the rooms run as baby parking in the nursery's hours
    # too (tender 27.2), i.e. 8:00-19:00 as in July; off: the usual afternoon only.
    all_day_when_nursery_closed: bool = True
    patron_day: str = "06-24"  # Torino, San Giovanni
    report_working_days: int = 10  # the monthly report reaches the university within 10 working days
    report_reminder_working_days: int = 3  # educators are reminded this many working days before
    summer_calendar_by: str = "05-31"  # the July calendar is published by the end of May
    summer_reminder_days: int = 14

    @property
    def single_block_cents(self) -> int:
        return self.single_hour_cents * BLOCK_MINUTES // 60

    @property
    def card_block_cents(self) -> int:
        return self.card_hour_cents * BLOCK_MINUTES // 60


DEFAULTS = Settings()


# -- the calendar --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nursery:
    """The micro nido's own calendar, which the baby parking's hours and the free hour depend on (the two services
    share the rooms and never run together): the years whose July the nursery opens (the yearly call decides), and
    the nursery's closing days of the school year (it follows the city's nursery calendar)."""

    july_years: frozenset[int] = frozenset()
    closed_days: frozenset[date] = frozenset()


NO_NURSERY_IN_JULY = Nursery()


def nursery_open(day: date, closures: Iterable[date] = (), settings: Settings = DEFAULTS,
                 nursery: Nursery = NO_NURSERY_IN_JULY) -> bool:
    """The micro nido runs Monday to Friday, 1 September to 30 June, and in July of the years the call extends it;
    never on holidays, closures of the university or its own closing days."""
    if day.weekday() >= 5 or day.month == 8 or (day.month == 7 and day.year not in nursery.july_years):
        return False
    return not (day in holidays(day.year, settings.patron_day) or day in set(closures) or day in nursery.closed_days)


def opening_hours(day: date, closures: Iterable[date] = (), settings: Settings = DEFAULTS,
                  nursery: Nursery = NO_NURSERY_IN_JULY) -> tuple[time, time] | None:
    """When the baby parking is open that day, or None.

    Monday to Friday; closed in August, on national holidays, on the city's patron day and on closure days.
    After the micro nido (16:30-19:00) on the days it runs; all day (8:00-19:00) in July when it does not, and on
    its closing days of the school year if the setting says so.
    """
    closures = set(closures)
    if day.weekday() >= 5 or day.month == 8:
        return None
    if day in holidays(day.year, settings.patron_day) or day in closures:
        return None
    if nursery_open(day, closures, settings, nursery):
        return settings.school_year_hours
    if day.month == 7 or settings.all_day_when_nursery_closed:
        return settings.july_hours
    return settings.school_year_hours


def blocks_between(start: time, end: time) -> list[time]:
    """Half-hour block start times from `start` (inclusive) to `end` (exclusive)."""
    blocks, moment = [], datetime.combine(date.min, start)
    stop = datetime.combine(date.min, end)
    while moment + timedelta(minutes=BLOCK_MINUTES) <= stop:
        blocks.append(moment.time())
        moment += timedelta(minutes=BLOCK_MINUTES)
    return blocks


def opening_blocks(day: date, closures: Iterable[date] = (), settings: Settings = DEFAULTS,
                   nursery: Nursery = NO_NURSERY_IN_JULY) -> list[time]:
    hours = opening_hours(day, closures, settings, nursery)
    return blocks_between(*hours) if hours else []


def block_end(start: time) -> time:
    return (datetime.combine(date.min, start) + timedelta(minutes=BLOCK_MINUTES)).time()


def is_summer_day(day: date) -> bool:
    """July: open all day, and only once the summer calendar of the year is published."""
    return day.month == 7


# -- deadlines the coordinator keeps -------------------------------------------------------------------


def report_deadline(month_first: date, settings: Settings = DEFAULTS) -> Deadline:
    """The monthly report is due by the 10th working day after the month ends (holidays and the patron day
    do not count)."""
    month_last = add_months(month_first, 1) - timedelta(days=1)
    due = add_working_days(month_last, settings.report_working_days, settings.patron_day)
    return Deadline("monthly_report", month_first, due,
                    add_working_days(due, -settings.report_reminder_working_days, settings.patron_day))


def summer_deadline(year: int, settings: Settings = DEFAULTS) -> Deadline:
    month, day = (int(part) for part in settings.summer_calendar_by.split("-"))
    due = date(year, month, day)
    return Deadline("summer_calendar", date(year, 7, 1), due, due - timedelta(days=settings.summer_reminder_days))


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


@dataclass(frozen=True)
class Stay:
    """Consecutive half hours of one child on one day: one booking as the family sees it (17:00-18:30 is one)."""

    child_id: int
    day: date
    starts_at: time
    ends_at: time
    booking_ids: tuple[int, ...]

    @property
    def key(self) -> int:
        """The stay's lowest booking id: it stays the same when half hours are added before or after."""
        return min(self.booking_ids)


def join_half_hours(bookings: Iterable[tuple[int, int, date, time]]) -> list[Stay]:
    """(booking id, child id, day, start) of active half hours -> the stays they make, by day, start and child."""
    stays: list[Stay] = []
    for booking_id, child_id, day, start in sorted(bookings, key=lambda b: (b[1], b[2], b[3], b[0])):
        last = stays[-1] if stays else None
        if last is not None and (last.child_id, last.day) == (child_id, day) and last.ends_at == start:
            stays[-1] = Stay(child_id, day, last.starts_at, block_end(start), (*last.booking_ids, booking_id))
        else:
            stays.append(Stay(child_id, day, start, block_end(start), (booking_id,)))
    return sorted(stays, key=lambda s: (s.day, s.starts_at, s.child_id))


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


# -- the micro nido: year, places, attendance, fees ---------------------------------------------------------------
# The Policino tender (27.1, 27.2, 27.6) and DOMAIN.md section 3 "Micro nido"; the tender wins where they differ.

# The parent's relationship with the university (tender 27.1, letters a-f).
NURSERY_CATEGORIES = {
    "a": _l("a. Technical, administrative and library staff"),
    "b": _l("b. Teaching and research staff"),
    "c": _l("c. Research fellow"),
    "d": _l("d. External collaborator with a direct contract"),
    "e": _l("e. PhD student or student"),
    "f": _l("f. Staff of a partner company or body"),
}
STAFF_CATEGORIES = ("a", "b")  # "dipendenti": their direct-line grandchildren may enrol too (27.1)
SINGLE_BAND_CATEGORIES = ("f",)  # Tabella 2: one band whatever the ISEE

# Attendance types, from fewer to more days (27.2); the weekly days and hours order a change "to more days".
ATTENDANCE = {
    "vertical_2": _l("Vertical part time, 2 fixed days"),
    "vertical_3": _l("Vertical part time, 3 fixed days"),
    "morning": _l("Morning part time (8:00-13:00, meal included)"),
    "full_time": _l("Full time (8:00-16:30)"),
}
ATTENDANCE_WEEK = {"vertical_2": (2, 17.0), "vertical_3": (3, 25.5), "morning": (5, 25.0), "full_time": (5, 42.5)}
VERTICAL_DAYS = {"vertical_2": 2, "vertical_3": 3}
PART_TIME = ("vertical_2", "vertical_3", "morning")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")

ISEE_BANDS = {
    "low": _l("ISEE up to EUR 32,000"),
    "high": _l("ISEE over EUR 32,000 or not declared"),
    "single": _l("Single band"),
}
ISEE_BAND_LIMIT_CENTS = 3_200_000  # "I fascia ISEE (fino 32.000 euro)"
SIBLING_DISCOUNT_PERCENT = 20  # "dal secondo figlio/i è ridotta del 20%"
FEE_DUE_DAY = 5  # "entro il giorno 5 del mese di frequenza"
FEE_MAX_CENTS = 500_000  # a sensible bound on what the office may type for one month


@dataclass(frozen=True)
class NurseryRules:
    places: int = 20  # "20 bambini/e compresenti" (27.1)
    kept_for_part_time: int = 4  # "Di norma 4 posti sono riservati alla frequenza part-time"
    min_age_months: int = 12
    leaves_at_years: int = 3  # until the end of the nursery year in which the child turns 3
    offer_days: int = 7  # an offer not answered within these days passes to the next in the ranking


NURSERY_DEFAULTS = NurseryRules()


def fee_group(category: str) -> str:
    """Tabella 1 (categories a-e) or Tabella 2 (f)."""
    return "f" if category in SINGLE_BAND_CATEGORIES else "ae"


def fee_keys() -> list[tuple[str, str, str]]:
    """Every cell of a year's fee table: (group, attendance, band)."""
    cells = [("ae", attendance, band) for attendance in ATTENDANCE for band in ("low", "high")]
    return cells + [("f", attendance, "single") for attendance in ATTENDANCE]


# The tender's table (27.6, Tabella 1 and 2), in cents: the default of a new year.
TENDER_FEES = {
    ("ae", "full_time", "low"): 23_500, ("ae", "full_time", "high"): 29_000,
    ("ae", "vertical_3", "low"): 19_500, ("ae", "vertical_3", "high"): 23_000,
    ("ae", "vertical_2", "low"): 14_000, ("ae", "vertical_2", "high"): 16_500,
    ("ae", "morning", "low"): 18_000, ("ae", "morning", "high"): 21_500,
    ("f", "full_time", "single"): 75_000, ("f", "vertical_3", "single"): 48_000,
    ("f", "vertical_2", "single"): 34_000, ("f", "morning", "single"): 48_000,
}


def check_fee_table(fees: dict[tuple[str, str, str], int | None]) -> None:
    """Every cell present, above zero and at most FEE_MAX_CENTS; the higher ISEE band never pays less."""
    for key in fee_keys():
        cents = fees.get(key)
        if cents is None or cents <= 0 or cents > FEE_MAX_CENTS:
            raise RuleViolation(_l("Every fee must be above zero and at most %(most)s.",
                                   most=format_money(FEE_MAX_CENTS)), field="_".join(key))
    for attendance in ATTENDANCE:
        if fees[("ae", attendance, "high")] < fees[("ae", attendance, "low")]:
            raise RuleViolation(_l("The fee over EUR 32,000 cannot be lower than the fee up to EUR 32,000."),
                                field=f"ae_{attendance}_high")


def isee_band(category: str, isee_cents: int | None) -> str:
    """Category f has one band; no ISEE declared pays the higher band; up to EUR 32,000 included is the lower."""
    if category in SINGLE_BAND_CATEGORIES:
        return "single"
    if isee_cents is None or isee_cents > ISEE_BAND_LIMIT_CENTS:
        return "high"
    return "low"


@dataclass(frozen=True)
class FeeChild:
    """A child enrolled in the month: what its fee depends on."""
    child_id: int
    name: str
    category: str
    attendance: str
    isee_cents: int | None


@dataclass(frozen=True)
class FeeLine:
    kind: str  # "base" or "sibling_discount"
    cents: int


@dataclass(frozen=True)
class MonthlyFee:
    child_id: int
    name: str
    category: str
    attendance: str
    band: str
    base_cents: int
    discount_cents: int
    pays_full: bool

    @property
    def amount_cents(self) -> int:
        return self.base_cents - self.discount_cents

    @property
    def lines(self) -> list[FeeLine]:
        lines = [FeeLine("base", self.base_cents)]
        if self.discount_cents:
            lines.append(FeeLine("sibling_discount", -self.discount_cents))
        return lines


def sibling_discount(base_cents: int) -> int:
    """20 % of the fee, rounded half up to the cent."""
    return (base_cents * SIBLING_DISCOUNT_PERCENT + 50) // 100


def family_fees(children: Iterable[FeeChild], fees: dict[tuple[str, str, str], int]) -> list[MonthlyFee]:
    """The month's fees of the children of one family attending at the same time: the most expensive pays in full
    (on a tie, the first in the list), every further child has 20 % off (27.6)."""
    priced = []
    for child in children:
        band = isee_band(child.category, child.isee_cents)
        priced.append((child, band, fees[(fee_group(child.category), child.attendance, band)]))
    full = max(range(len(priced)), key=lambda i: (priced[i][2], -i), default=None)
    return [MonthlyFee(child.child_id, child.name, child.category, child.attendance, band, base,
                       0 if index == full else sibling_discount(base), index == full)
            for index, (child, band, base) in enumerate(priced)]


def fee_due_on(month_first: date) -> date:
    """Paid in advance, by the 5th of the month it is for."""
    return month_first.replace(day=FEE_DUE_DAY)


def fee_overdue(due_on: date, today: date, paid: bool) -> bool:
    return not paid and today > due_on


def nursery_year_of(day: date) -> int:
    """The nursery year a day belongs to, named by the year it starts (1 September); July and August belong to
    the year that began the September before."""
    return day.year if day.month >= 9 else day.year - 1


def nursery_months(start_year: int, july_open: bool) -> list[date]:
    """The months the nursery runs: September to June, and July when the yearly call opens it (27.2)."""
    months = [date(start_year, month, 1) for month in range(9, 13)]
    months += [date(start_year + 1, month, 1) for month in range(1, 8 if july_open else 7)]
    return months


def category_for_year(start_year: int, declared: Iterable[tuple[date, str]]) -> str | None:
    """The category whose fee a year pays: the last one declared before the year starts. A change during the year
    applies from the next year's enrolment (27.6)."""
    before = [(day, category) for day, category in declared if day < date(start_year, 9, 1)]
    return max(before)[1] if before else None


def check_nursery_enrolment(category: str, grandchild: bool, birth: date, start_year: int, entry_day: date,
                            rules: NurseryRules = NURSERY_DEFAULTS) -> None:
    """Who may have a place: a child of categories a-f, or a direct-line grandchild of the staff (a, b); aged 12
    months on the first day and not yet 3 when the year starts (then until the end of that year)."""
    if category not in NURSERY_CATEGORIES:
        raise RuleViolation(_l("Choose the parent's category (a to f)."), field="category")
    if grandchild and category not in STAFF_CATEGORIES:
        raise RuleViolation(_l("Only the staff's grandchildren may enrol (categories a and b)."), field="grandchild")
    if age_in_months(birth, entry_day) < rules.min_age_months:
        raise RuleViolation(_l("The child must be at least %(months)d months old on the first day.",
                               months=rules.min_age_months), field="birth_date")
    if age_in_months(birth, date(start_year, 9, 1)) >= rules.leaves_at_years * 12:
        raise RuleViolation(_l("The child is 3 years old before the nursery year starts."), field="birth_date")


def parse_days(attendance: str, text: str) -> tuple[str, ...]:
    """The fixed days of a vertical part time ("mon-wed-fri"): exactly 2 or 3 different weekdays; none otherwise."""
    days = tuple(part for part in text.lower().replace(" ", "").split("-") if part)
    if attendance not in VERTICAL_DAYS:
        if days:
            raise RuleViolation(_l("Only a vertical part time has fixed days."), field="days")
        return ()
    wanted = VERTICAL_DAYS[attendance]
    if len(days) != wanted or len(set(days)) != wanted or any(day not in WEEKDAYS for day in days):
        raise RuleViolation(_l("Give %(count)d different weekdays (mon, tue, wed, thu, fri), e.g. mon-wed.",
                               count=wanted), field="days")
    return tuple(sorted(days, key=WEEKDAYS.index))


def check_attendance_change(current: str, new: str, changed_this_year: bool) -> None:
    """The type changes once a nursery year, and only to more days (27.2): 2 days, 3 days, mornings, full time."""
    if new not in ATTENDANCE:
        raise RuleViolation(_l("Choose an attendance type."), field="attendance")
    if changed_this_year:
        raise RuleViolation(_l("The attendance type has already been changed this year."), field="attendance")
    if ATTENDANCE_WEEK[new] <= ATTENDANCE_WEEK[current]:
        raise RuleViolation(_l("The attendance type may only change to more days."), field="attendance")


def full_time_places(rules: NurseryRules, part_time_taken: int, part_time_waiting: int) -> int:
    """Places full time may fill: all but those part time holds and those still kept for it — the kept places not
    yet filled by part time, as long as part-time applicants are waiting for them (unused, they go to full time)."""
    kept = min(max(0, rules.kept_for_part_time - part_time_taken), part_time_waiting)
    return rules.places - part_time_taken - kept


def next_offers(waiting: Iterable[tuple[int, str]], rules: NurseryRules, held_full_time: int,
                held_part_time: int) -> list[int]:
    """Who gets an offer now, in ranking order: `waiting` is (id, attendance) by rank, `held_*` the places taken
    or offered and not yet answered. Each offer holds a place until it is answered or expires."""
    waiting = list(waiting)
    offers, full, part = [], held_full_time, held_part_time
    for position, (row_id, attendance) in enumerate(waiting):
        if full + part >= rules.places:
            break
        if attendance in PART_TIME:
            offers.append(row_id)
            part += 1
            continue
        still_waiting = sum(1 for _, later in waiting[position + 1:] if later in PART_TIME)
        if full < full_time_places(rules, part, still_waiting):
            offers.append(row_id)
            full += 1
    return offers


def offer_expires_on(offered_on: date, rules: NurseryRules = NURSERY_DEFAULTS) -> date:
    """The last day to accept an offer."""
    return offered_on + timedelta(days=rules.offer_days)
