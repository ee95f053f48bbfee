"""Payments and receipt numbers (baby parking and the micro nido)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.childcare.models.families import Family
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

# a non-transferable cheque is one of the two ways the tender names for the nursery's fees (27.6)
PAYMENT_METHODS = ("transfer", "pos", "cash", "cheque")
PAYMENT_PURPOSES = ("hours", "card", "membership", "nursery")


class ReceiptCounter(db.Model):
    """The last receipt number of a year, locked while a payment takes the next one."""

    __tablename__ = "childcare_receipt_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Payment(db.Model):
    """Money a family paid (single hours, a card, a membership card): each one has its ricevuta."""

    __tablename__ = "childcare_payments"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(f"method IN ({', '.join(repr(m) for m in PAYMENT_METHODS)})", name="method_known"),
        CheckConstraint(f"purpose IN ({', '.join(repr(p) for p in PAYMENT_PURPOSES)})", name="purpose_known"),
        UniqueConstraint("receipt_year", "receipt_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(20))
    paid_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    receipt_year: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[int] = mapped_column(Integer)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("childcare_cards.id", ondelete="RESTRICT"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    family: Mapped[Family] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    @property
    def receipt_label(self) -> str:
        return f"{self.receipt_number}/{self.receipt_year}"
