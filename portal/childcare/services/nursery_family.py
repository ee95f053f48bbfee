"""The micro nido for families: the child's month in a few reads, absences (before 9:30: no meal), the daily
diary the educators write, the nursery's calendar of closures (baby parking days)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, select
from sqlalchemy.orm import aliased, contains_eager, joinedload

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import (
    Attendance,
    Child,
    Closure,
    Family,
    NurseryAbsence,
    NurseryCharge,
    NurseryClosure,
    NurseryDiary,
    NurseryPlace,
    NurseryReceipt,
    NurseryYear,
    RegisterAbsence,
)
from portal.childcare.services.calendar import blocks_of, nursery_open_on
from portal.childcare.services.common import now_in_rome
from portal.childcare.services.nursery_day import meal_months
from portal.core import audit
from portal.core.calendar import ROME, add_months, today_in_rome
from portal.core.rows import insert_missing
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db


@dataclass
class MonthOfChild:
    place: NurseryPlace
    month: date
    days: list[Attendance] = field(default_factory=list)
    absences: list[NurseryAbsence] = field(default_factory=list)
    charge: NurseryCharge | None = None
    receipt: NurseryReceipt | None = None
    meal_cents_each: int = 0  # the year's price of a day's meals (the office sets it per year)
    today: date | None = None
    # the meals ordered in the 9:30 counts this month: (ordered, charged), the same figures as the fee preview's
    meals: tuple[int, int] = (0, 0)
    # the month before's meals, charged with this month's fee (None when this fee carries none: September)
    meals_before_month: date | None = None
    meals_before: tuple[int, int] = (0, 0)
    # the fee that will carry this month's meals (None: the year's last month, settled apart)
    meals_on_fee: date | None = None

    @property
    def link_ends_first(self) -> bool:
        """No fee carries this month's meals because the parent's link with the university ends before the next."""
        year = self.place.year
        return self.meals_on_fee is None and rules.fee_for_meals(self.month, year.start_year, year.july_open) is not None

    @property
    def meal_days(self) -> int:
        return self.meals[1]

    @property
    def meal_cents(self) -> int:
        return self.meal_days * self.meal_cents_each

    @property
    def meals_before_cents(self) -> int:
        return self.meals_before[1] * self.meal_cents_each

    @property
    def meals_not_charged(self) -> int:
        return self.meals[0] - self.meals[1]

    @property
    def overdue(self) -> bool:
        return self.charge is not None and rules.fee_overdue(self.charge.due_on, self.today,
                                                             self.charge.payment_id is not None)


def enrolled_places_of(user: User) -> list[NurseryPlace]:
    """The parent's children with a place, newest year first, with the child, the family and the year (one read)."""
    return list(db.session.scalars(
        select(NurseryPlace).join(Family, Family.id == NurseryPlace.family_id)
        .where(Family.parent_id == user.id, NurseryPlace.status == "enrolled")
        .options(contains_eager(NurseryPlace.family), joinedload(NurseryPlace.child), joinedload(NurseryPlace.year))
        .order_by(NurseryPlace.year_id.desc(), NurseryPlace.rank)))


def _fee_carrying_meals(place: NurseryPlace, month: date) -> date | None:
    """The month whose fee carries this month's meals; None when no fee follows (the year's last month, or the
    parent's link with the university ends before it): the desk settles them on their own."""
    carrying = rules.fee_for_meals(month, place.year.start_year, place.year.july_open)
    if carrying is None or rules.affiliation_ended(place.affiliated_until, carrying):
        return None
    return carrying


