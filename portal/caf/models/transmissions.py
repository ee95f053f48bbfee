"""CAF: the states sent to the university, the monthly transmissions and the CAF's duties.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.caf.models._sql import _one_of
from portal.caf.models.practices import Practice
from portal.caf.rules import UNIVERSITY_STATES
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db


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
