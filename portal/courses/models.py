"""Italian courses: teaching periods, courses with their seats, meetings, enrolments (seat or waiting list),
attendance marks, and who has Italian in their study plan."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.types import UTCDateTime, utcnow
from portal.courses.rules import LEVELS, MARKS, MODES, PATTERNS
from portal.extensions import db


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


ENROLMENT_STATES = ("enrolled", "waiting", "withdrawn")


class Period(db.Model):
    __tablename__ = "courses_periods"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        CheckConstraint("number IN (1, 2)", name="number_known"),
        CheckConstraint("starts_on <= ends_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # the academic year's first calendar year: 2026 for 2026/27
    number: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    enrolment_opens_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    courses: Mapped[list[Course]] = relationship(back_populates="period", order_by="Course.code")


class Course(db.Model):
    """A class of one level in a period. `seats_taken` counts its enrolled people and only changes through
    `core.rows.update_if` (never above `capacity`: the check constraint holds even if code were wrong)."""

    __tablename__ = "courses_courses"
    __table_args__ = (
        UniqueConstraint("period_id", "code"),
        CheckConstraint(_one_of("level", LEVELS), name="level_known"),
        CheckConstraint(_one_of("mode", MODES), name="mode_known"),
        CheckConstraint(_one_of("pattern", PATTERNS), name="pattern_known"),
        CheckConstraint("seats_taken >= 0", name="seats_non_negative"),
        CheckConstraint("seats_taken <= capacity", name="within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("courses_periods.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(2))
    mode: Mapped[str] = mapped_column(String(10))
    pattern: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(200), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    teacher_named_on: Mapped[date | None] = mapped_column(Date)
    activated_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    period: Mapped[Period] = relationship(back_populates="courses")
    teacher: Mapped[User | None] = relationship()
    meetings: Mapped[list[Meeting]] = relationship(back_populates="course", order_by="Meeting.starts",
                                                   cascade="all, delete-orphan")


class Meeting(db.Model):
    __tablename__ = "courses_meetings"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes_positive"),
        Index("ix_courses_meetings_course_starts", "course_id", "starts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses_courses.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date, index=True)  # the Rome day of `starts`
    starts: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(Text, default="")
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(back_populates="meetings")


class Enrolment(db.Model):
    """One person in one period's course: a seat (`enrolled`), the waiting list, or withdrawn. Moving to another
    class changes `course_id` and `enrolled_on` and keeps the attendance rows (they name the meetings)."""

    __tablename__ = "courses_enrolments"
    __table_args__ = (
        UniqueConstraint("period_id", "user_id"),
        CheckConstraint(_one_of("status", ENROLMENT_STATES), name="status_known"),
        CheckConstraint("rank BETWEEN 1 AND 3", name="rank_known"),
        Index("ix_courses_enrolments_course_status", "course_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("courses_periods.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses_courses.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    rank: Mapped[int] = mapped_column(Integer)  # priority group: 1 Italian in the plan, 2 other students, 3 staff
    enrolled_on: Mapped[date | None] = mapped_column(Date)  # in the current course: earlier meetings not expected
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship()
    user: Mapped[User] = relationship()


class Mark(db.Model):
    __tablename__ = "courses_attendance"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "meeting_id"),
        CheckConstraint(_one_of("mark", MARKS), name="mark_known"),
        Index("ix_courses_attendance_meeting", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("courses_enrolments.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("courses_meetings.id", ondelete="CASCADE"))
    mark: Mapped[str] = mapped_column(String(10))


class PlanStudent(db.Model):
    """A matricola whose study plan has the Italian exam (given by the university): first in the priority."""

    __tablename__ = "courses_plan_students"

    id: Mapped[int] = mapped_column(primary_key=True)
    matricola: Mapped[str] = mapped_column(String(6), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


from portal.courses.models_exams import (  # noqa: E402,F401 (exams, certification, contract reports)
    CertCandidate,
    CertNumber,
    CertResult,
    CertSession,
    ContractReport,
    ExamAccommodation,
    ExamExaminer,
    ExamRegistration,
    ExamSitting,
    ExamTurn,
    Reminder,
)
from portal.courses.models_placement import (  # noqa: E402,F401
    Certificate,
    PlacementAnswer,
    PlacementAttempt,
    PlacementQuestion,
)
