"""The micro nido: years, fee tables, places and offers, monthly charges."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.childcare.models.accounts import Payment
from portal.childcare.models.families import Child, Family
from portal.childcare.rules import ATTENDANCE, NURSERY_CATEGORIES
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

# -- the micro nido ----------------------------------------------------------------------------------------------

def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class NurseryYear(db.Model):
    """A nursery year (1 September - 30 June, July when the call opens it) and the counters that guard its places:
    `taken` grows only through a conditional update while below `places` (a check constraint holds it too)."""

    __tablename__ = "childcare_nursery_years"
    __table_args__ = (
        CheckConstraint("taken >= 0 AND taken <= places", name="places_limit"),
        CheckConstraint("kept_for_part_time >= 0 AND kept_for_part_time <= places", name="kept_within_places"),
        CheckConstraint("meal_cents > 0 AND meal_cents <= 580", name="meal_at_most_580"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    start_year: Mapped[int] = mapped_column(Integer, unique=True)
    places: Mapped[int] = mapped_column(Integer, default=20)
    kept_for_part_time: Mapped[int] = mapped_column(Integer, default=4)
    taken: Mapped[int] = mapped_column(Integer, default=0)
    july_open: Mapped[bool] = mapped_column(default=True)
    meal_cents: Mapped[int] = mapped_column(Integer, default=580)  # a day's meals, at most EUR 5.80 (27.6)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    fees: Mapped[list[NurseryFee]] = relationship(cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]}"

    def fee_table(self) -> dict[tuple[str, str, str], int]:
        return {(fee.fee_group, fee.attendance, fee.band): fee.cents for fee in self.fees}


class NurseryFee(db.Model):
    """One cell of a year's fee table: the monthly fee of a category group, attendance type and ISEE band."""

    __tablename__ = "childcare_nursery_fees"
    __table_args__ = (
        CheckConstraint("cents > 0", name="cents_positive"),
        CheckConstraint(_known("fee_group", ("ae", "f")), name="group_known"),
        CheckConstraint(_known("band", ("low", "high", "single")), name="band_known"),
        CheckConstraint(_known("attendance", ATTENDANCE), name="attendance_known"),
    )

    year_id: Mapped[int] = mapped_column(ForeignKey("childcare_nursery_years.id", ondelete="CASCADE"),
                                         primary_key=True)
    fee_group: Mapped[str] = mapped_column(String(2), primary_key=True)
    attendance: Mapped[str] = mapped_column(String(20), primary_key=True)
    band: Mapped[str] = mapped_column(String(10), primary_key=True)
    cents: Mapped[int] = mapped_column(Integer)


NURSERY_PLACE_STATUSES = ("waiting", "offered", "enrolled", "declined", "expired", "withdrawn")


class NurseryPlace(db.Model):
    """A child in a year's ranking, from waiting to an offer to a place: the row of the call's ranking, then the
    child's enrolment (category, attendance type and fixed days, declared ISEE, which the fees are computed from)."""

    __tablename__ = "childcare_nursery_places"
    __table_args__ = (
        UniqueConstraint("year_id", "rank", name="uq_childcare_nursery_places_year_rank"),
        UniqueConstraint("year_id", "child_id", name="uq_childcare_nursery_places_year_child"),
        CheckConstraint("rank > 0", name="rank_positive"),
        CheckConstraint("isee_cents IS NULL OR isee_cents >= 0", name="isee_non_negative"),
        CheckConstraint(_known("status", NURSERY_PLACE_STATUSES), name="status_known"),
        CheckConstraint(_known("category", NURSERY_CATEGORIES), name="category_known"),
        CheckConstraint(_known("attendance", ATTENDANCE), name="attendance_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("childcare_nursery_years.id", ondelete="RESTRICT"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"), index=True)
    category: Mapped[str] = mapped_column(String(1))
    grandchild: Mapped[bool] = mapped_column(default=False)
    attendance: Mapped[str] = mapped_column(String(20))
    days: Mapped[str] = mapped_column(String(20), default="")  # "mon-wed-fri" for a vertical part time
    isee_cents: Mapped[int | None] = mapped_column(Integer)  # None: not declared, the higher band
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    offered_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_changed_on: Mapped[date | None] = mapped_column(Date)
    # the last day the parent (for a grandchild, the staff grandparent) works or studies at the university, as the
    # call's ranking or the office states it (a contract's end, a course's); None: no end known. Eligible while so.
    affiliated_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    year: Mapped[NurseryYear] = relationship()
    family: Mapped[Family] = relationship()
    child: Mapped[Child] = relationship()


class NurseryCharge(db.Model):
    """A child's monthly fee, issued once (unique per child and month) with how it was computed."""

    __tablename__ = "childcare_nursery_charges"
    __table_args__ = (
        UniqueConstraint("child_id", "month"),
        CheckConstraint("base_cents > 0 AND discount_cents >= 0 AND discount_cents < base_cents",
                        name="amounts_sensible"),
        CheckConstraint(_known("band", ("low", "high", "single")), name="band_known"),
        CheckConstraint(_known("attendance", ATTENDANCE), name="attendance_known"),
        CheckConstraint(_known("category", NURSERY_CATEGORIES), name="category_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("childcare_nursery_places.id", ondelete="RESTRICT"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"))
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # the month's first day
    category: Mapped[str] = mapped_column(String(1))
    attendance: Mapped[str] = mapped_column(String(20))
    band: Mapped[str] = mapped_column(String(10))
    base_cents: Mapped[int] = mapped_column(Integer)
    discount_cents: Mapped[int] = mapped_column(Integer, default=0)
    due_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("childcare_payments.id", ondelete="RESTRICT"))
    reminded_on: Mapped[date | None] = mapped_column(Date)

    child: Mapped[Child] = relationship()
    family: Mapped[Family] = relationship()
    payment: Mapped[Payment | None] = relationship()

    @property
    def amount_cents(self) -> int:
        return self.base_cents - self.discount_cents
