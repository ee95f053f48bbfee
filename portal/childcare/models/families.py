"""Families, children, pick-up people and the calendar's closures."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.childcare.rules import CATEGORIES
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

_categories_sql = ", ".join(f"'{key}'" for key in CATEGORIES)


class Family(db.Model):
    """A parent's household: its priority group, and for 'other' families the approval and membership card."""

    __tablename__ = "childcare_families"
    __table_args__ = (CheckConstraint(f"category IN ({_categories_sql})", name="category_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), unique=True)
    category: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(40), default="")
    # Who pays the micro nido and is named on its receipts (the INPS nursery bonus): empty name = the parent account.
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    payer_codice_fiscale: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(200), default="")  # street, number, postcode and town
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    membership_valid_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[User] = relationship(foreign_keys=[parent_id])
    children: Mapped[list[Child]] = relationship(back_populates="family", order_by="Child.birth_date")
    @property
    def payer(self) -> str:
        return self.payer_name or self.parent.full_name

    pickups: Mapped[list[PickupPerson]] = relationship(back_populates="family", order_by="PickupPerson.full_name",
                                                       cascade="all, delete-orphan")


class Child(db.Model):
    """A child of a family; allergies and notes are shown to educators only."""

    __tablename__ = "childcare_children"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date] = mapped_column(Date)
    # Enrolled in the micro nido: the first hour after it closes is free in the baby parking.
    micro_nido: Mapped[bool] = mapped_column(default=False)
    codice_fiscale: Mapped[str | None] = mapped_column(String(16))  # on the micro nido's receipts
    allergies: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    family: Mapped[Family] = relationship(back_populates="children")


class PickupPerson(db.Model):
    """Someone the parents authorise to pick their children up."""

    __tablename__ = "childcare_pickup_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    relationship_to_child: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    family: Mapped[Family] = relationship(back_populates="pickups")


class Closure(db.Model):
    """A day the baby parking is closed beyond holidays (university closures, ad-hoc days)."""

    __tablename__ = "childcare_closures"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


class NurseryClosure(db.Model):
    """A school-year day the micro nido is closed (it follows the city's nursery calendar) while the university is
    open: the baby parking runs in the nursery's hours too, and the micro nido's free hour does not apply."""

    __tablename__ = "childcare_nursery_closures"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Summer(db.Model):
    """The coordinator's yearly switch: whether the micro nido opens in July (the yearly call decides; the tender
    says it did in each of the last three years). No row: it does. Fixed once the July calendar is published."""

    __tablename__ = "childcare_summers"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    nursery_open: Mapped[bool] = mapped_column()
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
