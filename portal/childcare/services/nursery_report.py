"""The micro nido's monthly report for the university (tender 33: within 10 working days of month end, "redatto in
modo da facilitare la verifica del rapporto educatori/bambini nel corso della giornata"): each day's 15-minute
slices of children and educators present, attendance per child, staff on duty with their substitutions; the
quarterly summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.childcare import rules
from portal.childcare.models import Attendance, Meal, NurseryPlace, NurseryYear, RegisterAbsence, StaffPresence
from portal.childcare.services.calendar import closures_between, nursery_calendar
from portal.childcare.services.common import settings
from portal.childcare.services.nursery_day import presences
from portal.core import csvio
from portal.core.calendar import add_months
from portal.extensions import db


@dataclass(frozen=True)
class ReportDay:
    day: date
    slices: list[rules.RatioSlice]
    staff: list[StaffPresence]

    @property
    def breaches(self) -> list[rules.RatioSlice]:
        return rules.breaches(self.slices)

    @property
    def substitutions(self) -> list[StaffPresence]:
        """The stays recorded in the staff register as a substitution: who came on duty in place of whom."""
        return [stay for stay in self.staff if stay.replaces_id is not None]


@dataclass(frozen=True)
class ChildLine:
    place: NurseryPlace
    present: int
    absent: int
    meals: int


@dataclass
class NurseryReport:
    first: date
    last: date
    days: list[ReportDay]
    children: list[ChildLine]
    educator_minutes: dict[str, int] = field(default_factory=dict)

    @property
    def breaches(self) -> int:
        return sum(len(day.breaches) for day in self.days)

    @property
    def slices(self) -> int:
        return sum(len(day.slices) for day in self.days)


def _minutes(stay: StaffPresence) -> int:
    end = stay.left_at or rules.NURSERY_HOURS[1]
    return max(0, (end.hour * 60 + end.minute) - (stay.arrived_at.hour * 60 + stay.arrived_at.minute))


def nursery_report(first: date, last: date) -> NurseryReport:
    """The month (or any span) as the university verifies it; days the micro nido ran or anyone was in."""
    cfg = settings()
    closures, calendar = closures_between(first, last), nursery_calendar(first, last)
    stays: dict[date, list[Attendance]] = {}
    for stay in db.session.scalars(select(Attendance).where(Attendance.day >= first, Attendance.day <= last)):
        stays.setdefault(stay.day, []).append(stay)
    staff: dict[date, list[StaffPresence]] = {}
    for stay in db.session.scalars(select(StaffPresence).options(joinedload(StaffPresence.educator),
                                                                 joinedload(StaffPresence.replaces))
                                   .where(StaffPresence.day >= first, StaffPresence.day <= last)
                                   .order_by(StaffPresence.day, StaffPresence.arrived_at)):
        staff.setdefault(stay.day, []).append(stay)
    days = []
    day = first
    while day <= last:
        if rules.nursery_open(day, closures, cfg, calendar) or day in stays or day in staff:
            slices = [piece for piece in rules.ratio_slices(presences(stays.get(day, [])), presences(staff.get(day, [])),
                                                            per_educator=cfg.children_per_educator)
                      if piece.children or piece.educators]
            days.append(ReportDay(day, slices, staff.get(day, [])))
        day += timedelta(days=1)
    minutes: dict[str, int] = {}
    for stay in (stay for stays_of_day in staff.values() for stay in stays_of_day):
        minutes[stay.educator.full_name] = minutes.get(stay.educator.full_name, 0) + _minutes(stay)
    places = list(db.session.scalars(
        select(NurseryPlace).join(NurseryYear, NurseryYear.id == NurseryPlace.year_id)
        .where(NurseryYear.start_year == rules.nursery_year_of(first), NurseryPlace.status == "enrolled")
        .options(joinedload(NurseryPlace.child))))
    child_ids = [place.child_id for place in places]
    present = _count_by_child(select(Attendance.child_id).where(Attendance.day >= first, Attendance.day <= last,
                                                                Attendance.child_id.in_(child_ids)))
    absent = _count_by_child(select(RegisterAbsence.child_id).where(
        RegisterAbsence.day >= first, RegisterAbsence.day <= last, RegisterAbsence.child_id.in_(child_ids)))
    meals = _count_by_child(select(Meal.child_id).where(Meal.day >= first, Meal.day <= last,
                                                        Meal.child_id.in_(child_ids)))
    children = sorted((ChildLine(place, present.get(place.child_id, 0), absent.get(place.child_id, 0),
                                 meals.get(place.child_id, 0)) for place in places),
                      key=lambda line: line.place.child.full_name)
    return NurseryReport(first, last, days, children, dict(sorted(minutes.items())))


def _count_by_child(query) -> dict[int, int]:
    counts: dict[int, int] = {}
    for child_id in db.session.scalars(query):
        counts[child_id] = counts.get(child_id, 0) + 1
    return counts


def month_report(month: date) -> NurseryReport:
    return nursery_report(month, add_months(month, 1) - timedelta(days=1))


@dataclass(frozen=True)
class QuarterMonth:
    month: date
    report: NurseryReport


def quarter_report(year: int, quarter: int) -> list[QuarterMonth]:
    return [QuarterMonth(month, month_report(month)) for month in rules.quarter_months(year, quarter)]


SLICE_COLUMNS = ("date", "from", "to", "children_present", "educators_present", "within_1_to_5")


def report_csv(report: NurseryReport) -> str:
    """Every 15-minute slice of the month, one row each, so the university can verify the ratio."""
    rows = ((day.day.isoformat(), piece.starts_at.strftime("%H:%M"), piece.ends_at.strftime("%H:%M"), piece.children,
             piece.educators, "NO" if piece.breach else "yes") for day in report.days for piece in day.slices)
    return csvio.write_rows(SLICE_COLUMNS, rows)
