"""The micro nido's day: the meal count sent to the caterer, each child's meal, absences marked in the register,
and the child's card (special diets, medicines, vaccinations, authorisations)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.auth.models import User
from portal.childcare.models.families import Child
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db


class MealCount(db.Model):
    """The day's meal count as it went to the caterer: one row per day (the primary key makes two sends at once
    one), after which the day's meals are frozen."""

    __tablename__ = "childcare_meal_counts"
    __table_args__ = (CheckConstraint("meals >= 0", name="meals_non_negative"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    meals: Mapped[int] = mapped_column(Integer)
    special_diets: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # None: the cron

    sent_by: Mapped[User | None] = relationship()


class Meal(db.Model):
    """A child's meal of a day, ordered in the count; the family pays it unless the absence came before 9:30."""

    __tablename__ = "childcare_meals"

    day: Mapped[date] = mapped_column(ForeignKey("childcare_meal_counts.day", ondelete="CASCADE"), primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"), primary_key=True,
                                          index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    diet: Mapped[str] = mapped_column(Text, default="")  # the special diets as sent to the caterer

    child: Mapped[Child] = relationship()


class RegisterAbsence(db.Model):
    """A micro nido child marked absent in the day register (the parent phoned, or did not come), with when."""

    __tablename__ = "childcare_register_absences"

    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="CASCADE"), index=True)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ChildCard(db.Model):
    """What the educators need to know of a child beyond allergies (kept on the child): the vaccination
    self-certification and the parents' authorisations. Health data: the nursery's staff and the parents only."""

    __tablename__ = "childcare_child_cards"

    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="CASCADE"), primary_key=True)
    vaccinations_declared_on: Mapped[date | None] = mapped_column(Date)  # the self-certification's date
    photos_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    outings_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ChildDiet(db.Model):
    """A special diet; a medical one carries its certificate's expiry (flagged before it lapses)."""

    __tablename__ = "childcare_child_diets"
    __table_args__ = (CheckConstraint("NOT medical OR certificate_expires_on IS NOT NULL",
                                      name="medical_has_certificate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    medical: Mapped[bool] = mapped_column(Boolean, default=False)
    certificate_expires_on: Mapped[date | None] = mapped_column(Date)

    # `child.diets`, read with the register's children in one statement
    child: Mapped[Child] = relationship(backref=backref("diets", order_by="ChildDiet.id", cascade="all, delete-orphan"))


class ChildMedicine(db.Model):
    """A medicine the educators may give, as the parent authorised it: name, dose, when."""

    __tablename__ = "childcare_child_medicines"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    dose: Mapped[str] = mapped_column(String(120))
    schedule: Mapped[str] = mapped_column(String(200))
    authorised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    authorised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    authorised_by: Mapped[User | None] = relationship()
