"""The operators' deadlines (payroll files, residual reports) and their reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal.auth.models import User, UserRole
from portal.core import mail
from portal.core.rows import insert_missing
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    Duty,
    PlanYear,
)
from portal.wallet.services.access import WELFARE_OPERATORS

# -- the operators' deadlines and reminders ------------------------------------------------------------


def _locked_duty(kind: str, period: date) -> Duty:
    insert_missing(Duty, [{"kind": kind, "period": period}], ["kind", "period"])
    return db.session.get(Duty, (kind, period), with_for_update=True, populate_existing=True)


def mark_duty_done(actor: User | None, kind: str, period: date) -> None:
    duty = _locked_duty(kind, period)
    if duty.done_at is None:
        duty.done_at, duty.done_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()


@dataclass(frozen=True)
class DutyStatus:
    deadline: rules.Deadline
    done_at: datetime | None
    overdue: bool

    @property
    def label(self):
        return rules.DUTY_KINDS[self.deadline.kind]


def duties(today: date) -> list[DutyStatus]:
    """The payroll files of the last two months and the next one, and the residual reports of the years that
    ended and the current one: each with its due date, done or not (overdue ones stay until done)."""
    years = {row.year: row for row in db.session.scalars(select(PlanYear))}
    if not years:
        return []
    first = min(row.starts_on for row in years.values()).replace(day=1)
    month = today.replace(day=1)
    candidates = []
    for back in (2, 1, 0):
        year, number = month.year, month.month - back
        while number < 1:
            year, number = year - 1, number + 12
        if date(year, number, 1) >= first:
            candidates.append(rules.payroll_deadline(date(year, number, 1)))
    candidates += [rules.residuals_deadline(year) for year in sorted(years) if year <= today.year]
    done = {(row.kind, row.period): row for row in db.session.scalars(
        select(Duty).where(Duty.period.in_([deadline.period for deadline in candidates])))}
    statuses = []
    for deadline in candidates:
        row = done.get((deadline.kind, deadline.period))
        done_at = row.done_at if row else None
        if deadline.kind == "residuals" and done_at is None and years[deadline.period.year].closed_at is not None:
            done_at = years[deadline.period.year].closed_at
        # A residual report of a past year is shown until done; the current year's only as the next date.
        if deadline.kind == "residuals" and done_at is not None and deadline.due_on < today - timedelta(days=31):
            continue
        statuses.append(DutyStatus(deadline, done_at, done_at is None and today > deadline.due_on))
    return statuses


def send_reminders(today: date) -> int:
    """Mail the welfare operators once as a deadline nears and once when it has passed; the overdue reminder
    goes to the contract manager (DEC) too, who monitors the provider. Returns the mails queued."""
    sent = 0
    for status in duties(today):
        deadline = status.deadline
        if status.done_at is not None:
            continue
        duty = _locked_duty(deadline.kind, deadline.period)
        if duty.done_at is not None or not rules.reminder_due(deadline, today, duty.reminded_on):
            continue
        duty.reminded_on = today
        overdue = today > deadline.due_on
        # Before any operator account exists, the administrators are told instead.
        people = _active_with_roles(WELFARE_OPERATORS) or _active_with_roles(("amministratore",))
        if overdue:
            people += [person for person in _active_with_roles(("dec",)) if person not in people]
        link = mail.link_to("wallet.payroll" if deadline.kind == "payroll" else "wallet.manage")
        for person in people:
            mail.enqueue(person.email, person.locale, "wallet_duty", user=person, deadline=deadline,
                         overdue=overdue, link=link)
            sent += 1
    db.session.flush()
    return sent


def _active_with_roles(roles: tuple[str, ...]) -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True), User.roles.any(UserRole.role.in_(roles)))
                                   .order_by(User.id)))
