"""The micro nido for families: receipts that pass the INPS nursery bonus, absences, the daily diary (pure).

Sources: issue 17 points 4 and 9; the tender 27.5 (the meals' count reaches the caterer by 9:30), 27.6 (the fee
excludes meals, "ricevuta fiscale dei pagamenti"). The INPS nursery bonus and the tax return ask for a receipt that
names the nursery and its tax code, the paying parent (name, address, codice fiscale), the child (name, codice
fiscale), the month, the amount and a traceable payment (bank transfer, cheque, card: not cash).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation

# -- receipts ------------------------------------------------------------------------------------------------------

TRACEABLE_METHODS = ("transfer", "cheque", "pos")  # cash is not traceable: INPS and the tax return refuse it
BONUS_DEADLINE = (4, 30)  # the INPS application for a year's months closes on 30 April of the following year
MEALS_MAX_CENTS = 23 * 580  # at most a month of school days at EUR 5.80 (tender 27.6): what the desk may type


@dataclass(frozen=True)
class ReceiptData:
    """What a nursery receipt says, copied when it is issued (an issued receipt never changes)."""

    nursery_name: str
    nursery_tax_code: str
    payer_name: str
    payer_codice_fiscale: str
    payer_address: str
    child_name: str
    child_codice_fiscale: str
    month: date
    fee_cents: int
    meals_cents: int
    method: str
    paid_on: date

    @property
    def total_cents(self) -> int:
        return self.fee_cents + self.meals_cents


RECEIPT_FIELDS = {
    "nursery_tax_code": _l("the nursery's tax code (PORTAL_CHILDCARE_NURSERY_TAX_CODE)"),
    "payer_name": _l("the paying parent's name"),
    "payer_codice_fiscale": _l("the paying parent's codice fiscale"),
    "payer_address": _l("the paying parent's address"),
    "child_codice_fiscale": _l("the child's codice fiscale"),
}


def missing_for_receipt(data: ReceiptData) -> list[str]:
    """The facts a receipt still lacks to pass the nursery bonus, in the order the family fills them in."""
    return [key for key in RECEIPT_FIELDS if not str(getattr(data, key)).strip()]


def check_receipt(data: ReceiptData) -> None:
    """A receipt is issued only when INPS will accept it first time: every fact present, a traceable payment,
    a fee above zero and meals not negative."""
    missing = missing_for_receipt(data)
    if missing:
        raise RuleViolation(_l("The receipt cannot be issued yet: it needs %(what)s.",
                               what=", ".join(str(RECEIPT_FIELDS[key]) for key in missing)))
    if data.method not in TRACEABLE_METHODS:
        raise RuleViolation(_l("A payment in cash is not traceable: the nursery bonus and the tax return do not "
                               "accept it. Record a bank transfer, a cheque or a card payment."))
    if data.fee_cents <= 0 or data.meals_cents < 0:
        raise RuleViolation(_l("The receipt's amounts are not valid."))


def meals_paid(payment_cents: int, fee_cents: int) -> int:
    """The meals paid with a month's fee: what the payment holds beyond the fee (the desk records both at once)."""
    return max(0, payment_cents - fee_cents)


def check_meals(meals_cents: int | None) -> int:
    """Meals the desk records with a fee: none, or up to a month's worth."""
    if meals_cents is None:
        return 0
    if meals_cents < 0 or meals_cents > MEALS_MAX_CENTS:
        raise RuleViolation(_l("Meals of one month cannot exceed EUR 133.40."), field="meals")
    return meals_cents


def bonus_deadline(year: int) -> date:
    """The last day to send INPS the receipts of a year's months: 30 April of the year after."""
    return date(year + 1, *BONUS_DEADLINE)


@dataclass(frozen=True)
class YearTotals:
    receipts: int
    fee_cents: int
    meals_cents: int

    @property
    def total_cents(self) -> int:
        return self.fee_cents + self.meals_cents


def year_totals(receipts: Iterable[tuple[int, int]]) -> YearTotals:
    """A year's bundle: how many receipts and their fees and meals, from (fee, meals) of the receipts in force."""
    rows = list(receipts)
    return YearTotals(len(rows), sum(fee for fee, _ in rows), sum(meals for _, meals in rows))


# -- absences ------------------------------------------------------------------------------------------------------

MEAL_COUNT_AT = time(9, 30)  # "Entro le ore 9:30 ... il numero dei pasti giornalieri" (27.5)
ABSENCE_AHEAD_DAYS = 60  # how far ahead a parent may report an absence
ABSENCE_NOTE_MAX = 200


def absence_in_time(day: date, reported_at: datetime) -> bool:
    """An absence reported before 9:30 of its day (Rome wall clock) takes the child out of that day's meal count:
    no meal is charged. `reported_at` is a naive Rome wall-clock time."""
    return reported_at < datetime.combine(day, MEAL_COUNT_AT)


def check_absence(day: date, now: datetime, nursery_runs: bool, attends: bool) -> None:
    """A parent reports an absence for today or a day ahead (up to 60 days), on a day the nursery runs and the child
    would attend. `now` is the Rome wall clock. Reported after 9:30 of the day itself, the meal stays charged."""
    today = now.date()
    if day < today:
        raise RuleViolation(_l("An absence is reported for today or a day ahead."), field="day")
    if (day - today).days > ABSENCE_AHEAD_DAYS:
        raise RuleViolation(_l("An absence may be reported at most %(days)d days ahead.", days=ABSENCE_AHEAD_DAYS),
                            field="day")
    if not nursery_runs:
        raise RuleViolation(_l("The micro nido is closed that day."), field="day")
    if not attends:
        raise RuleViolation(_l("Your child does not attend on that weekday."), field="day")


def may_withdraw_absence(day: date, now: datetime) -> bool:
    """A reported absence may be withdrawn until the meals of its day are counted (9:30 of the day)."""
    return now < datetime.combine(day, MEAL_COUNT_AT)


def attends_on(day: date, attendance: str, fixed_days: str) -> bool:
    """Whether a child comes on a weekday: every weekday, or a vertical part time's fixed days only."""
    if day.weekday() >= 5:
        return False
    if attendance in ("vertical_2", "vertical_3"):
        return ("mon", "tue", "wed", "thu", "fri")[day.weekday()] in fixed_days.split("-")
    return True


# -- the daily diary -----------------------------------------------------------------------------------------------

MEAL_EATEN = ("all", "most", "little", "none")
NAP_MAX_MINUTES = 240  # the nursery's day runs 8:00-16:30; a nap longer than four hours is a typing error
DIARY_NOTE_MAX = 500


def check_diary(lunch: str, nap_minutes: int | None, note: str) -> None:
    """An educator's line of the day: how much of the lunch was eaten (or not said), the nap in minutes (or none),
    a short note. At least one of them."""
    if lunch and lunch not in MEAL_EATEN:
        raise RuleViolation(_l("Choose how much of the meal was eaten."), field="lunch")
    if nap_minutes is not None and not 0 <= nap_minutes <= NAP_MAX_MINUTES:
        raise RuleViolation(_l("A nap lasts from 0 to %(most)d minutes.", most=NAP_MAX_MINUTES), field="nap")
    if len(note) > DIARY_NOTE_MAX:
        raise RuleViolation(_l("The note is too long."), field="note")
    if not lunch and nap_minutes is None and not note:
        raise RuleViolation(_l("Write something about the day: the meal, the nap or a note."), field="note")
