"""CAF: students, the yearly exchange rates and the "particularly poor countries" of a year.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.caf.models._sql import _one_of
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

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
