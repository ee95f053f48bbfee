"""The micro nido's day register: the enrolled children expected, arrivals, absences, pick-ups, the educators on
duty, the ratio every 15 minutes, and the 9:30 meal count to the caterer (once a day, then frozen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload, noload

from portal.auth.models import User, UserRole
from portal.childcare import rules
from portal.childcare.models import (
    Attendance,
    Child,
    Closure,
    Family,
    Meal,
    MealCount,
    NurseryClosure,
    NurseryPlace,
    NurseryYear,
    RegisterAbsence,
    StaffPresence,
)
from portal.childcare.services.calendar import closures_between, july_nursery, nursery_calendar, nursery_open_on
from portal.childcare.services.common import now_in_rome, settings
from portal.childcare.services.family import pickup_names
from portal.core import audit, mail
from portal.core.calendar import ROME, to_rome
from portal.core.rules import RuleViolation
from portal.extensions import db


@dataclass(frozen=True)
class NurseryRow:
    place: NurseryPlace
    expected: bool  # the attendance type has the child in today
    attendance: Attendance | None
    absence: RegisterAbsence | None

    @property
    def child(self) -> Child:
        return self.place.child

    @property
    def special_diets(self) -> str:
        return "; ".join(diet.description for diet in self.child.diets)

    @property
    def gets_meal(self) -> bool:
        """Ordered in the count: expected or arrived, and not marked absent."""
        return self.absence is None and (self.expected or self.attendance is not None)


@dataclass(frozen=True)
class NurseryDay:
    day: date
    rows: list[NurseryRow]
    staff: list[tuple[User, list[StaffPresence]]]
    count: MealCount | None
    slices: list[rules.RatioSlice]
    closed: str | None = None  # why the nursery is closed that day (rules.nursery_closed_reason): no register then

    @property
    def meals(self) -> list[NurseryRow]:
        return [row for row in self.rows if row.gets_meal]

    @property
    def breaches(self) -> list[rules.RatioSlice]:
        return rules.breaches(self.slices)

    @property
    def now_breach(self) -> rules.RatioSlice | None:
        """The latest slice, when it breaches 1:5 (what the live banner shows)."""
        return self.slices[-1] if self.slices and self.slices[-1].breach else None

    @property
    def off_duty(self) -> list[User]:
        """The educators not on duty now: those a substitute may come in place of."""
        return [user for user, stays in self.staff if not any(stay.left_at is None for stay in stays)]

    @property
    def sent_at(self) -> datetime | None:
        return to_rome(self.count.sent_at).replace(tzinfo=None) if self.count else None


def nursery_now() -> datetime:
    """Rome's wall clock for the register (one place, so a test can set the morning it runs in)."""
    return now_in_rome()


def _utc_now() -> datetime:
    return nursery_now().replace(tzinfo=ROME).astimezone(UTC)


def presences(stays) -> list[rules.Presence]:
    return [rules.Presence(stay.arrived_at, stay.left_at) for stay in stays]


