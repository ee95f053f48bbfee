"""Conto Welfare, what an employee declares and chooses: family members, the rules accepted, feedback, e-mail
preferences and the certifications uploaded for the office.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.types import UTCDateTime, utcnow
from portal.core.uploads import StoredFileColumns
from portal.extensions import db
from portal.wallet.models.wallets import PlanYear
from portal.wallet.rules import (
    CERTIFICATION_KINDS,
    CERTIFICATION_STATUSES,
    RELATIONSHIPS,
)


class FamilyMember(db.Model):
    """A relative the employee may direct benefits to, with the art. 12 TUIR self-certification."""

    __tablename__ = "wallet_family_members"
    __table_args__ = (
        UniqueConstraint("user_id", "codice_fiscale"),
        CheckConstraint(f"relationship IN ({', '.join(repr(k) for k in RELATIONSHIPS)})", name="relationship_known"),
        CheckConstraint("yearly_income_cents IS NULL OR yearly_income_cents >= 0", name="income_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    relationship: Mapped[str] = mapped_column(String(20))
    birth_date: Mapped[date] = mapped_column(Date)
    codice_fiscale: Mapped[str] = mapped_column(String(16))
    fiscally_dependent: Mapped[bool] = mapped_column(default=False)
    lives_with_employee: Mapped[bool] = mapped_column(default=False)
    receives_maintenance: Mapped[bool] = mapped_column(default=False)
    # The self-certified yearly income (art. 12 TUIR limits); None on declarations made before it was asked.
    yearly_income_cents: Mapped[int | None] = mapped_column(BigInteger)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RulesAcceptance(db.Model):
    """Proof that an employee accepted a version of the welfare plan's rules before using the wallet."""

    __tablename__ = "wallet_rules_acceptances"
    __table_args__ = (UniqueConstraint("user_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Feedback(db.Model):
    """A rating of the service on the five-level scale, with an optional comment."""

    __tablename__ = "wallet_feedback"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Preferences(db.Model):
    """The employee's choices about the welfare plan's information e-mails (opt-in)."""

    __tablename__ = "wallet_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    info_emails: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Certification(StoredFileColumns, db.Model):
    """A certification an employee uploads for the office, which accepts it or says why not."""

    __tablename__ = "wallet_certifications"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in CERTIFICATION_KINDS)})", name="kind_known"),
        CheckConstraint(f"status IN ({', '.join(repr(k) for k in CERTIFICATION_STATUSES)})", name="status_known"),
        CheckConstraint("status = 'received' OR reviewed_at IS NOT NULL", name="reviewed_when_decided"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    plan_year_id: Mapped[int] = mapped_column(ForeignKey("wallet_plan_years.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20))
    family_member_id: Mapped[int | None] = mapped_column(ForeignKey("wallet_family_members.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    plan_year: Mapped[PlanYear] = relationship()
    family_member: Mapped[FamilyMember | None] = relationship()
