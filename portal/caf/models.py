"""CAF: students, ISEEU parificato practices with their family figures, documents, dialogue and history; the states
sent to the university and the monthly transmissions; offices, slots and appointments."""

from __future__ import annotations

from datetime import date, datetime, time
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
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.caf.rules import DOCUMENT_KINDS, PURPOSES, UNIVERSITY_STATES
from portal.core.conversation import MessageColumns
from portal.core.types import UTCDateTime, utcnow
from portal.core.uploads import StoredFileColumns
from portal.extensions import db


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(_sql_text(value) for value in values)})"


STUDENT_KINDS = ("enrolled", "abroad")


class Student(db.Model):
    """A student as the university knows them.

    `codice_persona` and `matricola` are the identifiers the CAF links the student with: those of the account the
    university provisioned, or, where the account has none, those an operator linked after checking them. What a
    student says their identifiers are, on an account without any, is only a claim until an operator links it.
    """

    __tablename__ = "caf_students"
    __table_args__ = (
        CheckConstraint(_one_of("kind", STUDENT_KINDS), name="kind_known"),
        CheckConstraint("codice_persona IS NOT NULL OR matricola IS NOT NULL OR claimed_codice_persona IS NOT NULL "
                        "OR claimed_matricola IS NOT NULL", name="has_an_identifier"),
        CheckConstraint("codice_persona IS NULL OR length(codice_persona) = 8", name="codice_persona_8_digits"),
        CheckConstraint("matricola IS NULL OR length(matricola) = 6", name="matricola_6_digits"),
        CheckConstraint("claimed_codice_persona IS NULL OR length(claimed_codice_persona) = 8",
                        name="claimed_codice_persona_8_digits"),
        CheckConstraint("claimed_matricola IS NULL OR length(claimed_matricola) = 6", name="claimed_matricola_6_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), unique=True)
    codice_persona: Mapped[str | None] = mapped_column(String(8), unique=True)
    matricola: Mapped[str | None] = mapped_column(String(6), unique=True)
    claimed_codice_persona: Mapped[str | None] = mapped_column(String(8))
    claimed_matricola: Mapped[str | None] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2), default="")  # ISO 3166-1 alpha-2: where the family lives
    phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class ExchangeRate(db.Model):
    """The Banca d'Italia yearly average of a currency: units of it for one euro."""

    __tablename__ = "caf_exchange_rates"
    __table_args__ = (CheckConstraint("rate > 0", name="rate_positive"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PoorCountry(db.Model):
    """A country of the "particularly poor countries" decree for the requests of a year: its students need only a
    consular certificate."""

    __tablename__ = "caf_poor_countries"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


CHANNELS = ("remote", "in_person")
# Where the practice is in the CAF's hands; the state for the university is `university_state`.
STATUSES = ("draft", "submitted", "waiting_student", "in_review", "awaiting_originals", "concluded")
OPEN_STATUSES = ("submitted", "waiting_student", "in_review")


class Office(db.Model):
    """A CAF office: where students come, its opening hours, slot length and counters."""

    __tablename__ = "caf_offices"
    __table_args__ = (
        CheckConstraint("slot_minutes BETWEEN 5 AND 240", name="slot_minutes_range"),
        CheckConstraint("counters BETWEEN 1 AND 50", name="counters_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    counters: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(default=True)

    hours: Mapped[list[OfficeHours]] = relationship(back_populates="office", cascade="all, delete-orphan",
                                                    order_by="(OfficeHours.weekday, OfficeHours.opens)")


class OfficeHours(db.Model):
    __tablename__ = "caf_office_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("closes > opens", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("caf_offices.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)

    office: Mapped[Office] = relationship(back_populates="hours")


class OfficeClosure(db.Model):
    """A day an office (or, with no office, every office) is closed beyond holidays and the Ferragosto week."""

    __tablename__ = "caf_office_closures"
    __table_args__ = (UniqueConstraint("office_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("caf_offices.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


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


class Transmission(db.Model):
    """A monthly file sent to the university: the CSV as written, kept."""

    __tablename__ = "caf_transmissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rows: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)

    created_by: Mapped[User | None] = relationship()


class Report(db.Model):
    """A state the university must receive for a practice; sent once, in one transmission.

    It keeps a copy of what it was decided for: the identifiers and the elements of the calculation, which the
    monthly file sends whatever changes later.
    """

    __tablename__ = "caf_reports"
    __table_args__ = (
        CheckConstraint(_one_of("state", UNIVERSITY_STATES), name="state_known"),
        CheckConstraint("codice_persona IS NULL OR length(codice_persona) = 8", name="codice_persona_8_digits"),
        CheckConstraint("matricola IS NULL OR length(matricola) = 6", name="matricola_6_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("caf_practices.id", ondelete="RESTRICT"), index=True)
    state: Mapped[str] = mapped_column(String(40))
    codice_persona: Mapped[str | None] = mapped_column(String(8))
    matricola: Mapped[str | None] = mapped_column(String(6))
    members: Mapped[int | None] = mapped_column(Integer)
    scale: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    isr_cents: Mapped[int | None] = mapped_column(BigInteger)
    isp_cents: Mapped[int | None] = mapped_column(BigInteger)
    ise_cents: Mapped[int | None] = mapped_column(BigInteger)
    findings: Mapped[str] = mapped_column(String(200), default="")
    nul: Mapped[bool] = mapped_column(default=False)
    anomaly: Mapped[bool] = mapped_column(default=False)
    consular_certificate: Mapped[bool] = mapped_column(default=False)
    iseeu_cents: Mapped[int | None] = mapped_column(BigInteger)
    ispeu_cents: Mapped[int | None] = mapped_column(BigInteger)
    release_date: Mapped[date] = mapped_column(Date)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    transmission_id: Mapped[int | None] = mapped_column(ForeignKey("caf_transmissions.id", ondelete="RESTRICT"),
                                                        index=True)

    practice: Mapped[Practice] = relationship()
    transmission: Mapped[Transmission | None] = relationship()


DUTY_KINDS = ("monthly_file", "double_count")


class Duty(db.Model):
    """A deadline of the CAF the operators were reminded of, or did: the monthly file of a month (done once every
    outcome of the month is sent), the double-counting check of a year before its last invoice (done when an operator
    says so). The due dates themselves are rules (`rules.file_deadline`, `rules.double_count_deadline`)."""

    __tablename__ = "caf_duties"
    __table_args__ = (CheckConstraint(_one_of("kind", DUTY_KINDS), name="kind_known"),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day, or 1 January
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_on: Mapped[date | None] = mapped_column(Date)

    done_by: Mapped[User | None] = relationship()


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
