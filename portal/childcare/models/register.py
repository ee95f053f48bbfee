"""The day register: attendance, staff presence, extra blocks, activity plans, the coordinator's duties."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import get_locale
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.childcare.models.booking import CHARGES
from portal.childcare.models.families import Child
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db


class Attendance(db.Model):
    """A child's day in the register: arrival, pick-up (time and by whom), notes."""

    __tablename__ = "childcare_attendance"
    __table_args__ = (
        UniqueConstraint("child_id", "day"),
        CheckConstraint("left_at IS NULL OR left_at >= arrived_at", name="leaves_after_arriving"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"))
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    arrived_at: Mapped[time] = mapped_column(Time)
    left_at: Mapped[time | None] = mapped_column(Time)
    picked_up_by: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    child: Mapped[Child] = relationship()
    extra_blocks: Mapped[list[ExtraBlock]] = relationship(back_populates="attendance", cascade="all, delete-orphan")


class StaffPresence(db.Model):
    """An educator's time on duty, entered in the register: who was with the children, from when to when."""

    __tablename__ = "childcare_staff_presence"
    __table_args__ = (
        UniqueConstraint("educator_id", "day", "arrived_at"),
        CheckConstraint("left_at IS NULL OR left_at > arrived_at", name="leaves_after_arriving"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    educator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    day: Mapped[date] = mapped_column(Date, index=True)
    arrived_at: Mapped[time] = mapped_column(Time)
    left_at: Mapped[time | None] = mapped_column(Time)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # a substitution: the educator this stay is on duty in place of (the staff register's "sostituzioni")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    educator: Mapped[User] = relationship(foreign_keys=[educator_id])
    replaces: Mapped[User | None] = relationship(foreign_keys=[replaces_id])


class ExtraBlock(db.Model):
    """A half hour used beyond the booking (a late pick-up), charged like a booked one: card first, else single."""

    __tablename__ = "childcare_extra_blocks"
    __table_args__ = (
        UniqueConstraint("attendance_id", "starts_at"),
        CheckConstraint(f"charge IN ({', '.join(repr(c) for c in CHARGES)})", name="charge_known"),
        CheckConstraint("charge <> 'card' OR card_id IS NOT NULL", name="card_charge_has_card"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("childcare_attendance.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    starts_at: Mapped[time] = mapped_column(Time)
    charge: Mapped[str] = mapped_column(String(20))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("childcare_cards.id", ondelete="RESTRICT"))
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)

    attendance: Mapped[Attendance] = relationship(back_populates="extra_blocks")


class ActivityPlan(db.Model):
    """The week's activities (body expression, theatre, reading, crafts, music...), written by the educators."""

    __tablename__ = "childcare_activity_plans"
    __table_args__ = (CheckConstraint("body_it <> '' AND body_en <> ''", name="both_languages"),)

    week_start: Mapped[date] = mapped_column(Date, primary_key=True)  # a Monday
    body_it: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def body(self) -> str:
        return self.body_en if str(get_locale()) == "en" else self.body_it


class PlanSubscriber(db.Model):
    """Someone who asked for the week's activity plan by e-mail: a family, or any member of the university's staff
    (the tender has it mailed to the staff)."""

    __tablename__ = "childcare_plan_subscribers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    subscribed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


DUTY_KINDS = ("monthly_report", "summer_calendar")


class Duty(db.Model):
    """A deadline the coordinator met or was reminded of: the monthly report sent to the university, the summer
    calendar published. The due dates themselves are rules (`rules.report_deadline`, `rules.summer_deadline`)."""

    __tablename__ = "childcare_duties"
    __table_args__ = (CheckConstraint(f"kind IN ({', '.join(repr(k) for k in DUTY_KINDS)})", name="kind_known"),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day, or 1 July
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_on: Mapped[date | None] = mapped_column(Date)

    done_by: Mapped[User | None] = relationship()
