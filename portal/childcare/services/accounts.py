"""Payments, cards, receipts and statements: a family's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import (
    PAYMENT_METHODS,
    Attendance,
    Block,
    Booking,
    Card,
    ExtraBlock,
    Family,
    Payment,
    ReceiptCounter,
)
from portal.childcare.services.common import settings
from portal.core import audit
from portal.core.calendar import add_months, today_in_rome
from portal.core.rows import insert_missing
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db


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

