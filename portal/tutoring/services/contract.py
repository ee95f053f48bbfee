"""The DEC's view of the contract (tender par. 4, 6, 12 g, 20): the budget and what is spent at the hourly price —
the students' sessions held or cancelled late, and the institution's events once their day has passed —, the month
the money runs out at the pace so far, the penalties (services agreed and not delivered; complaints after the
third) and the 10 % threshold past which the institution can end the contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import LisEvent, TutoringSession
from portal.tutoring.services._common import today
from portal.tutoring.services.survey import complaints

BILLED = ("held", "cancelled_late")  # what the forms carry, and so the invoices (rules.COUNTED without planned)


@dataclass(frozen=True)
class ContractView:
    today: date
    ends_on: date  # the contract's last day (setting)
    budget_cents: int
    hourly_cents: int
    session_minutes: int  # held or cancelled late
    event_minutes: int  # institutional events whose day has passed
    planned_minutes: int  # sessions still planned, and events to come
    since: date | None  # the first day billed: the pace is measured from it
    penalties: rules.Penalties
    complaint_reports: int
    not_delivered: list[TutoringSession]  # the latest, for the DEC to contest them

    @property
    def spent_cents(self) -> int:
        return rules.amount_cents(self.session_minutes + self.event_minutes, self.hourly_cents)

    @property
    def planned_cents(self) -> int:
        return rules.amount_cents(self.planned_minutes, self.hourly_cents)

    @property
    def left_cents(self) -> int:
        return self.budget_cents - self.spent_cents

    @property
    def spent_share(self) -> int:
        return rules.share_percent(self.spent_cents, self.budget_cents)

    @property
    def runs_out(self) -> date | None:
        if self.since is None:
            return None
        return rules.runs_out(self.budget_cents, self.spent_cents, self.since, self.today)

    @property
    def runs_out_before_the_end(self) -> bool:
        month = self.runs_out
        return month is not None and month <= self.ends_on


def _minutes(query) -> int:
    return int(db.session.scalar(query) or 0)


def contract_view(shown: int = 30) -> ContractView:
    day = today()
    config = current_app.config
    session_minutes = _minutes(select(func.sum(TutoringSession.minutes)).where(TutoringSession.status.in_(BILLED)))
    event_minutes = _minutes(select(func.sum(LisEvent.minutes)).where(LisEvent.status == "booked", LisEvent.day < day))
    planned = _minutes(select(func.sum(TutoringSession.minutes)).where(TutoringSession.status == "planned")) + \
        _minutes(select(func.sum(LisEvent.minutes)).where(LisEvent.status == "booked", LisEvent.day >= day))
    firsts = [first for first in (
        db.session.scalar(select(func.min(TutoringSession.day)).where(TutoringSession.status.in_(BILLED))),
        db.session.scalar(select(func.min(LisEvent.day)).where(LisEvent.status == "booked", LisEvent.day < day)),
    ) if first is not None]
    not_delivered = _minutes(select(func.count(TutoringSession.id)).where(TutoringSession.status == "not_delivered"))
    counter = complaints()
    budget = config["PORTAL_TUTORING_CONTRACT_BUDGET_CENTS"]
    return ContractView(
        today=day, ends_on=date.fromisoformat(config["PORTAL_TUTORING_CONTRACT_END"]), budget_cents=budget,
        hourly_cents=config["PORTAL_TUTORING_HOURLY_PRICE_CENTS"], session_minutes=session_minutes,
        event_minutes=event_minutes, planned_minutes=planned, since=min(firsts) if firsts else None,
        penalties=rules.Penalties(not_delivered, counter.penalty_cents, budget), complaint_reports=counter.reports,
        not_delivered=list(db.session.scalars(select(TutoringSession).where(TutoringSession.status == "not_delivered")
                                              .order_by(TutoringSession.day.desc(), TutoringSession.starts.desc())
                                              .limit(shown))))
