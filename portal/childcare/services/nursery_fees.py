"""The micro nido's money: the yearly fee table, the monthly fees (preview, then issued once), payments, reminders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import Family, NurseryCharge, NurseryFee, NurseryPlace, NurseryYear, Summer
from portal.childcare.services.accounts import record_payment
from portal.childcare.services.nursery_day import meal_days
from portal.core import audit, mail
from portal.core.calendar import add_months, today_in_rome
from portal.core.rows import insert_missing, update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db


def nursery_rules(year: NurseryYear | None = None) -> rules.NurseryRules:
    """The figures of a year's places (set when it opened) and the offer's days (a setting)."""
    days = current_app.config["PORTAL_CHILDCARE_NURSERY_OFFER_DAYS"]
    if year is None:
        return rules.NurseryRules(offer_days=days)
    return rules.NurseryRules(places=year.places, kept_for_part_time=year.kept_for_part_time, offer_days=days)


def payment_methods() -> tuple[str, ...]:
    """How families may pay the nursery: bank transfer or cheque (tender 27.6), or what the office allows."""
    return tuple(current_app.config["PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS"])


def year_of(start_year: int) -> NurseryYear | None:
    return db.session.scalar(select(NurseryYear).where(NurseryYear.start_year == start_year)
                             .options(joinedload(NurseryYear.fees)))


def current_year() -> NurseryYear | None:
    """This nursery year, or else the next one already set up (the ranking is made in the summer)."""
    this = rules.nursery_year_of(today_in_rome())
    return year_of(this) or year_of(this + 1)


def open_year(actor: User, start_year: int) -> NurseryYear:
    """A nursery year with the tender's places and fee table, ready for the office to adjust (once)."""
    if not 2000 <= start_year <= 2100:
        raise RuleViolation(_l("Enter a year between 2000 and 2100."), field="start_year")
    if year_of(start_year) is not None:
        raise RuleViolation(_l("That nursery year already exists."), field="start_year")
    summer = db.session.get(Summer, start_year + 1)  # the coordinator may have set that July already
    year = NurseryYear(start_year=start_year, places=rules.NURSERY_DEFAULTS.places,
                       kept_for_part_time=rules.NURSERY_DEFAULTS.kept_for_part_time, taken=0,
                       meal_cents=current_app.config["PORTAL_CHILDCARE_NURSERY_MEAL_CENTS"],
                       july_open=True if summer is None else summer.nursery_open)
    year.fees = [NurseryFee(fee_group=g, attendance=a, band=b, cents=c) for (g, a, b), c in rules.TENDER_FEES.items()]
    db.session.add(year)
    db.session.flush()
    audit.record("childcare.nursery_year_opened", actor=actor, year=start_year)
    return year


def save_fees(actor: User, year: NurseryYear, fees: dict[tuple[str, str, str], int | None]) -> None:
    """The office's fee table for a year: every cell checked before any is written."""
    rules.check_fee_table(fees)
    current = {(fee.fee_group, fee.attendance, fee.band): fee for fee in year.fees}
    for key in rules.fee_keys():
        if key in current:
            current[key].cents = fees[key]
        else:
            year.fees.append(NurseryFee(fee_group=key[0], attendance=key[1], band=key[2], cents=fees[key]))
    db.session.flush()
    audit.record("childcare.nursery_fees_saved", actor=actor, year=year.start_year)


@dataclass(frozen=True)
class FamilyFees:
    family: Family
    fees: list[rules.MonthlyFee]
    issued: dict[int, NurseryCharge]  # by child id: those already issued for the month
    # the meals of the month before (eaten, not in advance like the fee), by child id: days charged and their cents
    meals: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def total_cents(self) -> int:
        return sum(fee.amount_cents for fee in self.fees)

    @property
    def meal_cents(self) -> int:
        return sum(cents for _days, cents in self.meals.values())


def enrolled_places(year: NurseryYear, month: date | None = None) -> list[NurseryPlace]:
    """The year's enrolled places; with a month, those still eligible on its first day (the parent's link with the
    university has not ended: a place does not continue past it, 27.1)."""
    return [place for place in _enrolled(year)
            if month is None or not rules.affiliation_ended(place.affiliated_until, month)]


def ended_places(year: NurseryYear, month: date) -> list[NurseryPlace]:
    """Enrolled places not charged in a month: the parent's link with the university ended before it began."""
    return [place for place in _enrolled(year) if rules.affiliation_ended(place.affiliated_until, month)]


def ended_meals(year: NurseryYear, month: date, ended: list[NurseryPlace]) -> dict[int, tuple[int, int]]:
    """The meals of the month before that no fee carries, for places whose link with the university ended during
    that month: no fee follows, so the desk settles them on their own (child → meal days paid, amount)."""
    before = rules.meals_on_fee(month, year.start_year, year.july_open)
    if before is None:
        return {}
    children = [place.child_id for place in ended if not rules.affiliation_ended(place.affiliated_until, before)]
    if not children:
        return {}
    eaten = meal_days(children, before, add_months(before, 1) - timedelta(days=1))
    return {child: (paid, paid * year.meal_cents) for child, (_ordered, paid) in eaten.items() if paid}


def _enrolled(year: NurseryYear) -> list[NurseryPlace]:
    return list(db.session.scalars(
        select(NurseryPlace).where(NurseryPlace.year_id == year.id, NurseryPlace.status == "enrolled")
        .options(joinedload(NurseryPlace.child), joinedload(NurseryPlace.family).joinedload(Family.parent))
        .order_by(NurseryPlace.family_id, NurseryPlace.rank)))


