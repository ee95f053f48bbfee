"""Closing a plan year: what is left expires, and the residual report."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portal.auth.models import User
from portal.core import audit
from portal.core.calendar import today_in_rome
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    LedgerEntry,
    PlanYear,
    Reimbursement,
    Wallet,
)
from portal.wallet.services.deadlines import mark_duty_done
from portal.wallet.services.ledger import post_entry

# -- year closing -------------------------------------------------------------------------------------


def close_year(actor: User | None, plan_year: PlanYear) -> tuple[int, int]:
    """Expire what is left in every wallet of the year with a ledger entry; (wallets, cents expired)."""
    plan_year = db.session.get(PlanYear, plan_year.id, with_for_update=True, populate_existing=True)
    open_requests = db.session.scalar(
        select(func.count()).select_from(Reimbursement).join(Reimbursement.wallet)
        .where(Wallet.plan_year_id == plan_year.id, Reimbursement.status.in_(rules.OPEN_STATUSES)))
    rules.check_year_can_close(plan_year.ends_on, today_in_rome(), plan_year.closed_at is not None, open_requests)
    expired = count = 0
    if plan_year.expires_without_carry_over:
        for wallet in db.session.scalars(select(Wallet).where(Wallet.plan_year_id == plan_year.id,
                                                              Wallet.balance_cents > 0).order_by(Wallet.id)):
            amount = wallet.balance_cents
            post_entry(wallet, "expiry", amount, f"Conto Welfare {plan_year.year}: residual at {plan_year.ends_on}",
                       actor)
            expired += amount
            count += 1
    plan_year.closed_at = utcnow()
    mark_duty_done(actor, "residuals", date(plan_year.year, 1, 1))
    audit.record("wallet.year_closed", actor=actor, year=plan_year.year, wallets=count, expired_cents=expired)
    db.session.flush()
    return count, expired


def residual_report(actor: User, plan_year: PlanYear) -> list[tuple]:
    """The residual report, downloaded: audited."""
    audit.record("wallet.residuals_downloaded", actor=actor, year=plan_year.year)
    return residual_rows(plan_year)


def residual_rows(plan_year: PlanYear) -> list[tuple]:
    """The residual report: each wallet's allocation, use and what expired at year end."""
    expired = dict(db.session.execute(
        select(LedgerEntry.wallet_id, func.sum(LedgerEntry.amount_cents))
        .join(Wallet, Wallet.id == LedgerEntry.wallet_id)
        .where(Wallet.plan_year_id == plan_year.id, LedgerEntry.kind == "expiry")
        .group_by(LedgerEntry.wallet_id)).all())
    rows = []
    for wallet in db.session.scalars(select(Wallet).join(Wallet.user).where(Wallet.plan_year_id == plan_year.id)
                                     .order_by(User.full_name)):
        rows.append((wallet.user.codice_fiscale or "", wallet.matricola or "", wallet.user.full_name,
                     wallet.allocated_cents, wallet.spent_cents, -int(expired.get(wallet.id, 0)),
                     wallet.balance_cents))
    return rows


def year_totals(plan_year: PlanYear) -> tuple[int, int]:
    """(wallets, cents left in them) of a plan year, as the closing page shows them before confirming."""
    wallets, residual = db.session.execute(
        select(func.count(Wallet.id), func.coalesce(func.sum(Wallet.balance_cents), 0))
        .where(Wallet.plan_year_id == plan_year.id)).one()
    return int(wallets), int(residual)
