"""The monthly report for the university."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from portal.childcare import rules
from portal.childcare.models import Attendance, Block, Booking, ExtraBlock, Payment
from portal.childcare.services.calendar import nursery_calendar
from portal.childcare.services.common import default_educators, settings
from portal.childcare.services.day_register import BlockCount, _block_count, staff_presence
from portal.core import csvio
from portal.extensions import db


@dataclass(frozen=True)
class ReportRow:
    day: date
    count: BlockCount


@dataclass(frozen=True)
class MonthlyReport:
    first: date
    last: date
    rows: list[ReportRow]
    half_hours: dict[str, int]  # charge -> half hours used (booked, cancelled late, or after a late pick-up)
    income: dict[tuple[str, str], int]  # (purpose, method) -> cents
    cards_sold: int

    @property
    def income_cents(self) -> int:
        return sum(self.income.values())

    @property
    def days(self) -> list[date]:
        return sorted({row.day for row in self.rows})

    @property
    def over_places(self) -> list[ReportRow]:
        return [row for row in self.rows if not row.count.ratio_ok]


def monthly_report(first: date, last: date) -> MonthlyReport:
    """Attendance and staff per half hour, hours by kind and income of a month: what the university checks."""
    cfg = settings()
    blocks = list(db.session.scalars(select(Block).where(Block.day >= first, Block.day <= last)
                                     .order_by(Block.day, Block.starts_at)))
    stays = list(db.session.scalars(select(Attendance).where(Attendance.day >= first, Attendance.day <= last)))
    by_start = {(block.day, block.starts_at): block for block in blocks}
    stays_by_day: dict[date, list[Attendance]] = {}
    for stay in stays:
        stays_by_day.setdefault(stay.day, []).append(stay)
    staff = staff_presence(first, last)
    nursery = nursery_calendar(first, last)
    rows = []
    for day in sorted({block.day for block in blocks} | set(stays_by_day)):
        for start in rules.opening_blocks(day, (), cfg, nursery):  # a late pick-up may reach a half hour nobody booked
            block = by_start.get((day, start))
            booked, educators = (block.booked, block.educators) if block else (0, default_educators())
            count = _block_count(start, booked, educators, stays_by_day.get(day, ()), staff.get(day, []), cfg)
            if count.booked or count.present:
                rows.append(ReportRow(day, count))
    used = dict(db.session.execute(
        select(Booking.charge, func.count(Booking.id)).join(Block)
        .where(Block.day >= first, Block.day <= last,
               (Booking.status == "booked") | Booking.cancelled_late.is_(True))
        .group_by(Booking.charge)).all())
    for charge, count in db.session.execute(
            select(ExtraBlock.charge, func.count(ExtraBlock.id)).join(ExtraBlock.attendance)
            .where(Attendance.day >= first, Attendance.day <= last).group_by(ExtraBlock.charge)).all():
        used[charge] = used.get(charge, 0) + count
    income = {(purpose, method): int(cents) for purpose, method, cents in db.session.execute(
        select(Payment.purpose, Payment.method, func.sum(Payment.amount_cents))
        .where(Payment.paid_on >= first, Payment.paid_on <= last).group_by(Payment.purpose, Payment.method)).all()}
    cards = db.session.scalar(select(func.count(Payment.id)).where(
        Payment.purpose == "card", Payment.paid_on >= first, Payment.paid_on <= last)) or 0
    return MonthlyReport(first, last, rows, {charge: int(used.get(charge, 0)) for charge in ("single", "card", "free")},
                         income, cards)


def report_csv_rows(report: MonthlyReport):
    for row in report.rows:
        count = row.count
        yield (row.day.isoformat(), count.starts_at.strftime("%H:%M"), count.booked, count.present, count.educators,
               count.places, len(count.staff), "; ".join(count.staff), "yes" if count.ratio_ok else "NO")


REPORT_CSV_COLUMNS = ("date", "half_hour", "booked", "present", "educators", "places", "educators_present",
                      "educator_names", "within_places_and_ratio")


def report_csv(report: MonthlyReport) -> str:
    """The month's half hours as CSV, one row each, for the university."""
    return csvio.write_rows(REPORT_CSV_COLUMNS, report_csv_rows(report))
