"""CAF: ISEEU parificato practices with their family figures and documents, the dialogue with the student and the
practice's history.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.caf.models._sql import _one_of
from portal.caf.models.offices import Office
from portal.caf.models.students import Student
from portal.caf.rules import DOCUMENT_KINDS, UNIVERSITY_STATES
from portal.core.conversation import MessageColumns
from portal.core.types import UTCDateTime, utcnow
from portal.core.uploads import StoredFileColumns
from portal.extensions import db

CHANNELS = ("remote", "in_person")
# Where the practice is in the CAF's hands; the state for the university is `university_state`.
STATUSES = ("draft", "submitted", "waiting_student", "in_review", "awaiting_originals", "concluded")
OPEN_STATUSES = ("submitted", "waiting_student", "in_review")


class Practice(db.Model):
    """An ISEEU parificato practice: the family's figures, where it is, and the result with how it was reached."""

    __tablename__ = "caf_practices"
    __table_args__ = (
        CheckConstraint(_one_of("channel", CHANNELS), name="channel_known"),
        CheckConstraint(_one_of("status", STATUSES), name="status_known"),
        CheckConstraint(f"university_state IS NULL OR {_one_of('university_state', UNIVERSITY_STATES)}",
                        name="university_state_known"),
        CheckConstraint("status = 'draft' OR number IS NOT NULL", name="submitted_has_number"),
        CheckConstraint("codice_persona IS NULL OR length(codice_persona) = 8", name="codice_persona_8_digits"),
        CheckConstraint("matricola IS NULL OR length(matricola) = 6", name="matricola_6_digits"),
        Index("ix_caf_practices_status_submitted", "status", "first_submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("caf_students.id", ondelete="RESTRICT"), index=True)
    # The student's identifiers, frozen when the practice is first sent (or linked then by an operator).
    codice_persona: Mapped[str | None] = mapped_column(String(8))
    matricola: Mapped[str | None] = mapped_column(String(6))
    channel: Mapped[str] = mapped_column(String(10))
    rule_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    office_id: Mapped[int | None] = mapped_column(ForeignKey("caf_offices.id", ondelete="SET NULL"))
    # The household beyond its members' lines.
    italian_income_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    rent_paid_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    both_parents_worked: Mapped[bool] = mapped_column(default=False)
    # Independent student conditions.
    years_away: Mapped[int] = mapped_column(Integer, default=0)
    family_owns_dwelling: Mapped[bool] = mapped_column(default=True)
    own_income_last_year_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    own_income_year_before_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    declaration_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The operator's check and the result.
    findings: Mapped[str] = mapped_column(String(200), default="")
    case: Mapped[int | None] = mapped_column(Integer)
    university_state: Mapped[str | None] = mapped_column(String(40))
    nul: Mapped[bool] = mapped_column(default=False)
    anomaly: Mapped[bool] = mapped_column(default=False)
    consular_certificate: Mapped[bool] = mapped_column(default=False)  # decided on it: no calculation
    iseeu_cents: Mapped[int | None] = mapped_column(BigInteger)
    ispeu_cents: Mapped[int | None] = mapped_column(BigInteger)
    calculation: Mapped[str] = mapped_column(Text, default="")  # every figure, JSON
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    student: Mapped[Student] = relationship()
    office: Mapped[Office | None] = relationship()
    members: Mapped[list[Member]] = relationship(back_populates="practice", order_by="Member.position",
                                                 cascade="all, delete-orphan")
    incomes: Mapped[list[Income]] = relationship(order_by="Income.id", cascade="all, delete-orphan")
    buildings: Mapped[list[Building]] = relationship(order_by="Building.id", cascade="all, delete-orphan")
    movables: Mapped[list[Movable]] = relationship(order_by="Movable.id", cascade="all, delete-orphan")

    @property
    def finding_codes(self) -> set[str]:
        return {code for code in self.findings.split(",") if code}


RELATIONSHIPS = ("student", "parent", "spouse", "sibling", "child", "other")


class Member(db.Model):
    __tablename__ = "caf_members"
    __table_args__ = (CheckConstraint(_one_of("relationship_to_student", RELATIONSHIPS), name="relationship_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("caf_practices.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(120))
    relationship_to_student: Mapped[str] = mapped_column(String(10))
    birth_date: Mapped[date | None] = mapped_column(Date)  # None until given: the student's own starts empty
    disabled: Mapped[bool] = mapped_column(default=False)

    practice: Mapped[Practice] = relationship(back_populates="members")


class Income(db.Model):
    """A member's income of year N-2, in the currency of the document (no income: a zero line declares it)."""

    __tablename__ = "caf_incomes"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("caf_practices.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("caf_members.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(String(120), default="")

    member: Mapped[Member] = relationship()


class Building(db.Model):
    """A building or plot abroad owned at 31 December N-2; land is recorded but not valued."""

    __tablename__ = "caf_buildings"
    __table_args__ = (CheckConstraint("square_metres > 0", name="square_metres_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("caf_practices.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("caf_members.id", ondelete="CASCADE"))
    country: Mapped[str] = mapped_column(String(60), default="")
    square_metres: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    is_land: Mapped[bool] = mapped_column(default=False)

    member: Mapped[Member] = relationship()


class Movable(db.Model):
    """Movable assets (deposits, securities, shares, equity) at 31 December N-2, in their currency."""

    __tablename__ = "caf_movables"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("caf_practices.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("caf_members.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(String(120), default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    currency: Mapped[str] = mapped_column(String(3))
    valued_on: Mapped[date] = mapped_column(Date)

    member: Mapped[Member] = relationship()


class Document(StoredFileColumns, db.Model):
    """One file (a page or the whole) of a document of the checklist."""

    __tablename__ = "caf_documents"
    __table_args__ = (CheckConstraint(_one_of("kind", DOCUMENT_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("caf_practices.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("caf_members.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    member: Mapped[Member | None] = relationship()


class Message(MessageColumns, db.Model):
    """The dialogue between the student and the CAF, kept for ever with the practice."""

    __tablename__ = "caf_messages"

    practice_id: Mapped[int] = mapped_column(ForeignKey("caf_practices.id", ondelete="CASCADE"), index=True)
    from_caf: Mapped[bool] = mapped_column(default=False)

    @property
    def from_staff(self) -> bool:
        return self.from_caf


class Event(db.Model):
    """Every change of a practice with who made it (append-only)."""

    __tablename__ = "caf_practice_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("caf_practices.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(500), default="")

    actor: Mapped[User | None] = relationship()
