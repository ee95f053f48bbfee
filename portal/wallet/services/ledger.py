"""Plan years, wallets and their ledger: every movement of money is one ledger entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import contains_eager

from portal.auth.models import User
from portal.core import audit
from portal.core.calendar import ROME, month_bounds, today_in_rome
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    LedgerEntry,
    PlanYear,
    Wallet,
)
from portal.wallet.services.access import save_row, taken

# -- plan years and wallets --------------------------------------------------------------


def plan_year_for(day: date) -> PlanYear | None:
    return db.session.scalar(select(PlanYear).where(PlanYear.starts_on <= day, PlanYear.ends_on >= day))


def current_plan_year() -> PlanYear | None:
    return plan_year_for(today_in_rome())


def wallet_of(user: User, plan_year: PlanYear | None) -> Wallet | None:
    if plan_year is None:
        return None
    return db.session.scalar(select(Wallet).where(Wallet.user_id == user.id, Wallet.plan_year_id == plan_year.id))


# Built once: every phone polls the live balance, which runs this (a prebuilt statement keeps its cache key).
_WALLET_ON_DAY = (
    select(Wallet).join(Wallet.plan_year).options(contains_eager(Wallet.plan_year))
    .where(Wallet.user_id == bindparam("user_id"), PlanYear.starts_on <= bindparam("day"),
           PlanYear.ends_on >= bindparam("day"))
)


def current_wallet(user: User) -> Wallet | None:
    """Today's wallet with its plan year, in one query."""
    return db.session.scalar(_WALLET_ON_DAY, {"user_id": user.id, "day": today_in_rome()})


@dataclass(frozen=True)
class LiveBalance:
    """What the live balance region shows, read without loading ORM objects (it is polled by every phone)."""

    wallet_id: int
    revision: int
    year: int
    ends_on: date
    expires_without_carry_over: bool
    summary: rules.Summary

    @classmethod
    def of(cls, wallet: Wallet) -> LiveBalance:
        return cls(wallet.id, wallet.revision, wallet.plan_year.year, wallet.plan_year.ends_on,
                   wallet.plan_year.expires_without_carry_over, wallet.summary)


_LIVE_BALANCE_ON_DAY = (
    select(Wallet.id, Wallet.revision, PlanYear.year, PlanYear.ends_on, PlanYear.expires_without_carry_over,
           Wallet.allocated_cents, Wallet.spent_cents, Wallet.pending_cents, Wallet.balance_cents)
    .join(Wallet.plan_year)
    .where(Wallet.user_id == bindparam("user_id"), PlanYear.starts_on <= bindparam("day"),
           PlanYear.ends_on >= bindparam("day"))
)


def balance_tags(user_id: int) -> tuple[str, ...]:
    """What the live balance is computed from: the user's wallets and the plan years."""
    return (f"wallets:user:{user_id}", "wallets", "wallet_plan_years")


def live_balance(user: User) -> LiveBalance | None:
    row = db.session.execute(_LIVE_BALANCE_ON_DAY, {"user_id": user.id, "day": today_in_rome()}).first()
    if row is None:
        return None
    wallet_id, revision, year, ends_on, no_carry_over, allocated, spent, pending, balance = row
    return LiveBalance(wallet_id, revision, year, ends_on, no_carry_over,
                       rules.Summary(allocated=allocated, spent=spent, pending=pending, balance=balance))


def ledger_summary(wallet_id: int) -> rules.Summary:
    """The totals recomputed from the ledger itself (the cached ones must match it)."""
    rows = db.session.execute(
        select(LedgerEntry.kind, func.sum(LedgerEntry.amount_cents))
        .where(LedgerEntry.wallet_id == wallet_id)
        .group_by(LedgerEntry.kind)
    ).all()
    return rules.summarise([(kind, int(total)) for kind, total in rows])


def post_entry(wallet: Wallet, kind: str, cents: int, description: str = "", actor: User | None = None,
               area: str | None = None, checked_revision: int | None = None) -> LedgerEntry:
    """Append one movement and change the wallet's cached totals with it, in one conditional UPDATE.

    The totals move relative to what the row holds, and a debit is written only while the balance covers it
    (`WHERE balance_cents >= debit`), as the database sees it when it writes; `checked_revision`, the revision
    a yearly limit was checked against, is written only if no movement came in between. So neither a balance
    nor a limit rests on the row lock alone; a refusal writes nothing.
    """
    amount = rules.signed_amount(kind, cents)
    changes = {"balance_cents": Wallet.balance_cents + amount, "revision": Wallet.revision + 1}
    change = rules.bucket_change(kind, amount)
    if change:
        column = f"{change[0]}_cents"
        changes[column] = getattr(Wallet, column) + change[1]
    conditions = [Wallet.balance_cents >= -amount] if amount < 0 else []
    if checked_revision is not None:
        conditions.append(Wallet.revision == checked_revision)
    if not update_if(wallet, changes, *conditions):
        current = db.session.get(Wallet, wallet.id, populate_existing=True)
        if amount < 0:
            rules.check_debit(current.balance_cents, -amount)
        raise RuleViolation(_l("Your wallet changed while this was being done: check it and try again."))
    entry = LedgerEntry(wallet_id=wallet.id, kind=kind, amount_cents=amount, description=description[:300],
                        actor_id=getattr(actor, "id", None), area=area)
    db.session.add(entry)
    db.session.flush()
    return entry


