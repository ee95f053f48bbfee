"""Italian courses, points 5, 6 and 8: end-of-course exam sittings (turns, examiners, registrations with results,
accommodations kept apart), A2/B1 certification sessions (candidates, results per skill, the body's candidate
numbers) and the half-yearly contract reports the DEC receives."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.types import UTCDateTime, utcnow
from portal.courses.rules import (
    ACCOMMODATION_KINDS,
    CERT_BODIES,
    CERT_LEVELS,
    EXAM_OUTCOMES,
    LEVELS,
    MODES,
    ORAL_OUTCOMES,
    SKILLS,
)
from portal.extensions import db


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


REGISTRATION_STATES = ("registered", "withdrawn")
CANDIDATE_KINDS = ("full", "makeup")


class ExamSitting(db.Model):
    """An *appello*: several levels at once, one or more turns, a registration window."""

    __tablename__ = "courses_exam_sittings"
    __table_args__ = (CheckConstraint("opens_on <= closes_on", name="window_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    levels: Mapped[str] = mapped_column(String(20))  # "A1 A2 B1"
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    turns: Mapped[list[ExamTurn]] = relationship(back_populates="sitting", order_by="ExamTurn.starts",
                                                 cascade="all, delete-orphan")

    @property
    def level_list(self) -> list[str]:
        return self.levels.split()


class ExamTurn(db.Model):
    """A turn of a sitting: in person in a room or online (possibly on another day); its seats only change through
    `core.rows.update_if`."""

    __tablename__ = "courses_exam_turns"
    __table_args__ = (
        CheckConstraint(_one_of("mode", MODES), name="mode_known"),
        CheckConstraint("seats_taken >= 0", name="seats_non_negative"),
        CheckConstraint("seats_taken <= capacity", name="within_capacity"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("courses_exam_sittings.id", ondelete="CASCADE"), index=True)
    starts: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)

    sitting: Mapped[ExamSitting] = relationship(back_populates="turns")


class ExamExaminer(db.Model):
    """A teacher who examines at a sitting: records its results and reads its accommodations."""

    __tablename__ = "courses_exam_examiners"
    __table_args__ = (UniqueConstraint("sitting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("courses_exam_sittings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class ExamRegistration(db.Model):
    __tablename__ = "courses_exam_registrations"
    __table_args__ = (
        UniqueConstraint("sitting_id", "user_id"),
        CheckConstraint(_one_of("status", REGISTRATION_STATES), name="status_known"),
        CheckConstraint(_one_of("level", LEVELS), name="level_known"),
        CheckConstraint(f"outcome IS NULL OR {_one_of('outcome', EXAM_OUTCOMES)}", name="outcome_known"),
        CheckConstraint(f"oral IS NULL OR {_one_of('oral', ORAL_OUTCOMES)}", name="oral_known"),
        CheckConstraint("grade IS NULL OR grade BETWEEN 18 AND 30", name="grade_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("courses_exam_sittings.id", ondelete="CASCADE"), index=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("courses_exam_turns.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(2))
    graduating: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="registered")
    outcome: Mapped[str | None] = mapped_column(String(10))
    grade: Mapped[int | None] = mapped_column(Integer)
    oral: Mapped[str | None] = mapped_column(String(10))  # the integrative oral of a graduating student
    result_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    result_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sitting: Mapped[ExamSitting] = relationship()
    turn: Mapped[ExamTurn] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ExamAccommodation(db.Model):
    """Health-related: recorded once per person by the office; read only by the office and the examiners of a sitting
    the person is registered for (each opening audited)."""

    __tablename__ = "courses_exam_accommodations"
    __table_args__ = (
        CheckConstraint(_one_of("kind", ACCOMMODATION_KINDS), name="kind_known"),
        CheckConstraint("extra_percent BETWEEN 0 AND 50", name="extra_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    extra_percent: Mapped[int] = mapped_column(Integer, default=0)
    oral_instead: Mapped[bool] = mapped_column(Boolean, default=False)
    quiet_room: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class CertSession(db.Model):
    """A certification session of a recognised body: the written test, then the oral; the candidate list is due
    10 days before the written test (`list_sent_on` when the office sent it)."""

    __tablename__ = "courses_cert_sessions"
    __table_args__ = (
        CheckConstraint(_one_of("body", CERT_BODIES), name="body_known"),
        CheckConstraint(_one_of("level", CERT_LEVELS), name="level_known"),
        CheckConstraint("written_on <= oral_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(2))
    written_on: Mapped[date] = mapped_column(Date, index=True)
    oral_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    list_sent_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CertCandidate(db.Model):
    """A person in a session: the full exam, or a make-up of the `skills` failed or missed before (`makeup_of`)."""

    __tablename__ = "courses_cert_candidates"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        CheckConstraint(_one_of("kind", CANDIDATE_KINDS), name="kind_known"),
        CheckConstraint(_one_of("status", REGISTRATION_STATES), name="status_known"),
        CheckConstraint("price_cents >= 0", name="price_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("courses_cert_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    skills: Mapped[str] = mapped_column(String(60))  # "reading writing"
    makeup_of_id: Mapped[int | None] = mapped_column(ForeignKey("courses_cert_candidates.id", ondelete="SET NULL"))
    price_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="registered")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[CertSession] = relationship()
    user: Mapped[User] = relationship()

    @property
    def skill_list(self) -> list[str]:
        return self.skills.split()


class CertResult(db.Model):
    __tablename__ = "courses_cert_results"
    __table_args__ = (
        UniqueConstraint("candidate_id", "skill"),
        CheckConstraint(_one_of("skill", SKILLS), name="skill_known"),
        CheckConstraint(_one_of("outcome", EXAM_OUTCOMES), name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("courses_cert_candidates.id", ondelete="CASCADE"),
                                              index=True)
    skill: Mapped[str] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(String(10))


class CertNumber(db.Model):
    """The body's candidate number of a person, kept across sessions."""

    __tablename__ = "courses_cert_numbers"
    __table_args__ = (UniqueConstraint("user_id", "body"), CheckConstraint(_one_of("body", CERT_BODIES),
                                                                          name="body_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(String(10))
    number: Mapped[str] = mapped_column(String(30))


class ContractReport(db.Model):
    """The provider's half-yearly report, recorded by the DEC when it arrives (its deadline: 5 working days)."""

    __tablename__ = "courses_contract_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    half_start: Mapped[date] = mapped_column(Date, unique=True)  # 1 January or 1 July
    received_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Reminder(db.Model):
    """A deadline's reminder sent by `flask courses remind`: one row per deadline (`kind` what, `ref` which: a
    course, a sitting, a session, a half-year), so a daily run mails once as it nears and once more when overdue."""

    __tablename__ = "courses_reminders"
    __table_args__ = (UniqueConstraint("kind", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str] = mapped_column(String(20))
    reminded_on: Mapped[date | None] = mapped_column(Date)
