"""Italian courses: the placement test (its question bank, attempts and answers) and attendance certificates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.types import UTCDateTime, utcnow
from portal.courses.rules import PLACEMENT_LEVELS
from portal.extensions import db


def _levels(column: str) -> str:
    return f"{column} IN ({', '.join(repr(level) for level in PLACEMENT_LEVELS)})"


class PlacementQuestion(db.Model):
    """A multiple-choice question of one level; the office edits the bank. A retired question is never asked again
    and stays for the answers that name it."""

    __tablename__ = "courses_placement_questions"
    __table_args__ = (
        CheckConstraint(_levels("level"), name="level_known"),
        CheckConstraint("correct >= 0 AND correct < 4", name="correct_known"),
        Index("ix_courses_placement_questions_level_retired", "level", "retired_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(2))
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list] = mapped_column(JSON)  # 2 to 4 texts
    correct: Mapped[int] = mapped_column(Integer)  # index in `choices`
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlacementAttempt(db.Model):
    """One sitting of the test: the question on screen (`pending_id`) until answered; `suggested` once finished."""

    __tablename__ = "courses_placement_attempts"
    __table_args__ = (
        CheckConstraint(f"suggested IS NULL OR {_levels('suggested')}", name="suggested_known"),
        # One running attempt per person, held by the database: two "start" at once (two tabs, a double tap)
        # cannot both insert one.
        Index("uq_courses_placement_attempts_running", "user_id", unique=True,
              sqlite_where=text("finished_at IS NULL"), postgresql_where=text("finished_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pending_id: Mapped[int | None] = mapped_column(ForeignKey("courses_placement_questions.id",
                                                              ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suggested: Mapped[str | None] = mapped_column(String(2))

    user: Mapped[User] = relationship()
    pending: Mapped[PlacementQuestion | None] = relationship()
    answers: Mapped[list[PlacementAnswer]] = relationship(back_populates="attempt", order_by="PlacementAnswer.id",
                                                          cascade="all, delete-orphan")


class PlacementAnswer(db.Model):
    """An answer as given: the question's level and whether it was right are kept (the office may edit the bank)."""

    __tablename__ = "courses_placement_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("courses_placement_attempts.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("courses_placement_questions.id", ondelete="CASCADE"),
                                             index=True)
    level: Mapped[str] = mapped_column(String(2))
    chosen: Mapped[int] = mapped_column(Integer)
    right: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attempt: Mapped[PlacementAttempt] = relationship(back_populates="answers")


class Certificate(db.Model):
    """An attendance certificate asked for by a participant: what it states is frozen when issued; the code (80
    random bits) lets anyone holding the paper check it on the public page."""

    __tablename__ = "courses_certificates"
    __table_args__ = (CheckConstraint("minutes_attended > 0", name="minutes_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("courses_enrolments.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    course_code: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(2))
    minutes_attended: Mapped[int] = mapped_column(Integer)
    minutes_expected: Mapped[int] = mapped_column(Integer)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
