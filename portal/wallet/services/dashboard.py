"""The operators' figures: dashboard, six-monthly report, information e-mails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from portal.auth.models import User
from portal.core import affiliations, audit, mail
from portal.core.calendar import ROME, month_range_utc, today_in_rome
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    Certification,
    Feedback,
    Offer,
    Order,
    PlanYear,
    Preferences,
    Reimbursement,
    Wallet,
)
from portal.wallet.services.catalog import areas
from portal.wallet.services.deadlines import DutyStatus, duties
from portal.wallet.services.engagement import feedback_summary
from portal.wallet.services.ledger import plan_years

# -- the operators' overview ------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """What the management page counts: the plan years and their wallets, and what waits for the operators."""

    years: list[PlanYear]
    wallet_counts: dict[int, int]  # plan year id -> wallets
    feedback_count: int
    feedback_average: float | None
    overdue_affiliations: int
    certifications_waiting: int
    open_requests: int
    duties: list[DutyStatus]


def overview(today: date) -> Overview:
    wallet_counts = dict(db.session.execute(
        select(Wallet.plan_year_id, func.count(Wallet.id)).group_by(Wallet.plan_year_id)).all())
    feedback_count, feedback_average = feedback_summary()
    overdue = affiliations.overdue_count(today)  # the one queue shared with the discounts portal
    waiting = db.session.scalar(select(func.count()).select_from(Certification)
                                .where(Certification.status == "received"))
    open_requests = db.session.scalar(select(func.count()).select_from(Reimbursement)
                                      .where(Reimbursement.status.in_(rules.OPEN_STATUSES)))
    return Overview(plan_years(), wallet_counts, feedback_count, feedback_average, overdue, waiting, open_requests,
                    duties(today))


# -- dashboard and six-monthly report --------------------------------------------------------------

REPORT_PERIODS = ("year", "h1", "h2")


def report_period(plan_year: PlanYear, period: str) -> tuple[date, date]:
    """First and last day of the whole plan year (`year`), of its first half (`h1`: January–June) or of its
    second half (`h2`: July–December)."""
    start = date(plan_year.year, 7, 1) if period == "h2" else plan_year.starts_on
    end = date(plan_year.year, 6, 30) if period == "h1" else plan_year.ends_on
    return start, end


@dataclass
class Dashboard:
    wallets: int
    active_wallets: int
    allocated: int
    spent: int
    by_area: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    top_services: list[tuple[str, int, int]]
    open_requests: list[tuple[str, int, int]]  # status, count, oldest age in days
    satisfaction: list[tuple[int, int]]

    @property
    def uptake_percent(self) -> int:
        return round(self.active_wallets * 100 / self.wallets) if self.wallets else 0


def dashboard(plan_year: PlanYear, start: date, end: date) -> Dashboard:
    """Figures for the operators: uptake, spending by area and month, services, open requests, satisfaction.

    Spending is purchases plus approved reimbursements made between `start` and `end` (inclusive).
    """
    from_utc, _ = month_range_utc(date(start.year, start.month, 1))
    end_year, end_month = rules.next_month(end.year, end.month)
    to_utc, _ = month_range_utc(date(end_year, end_month, 1))
    in_year = Wallet.plan_year_id == plan_year.id
    orders = (select(Order.area, Order.title, Order.amount_cents.label("cents"), Order.created_at.label("at"),
                     Order.wallet_id)
              .join(Wallet, Wallet.id == Order.wallet_id)
              .where(in_year, Order.created_at >= from_utc, Order.created_at < to_utc))
    paid = (select(Offer.area, Offer.title_it.label("title"), Reimbursement.approved_cents.label("cents"),
                   Reimbursement.decided_at.label("at"), Reimbursement.wallet_id)
            .join(Offer, Offer.id == Reimbursement.offer_id).join(Wallet, Wallet.id == Reimbursement.wallet_id)
            .where(in_year, Reimbursement.status.in_(("approved", "paid")),
                   Reimbursement.decided_at >= from_utc, Reimbursement.decided_at < to_utc))
    spending = [*db.session.execute(orders), *db.session.execute(paid)]
    by_area: dict[str, int] = {area.code: 0 for area in areas(include_withdrawn=True)}
    by_month: dict[str, int] = {}
    services_used: dict[str, list[int]] = {}
    active: set[int] = set()
    for area, title, cents, at, wallet_id in spending:
        by_area[area] += cents
        month = at.astimezone(ROME).strftime("%Y-%m")
        by_month[month] = by_month.get(month, 0) + cents
        entry = services_used.setdefault(title, [0, 0])
        entry[0] += 1
        entry[1] += cents
        active.add(wallet_id)
    today = today_in_rome()
    open_rows = db.session.execute(
        select(Reimbursement.status, func.count(), func.min(Reimbursement.created_at))
        .join(Wallet, Wallet.id == Reimbursement.wallet_id)
        .where(in_year, Reimbursement.status.in_(rules.OPEN_STATUSES)).group_by(Reimbursement.status)).all()
    satisfaction = dict(db.session.execute(
        select(Feedback.rating, func.count()).where(Feedback.created_at >= from_utc, Feedback.created_at < to_utc)
        .group_by(Feedback.rating)).all())
    totals = db.session.execute(select(func.count(Wallet.id), func.coalesce(func.sum(Wallet.allocated_cents), 0))
                                .where(in_year)).one()
    return Dashboard(
        wallets=int(totals[0]), active_wallets=len(active), allocated=int(totals[1]),
        spent=sum(row[2] for row in spending),
        by_area=[(key, cents) for key, cents in by_area.items()],
        by_month=sorted(by_month.items()),
        top_services=sorted(((title, count, cents) for title, (count, cents) in services_used.items()),
                            key=lambda item: (-item[1], -item[2]))[:10],
        open_requests=[(status, int(count), (today - oldest.astimezone(ROME).date()).days)
                       for status, count, oldest in open_rows],
        satisfaction=[(level, int(satisfaction.get(level, 0))) for level in (5, 4, 3, 2, 1)],
    )


def info_email_subscribers() -> int:
    """How many people asked for the information e-mails."""
    return db.session.scalar(select(func.count()).select_from(Preferences).where(Preferences.info_emails.is_(True)))


def send_info_email(actor: User, subject: dict[str, str], body: dict[str, str]) -> int:
    """Queue an information e-mail to every member of staff who opted in, each in their language."""
    recipients = db.session.scalars(
        select(User).join(Preferences, Preferences.user_id == User.id)
        .where(Preferences.info_emails.is_(True), User.active.is_(True))).all()
    for user in recipients:
        mail.enqueue(user.email, user.locale, "info_email", user=user, subject=subject[user.locale],
                     body=body[user.locale], link=mail.link_to("wallet.feedback"))
    audit.record("wallet.info_email_sent", actor=actor, recipients=len(recipients), subject=subject["it"][:100])
    db.session.flush()
    return len(recipients)