def ledger_mismatches() -> list[tuple[int, str, int, int]]:
    """Wallets whose cached totals differ from their ledger: (wallet id, total, cached, ledger)."""
    entries: dict[int, list[tuple[str, int]]] = {}
    for wallet_id, kind, total in db.session.execute(
        select(LedgerEntry.wallet_id, LedgerEntry.kind, func.sum(LedgerEntry.amount_cents))
        .group_by(LedgerEntry.wallet_id, LedgerEntry.kind)
    ):
        entries.setdefault(wallet_id, []).append((kind, int(total)))
    mismatches = []
    for wallet in db.session.scalars(select(Wallet).order_by(Wallet.id)):
        ledger = rules.summarise(entries.get(wallet.id, []))
        for name in ("balance", "allocated", "spent", "pending"):
            cached = getattr(wallet, f"{name}_cents")
            if cached != getattr(ledger, name):
                mismatches.append((wallet.id, name, cached, getattr(ledger, name)))
    return mismatches


def save_plan_year(actor: User, plan_year: PlanYear | None, values: dict) -> PlanYear:
    if values["ends_on"] <= values["starts_on"]:
        raise RuleViolation(_l("The end of the period must come after its start."), field="ends_on")
    if plan_year is not None:
        if plan_year.amount_cents != values["amount_cents"] and db.session.scalar(
                select(func.count()).select_from(Wallet).where(Wallet.plan_year_id == plan_year.id)):
            raise RuleViolation(_l("Wallets of this year already exist: the amount per person can no longer change."),
                                field="amount")
    overlapping = select(PlanYear.id).where(PlanYear.starts_on <= values["ends_on"],
                                            PlanYear.ends_on >= values["starts_on"])
    if taken(overlapping, PlanYear.id, plan_year):
        raise RuleViolation(_l("The period overlaps another plan year."), field="starts_on")
    if taken(select(PlanYear.id).where(PlanYear.year == values["year"]), PlanYear.id, plan_year):
        raise RuleViolation(_l("This year already has a plan."), field="year")
    plan_year = save_row(PlanYear, plan_year, values)
    audit.record("wallet.plan_year_saved", actor=actor, year=plan_year.year, amount_cents=plan_year.amount_cents)
    return plan_year


def default_plan_values(year: int) -> dict:
    return {
        "year": year, "amount_cents": rules.DEFAULT_AMOUNT_CENTS,
        "starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31), "expires_without_carry_over": True,
        "fringe_limit_cents": rules.FRINGE_LIMIT_CENTS,
        "fringe_limit_children_cents": rules.FRINGE_LIMIT_WITH_CHILDREN_CENTS,
        "pension_limit_cents": rules.pension_fund_limit_cents(year),
        "health_limit_cents": rules.HEALTH_FUND_LIMIT_CENTS,
    }


def plan_years() -> list[PlanYear]:
    """Every plan year, the latest first."""
    return list(db.session.scalars(select(PlanYear).order_by(PlanYear.year.desc())))


def recent_movements(wallet: Wallet, count: int = 5) -> list[LedgerEntry]:
    return list(db.session.scalars(select(LedgerEntry).where(LedgerEntry.wallet_id == wallet.id)
                                   .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc()).limit(count)))


def movements_month(text: str) -> tuple[date, date] | None:
    """A month written YYYY-MM: its first day and the next month's first day; None when it is not a month."""
    bounds = month_bounds(text)
    return (bounds[0], bounds[1] + timedelta(days=1)) if bounds else None


def movements_query(wallet: Wallet, kind: str = "", month: str = "", area: str = "") -> Select:
    """The wallet's movements, the latest first, of one kind, month (Rome time) and area when given; an unknown
    kind or a month that is not one filters nothing."""
    query = (select(LedgerEntry).where(LedgerEntry.wallet_id == wallet.id)
             .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc()))
    if kind in rules.KINDS:
        query = query.where(LedgerEntry.kind == kind)
    if area:
        query = query.where(LedgerEntry.area == area)
    bounds = movements_month(month) if month else None
    if bounds:
        start, end = (datetime.combine(day, time(), ROME) for day in bounds)
        query = query.where(LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
    return query
