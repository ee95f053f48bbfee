"""The micro nido's receipts for the INPS nursery bonus and the tax return: one per child and month, issued when its
fee is paid and every fact is there, never changed (a correction is a new receipt), and a yearly bundle per child.

Numbers: the first receipt of a month carries its fee payment's receipt number (`Payment.receipt_number`, taken under
the year's locked `ReceiptCounter`); a correction takes the next number from the same counter. So no number is used
twice or skipped, whatever runs at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased, joinedload

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import Child, Family, NurseryCharge, NurseryPlace, NurseryReceipt
from portal.childcare.services.accounts import _next_receipt
from portal.childcare.services.nursery_fees import pay_charge
from portal.core import audit
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

STAFF_ROLES = ("educatore", "amministratore", "dec")


def nursery_details() -> tuple[str, str, str]:
    """The nursery's name, tax code and address, from the settings."""
    cfg = current_app.config
    return (cfg["PORTAL_CHILDCARE_NURSERY_NAME"], cfg["PORTAL_CHILDCARE_NURSERY_TAX_CODE"],
            cfg["PORTAL_CHILDCARE_NURSERY_ADDRESS"])


def receipt_data(charge: NurseryCharge) -> rules.ReceiptData:
    """What the receipt of a paid monthly fee would say today."""
    if charge.payment is None:
        raise RuleViolation(_l("The fee of this month is not paid yet."))
    family, child, payment = charge.family, charge.child, charge.payment
    name, tax_code, _ = nursery_details()
    return rules.ReceiptData(
        nursery_name=name, nursery_tax_code=tax_code, payer_name=family.payer,
        payer_codice_fiscale=family.payer_codice_fiscale or "", payer_address=family.address,
        child_name=child.full_name, child_codice_fiscale=child.codice_fiscale or "", month=charge.month,
        fee_cents=charge.amount_cents, meals_cents=rules.meals_paid(payment.amount_cents, charge.amount_cents),
        method=payment.method, paid_on=payment.paid_on)


def _row(actor: User, charge: NurseryCharge, data: rules.ReceiptData, year: int, number: int,
         replaces: int | None) -> dict:
    return {"charge_id": charge.id, "payment_id": charge.payment_id, "child_id": charge.child_id,
            "family_id": charge.family_id, "replaces_id": replaces, "receipt_year": year, "receipt_number": number,
            "month": data.month, "nursery_name": data.nursery_name, "nursery_tax_code": data.nursery_tax_code,
            "payer_name": data.payer_name, "payer_codice_fiscale": data.payer_codice_fiscale,
            "payer_address": data.payer_address, "child_name": data.child_name,
            "child_codice_fiscale": data.child_codice_fiscale, "fee_cents": data.fee_cents,
            "meals_cents": data.meals_cents, "method": data.method, "paid_on": data.paid_on,
            "issued_at": utcnow(), "issued_by_id": actor.id}


def _by_number(year: int, number: int) -> NurseryReceipt | None:
    return db.session.scalar(select(NurseryReceipt).where(NurseryReceipt.receipt_year == year,
                                                          NurseryReceipt.receipt_number == number))


def issue_receipt(actor: User, charge: NurseryCharge) -> NurseryReceipt:
    """The month's receipt of a paid fee, with its payment's number; issued once (two desks at once: one row)."""
    data = receipt_data(charge)
    rules.check_receipt(data)
    payment = charge.payment
    if _by_number(payment.receipt_year, payment.receipt_number) is not None:
        raise RuleViolation(_l("The receipt of this month has already been issued."))
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    written = db.session.scalar(insert(NurseryReceipt).values(
        _row(actor, charge, data, payment.receipt_year, payment.receipt_number, None))
        .on_conflict_do_nothing(index_elements=["receipt_year", "receipt_number"]).returning(NurseryReceipt.id))
    if written is None:  # another desk issued it a moment ago
        raise RuleViolation(_l("The receipt of this month has already been issued."))
    receipt = _by_number(payment.receipt_year, payment.receipt_number)
    audit.record("childcare.nursery_receipt_issued", actor=actor, family=charge.family_id, receipt=receipt.id)
    return receipt


