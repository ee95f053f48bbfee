"""Conto Welfare: orders, reimbursement requests with their documents and messages, and the files sent to payroll.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.types import UTCDateTime, utcnow
from portal.core.uploads import StoredFileColumns
from portal.extensions import db
from portal.wallet.models.catalog import Offer
from portal.wallet.models.people import FamilyMember
from portal.wallet.models.wallets import Wallet
from portal.wallet.rules import (
    OPEN_STATUSES,
    STATUSES,
)


class Order(db.Model):
    """A purchase or a voucher paid from the wallet."""

    __tablename__ = "wallet_orders"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wallet_id: Mapped[int] = mapped_column(ForeignKey("wallets.id", ondelete="RESTRICT"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("wallet_offers.id", ondelete="RESTRICT"))
    beneficiary_id: Mapped[int | None] = mapped_column(ForeignKey("wallet_family_members.id", ondelete="SET NULL"))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    # Copied from the offer at the time of purchase: later catalog edits do not rewrite history.
    tax_rule: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    voucher_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    offer: Mapped[Offer] = relationship()
    wallet: Mapped[Wallet] = relationship()
    beneficiary: Mapped[FamilyMember | None] = relationship()


_statuses_sql = ", ".join(f"'{key}'" for key in STATUSES)


class Reimbursement(db.Model):
    """A request to be paid back an expense, against receipts; its amount is reserved at once."""

    __tablename__ = "wallet_reimbursements"
    __table_args__ = (
        CheckConstraint(f"status IN ({_statuses_sql})", name="status_known"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("approved_cents IS NULL OR (approved_cents > 0 AND approved_cents <= amount_cents)",
                        name="approved_within_requested"),
        Index("ix_wallet_reimbursements_status_created", "status", "created_at"),
        CheckConstraint("proposed_cents IS NULL OR (proposed_cents > 0 AND proposed_cents <= amount_cents)",
                        name="proposed_within_requested"),
        # Four-eyes: who checked the documents is never who approved the request.
        CheckConstraint("checked_by_id IS NULL OR decided_by_id IS NULL OR checked_by_id <> decided_by_id",
                        name="four_eyes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wallet_id: Mapped[int] = mapped_column(ForeignKey("wallets.id", ondelete="RESTRICT"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("wallet_offers.id", ondelete="RESTRICT"))
    beneficiary_id: Mapped[int | None] = mapped_column(ForeignKey("wallet_family_members.id", ondelete="SET NULL"))
    tax_rule: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    approved_cents: Mapped[int | None] = mapped_column(BigInteger)
    expense_date: Mapped[date] = mapped_column(Date)
    provider_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The check of the documents, with the amount proposed; a different operator approves it.
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    proposed_cents: Mapped[int | None] = mapped_column(BigInteger)
    check_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Set once, when the approved amount goes to payroll: a request is never exported twice.
    payroll_batch_id: Mapped[int | None] = mapped_column(ForeignKey("wallet_payroll_batches.id", ondelete="RESTRICT"),
                                                         index=True)
    payslip_month: Mapped[str | None] = mapped_column(String(7))  # MM/YYYY

    wallet: Mapped[Wallet] = relationship()
    offer: Mapped[Offer] = relationship()
    beneficiary: Mapped[FamilyMember | None] = relationship()
    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])
    documents: Mapped[list[ReimbursementDocument]] = relationship(
        back_populates="reimbursement", order_by="ReimbursementDocument.id", cascade="all, delete-orphan")
    messages: Mapped[list[ReimbursementMessage]] = relationship(
        back_populates="reimbursement", order_by="ReimbursementMessage.id", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReimbursementDocument(StoredFileColumns, db.Model):
    __tablename__ = "wallet_reimbursement_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    reimbursement_id: Mapped[int] = mapped_column(ForeignKey("wallet_reimbursements.id", ondelete="CASCADE"),
                                                  index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    reimbursement: Mapped[Reimbursement] = relationship(back_populates="documents")


class ReimbursementMessage(db.Model):
    """The dialogue on a request: the operator's questions and reasons, the employee's answers."""

    __tablename__ = "wallet_reimbursement_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    reimbursement_id: Mapped[int] = mapped_column(ForeignKey("wallet_reimbursements.id", ondelete="CASCADE"),
                                                  index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    status_after: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reimbursement: Mapped[Reimbursement] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()


class PayrollBatch(db.Model):
    """One file sent to payroll: which reimbursements it carried, kept to download again."""

    __tablename__ = "wallet_payroll_batches"
    __table_args__ = (CheckConstraint("rows > 0 AND total_cents > 0", name="not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # approvals of this month, YYYY-MM
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rows: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[str] = mapped_column(Text)
