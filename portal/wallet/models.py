"""Conto Welfare: plan years, one wallet per person and year, and its append-only ledger."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import get_locale
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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.cache import Tagged
from portal.core.types import UTCDateTime, utcnow
from portal.core.uploads import StoredFileColumns
from portal.extensions import db
from portal.wallet.rules import (
    CERTIFICATION_KINDS,
    CERTIFICATION_STATUSES,
    DUTY_KINDS,
    KINDS,
    OPEN_STATUSES,
    RELATIONSHIPS,
    STATUSES,
    TAX_RULES,
    USES,
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


class Provider(db.Model):
    """A company affiliated with the plan (*convenzionata*)."""

    __tablename__ = "wallet_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)


_rules_sql = ", ".join(f"'{key}'" for key in TAX_RULES)
_uses_sql = ", ".join(f"'{key}'" for key in USES)


class Area(db.Model):
    """A catalog area (*ambito*), named and described in both languages by administrators."""

    __tablename__ = "wallet_areas"
    __table_args__ = (CheckConstraint("active OR NOT required", name="required_stays_active"),)

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_it: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_it: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Shown only to members of the Polincontri club.
    members_only: Mapped[bool] = mapped_column(default=False)
    # One of the areas every catalog must cover: it can be renamed, never withdrawn.
    required: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def name(self) -> str:
        return self.name_en if str(get_locale()) == "en" else self.name_it

    @property
    def description(self) -> str:
        return self.description_en if str(get_locale()) == "en" else self.description_it


class Offer(db.Model):
    """A service of the catalog, described in both languages."""

    __tablename__ = "wallet_offers"
    __table_args__ = (
        CheckConstraint(f"tax_rule IN ({_rules_sql})", name="tax_rule_known"),
        CheckConstraint(f"use IN ({_uses_sql})", name="use_known"),
        CheckConstraint("price_cents IS NULL OR price_cents > 0", name="price_positive"),
        CheckConstraint("use <> 'reimbursement' OR tax_rule <> 'recreation'", name="recreation_in_kind_only"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("wallet_providers.id", ondelete="RESTRICT"), index=True)
    area: Mapped[str] = mapped_column(ForeignKey("wallet_areas.code", ondelete="RESTRICT", onupdate="CASCADE"))
    tax_rule: Mapped[str] = mapped_column(String(20))
    use: Mapped[str] = mapped_column(String(20))
    title_it: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    description_it: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    # A fixed price, or None for an amount the employee chooses (e.g. a pension contribution).
    price_cents: Mapped[int | None] = mapped_column(BigInteger)
    where_it: Mapped[str] = mapped_column(String(300), default="")
    where_en: Mapped[str] = mapped_column(String(300), default="")
    # Which personal data goes to the institution or third parties: shown before buying.
    data_shared_it: Mapped[str] = mapped_column(Text)
    data_shared_en: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)

    provider: Mapped[Provider] = relationship(lazy="joined")
    area_row: Mapped[Area] = relationship(lazy="joined")

    def _localised(self, name: str) -> str:
        return getattr(self, f"{name}_en" if str(get_locale()) == "en" else f"{name}_it")

    @property
    def title(self) -> str:
        return self._localised("title")

    @property
    def description(self) -> str:
        return self._localised("description")

    @property
    def where(self) -> str:
        return self._localised("where")

    @property
    def data_shared(self) -> str:
        return self._localised("data_shared")

    def can_view(self, user: User, wallet: Wallet | None) -> bool:
        """Polincontri initiatives are shown only to members of the club."""
        if not (self.active and self.area_row.active):
            return False
        return not self.area_row.members_only or bool(wallet and wallet.polincontri_member)


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


class RulesAcceptance(db.Model):
    """Proof that an employee accepted a version of the welfare plan's rules before using the wallet."""

    __tablename__ = "wallet_rules_acceptances"
    __table_args__ = (UniqueConstraint("user_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AffiliationRequest(db.Model):
    """A request to affiliate a new provider (*convenzionamento*), to be handled within 15 days."""

    __tablename__ = "wallet_affiliation_requests"
    __table_args__ = (CheckConstraint("status IN ('open', 'affiliated', 'declined')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    provider_name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    service: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    answer: Mapped[str] = mapped_column(Text, default="")
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])


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


class WelfareForm(StoredFileColumns, db.Model):
    """A form the office publishes for staff to download (self-certifications, declarations...)."""

    __tablename__ = "wallet_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_it: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    description_it: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def title(self) -> str:
        return self.title_en if str(get_locale()) == "en" else self.title_it

    @property
    def description(self) -> str:
        return self.description_en if str(get_locale()) == "en" else self.description_it


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


class Duty(db.Model):
    """A deadline of the welfare operators met or reminded of: the payroll file of a month's approvals (due by the
    2nd of the next month), the residual report of a plan year (due by 15 January). The due dates are rules."""

    __tablename__ = "wallet_duties"
    __table_args__ = (CheckConstraint(f"kind IN ({', '.join(repr(k) for k in DUTY_KINDS)})", name="kind_known"),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day, or 1 Jan of the year
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_on: Mapped[date | None] = mapped_column(Date)

    done_by: Mapped[User | None] = relationship()