def check_month(year: NurseryYear, month: date) -> None:
    if month not in rules.nursery_months(year.start_year, year.july_open):
        raise RuleViolation(_l("The nursery does not run in that month."), field="month")


def fee_preview(year: NurseryYear, month: date) -> list[FamilyFees]:
    """How each enrolled child's fee for the month is computed, family by family (brothers and sisters together)."""
    check_month(year, month)
    table = year.fee_table()
    by_family: dict[int, list[NurseryPlace]] = {}
    for place in enrolled_places(year, month):
        by_family.setdefault(place.family_id, []).append(place)
    issued = {charge.child_id: charge for charge in db.session.scalars(
        select(NurseryCharge).where(NurseryCharge.month == month,
                                    NurseryCharge.family_id.in_(list(by_family))))}
    # the meals eaten in the month before, when the nursery ran then in this year (not August's: there are none, and
    # not on September's fee; the year's last month's meals are settled apart, rules.fee_for_meals)
    before = rules.meals_on_fee(month, year.start_year, year.july_open)
    eaten = {} if before is None else meal_days([p.child_id for places in by_family.values() for p in places],
                                                before, add_months(before, 1) - timedelta(days=1))
    preview = []
    for places in by_family.values():
        fees = rules.family_fees([rules.FeeChild(p.child_id, p.child.full_name, p.category, p.attendance,
                                                 p.isee_cents) for p in places], table)
        meals = {p.child_id: (eaten[p.child_id][1], eaten[p.child_id][1] * year.meal_cents)
                 for p in places if eaten.get(p.child_id, (0, 0))[1]}
        preview.append(FamilyFees(places[0].family, fees,
                                  {p.child_id: issued[p.child_id] for p in places if p.child_id in issued}, meals))
    return sorted(preview, key=lambda row: row.family.parent.full_name)


def issue_fees(actor: User, year: NurseryYear, month: date) -> int:
    """Issue the month's fees as previewed: once per child and month (a unique constraint; two offices pressing
    at once issue each fee once). How many were issued now."""
    preview = fee_preview(year, month)
    places = {p.child_id: p.id for p in enrolled_places(year, month)}
    rows = [{"place_id": places[fee.child_id], "child_id": fee.child_id, "family_id": row.family.id,
             "month": month, "category": fee.category, "attendance": fee.attendance, "band": fee.band,
             "base_cents": fee.base_cents, "discount_cents": fee.discount_cents, "due_on": rules.fee_due_on(month),
             "issued_by_id": actor.id, "issued_at": utcnow()}
            for row in preview for fee in row.fees if fee.child_id not in row.issued]
    count = lambda: db.session.scalar(select(func.count()).select_from(NurseryCharge)  # noqa: E731
                                      .where(NurseryCharge.month == month))
    before = count()
    insert_missing(NurseryCharge, rows, ["child_id", "month"])
    issued = count() - before
    audit.record("childcare.nursery_fees_issued", actor=actor, month=month.isoformat(), count=issued)
    return issued


def charges_of_family(family: Family, since: date | None = None) -> list[NurseryCharge]:
    query = (select(NurseryCharge).where(NurseryCharge.family_id == family.id)
             .options(joinedload(NurseryCharge.child), joinedload(NurseryCharge.payment))
             .order_by(NurseryCharge.month.desc(), NurseryCharge.child_id))
    if since is not None:
        query = query.where(NurseryCharge.month >= since)
    return list(db.session.scalars(query))


def pay_charge(actor: User, charge: NurseryCharge, method: str, paid_on: date, extra_cents: int = 0):
    """The desk records the payment of one monthly fee, with its receipt; a fee is paid once. `extra_cents`: the
    month's meals paid with it (collected by the nursery, tender 27.6; on their own line of the receipt)."""
    if method not in payment_methods():
        raise RuleViolation(_l("Choose how the family paid."), field="method")
    payment = record_payment(actor, charge.family, charge.amount_cents + extra_cents, method, "nursery", paid_on,
                             note=f"{charge.child.full_name} {charge.month:%m/%Y}"[:200])
    if not update_if(charge, {"payment_id": payment.id}, NurseryCharge.payment_id.is_(None)):
        raise RuleViolation(_l("This fee has already been paid."))
    audit.record("childcare.nursery_fee_paid", actor=actor, family=charge.family_id, charge=charge.id,
                 payment=payment.id)
    return payment


def send_fee_reminders(today: date) -> int:
    """Mail the parents of fees past their due date and unpaid, once a week per fee. How many mails."""
    charges = list(db.session.scalars(
        select(NurseryCharge).where(NurseryCharge.payment_id.is_(None), NurseryCharge.due_on < today,
                                    (NurseryCharge.reminded_on.is_(None))
                                    | (NurseryCharge.reminded_on <= today - timedelta(days=7)))
        .options(joinedload(NurseryCharge.family).joinedload(Family.parent), joinedload(NurseryCharge.child))
        .order_by(NurseryCharge.family_id, NurseryCharge.month)))
    by_parent: dict[int, list[NurseryCharge]] = {}
    for charge in charges:
        by_parent.setdefault(charge.family.parent_id, []).append(charge)
        charge.reminded_on = today
    for items in by_parent.values():
        parent = items[0].family.parent
        mail.enqueue(parent.email, parent.locale, "childcare_nursery_unpaid", user=parent, charges=items,
                     link=mail.link_to("childcare.nursery_month"))
    db.session.flush()
    return len(by_parent)


def months_for_parent(year: NurseryYear | None) -> list[date]:
    if year is None:
        return []
    today = today_in_rome().replace(day=1)
    return [m for m in rules.nursery_months(year.start_year, year.july_open) if m <= add_months(today, 1)]
