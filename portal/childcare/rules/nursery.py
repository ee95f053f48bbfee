"""The micro nido: year, places, attendance types, the fee engine (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.childcare.rules.booking import age_in_months
from portal.core.money import format_money
from portal.core.rules import RuleViolation

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


def meals_on_fee(fee_month: date, start_year: int, july_open: bool) -> date | None:
    """Whose meals a month's fee carries: the month before's, eaten by then (the fee is paid in advance, 27.6), when
    the nursery ran that month in the same year. September's fee carries none: August has no nursery."""
    months = nursery_months(start_year, july_open)
    if fee_month not in months or fee_month == months[0]:
        return None
    return months[months.index(fee_month) - 1]


def fee_for_meals(meal_month: date, start_year: int, july_open: bool) -> date | None:
    """The fee that carries a month's meals: the next month's. None for the year's last month (June, or July when
    the nursery runs then): no fee follows, so the desk settles those meals on their own after the month ends."""
    months = nursery_months(start_year, july_open)
    if meal_month not in months or meal_month == months[-1]:
        return None
    return months[months.index(meal_month) + 1]


def affiliation_ended(affiliated_until: date | None, day: date) -> bool:
    """Whether a place's family is no longer the university's on a day: the parent (for a grandchild, the staff
    grandparent) works or studies there until `affiliated_until` included (27.1: "finché il genitore presta
    servizio o studia"); None: no end is known (a permanent post)."""
    return affiliated_until is not None and day > affiliated_until


def first_nursery_day(start_year: int, today: date) -> date:
    """The first day a place taken today would be used: the year's 1 September, or today once the year runs."""
    return max(date(start_year, 9, 1), today)


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
        raise RuleViolation(_l("Choose exactly %(count)d different weekdays (in a file: mon, tue, wed, thu, fri, "
                               "e.g. mon-wed).", count=wanted), field="days")
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
