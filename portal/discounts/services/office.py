"""The office's side: merchants and offers (drafts, preview, publishing, withdrawing) and the figures per month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from portal.auth.models import User
from portal.core import audit
from portal.core.rules import RuleViolation
from portal.discounts import rules
from portal.discounts.models import DiscountOffer, Merchant, OfferMonth
from portal.discounts.services._common import today
from portal.extensions import db


def merchants() -> list[Merchant]:
    return list(db.session.scalars(select(Merchant).order_by(func.lower(Merchant.name))))


def save_merchant(actor: User, merchant: Merchant | None, values: dict) -> Merchant:
    """Create a merchant or change one; two merchants never share a name."""
    taken = db.session.scalar(select(Merchant.id).where(func.lower(Merchant.name) == values["name"].lower()))
    if taken is not None and (merchant is None or taken != merchant.id):
        raise RuleViolation(_l("A merchant with this name already exists."), field="name")
    if merchant is None:
        merchant = Merchant(**values)
        db.session.add(merchant)
    else:
        for name, value in values.items():
            setattr(merchant, name, value)
    db.session.flush()
    audit.record("discounts.merchant_saved", actor=actor, merchant=merchant.id)
    return merchant


def _draft(values: dict) -> rules.OfferDraft:
    return rules.OfferDraft(category=values["category"], redeem=values["redeem"], code=values["code"],
                            link=values["link"], province=values["province"], town=values["town"],
                            valid_from=values["valid_from"], valid_to=values["valid_to"])


def save_offer(actor: User, merchant: Merchant, offer: DiscountOffer | None, values: dict) -> DiscountOffer:
    """Create an offer as a draft, or change one (a published offer stays published: the change shows at once)."""
    rules.check_offer(_draft(values))
    values = {**values, "code": values["code"] if values["redeem"] == "code" else "",
              "link": values["link"] if values["redeem"] == "link" else ""}
    if offer is None:
        offer = DiscountOffer(merchant_id=merchant.id, **values)
        db.session.add(offer)
    else:
        for name, value in values.items():
            setattr(offer, name, value)
    db.session.flush()
    audit.record("discounts.offer_saved", actor=actor, offer=offer.id, merchant=merchant.id)
    return offer


def publish(actor: User, offer: DiscountOffer) -> DiscountOffer:
    day = today()
    rules.check_publish(offer.published_on is not None, offer.valid_to, day)
    offer.published_on = day
    db.session.flush()
    audit.record("discounts.offer_published", actor=actor, offer=offer.id)
    return offer


def withdraw(actor: User, offer: DiscountOffer) -> DiscountOffer:
    """Take a published offer off at once: it goes back to the drafts, where the office may fix and publish it
    again (its figures stay)."""
    rules.check_withdraw(offer.published_on is not None)
    offer.published_on = None
    db.session.flush()
    audit.record("discounts.offer_withdrawn", actor=actor, offer=offer.id)
    return offer


OFFICE_PAGE = 25  # offers a page on the office's list (150 and more would make a wall on a phone)


def offers_of_office(page: int = 1, day: date | None = None):
    """A page of every offer, drafts first, then the running ones, then the ended ones, each newest first."""
    query = select(DiscountOffer).join(DiscountOffer.merchant).options(contains_eager(DiscountOffer.merchant)).order_by(
        DiscountOffer.published_on.is_not(None), (DiscountOffer.valid_to < (day or today())), DiscountOffer.id.desc())
    return db.paginate(query, page=page, per_page=OFFICE_PAGE, error_out=False)


@dataclass(frozen=True)
class Figures:
    months: list[date]
    by_month: list[tuple[date, int, int]]  # month, views, reveals
    by_category: list[tuple[str, int, int]]  # category, views, reveals
    by_offer: list[tuple[DiscountOffer, int, int]]  # the offers most opened


def figures(last: date, count: int = 6) -> Figures:
    """Views and code reveals per month, per category and per offer over `count` months ending with `last`'s month
    (six for the six-monthly report). Three SELECTs of counts; nobody's name is in them."""
    months = rules.month_firsts(last, count)
    within = OfferMonth.month.between(months[0], months[-1])
    per_month = dict((month, (views, reveals)) for month, views, reveals in db.session.execute(
        select(OfferMonth.month, func.sum(OfferMonth.views), func.sum(OfferMonth.reveals)).where(within)
        .group_by(OfferMonth.month)))
    by_month = [(month, int(per_month.get(month, (0, 0))[0] or 0), int(per_month.get(month, (0, 0))[1] or 0))
                for month in months]
    by_category = [(category, int(views or 0), int(reveals or 0)) for category, views, reveals in db.session.execute(
        select(DiscountOffer.category, func.sum(OfferMonth.views), func.sum(OfferMonth.reveals)).join(DiscountOffer)
        .where(within).group_by(DiscountOffer.category).order_by(func.sum(OfferMonth.views).desc(), DiscountOffer.category))]
    top = db.session.execute(
        select(OfferMonth.offer_id, func.sum(OfferMonth.views), func.sum(OfferMonth.reveals)).where(within)
        .group_by(OfferMonth.offer_id).order_by(func.sum(OfferMonth.views).desc(), OfferMonth.offer_id).limit(20)).all()
    offers = {offer.id: offer for offer in db.session.scalars(
        select(DiscountOffer).where(DiscountOffer.id.in_([row[0] for row in top])))} if top else {}
    by_offer = [(offers[offer_id], int(views or 0), int(reveals or 0)) for offer_id, views, reveals in top]
    return Figures(months, by_month, by_category, by_offer)
