"""The micro nido for families: receipts for the INPS nursery bonus, absences reported by parents, the daily diary."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.childcare.models.accounts import Payment
from portal.childcare.models.families import Child, Family
from portal.childcare.models.nursery import NurseryCharge
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db


class NurseryReceipt(db.Model):
    """A child's month as a receipt for the INPS nursery bonus and the tax return: everything it says is copied when
    it is issued, and it never changes (a correction is a new receipt that `replaces` it). Its number is the fee
    payment's receipt number; a correction takes the next number of its year from the same counter, so numbers
    are never reused or skipped."""

    __tablename__ = "childcare_nursery_receipts"
    __table_args__ = (
        UniqueConstraint("receipt_year", "receipt_number", name="uq_childcare_nursery_receipts_number"),
        UniqueConstraint("replaces_id", name="uq_childcare_nursery_receipts_replaces"),
        CheckConstraint("fee_cents > 0 AND meals_cents >= 0", name="amounts_sensible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("childcare_nursery_charges.id", ondelete="RESTRICT"),
                                           index=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("childcare_payments.id", ondelete="RESTRICT"))
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("childcare_nursery_receipts.id",
                                                               ondelete="RESTRICT"))
    receipt_year: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[int] = mapped_column(Integer)
    month: Mapped[date] = mapped_column(Date)
    nursery_name: Mapped[str] = mapped_column(String(200))
    nursery_tax_code: Mapped[str] = mapped_column(String(16))
    payer_name: Mapped[str] = mapped_column(String(200))
    payer_codice_fiscale: Mapped[str] = mapped_column(String(16))
    payer_address: Mapped[str] = mapped_column(String(200))
    child_name: Mapped[str] = mapped_column(String(120))
    child_codice_fiscale: Mapped[str] = mapped_column(String(16))
    fee_cents: Mapped[int] = mapped_column(Integer)
    meals_cents: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(20))
    paid_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    charge: Mapped[NurseryCharge] = relationship()
    payment: Mapped[Payment] = relationship()
    child: Mapped[Child] = relationship()
    family: Mapped[Family] = relationship()

    @property
    def label(self) -> str:
        return f"{self.receipt_number}/{self.receipt_year}"

    @property
    def total_cents(self) -> int:
        return self.fee_cents + self.meals_cents


@event.listens_for(NurseryReceipt, "before_update")
def _issued_receipts_never_change(mapper, connection, target) -> None:
    raise ValueError("an issued nursery receipt never changes: issue a correction instead")


class NurseryAbsence(db.Model):
    """A day a parent said the child will not come. Reported before 9:30 of the day (`in_time`), the child is out of
    that day's meal count and no meal is charged; later, the meal stays charged."""

    __tablename__ = "childcare_nursery_absences"
    __table_args__ = (UniqueConstraint("child_id", "day", name="uq_childcare_nursery_absences_child_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    in_time: Mapped[bool] = mapped_column(default=True)  # reported before 9:30 of the day: no meal
    note: Mapped[str] = mapped_column(String(200), default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    child: Mapped[Child] = relationship()


class NurseryDiary(db.Model):
    """The educators' line of a child's day, read by the parents: the lunch eaten, the nap, a note (all optional)."""

    __tablename__ = "childcare_nursery_diary"
    __table_args__ = (
        UniqueConstraint("child_id", "day", name="uq_childcare_nursery_diary_child_day"),
        CheckConstraint("nap_minutes IS NULL OR (nap_minutes >= 0 AND nap_minutes <= 240)", name="nap_sensible"),
        CheckConstraint("lunch IN ('', 'all', 'most', 'little', 'none')", name="lunch_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    lunch: Mapped[str] = mapped_column(String(10), default="")
    nap_minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
