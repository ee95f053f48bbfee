"""Conto Welfare, the ledger (DOMAIN.md section 1): the yearly limits, the kinds of entry and their sign, the
allocation from the service coefficient, debits and the balance's summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from portal.core.money import round_half_up_to_cents
from portal.core.rules import RuleViolation

DEFAULT_AMOUNT_CENTS = 180_000  # EUR 1,800.00 per person and year (a board decision, per plan year)
FRINGE_LIMIT_CENTS = 100_000  # art. 51 c.3 TUIR as waived for 2025-2027
FRINGE_LIMIT_WITH_CHILDREN_CENTS = 200_000
HEALTH_FUND_LIMIT_CENTS = 361_520  # art. 51 c.2 a


def pension_fund_limit_cents(year: int) -> int:
    """Art. 51 c.2 h / art. 10 e-bis TUIR: EUR 5,164.57 up to 2025, EUR 5,300 from 2026."""
    return 516_457 if year <= 2025 else 530_000


# Ledger entry kinds and the sign their amount must have.
CREDIT_KINDS = ("allocation", "adjustment_up", "release")
DEBIT_KINDS = ("adjustment_down", "purchase", "reservation", "reimbursement", "expiry")
KINDS = CREDIT_KINDS + DEBIT_KINDS
KIND_LABELS = {
    "allocation": _l("Allocation"),
    "adjustment_up": _l("Allocation increased"),
    "adjustment_down": _l("Allocation reduced"),
    "release": _l("Amount released"),
    "purchase": _l("Purchase"),
    "reservation": _l("Amount reserved for a request"),
    "reimbursement": _l("Reimbursement approved"),
    "expiry": _l("Expired at year end"),
}


def signed_amount(kind: str, cents: int) -> int:
    """The amount as it moves the balance: positive for credits, negative for debits."""
    if cents <= 0:
        raise ValueError("ledger amounts are given as positive cents")
    if kind in CREDIT_KINDS:
        return cents
    if kind in DEBIT_KINDS:
        return -cents
    raise ValueError(f"unknown ledger kind {kind!r}")


def parse_coefficient(text: str) -> Decimal:
    """The *coefficiente di servizio*: a share of the year between 0 and 1, dot or comma decimal."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise RuleViolation(_l("the service coefficient must be a number between 0 and 1.")) from exc
    if not value.is_finite() or value < 0 or value > 1 or value.as_tuple().exponent < -4:
        raise RuleViolation(_l("the service coefficient must be a number between 0 and 1, with at most 4 decimals."))
    return value


def allocation_cents(amount_cents: int, coefficient: Decimal) -> int:
    """EUR amount × coefficient, rounded half-up to the cent."""
    return round_half_up_to_cents(Decimal(amount_cents) / 100 * coefficient)


def allocation_adjustment(target_cents: int, allocated_cents: int, balance_cents: int) -> int:
    """The signed change that brings the allocation to the target after a roster update.

    A reduction never takes back money already spent or reserved: it stops at
    the balance left, so a person who leaves keeps what was already approved.
    """
    change = target_cents - allocated_cents
    if change < 0:
        change = max(change, -max(balance_cents, 0))
    return change


def check_debit(balance_cents: int, amount_cents: int) -> None:
    if amount_cents <= 0:
        raise RuleViolation(_l("The amount must be greater than zero."))
    if amount_cents > balance_cents:
        raise RuleViolation(_l("Your balance is not enough for this amount."))


def days_until(today: date, last_day: date) -> int:
    """Days left to use the wallet, counting today; 0 once the year is over."""
    return max((last_day - today).days + 1, 0)


BUCKETS = {
    "allocation": "allocated", "adjustment_up": "allocated", "adjustment_down": "allocated",
    "purchase": "spent", "reimbursement": "spent",
    "reservation": "pending", "release": "pending",
}
# Spent and pending are shown as positive amounts: debits count up, releases count down.
BUCKET_SIGN = {"allocated": 1, "spent": -1, "pending": -1}


def bucket_change(kind: str, signed_cents: int) -> tuple[str, int] | None:
    """Which total an entry moves (allocated, spent or pending) and by how much; None for expiry."""
    bucket = BUCKETS.get(kind)
    return (bucket, BUCKET_SIGN[bucket] * signed_cents) if bucket else None


@dataclass(frozen=True)
class Summary:
    allocated: int
    spent: int
    pending: int
    balance: int


def summarise(entries: list[tuple[str, int]]) -> Summary:
    """Allocated, spent, pending and remaining from (kind, signed cents) ledger entries."""
    totals = {"allocated": 0, "spent": 0, "pending": 0}
    for kind, amount in entries:
        change = bucket_change(kind, amount)
        if change:
            totals[change[0]] += change[1]
    return Summary(balance=sum(amount for _, amount in entries), **totals)