def nursery_day(day: date, now: datetime | None = None) -> NurseryDay:
    """The day's register in five statements: the meal count with the day's closures, places (children, diets,
    families), arrivals, absences, educators with their stays. On a day the nursery is closed, only the first: the
    page says why and asks for no register (in July one or two more, the July switch)."""
    count, university_closed, nursery_closed = db.session.execute(
        select(MealCount, select(Closure.day).where(Closure.day == day).exists().label("university"),
               select(NurseryClosure.day).where(NurseryClosure.day == day).exists().label("nursery"))
        .select_from(select(literal(1).label("one")).subquery())
        .outerjoin(MealCount, MealCount.day == day)).one()
    closed = rules.nursery_closed_reason(
        day, {day} if university_closed else set(), settings(),
        rules.Nursery(july_years=frozenset({day.year}) if day.month == 7 and july_nursery(day.year) else frozenset(),
                      closed_days=frozenset({day}) if nursery_closed else frozenset()))
    if closed is not None:
        return NurseryDay(day, [], [], count, [], closed)
    places = list(db.session.scalars(
        select(NurseryPlace).join(NurseryYear, NurseryYear.id == NurseryPlace.year_id)
        .where(NurseryYear.start_year == rules.nursery_year_of(day), NurseryPlace.status == "enrolled")
        .options(joinedload(NurseryPlace.child).joinedload(Child.diets),
                 joinedload(NurseryPlace.family).joinedload(Family.parent).noload(User.roles),
                 joinedload(NurseryPlace.family).joinedload(Family.pickups))).unique())
    places.sort(key=lambda place: place.child.full_name)
    arrivals = {row.child_id: row for row in db.session.scalars(select(Attendance).where(Attendance.day == day))}
    absences = {row.child_id: row for row in db.session.scalars(
        select(RegisterAbsence).where(RegisterAbsence.day == day))}
    staff: dict[int, tuple[User, list[StaffPresence]]] = {}
    for user, stay in db.session.execute(
            select(User, StaffPresence).join(UserRole, UserRole.user_id == User.id)
            .outerjoin(StaffPresence, and_(StaffPresence.educator_id == User.id, StaffPresence.day == day))
            .where(UserRole.role == "educatore", User.active.is_(True))
            .options(noload(User.roles), joinedload(StaffPresence.replaces).noload(User.roles))
            .order_by(User.full_name, StaffPresence.arrived_at)):
        entry = staff.setdefault(user.id, (user, []))
        if stay is not None:
            entry[1].append(stay)
    rows = [NurseryRow(place, rules.expected_on(place.attendance, place.days, day), arrivals.get(place.child_id),
                       absences.get(place.child_id)) for place in places]
    now = now or nursery_now()
    until = None if day < now.date() else now.time()
    children = [row.attendance for row in rows if row.attendance is not None]
    slices = [] if day > now.date() else rules.ratio_slices(
        presences(children), presences(stay for _user, stays in staff.values() for stay in stays), until=until,
        per_educator=settings().children_per_educator)
    return NurseryDay(day, rows, list(staff.values()), count, slices)


def _nursery_child(child: Child, day: date) -> NurseryPlace:
    if not nursery_open_on(day):
        raise RuleViolation(_l("The micro nido is closed on this day: there is no register to keep."))
    place = db.session.scalar(select(NurseryPlace).join(NurseryYear, NurseryYear.id == NurseryPlace.year_id).where(
        NurseryPlace.child_id == child.id, NurseryPlace.status == "enrolled",
        NurseryYear.start_year == rules.nursery_year_of(day)))
    if place is None:
        raise RuleViolation(_l("%(name)s has no place at the micro nido this year.", name=child.full_name))
    return place


def nursery_arrive(actor: User, child: Child, day: date, at: time) -> Attendance:
    """A micro nido child arrives (an absence marked by mistake is taken back)."""
    _nursery_child(child, day)
    if day != nursery_now().date():
        raise RuleViolation(_l("Arrivals are recorded on the day."))
    if db.session.scalar(select(Attendance.id).where(Attendance.child_id == child.id, Attendance.day == day)):
        raise RuleViolation(_l("%(name)s has already arrived.", name=child.full_name))
    absence = db.session.get(RegisterAbsence, (child.id, day))
    if absence is not None:
        db.session.delete(absence)
    attendance = Attendance(child_id=child.id, family_id=child.family_id, day=day, arrived_at=at,
                            recorded_by_id=actor.id)
    db.session.add(attendance)
    db.session.flush()
    audit.record("childcare.checked_in", actor=actor, child=child.id, day=day.isoformat())
    return attendance


def nursery_leave(actor: User, child: Child, day: date, at: time, picked_up_by: str) -> Attendance:
    """A micro nido child is picked up, by the parent or a person they authorised (the child's card links them)."""
    attendance = db.session.scalar(select(Attendance).where(Attendance.child_id == child.id, Attendance.day == day))
    if attendance is None or attendance.left_at is not None:
        raise RuleViolation(_l("%(name)s is not in the register as present.", name=child.full_name))
    if picked_up_by not in pickup_names(child.family):
        raise RuleViolation(_l("Only the parents and the people they authorised may pick %(name)s up.",
                               name=child.full_name), field="picked_up_by")
    if at < attendance.arrived_at:
        raise RuleViolation(_l("The pick-up cannot be before the arrival."), field="at")
    attendance.left_at, attendance.picked_up_by = at, picked_up_by
    db.session.flush()
    audit.record("childcare.checked_out", actor=actor, child=child.id, day=day.isoformat(), extra=0)
    return attendance


