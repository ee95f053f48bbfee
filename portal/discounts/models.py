"""Discounts portal: merchants, their offers, favourites, monthly counters per offer (no person in them), reports
of offers that did not work and the weekly digest's opt-in (requests to affiliate a merchant:
portal.core.affiliations, one flow with Conto Welfare)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.types import UTCDateTime, utcnow
from portal.discounts.rules import CATEGORIES, PROVINCES, REDEEM, REPORT_REASONS
from portal.extensions import db


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Merchant(db.Model):
    """A shop, gym, theatre... affiliated by the welfare provider's office."""

    __tablename__ = "discounts_merchants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    website: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    offers: Mapped[list[DiscountOffer]] = relationship(back_populates="merchant", order_by="DiscountOffer.id")


class DiscountOffer(db.Model):
    """One discount: what it is in plain words, how it is redeemed, where, from when to when. A draft
    (`published_on` empty) is seen by the office only; a published one disappears by itself after `valid_to`."""

    __tablename__ = "discounts_offers"
    __table_args__ = (
        CheckConstraint(_one_of("category", CATEGORIES), name="category_known"),
        CheckConstraint(_one_of("province", PROVINCES), name="province_known"),
        CheckConstraint(_one_of("redeem", REDEEM), name="redeem_known"),
        CheckConstraint("valid_from <= valid_to", name="dates_in_order"),
        # the search: published, current, newest first; filtered by category or town
        Index("ix_discounts_offers_listing", "valid_to", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    merchant_id: Mapped[int] = mapped_column(ForeignKey("discounts_merchants.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))  # the discount in plain words: "15% on every bike repair"
    category: Mapped[str] = mapped_column(String(12), index=True)
    redeem: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(60), default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(80), index=True)
    province: Mapped[str] = mapped_column(String(2), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    merchant: Mapped[Merchant] = relationship(back_populates="offers")


class Favourite(db.Model):
    __tablename__ = "discounts_favourites"
    __table_args__ = (UniqueConstraint("user_id", "offer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("discounts_offers.id", ondelete="CASCADE"), index=True)


class OfferMonth(db.Model):
    """How many times an offer was opened and its code revealed in a month: counts only, nobody's name."""

    __tablename__ = "discounts_offer_months"
    __table_args__ = (UniqueConstraint("offer_id", "month"), CheckConstraint("views >= 0 AND reveals >= 0",
                                                                             name="counts_non_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("discounts_offers.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date, index=True)  # the month's first day
    views: Mapped[int] = mapped_column(Integer, default=0)
    reveals: Mapped[int] = mapped_column(Integer, default=0)


class OfferReport(db.Model):
    """An offer that did not work, reported by a person: it reaches the office's queue."""

    __tablename__ = "discounts_reports"
    __table_args__ = (CheckConstraint(_one_of("reason", REPORT_REASONS), name="reason_known"),
                      CheckConstraint("status IN ('open', 'handled')", name="status_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("discounts_offers.id", ondelete="CASCADE"), index=True)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(String(10))
    details: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(8), default="open")
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    offer: Mapped[DiscountOffer] = relationship()


class Digest(db.Model):
    """A person's opt-in to the weekly mail of new offers, and when the last one went out."""

    __tablename__ = "discounts_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    weekly: Mapped[bool] = mapped_column(Boolean, default=False)
    last_sent_on: Mapped[date | None] = mapped_column(Date)

    user: Mapped[User] = relationship()