def parent_month(places: list[NurseryPlace], month: date) -> list[MonthOfChild]:
    """Each child's month: the days in the register, the absences reported, the fee with its payment and the receipt
    in force, the meals as the fee charges them. Four reads whatever the number of children or months (the bench holds it: bench/nursery_month.py)."""
    rows = {place.child_id: MonthOfChild(
        place, month, meal_cents_each=place.year.meal_cents, today=today_in_rome(),
        meals_before_month=rules.meals_on_fee(month, place.year.start_year, place.year.july_open),
        meals_on_fee=_fee_carrying_meals(place, month)) for place in places}
    if not rows:
        return []
    end = add_months(month, 1) - timedelta(days=1)
    # the meals of this month and of the month before (on this month's fee), read as the fee preview reads them
    for (child_id, first), counted in meal_months(list(rows), add_months(month, -1), end).items():
        row = rows[child_id]
        if first == month:
            row.meals = counted
        elif first == row.meals_before_month:
            row.meals_before = counted
    for day in db.session.scalars(select(Attendance).where(Attendance.child_id.in_(list(rows)),
                                                           Attendance.day.between(month, end))
                                  .order_by(Attendance.day)):
        rows[day.child_id].days.append(day)
    for absence in db.session.scalars(select(NurseryAbsence).where(NurseryAbsence.child_id.in_(list(rows)),
                                                                   NurseryAbsence.day.between(month, end))
                                      .order_by(NurseryAbsence.day)):
        rows[absence.child_id].absences.append(absence)
    newer = aliased(NurseryReceipt)
    in_force = and_(NurseryReceipt.charge_id == NurseryCharge.id,
                    ~select(newer.id).where(newer.replaces_id == NurseryReceipt.id).exists())
    for charge, receipt in db.session.execute(
            select(NurseryCharge, NurseryReceipt).outerjoin(NurseryReceipt, in_force)
            .where(NurseryCharge.child_id.in_(list(rows)), NurseryCharge.month == month)
            .options(joinedload(NurseryCharge.payment))):
        rows[charge.child_id].charge, rows[charge.child_id].receipt = charge, receipt
    return list(rows.values())


# -- absences ------------------------------------------------------------------------------------------------------

def report_absence(user: User, place: NurseryPlace, day: date, note: str) -> NurseryAbsence:
    """The parent says the child will not come: before 9:30 of the day, no meal is ordered or charged."""
    if place.status != "enrolled":
        raise RuleViolation(_l("Your child has no place at the micro nido."))
    now = now_in_rome()
    at = now.replace(tzinfo=ROME).astimezone(timezone.utc)  # the same instant as `now`, as stored
    rules.check_absence(day, now, nursery_open_on(day), rules.attends_on(day, place.attendance, place.days))
    if len(note) > rules.ABSENCE_NOTE_MAX:
        raise RuleViolation(_l("The note is too long."), field="note")
    reported = select(NurseryAbsence).where(NurseryAbsence.child_id == place.child_id, NurseryAbsence.day == day)
    if db.session.scalar(reported) is not None:
        raise RuleViolation(_l("An absence is already reported for that day."), field="day")
    insert_missing(NurseryAbsence, [{"child_id": place.child_id, "day": day, "note": note,
                                     "in_time": rules.absence_in_time(day, now), "reported_at": at,
                                     "reported_by_id": user.id}], ["child_id", "day"])
    absence = db.session.scalar(reported)
    # the day register's absence is what the 9:30 meal count and the meal charge read (services/nursery_day.py):
    # the parent's report lands there too, with the moment it was made
    insert_missing(RegisterAbsence, [{"child_id": place.child_id, "day": day, "family_id": place.child.family_id,
                                      "reported_at": absence.reported_at, "recorded_by_id": user.id}],
                   ["child_id", "day"])
    audit.record("childcare.nursery_absence_reported", actor=user, child=place.child_id, day=day.isoformat(),
                 in_time=absence.in_time)
    return absence


def absence_of_parent(user: User, absence_id: int) -> NurseryAbsence | None:
    return db.session.scalar(select(NurseryAbsence).join(Child, Child.id == NurseryAbsence.child_id)
                             .join(Family, Family.id == Child.family_id)
                             .where(NurseryAbsence.id == absence_id, Family.parent_id == user.id))


def withdraw_absence(user: User, absence: NurseryAbsence) -> date:
    """The child comes after all: possible until the meals of the day are counted (9:30)."""
    if not rules.may_withdraw_absence(absence.day, now_in_rome()):
        raise RuleViolation(_l("The meals of that day are already counted: the absence stays."))
    day, child_id = absence.day, absence.child_id
    db.session.delete(absence)
    # the register's copy goes too, unless an educator marked the absence in the register themselves
    db.session.execute(delete(RegisterAbsence).where(RegisterAbsence.child_id == child_id, RegisterAbsence.day == day,
                                                     RegisterAbsence.recorded_by_id == user.id))
    db.session.flush()
    audit.record("childcare.nursery_absence_withdrawn", actor=user, child=child_id, day=day.isoformat())
    return day


