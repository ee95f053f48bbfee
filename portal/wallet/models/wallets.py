"""Conto Welfare: plan years, one wallet per person and year, and its append-only ledger.
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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.cache import Tagged
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db
from portal.wallet.rules import (
    KINDS,
    Summary,
)

_kinds_sql = ", ".join(f"'{kind}'" for kind in KINDS)


class PlanYear(db.Model):
    """The welfare plan of one year: amount per person, period, expiry, tax limits."""

    __tablename__ = "wallet_plan_years"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("ends_on > starts_on", name="period_order"),
        CheckConstraint("fringe_limit_cents > 0 AND fringe_limit_children_cents >= fringe_limit_cents",
                        name="fringe_limits"),
        CheckConstraint("pension_limit_cents > 0 AND health_limit_cents > 0", name="other_limits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # The institution's rule: unspent money expires at the end of the year.
    expires_without_carry_over: Mapped[bool] = mapped_column(default=True)
    fringe_limit_cents: Mapped[int] = mapped_column(BigInteger)
    fringe_limit_children_cents: Mapped[int] = mapped_column(BigInteger)
    pension_limit_cents: Mapped[int] = mapped_column(BigInteger)
    health_limit_cents: Mapped[int] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Wallet(Tagged, db.Model):
    """One person's wallet for one plan year, with the roster data that set its allocation.

    `balance_cents` is a cache of the ledger's sum, updated in the same
    transaction as every entry; `flask wallet check` proves it.
    """

    __tablename__ = "wallets"
    __table_args__ = (
        UniqueConstraint("user_id", "plan_year_id"),
        CheckConstraint("balance_cents >= 0", name="balance_non_negative"),
        CheckConstraint("spent_cents >= 0 AND pending_cents >= 0", name="totals_non_negative"),
        CheckConstraint("coefficient >= 0 AND coefficient <= 1", name="coefficient_range"),
        CheckConstraint("pension_paid_elsewhere_cents >= 0", name="pension_elsewhere_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    plan_year_id: Mapped[int] = mapped_column(ForeignKey("wallet_plan_years.id", ondelete="RESTRICT"))
    coefficient: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    matricola: Mapped[str | None] = mapped_column(String(6))
    hired_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    polincontri_member: Mapped[bool] = mapped_column(default=False)
    balance_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    # Cached totals of the ledger, kept with the balance so that the live balance costs one query.
    allocated_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    spent_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    pending_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # Pension fund contributions of the year the employee declares as paid outside the wallet (art. 10 e-bis
    # TUIR): they use up part of the deductible limit.
    pension_paid_elsewhere_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # Bumped with every ledger entry: the live balance's ETag.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    plan_year: Mapped[PlanYear] = relationship()

    @property
    def summary(self) -> Summary:
        return Summary(allocated=self.allocated_cents, spent=self.spent_cents, pending=self.pending_cents,
                       balance=self.balance_cents)

    def cache_tags(self) -> tuple[str, ...]:
        return (f"wallets:user:{self.user_id}",)


class LedgerEntry(db.Model):
    """A movement of money; never updated or deleted."""

    __tablename__ = "wallet_ledger"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_kinds_sql})", name="kind_known"),
        CheckConstraint("amount_cents <> 0", name="amount_not_zero"),
        Index("ix_wallet_ledger_wallet_at", "wallet_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wallet_id: Mapped[int] = mapped_column(ForeignKey("wallets.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int] = mapped_column(BigInteger)  # signed: + credit, - debit
    description: Mapped[str] = mapped_column(String(300), default="")
    # The catalog area the money went to (purchases and reimbursements), for the movements filter.
    area: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