def pay_fee(actor: User, charge: NurseryCharge, method: str, paid_on: date, meals_cents: int | None):
    """The desk records a month's fee (and the meals paid with it, on their own line), and the receipt for the
    nursery bonus is issued at once when the family's details are complete; otherwise later, from the same page."""
    meals = rules.check_meals(meals_cents)
    payment = pay_charge(actor, charge, method, paid_on, extra_cents=meals)
    db.session.refresh(charge)
    try:
        rules.check_receipt(receipt_data(charge))
    except RuleViolation:
        return payment
    issue_receipt(actor, charge)
    return payment


def correct_receipt(actor: User, receipt: NurseryReceipt) -> NurseryReceipt:
    """A new receipt with today's details of the family and child (a codice fiscale corrected, an address), the
    next number of this year; the old one stays as it was, marked as replaced."""
    db.session.scalar(select(NurseryReceipt.id).where(NurseryReceipt.id == receipt.id).with_for_update())
    if db.session.scalar(select(NurseryReceipt.id).where(NurseryReceipt.replaces_id == receipt.id)) is not None:
        raise RuleViolation(_l("This receipt has already been corrected."))
    data = receipt_data(receipt.charge)
    rules.check_receipt(data)
    year = today_in_rome().year
    number = _next_receipt(year)
    db.session.execute(NurseryReceipt.__table__.insert().values(**_row(actor, receipt.charge, data, year, number,
                                                                       receipt.id)))
    correction = _by_number(year, number)
    audit.record("childcare.nursery_receipt_corrected", actor=actor, family=receipt.family_id,
                 receipt=correction.id, before=receipt.id)
    return correction


def receipt_of(user: User, receipt_id: int) -> NurseryReceipt | None:
    """A receipt for its family's parent, or for the educators, the office and DEC; None for anyone else."""
    receipt = db.session.get(NurseryReceipt, receipt_id)
    if receipt is None:
        return None
    if user.has_role(*STAFF_ROLES) or receipt.family.parent_id == user.id:
        return receipt
    return None


def replaced_ids(receipt_ids: list[int]) -> set[int]:
    """Which of these receipts a correction replaced."""
    if not receipt_ids:
        return set()
    return set(db.session.scalars(select(NurseryReceipt.replaces_id).where(
        NurseryReceipt.replaces_id.in_(receipt_ids))))


def receipts_by_charge(charge_ids: list[int]) -> dict[int, NurseryReceipt]:
    """The receipt in force of each monthly fee (the latest correction), by fee."""
    if not charge_ids:
        return {}
    newer = aliased(NurseryReceipt)
    rows = db.session.scalars(select(NurseryReceipt).where(
        NurseryReceipt.charge_id.in_(charge_ids),
        ~select(newer.id).where(newer.replaces_id == NurseryReceipt.id).exists()))
    return {receipt.charge_id: receipt for receipt in rows}


@dataclass(frozen=True)
class YearBundle:
    child: Child
    year: int
    receipts: list[NurseryReceipt]
    totals: rules.YearTotals
    deadline: date
    nursery: tuple[str, str, str]


def nursery_child_of(user: User, child_id: int) -> Child | None:
    """A child with a micro nido place, for its parent or the staff."""
    child = db.session.scalar(select(Child).join(NurseryPlace, NurseryPlace.child_id == Child.id)
                              .where(Child.id == child_id).options(joinedload(Child.family)).limit(1))
    if child is None:
        return None
    if user.has_role(*STAFF_ROLES) or child.family.parent_id == user.id:
        return child
    return None


def year_bundle(child: Child, year: int) -> YearBundle:
    """The receipts in force of a child's months of a calendar year, for the INPS application (by 30 April of the
    year after) and the tax return, with their totals."""
    if not 2000 <= year <= 2100:
        raise RuleViolation(_l("Enter a year between 2000 and 2100."))
    newer = aliased(NurseryReceipt)
    receipts = list(db.session.scalars(select(NurseryReceipt).where(
        NurseryReceipt.child_id == child.id, NurseryReceipt.month >= date(year, 1, 1),
        NurseryReceipt.month <= date(year, 12, 1),
        ~select(newer.id).where(newer.replaces_id == NurseryReceipt.id).exists())
        .order_by(NurseryReceipt.month)))
    totals = rules.year_totals((receipt.fee_cents, receipt.meals_cents) for receipt in receipts)
    return YearBundle(child, year, receipts, totals, rules.bonus_deadline(year), nursery_details())


