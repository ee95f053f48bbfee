"""CAF: the slots of an office and the students' appointments.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.caf.models._sql import _one_of
from portal.caf.models.offices import Office
from portal.caf.models.practices import Practice
from portal.caf.models.students import Student
from portal.caf.rules import PURPOSES
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db


class Slot(db.Model):
    """An appointment time of an office: the row that guards its counters.

    `booked` counts the active appointments, changed under a row lock by conditional updates (`booked + 1` only
    while `booked < counters`, `services.appointments._take_place`); the check constraint keeps it within the
    counters even if application code were wrong. Counters are copied from the office when the slot is made.
    """

    __tablename__ = "caf_slots"
    __table_args__ = (
        UniqueConstraint("office_id", "day", "starts_at"),
        CheckConstraint("booked >= 0", name="booked_non_negative"),
        CheckConstraint("booked <= counters", name="within_counters"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("caf_offices.id", ondelete="RESTRICT"))
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    counters: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    # Blocked by an operator: nobody may book it (appointments already in it stay).
    blocked: Mapped[bool] = mapped_column(default=False)

    office: Mapped[Office] = relationship()


APPOINTMENT_STATUSES = ("booked", "cancelled", "attended", "no_show")


class Appointment(db.Model):
    """A student's appointment. At most one booked per student and purpose (a partial unique index)."""

    __tablename__ = "caf_appointments"
    __table_args__ = (
        CheckConstraint(_one_of("status", APPOINTMENT_STATUSES), name="status_known"),
        CheckConstraint(_one_of("purpose", PURPOSES), name="purpose_known"),
        Index("uq_caf_appointments_booked_student_purpose", "student_id", "purpose", unique=True,
              postgresql_where=text("status = 'booked'"), sqlite_where=text("status = 'booked'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("caf_slots.id", ondelete="RESTRICT"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("caf_students.id", ondelete="RESTRICT"), index=True)
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("caf_practices.id", ondelete="SET NULL"))
    purpose: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="booked")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moved from an earlier appointment: the first of the chain, whose calendar event (UID) every move updates.
    event_of_id: Mapped[int | None] = mapped_column(ForeignKey("caf_appointments.id", ondelete="SET NULL"))

    slot: Mapped[Slot] = relationship()
    student: Mapped[Student] = relationship()
    practice: Mapped[Practice | None] = relationship()
