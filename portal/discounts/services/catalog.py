"""Finding offers: the search as you type with its filters, an offer's page, revealing a code, favourites."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, distinct, exists, func, or_, select, update
from sqlalchemy.orm import contains_eager

from portal.auth.models import User
from portal.core import audit
from portal.core.rows import insert_missing
from portal.core.rules import RuleViolation
from portal.discounts import rules
from portal.discounts.models import DiscountOffer, Favourite, Merchant, OfferMonth
from portal.discounts.services._common import PAGE_SIZE, is_office, today
from portal.extensions import db

LONGEST_QUERY = 100  # characters of the search box that count


@dataclass(frozen=True)
class Filters:
    text: str = ""
    category: str = ""
    province: str = ""
    town: str = ""
    new: bool = False
    favourites: bool = False
    page: int = 1

    def any(self) -> bool:
        return bool(self.text or self.category or self.province or self.town or self.new or self.favourites)


@dataclass
class Results:
    offers: list[DiscountOffer]
    favourite_ids: set[int] = field(default_factory=set)
    more: bool = False


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _current(day: date):
    return and_(DiscountOffer.published_on.is_not(None), DiscountOffer.valid_from <= day, DiscountOffer.valid_to >= day)


def clean_filters(text: str, category: str, province: str, town: str, new: bool, favourites: bool,
                  page: int) -> Filters:
    """What the person typed, kept to what can match: unknown codes are dropped, long text cut."""
    return Filters(text=" ".join(text.split())[:LONGEST_QUERY],
                   category=category if category in rules.CATEGORIES else "",
                   province=province if province in rules.PROVINCES else "",
                   town=" ".join(town.split())[:80], new=new, favourites=favourites, page=max(1, min(page, 1000)))


def search(user: User, filters: Filters, day: date | None = None) -> Results:
    """The current offers matching the filters, newest first, a page at a time: one SELECT for the offers with
    their merchants, one for which of them are the person's favourites (two statements whatever the numbers)."""
    day = day or today()
    query = (select(DiscountOffer).join(DiscountOffer.merchant).options(contains_eager(DiscountOffer.merchant)).where(_current(day)))
    if filters.text:
        pattern = _like(filters.text)
        query = query.where(or_(func.lower(DiscountOffer.title).like(pattern, escape="\\"),
                                func.lower(Merchant.name).like(pattern, escape="\\"),
                                func.lower(DiscountOffer.town).like(pattern, escape="\\")))
    if filters.category:
        query = query.where(DiscountOffer.category == filters.category)
    if filters.province:
        query = query.where(DiscountOffer.province == filters.province)
    if filters.town:
        # typed as the person goes: "Tori" finds Torino (a prefix, the town's first letters)
        query = query.where(func.lower(DiscountOffer.town).like(_like(filters.town)[1:], escape="\\"))
    if filters.new:
        query = query.where(DiscountOffer.published_on >= rules.new_since(day))
    if filters.favourites:
        query = query.where(exists().where(Favourite.offer_id == DiscountOffer.id, Favourite.user_id == user.id))
    query = (query.order_by(DiscountOffer.published_on.desc(), DiscountOffer.id.desc())
             .offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1))
    offers = list(db.session.scalars(query))
    more = len(offers) > PAGE_SIZE
    offers = offers[:PAGE_SIZE]
    favourite_ids = favourites_among(user, [offer.id for offer in offers])
    return Results(offers, favourite_ids, more)


def favourites_among(user: User, offer_ids: list[int]) -> set[int]:
    if not offer_ids:
        return set()
    return set(db.session.scalars(select(Favourite.offer_id).where(Favourite.user_id == user.id,
                                                                    Favourite.offer_id.in_(offer_ids))))


def towns(day: date | None = None) -> list[tuple[str, str]]:
    """Every (province, town) with a current offer, for the filters."""
    day = day or today()
    rows = db.session.execute(select(distinct(DiscountOffer.province), DiscountOffer.town).where(_current(day))
                              .order_by(DiscountOffer.province, DiscountOffer.town))
    return [(province, town) for province, town in rows]


def offer_for(user: User, offer_id: int, day: date | None = None) -> DiscountOffer | None:
    """An offer the person may open: a current published one; the office also its drafts and past offers."""
    offer = db.session.get(DiscountOffer, offer_id)
    if offer is None:
        return None
    if is_office(user) or rules.is_visible(offer.published_on is not None, offer.valid_from, offer.valid_to,
                                           day or today()):
        return offer
    return None


def _count(offer: DiscountOffer, column: str, day: date) -> None:
    """One more view or reveal in the offer's month: counts only, nobody's name (an UPDATE relative to the row, so
    two people at once both count)."""
    month = day.replace(day=1)
    insert_missing(OfferMonth, [{"offer_id": offer.id, "month": month, "views": 0, "reveals": 0}],
                   ["offer_id", "month"])
    db.session.execute(update(OfferMonth).where(OfferMonth.offer_id == offer.id, OfferMonth.month == month)
                       .values({column: getattr(OfferMonth, column) + 1}).execution_options(synchronize_session=False))


def count_view(user: User, offer: DiscountOffer) -> None:
    """A member opening an offer counts as a view; the office's previews do not."""
    if not is_office(user):
        _count(offer, "views", today())


def reveal(user: User, offer: DiscountOffer) -> str:
    """Show the code of an offer redeemed by code: audited (who, which offer), counted in the month."""
    if offer.redeem != "code":
        raise RuleViolation(_l("This offer has no code: show the card or follow the link."))
    _count(offer, "reveals", today())
    audit.record("discounts.code_revealed", user=user, actor=user, offer=offer.id)
    return offer.code


def toggle_favourite(user: User, offer: DiscountOffer) -> bool:
    """Add the offer to the person's favourites, or take it away: whether it is a favourite now."""
    removed = db.session.execute(delete(Favourite).where(Favourite.user_id == user.id,
                                                         Favourite.offer_id == offer.id)).rowcount
    if removed:
        return False
    insert_missing(Favourite, [{"user_id": user.id, "offer_id": offer.id}], ["user_id", "offer_id"])
    return True


def is_favourite(user: User, offer: DiscountOffer) -> bool:
    return offer.id in favourites_among(user, [offer.id])