def upcoming_absences(places: list[NurseryPlace]) -> list[NurseryAbsence]:
    if not places:
        return []
    return list(db.session.scalars(select(NurseryAbsence).where(
        NurseryAbsence.child_id.in_([place.child_id for place in places]), NurseryAbsence.day >= today_in_rome())
        .options(joinedload(NurseryAbsence.child)).order_by(NurseryAbsence.day)))


# -- the daily diary -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DiaryRow:
    place: NurseryPlace
    entry: NurseryDiary | None
    absent: bool


def diary_day(day: date) -> list[DiaryRow]:
    """The educators' page of a day: every child enrolled in that day's nursery year, its line if written and
    whether the parents reported it absent."""
    places = list(db.session.scalars(
        select(NurseryPlace).join(NurseryYear, NurseryYear.id == NurseryPlace.year_id)
        .where(NurseryYear.start_year == rules.nursery_year_of(day), NurseryPlace.status == "enrolled")
        .options(joinedload(NurseryPlace.child)).order_by(NurseryPlace.rank)))
    ids = [place.child_id for place in places]
    entries = {entry.child_id: entry for entry in db.session.scalars(
        select(NurseryDiary).where(NurseryDiary.day == day, NurseryDiary.child_id.in_(ids)))} if ids else {}
    absent = set(db.session.scalars(select(NurseryAbsence.child_id).where(
        NurseryAbsence.day == day, NurseryAbsence.child_id.in_(ids)))) if ids else set()
    return [DiaryRow(place, entries.get(place.child_id), place.child_id in absent) for place in places]


def write_diary(actor: User, child_id: int, day: date, lunch: str, nap_minutes: int | None,
                note: str) -> NurseryDiary:
    """An educator writes (or rewrites) a child's line of a day that has begun, for a child enrolled that year."""
    if day > today_in_rome():
        raise RuleViolation(_l("The diary is written on the day or after it."), field="day")
    if not any(row.place.child_id == child_id for row in diary_day(day)):
        raise RuleViolation(_l("That child is not enrolled in the micro nido this year."))
    rules.check_diary(lunch, nap_minutes, note)
    insert_missing(NurseryDiary, [{"child_id": child_id, "day": day, "lunch": lunch, "nap_minutes": nap_minutes,
                                   "note": note, "written_at": utcnow(), "written_by_id": actor.id}],
                   ["child_id", "day"])
    entry = db.session.scalar(select(NurseryDiary).where(NurseryDiary.child_id == child_id, NurseryDiary.day == day)
                              .execution_options(populate_existing=True))
    entry.lunch, entry.nap_minutes, entry.note, entry.written_by_id = lunch, nap_minutes, note, actor.id
    db.session.flush()
    audit.record("childcare.nursery_diary_written", actor=actor, child=child_id, day=day.isoformat())
    return entry


def diary_of_parent(places: list[NurseryPlace], days: int = 14) -> list[NurseryDiary]:
    """The last two weeks of the children's diary, newest first."""
    if not places:
        return []
    since = today_in_rome() - timedelta(days=days)
    return list(db.session.scalars(select(NurseryDiary).where(
        NurseryDiary.child_id.in_([place.child_id for place in places]), NurseryDiary.day >= since)
        .order_by(NurseryDiary.day.desc(), NurseryDiary.child_id)))


# -- the nursery's calendar ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClosedDay:
    day: date
    reason: str
    baby_parking: bool  # the rooms run as baby parking that day: families may book it


def nursery_closed_days(start_year: int) -> list[ClosedDay]:
    """The school-year days the micro nido is closed while the university is open (its own calendar) and the
    university's closures, from September to July; on the first the baby parking runs and may be booked."""
    first, last = date(start_year, 9, 1), date(start_year + 1, 7, 31)
    days = [ClosedDay(row.day, row.reason, bool(blocks_of(row.day))) for row in db.session.scalars(
        select(NurseryClosure).where(NurseryClosure.day.between(first, last)))]
    days += [ClosedDay(row.day, row.reason, False) for row in db.session.scalars(
        select(Closure).where(Closure.day.between(first, last)))]
    return sorted(days, key=lambda closed: closed.day)


def nursery_runs_on(day: date) -> bool:
    return nursery_open_on(day)