def receipt_years(child: Child) -> list[int]:
    """The calendar years with receipts of a child, newest first."""
    months = db.session.scalars(select(NurseryReceipt.month).where(NurseryReceipt.child_id == child.id).distinct())
    return sorted({month.year for month in months}, reverse=True)


def save_receipt_details(user: User, family: Family, payer_name: str, payer_codice_fiscale: str | None,
                         address: str, children: dict[int, str | None]) -> Family:
    """The parent's details for the receipts: who pays (name, codice fiscale), the address, each child's codice
    fiscale (already checked by the form). Receipts issued before keep what they said: a correction uses these."""
    family.payer_name, family.payer_codice_fiscale, family.address = payer_name, payer_codice_fiscale, address
    for child in family.children:
        if child.id in children:
            child.codice_fiscale = children[child.id]
    db.session.flush()
    audit.record("childcare.nursery_receipt_details_saved", actor=user, family=family.id)
    for charge in charges_missing_receipts(family):
        try:
            rules.check_receipt(receipt_data(charge))
        except RuleViolation:
            continue
        issue_receipt(user, charge)
    return family


def receipt_missing(charge: NurseryCharge) -> list[str]:
    """What a paid fee's receipt still lacks, in words (empty: it can be issued)."""
    return [str(rules.RECEIPT_FIELDS[key]) for key in rules.missing_for_receipt(receipt_data(charge))]


def nursery_family_of(family_id: int) -> tuple[Family, list[Child]] | None:
    """A family with micro nido places and its children who have one, for the desk's receipt details."""
    family = db.session.get(Family, family_id)
    if family is None:
        return None
    children = list(db.session.scalars(select(Child).join(NurseryPlace, NurseryPlace.child_id == Child.id)
                                       .where(Child.family_id == family.id).distinct().order_by(Child.full_name)))
    return (family, children) if children else None


def charges_missing_receipts(family: Family) -> list[NurseryCharge]:
    """The family's paid fees whose receipt is still to issue (their details were missing when paid)."""
    charges = db.session.scalars(select(NurseryCharge).where(NurseryCharge.family_id == family.id,
                                                             NurseryCharge.payment_id.is_not(None)))
    have = set(db.session.scalars(select(NurseryReceipt.charge_id).where(NurseryReceipt.family_id == family.id)))
    return [charge for charge in charges if charge.id not in have]


# -- the office's month: the summary before the families -------------------------------------------------------------

@dataclass(frozen=True)
class ChargesSummary:
    children: int
    total_cents: int
    paid: int
    paid_cents: int
    unpaid: int
    unpaid_cents: int
    pending: int
    pending_cents: int
    states: dict[int, str]  # by family: "paid", "unpaid" (something issued is not paid) or "pending" (to issue)
    charge_ids: list[int]


def charges_summary(preview) -> ChargesSummary:
    """The month's fees in figures, and each family's state, so the office reads the totals first."""
    counts = {"paid": [0, 0], "unpaid": [0, 0], "pending": [0, 0]}
    states, charge_ids, children, total = {}, [], 0, 0
    for row in preview:
        family_state = "paid"
        for fee in row.fees:
            charge = row.issued.get(fee.child_id)
            state = "pending" if charge is None else ("paid" if charge.payment_id else "unpaid")
            if charge is not None:
                charge_ids.append(charge.id)
            counts[state][0] += 1
            counts[state][1] += fee.amount_cents
            children, total = children + 1, total + fee.amount_cents
            if state == "unpaid" or (state == "pending" and family_state == "paid"):
                family_state = state
        states[row.family.id] = family_state
    return ChargesSummary(children, total, *counts["paid"], *counts["unpaid"], *counts["pending"], states, charge_ids)
