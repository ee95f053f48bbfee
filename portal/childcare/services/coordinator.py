"""The coordinator's calendar: closures, the July calendar, the micro nido's closing days; the duties and their
reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import (
    Block,
    Booking,
    Closure,
    Duty,
    Family,
    NurseryClosure,
    NurseryYear,
    Summer,
    WaitingEntry,
)
from portal.childcare.services.booking import _give_back_card_hour
from portal.childcare.services.calendar import forget_calendar, july_nursery, nursery_calendar, nursery_open_on
from portal.childcare.services.common import settings
from portal.childcare.services.day_register import educators
from portal.core import audit, mail
from portal.core.calendar import add_months, holidays, to_rome, today_in_rome
from portal.core.rows import insert_missing, update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db


def upcoming_closures() -> list[Closure]:
    return list(db.session.scalars(select(Closure).where(Closure.day >= today_in_rome()).order_by(Closure.day)))


def holidays_ahead(days: int = 365) -> list[date]:
    """The holidays the baby parking knows without anybody typing them (national and the city's patron day)."""
    today = today_in_rome()
    known = holidays(today.year, settings().patron_day) | holidays(today.year + 1, settings().patron_day)
    return sorted(day for day in known if today <= day <= today + timedelta(days=days))


def add_closure(actor: User, day: date, reason: str) -> int:
    """Close a day: its bookings are cancelled free of charge and each family is told. Returns how many."""
    forget_calendar()
    if day <= today_in_rome():
        raise RuleViolation(_l("A closure must be for a day after today."), field="day")
    if db.session.get(Closure, day) is not None:
        raise RuleViolation(_l("That day is already closed."), field="day")
    db.session.add(Closure(day=day, reason=reason))
    blocks = list(db.session.scalars(select(Block).where(Block.day == day).order_by(Block.starts_at)
                                     .with_for_update()))
    bookings = list(db.session.scalars(select(Booking).where(Booking.block_id.in_([b.id for b in blocks]),
                                                             Booking.status == "booked")))
    told: set[int] = set()
    cancelled: dict[int, int] = {}
    for booking in bookings:
        cancelled[booking.block_id] = cancelled.get(booking.block_id, 0) + 1
        booking.status, booking.cancelled_at, booking.amount_cents = "cancelled", utcnow(), 0
        if booking.card_id is not None:
            _give_back_card_hour(booking.card_id)
        if booking.family_id not in told:
            told.add(booking.family_id)
            parent = db.session.get(Family, booking.family_id).parent
            mail.enqueue(parent.email, parent.locale, "childcare_closed", user=parent, day=day, reason=reason,
                         link=mail.link_to("childcare.bookings"))
    for block in blocks:  # less the bookings cancelled here, not set to 0: a count never forgets a booking
        if cancelled.get(block.id):
            update_if(block, {"booked": Block.booked - cancelled[block.id]})
    for entry in db.session.scalars(select(WaitingEntry).where(WaitingEntry.block_id.in_([b.id for b in blocks]),
                                                               WaitingEntry.status == "waiting")):
        entry.status = "withdrawn"
    db.session.flush()
    audit.record("childcare.closure_added", actor=actor, day=day.isoformat(), cancelled=len(bookings))
    return len(bookings)


def remove_closure(actor: User, day: date) -> bool:
    forget_calendar()
    closure = db.session.get(Closure, day)
    if closure is None:
        return False
    db.session.delete(closure)
    audit.record("childcare.closure_removed", actor=actor, day=day.isoformat())
    return True


def summer_year(today: date) -> int:
    """The summer the calendar page is about: this year's until July is over, then next year's."""
    return today.year if today < date(today.year, 8, 1) else today.year + 1


@dataclass(frozen=True)
class SummerDay:
    day: date
    hours: tuple[time, time] | None
    reason: str  # why a weekday is closed: a closure's reason, or empty for a holiday


def summer_days(year: int) -> list[SummerDay]:
    """July's weekdays, open all day or closed (holidays, closures): what families get when it is published."""
    first, last = date(year, 7, 1), date(year, 7, 31)
    closures = {closure.day: closure.reason for closure in db.session.scalars(
        select(Closure).where(Closure.day >= first, Closure.day <= last))}
    nursery = nursery_calendar(first, last)
    days = (first + timedelta(days=offset) for offset in range(31))
    return [SummerDay(day, rules.opening_hours(day, closures, settings(), nursery), closures.get(day, ""))
            for day in days if day.weekday() < 5]


def july_hours(year: int) -> tuple[time, time]:
    """The baby parking's hours in July: after the micro nido if it opens that July, all day otherwise."""
    cfg = settings()
    return cfg.school_year_hours if july_nursery(year) else cfg.july_hours


def set_july_nursery(actor: User, year: int, nursery_open: bool) -> Summer:
    """The coordinator's yearly switch; fixed once the July calendar is published (families book on its hours)."""
    forget_calendar()
    if today_in_rome() > date(year, 7, 31):
        raise RuleViolation(_l("That summer is over."))
    published = duty("summer_calendar", date(year, 7, 1))
    if published is not None and published.done_at is not None:
        raise RuleViolation(_l("The July %(year)d calendar is published: the micro nido's July can no longer change.",
                               year=year))
    insert_missing(Summer, [{"year": year, "nursery_open": nursery_open, "set_by_id": actor.id, "set_at": utcnow()}],
                   ["year"])
    summer = db.session.get(Summer, year, with_for_update=True, populate_existing=True)
    summer.nursery_open, summer.set_by_id, summer.set_at = nursery_open, actor.id, utcnow()
    # one switch: the nursery year that ends that summer runs (and charges) July when it opens
    nursery_year = db.session.scalar(select(NurseryYear).where(NurseryYear.start_year == year - 1))
    if nursery_year is not None:
        nursery_year.july_open = nursery_open
    db.session.flush()
    audit.record("childcare.july_nursery_set", actor=actor, year=year, nursery_open=nursery_open)
    return summer


# -- the micro nido's closing days ------------------------------------------------------------------------


def upcoming_nursery_closures() -> list[NurseryClosure]:
    return list(db.session.scalars(select(NurseryClosure).where(NurseryClosure.day >= today_in_rome())
                                   .order_by(NurseryClosure.day)))


def _bookings_on(day: date):
    return (select(func.count(Booking.id)).join(Block, Block.id == Booking.block_id)
            .where(Block.day == day, Booking.status == "booked"))


def add_nursery_closure(actor: User, day: date, reason: str) -> NurseryClosure:
    """A day the micro nido is closed: the baby parking runs in its hours too (if the setting says so) and its
    children pay from 16:30. Refused once families booked that afternoon's free hour, whose price would change."""
    forget_calendar()
    if day <= today_in_rome():
        raise RuleViolation(_l("A closure must be for a day after today."), field="day")
    if db.session.get(NurseryClosure, day, with_for_update=True) is not None:
        raise RuleViolation(_l("That day is already closed."), field="day")
    if not nursery_open_on(day):
        raise RuleViolation(_l("The micro nido is not open on that day anyway."), field="day")
    free = db.session.scalar(_bookings_on(day).where(Booking.charge == "free"))
    if free:
        raise RuleViolation(lazy_ngettext(
            "%(num)d half hour on that day is booked as the micro nido's free hour: enter its closing days before "
            "families book them.",
            "%(num)d half hours on that day are booked as the micro nido's free hour: enter its closing days before "
            "families book them.", free), field="day")
    closure = NurseryClosure(day=day, reason=reason, created_by_id=actor.id)
    db.session.add(closure)
    db.session.flush()
    forget_calendar()  # read above, before the closing day was written
    audit.record("childcare.nursery_closure_added", actor=actor, day=day.isoformat())
    return closure


def remove_nursery_closure(actor: User, day: date) -> bool:
    """Open the micro nido again on a day: refused once families booked that day (their hours and prices would
    change under them)."""
    forget_calendar()
    closure = db.session.get(NurseryClosure, day, with_for_update=True)
    if closure is None:
        return False
    if day <= today_in_rome():
        raise RuleViolation(_l("That day has come: its calendar can no longer change."))
    if db.session.scalar(_bookings_on(day)):
        raise RuleViolation(
            _l("Families have booked the baby parking on that day: the micro nido's closing day stays."))
    db.session.delete(closure)
    db.session.flush()
    audit.record("childcare.nursery_closure_removed", actor=actor, day=day.isoformat())
    return True


def duty(kind: str, period: date) -> Duty | None:
    return db.session.get(Duty, (kind, period))


def _locked_duty(kind: str, period: date) -> Duty:
    insert_missing(Duty, [{"kind": kind, "period": period}], ["kind", "period"])
    return db.session.get(Duty, (kind, period), with_for_update=True, populate_existing=True)


def _mark_done(actor: User, kind: str, period: date, already) -> Duty:
    """`already(day)` is the message when it was done before (on `day`, dd/mm/yyyy)."""
    task = _locked_duty(kind, period)
    if task.done_at is not None:
        raise RuleViolation(already(to_rome(task.done_at).strftime("%d/%m/%Y")))
    task.done_at, task.done_by_id = utcnow(), actor.id
    db.session.flush()
    audit.record(f"childcare.{kind}_done", actor=actor, period=period.isoformat())
    return task


def publish_summer(actor: User, year: int) -> int:
    """Publish the July calendar: July opens to bookings and every family is told. Returns how many."""
    if today_in_rome() > date(year, 7, 31):
        raise RuleViolation(_l("That summer is over."))
    _mark_done(actor, "summer_calendar", date(year, 7, 1),
               lambda day: _l("The summer calendar was already published on %(day)s.", day=day))
    days = summer_days(year)
    nursery, hours = july_nursery(year), july_hours(year)
    link = mail.link_to("childcare.grid", **{"from": f"{year}-07-01"})
    parents = list(db.session.scalars(select(User).join(Family, Family.parent_id == User.id)
                                      .where(User.active.is_(True)).order_by(User.id)))
    for parent in parents:
        mail.enqueue(parent.email, parent.locale, "childcare_summer", user=parent, year=year, days=days,
                     hours=hours, nursery=nursery, link=link)
    return len(parents)


def mark_report_sent(actor: User, month_first: date) -> Duty:
    """Record that the month's report reached the university (the page shows when, and who sent it)."""
    month_last = add_months(month_first, 1) - timedelta(days=1)
    if today_in_rome() <= month_last:
        raise RuleViolation(_l("The month is not over yet: its report can be sent from %(day)s.",
                               day=(month_last + timedelta(days=1)).strftime("%d/%m/%Y")))
    return _mark_done(actor, "monthly_report", month_first,
                      lambda day: _l("This report was already marked as sent on %(day)s.", day=day))


@dataclass(frozen=True)
class Reminder:
    deadline: rules.Deadline
    task: Duty | None
    overdue: bool


def pending_duties(today: date) -> list[Reminder]:
    """What the coordinator still has to do and is near or past its date: the reports of the last two months (an
    unsent one stays until it is sent), the summer calendar from two weeks before its date until July."""
    cfg = settings()
    month = today.replace(day=1)
    candidates = [rules.report_deadline(add_months(month, back), cfg) for back in (-2, -1)]
    if today.month < 7:
        candidates.append(rules.summer_deadline(today.year, cfg))
    tasks = {(task.kind, task.period): task for task in db.session.scalars(select(Duty).where(
        Duty.period.in_([deadline.period for deadline in candidates])))}
    reminders = []
    for deadline in candidates:
        task = tasks.get((deadline.kind, deadline.period))
        if today >= deadline.remind_from and (task is None or task.done_at is None):
            reminders.append(Reminder(deadline, task, today > deadline.due_on))
    return reminders


def send_reminders(today: date) -> int:
    """Mail the educators about pending duties, once as the date nears and once when it has passed."""
    sent = 0
    for reminder in pending_duties(today):
        deadline = reminder.deadline
        task = _locked_duty(deadline.kind, deadline.period)
        if task.done_at is not None or not rules.reminder_due(deadline, today, task.reminded_on):
            continue
        task.reminded_on = today
        endpoint = "childcare.report" if deadline.kind == "monthly_report" else "childcare.calendar"
        args = {"month": deadline.period.strftime("%Y-%m")} if deadline.kind == "monthly_report" else {}
        link = mail.link_to(endpoint, **args)
        for educator in educators():
            mail.enqueue(educator.email, educator.locale, "childcare_duty", user=educator, deadline=deadline,
                         overdue=today > deadline.due_on, link=link)
            sent += 1
    db.session.flush()
    return sent