def mark_absent(actor: User, child: Child, day: date) -> bool:
    """Mark a micro nido child absent for the day, now. Whether the meal is still charged: it is once the count
    has gone to the caterer, unless the absence came before 9:30 (the rule decides at month's end)."""
    _nursery_child(child, day)
    if day != nursery_now().date():
        raise RuleViolation(_l("Absences are recorded on the day."))
    if db.session.scalar(select(Attendance.id).where(Attendance.child_id == child.id, Attendance.day == day)):
        raise RuleViolation(_l("%(name)s is in the register as arrived.", name=child.full_name))
    if db.session.get(RegisterAbsence, (child.id, day)) is None:
        db.session.add(RegisterAbsence(child_id=child.id, day=day, family_id=child.family_id,
                                       recorded_by_id=actor.id, reported_at=_utc_now()))
        db.session.flush()
        audit.record("childcare.marked_absent", actor=actor, child=child.id, day=day.isoformat())
    return db.session.get(MealCount, day) is not None


def caterer_address() -> str:
    return current_app.config["PORTAL_CHILDCARE_CATERER_EMAIL"]


def send_meal_count(actor: User | None, day: date) -> MealCount:
    """Send the day's meal count to the caterer (special diets first) and freeze the day's meals: once a day,
    whoever presses first (the educator's button or the 9:30 command); two at once send one mail."""
    if not rules.nursery_open(day, closures_between(day, day), settings(), nursery_calendar(day, day)):
        raise RuleViolation(_l("The micro nido is closed on this day: no meals to order."))
    register = nursery_day(day)
    if register.count is not None:
        rules.check_meals_open(register.sent_at)
    meals = register.meals
    diets = [row for row in meals if row.child.diets or row.child.allergies]  # highlighted for the caterer
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    won = db.session.execute(insert(MealCount).values(
        day=day, meals=len(meals), special_diets=len(diets), sent_at=_utc_now(),
        sent_by_id=actor.id if actor else None).on_conflict_do_nothing(index_elements=["day"])
        .returning(MealCount.day)).first()
    if won is None:
        db.session.expire_all()
        rules.check_meals_open(to_rome(db.session.get(MealCount, day).sent_at).replace(tzinfo=None))
    if meals:
        db.session.execute(Meal.__table__.insert(), [
            {"day": day, "child_id": row.child.id, "family_id": row.place.family_id, "diet": row.special_diets}
            for row in meals])
    # the caterer needs each special diet with the child's name (tender 12 r): the mail is health data
    mail.enqueue(caterer_address(), "it", "childcare_meal_count", sensitive=True, day=day, meals=len(meals),
                 diets=[row.child for row in diets])
    audit.record("childcare.meal_count_sent", actor=actor, day=day.isoformat(), count=len(meals))
    return db.session.get(MealCount, day)


def meal_days(child_ids, first: date, last: date) -> dict[int, tuple[int, int]]:
    """Each child's meals ordered between two days and how many of them the family pays (all but those of days
    whose absence was marked before 9:30)."""
    result: dict[int, tuple[int, int]] = {}
    for (child_id, _month), (ordered, charged) in meal_months(child_ids, first, last).items():
        before = result.get(child_id, (0, 0))
        result[child_id] = (before[0] + ordered, before[1] + charged)
    return result


def meal_months(child_ids, first: date, last: date) -> dict[tuple[int, date], tuple[int, int]]:
    """The same by child and month (the month's first day), in one read: what the fee preview and the parent's month
    both show, so that the two agree."""
    result: dict[tuple[int, date], tuple[int, int]] = {}
    for child_id, day, reported in db.session.execute(
            select(Meal.child_id, Meal.day, RegisterAbsence.reported_at)
            .outerjoin(RegisterAbsence, and_(RegisterAbsence.child_id == Meal.child_id, RegisterAbsence.day == Meal.day))
            .where(Meal.child_id.in_(list(child_ids)), Meal.day >= first, Meal.day <= last)):
        key = (child_id, day.replace(day=1))
        ordered, charged = result.get(key, (0, 0))
        paid = rules.meal_charged(reported.astimezone(ROME).replace(tzinfo=None) if reported else None, day)
        result[key] = (ordered + 1, charged + int(paid))
    return result


def set_meal_price(actor: User, year: NurseryYear, cents: int | None) -> NurseryYear:
    """The price of a day's meals for a nursery year (the office; at most EUR 5.80)."""
    year.meal_cents = rules.check_meal_price(cents)
    db.session.flush()
    audit.record("childcare.meal_price_set", actor=actor, year=year.start_year, amount_cents=year.meal_cents)
    return year


def meal_counts(first: date, last: date) -> list[MealCount]:
    return list(db.session.scalars(select(MealCount).options(joinedload(MealCount.sent_by))
                                   .where(MealCount.day >= first, MealCount.day <= last)
                                   .order_by(MealCount.day.desc())))
