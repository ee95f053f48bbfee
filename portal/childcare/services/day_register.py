"""The day register (children's arrivals and pick-ups, counts per half hour) and the educators on duty."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.auth.models import User, UserRole
from portal.childcare import rules
from portal.childcare.models import Attendance, Block, Booking, Child, ExtraBlock, Family, StaffPresence
from portal.childcare.services.booking import _charge_blocks
from portal.childcare.services.calendar import nursery_calendar
from portal.childcare.services.common import settings
from portal.childcare.services.family import pickup_names
from portal.core import audit
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db


def _present(stays, start: time) -> int:
    """Children present at any moment of the half hour starting at `start` (stays of one day)."""
    return sum(1 for stay in stays if _overlaps(stay, start))


@dataclass(frozen=True)
class RegisterRow:
    child: Child
    family: Family
    booked: tuple[time, ...]
    attendance: Attendance | None
    pickups: tuple[str, ...]  # who may pick the child up: the parent first

    @property
    def expected_from(self) -> time:
        return self.booked[0]

    @property
    def expected_until(self) -> time:
        return rules.block_end(self.booked[-1])


@dataclass(frozen=True)
class BlockCount:
    starts_at: time
    booked: int
    present: int
    educators: int  # planned: they set the places
    places: int
    staff: tuple[str, ...] = ()  # educators entered in the register during the half hour
    children_per_educator: int = 5

    @property
    def ratio_ok(self) -> bool:
        """Within the places, and, once educators are entered in the register, within the ratio of those present."""
        within_ratio = not self.staff or self.present <= len(self.staff) * self.children_per_educator
        return self.present <= self.places and within_ratio


def register(day: date, staff: list[StaffPresence] | None = None) -> tuple[list[RegisterRow], list[BlockCount]]:
    """The children expected on a day with their arrivals and pick-ups, and each half hour's counts
    (with the educators' stays of the day, read here unless the caller has them)."""
    cfg = settings()
    blocks = list(db.session.scalars(select(Block).where(Block.day == day).order_by(Block.starts_at)))
    bookings = list(db.session.scalars(
        select(Booking).join(Booking.block).options(contains_eager(Booking.block), joinedload(Booking.child))
        .where(Block.day == day, Booking.status == "booked").order_by(Block.starts_at)))
    attendance = {row.child_id: row for row in db.session.scalars(select(Attendance).where(Attendance.day == day))}
    booked_by_child: dict[int, list[time]] = {}
    for booking in bookings:
        booked_by_child.setdefault(booking.child_id, []).append(booking.block.starts_at)
    children = {booking.child_id: booking.child for booking in bookings}
    families_by_id = {family.id: family for family in db.session.scalars(
        select(Family).options(joinedload(Family.parent), joinedload(Family.pickups))
        .where(Family.id.in_({child.family_id for child in children.values()}))).unique()}
    rows = []
    for child_id, starts in booked_by_child.items():
        child = children[child_id]
        family = families_by_id[child.family_id]
        rows.append(RegisterRow(child, family, tuple(starts), attendance.get(child_id), pickup_names(family)))
    rows.sort(key=lambda row: (row.expected_from, row.child.full_name))
    if staff is None:
        staff = staff_presence(day, day).get(day, [])
    counts = [_block_count(block.starts_at, block.booked, block.educators, attendance.values(), staff, cfg)
              for block in blocks]
    return rows, counts


def _block_count(start: time, booked: int, educators: int, stays, staff: list[StaffPresence],
                 cfg: rules.Settings) -> BlockCount:
    return BlockCount(start, booked, _present(stays, start), educators, rules.places(educators, cfg),
                      tuple(sorted({shift.educator.full_name for shift in staff if _overlaps(shift, start)})),
                      cfg.children_per_educator)


def _overlaps(stay, start: time) -> bool:
    """A stay (child or educator) covers some of the half hour starting at `start`."""
    return stay.arrived_at < rules.block_end(start) and (stay.left_at is None or stay.left_at > start)


# -- educators on duty ---------------------------------------------------------------------------------------


def educators() -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(UserRole.role == "educatore",
                                                                      User.active.is_(True))
                                   .order_by(User.full_name)))


def staff_presence(first: date, last: date) -> dict[date, list[StaffPresence]]:
    """Educators' stays by day, in the order they came in."""
    by_day: dict[date, list[StaffPresence]] = {}
    for stay in db.session.scalars(select(StaffPresence).options(joinedload(StaffPresence.educator))
                                   .where(StaffPresence.day >= first, StaffPresence.day <= last)
                                   .order_by(StaffPresence.day, StaffPresence.arrived_at)):
        by_day.setdefault(stay.day, []).append(stay)
    return by_day


def _educator(educator_id: int) -> User:
    educator = db.session.get(User, educator_id)
    if educator is None or not educator.active or not educator.has_role("educatore"):
        raise RuleViolation(_l("Choose an educator of the baby parking."), field="educator")
    return educator


def _open_stay(educator: User, day: date) -> StaffPresence | None:
    return db.session.scalar(select(StaffPresence).where(StaffPresence.educator_id == educator.id,
                                                         StaffPresence.day == day, StaffPresence.left_at.is_(None)))


def staff_enter(actor: User, educator_id: int, day: date, at: time, replaces_id: int | None = None) -> StaffPresence:
    """An educator starts a stay on duty (a second one the same day after leaving); `replaces_id`: a substitution,
    on duty in place of that educator, who is not on duty then (the staff register records it as such)."""
    educator = _educator(educator_id)
    replaced = None
    if replaces_id:
        replaced = _educator(replaces_id)
        if replaced.id == educator.id:
            raise RuleViolation(_l("An educator cannot replace themselves."), field="replaces")
        if _open_stay(replaced, day) is not None:
            raise RuleViolation(_l("%(name)s is on duty: leave them off duty first, then the substitute comes on.",
                                   name=replaced.full_name), field="replaces")
    if day > today_in_rome():
        raise RuleViolation(_l("Entries are recorded on the day."))
    if _open_stay(educator, day) is not None:
        raise RuleViolation(_l("%(name)s is already on duty.", name=educator.full_name))
    earlier = db.session.scalar(select(func.max(StaffPresence.left_at)).where(
        StaffPresence.educator_id == educator.id, StaffPresence.day == day))
    if earlier is not None and at < earlier:
        raise RuleViolation(_l("%(name)s was on duty until %(time)s: the new entry must be later.",
                               name=educator.full_name, time=earlier.strftime("%H:%M")), field="at")
    stay = StaffPresence(educator_id=educator.id, day=day, arrived_at=at, recorded_by_id=actor.id,
                         replaces_id=replaced.id if replaced else None)
    db.session.add(stay)
    db.session.flush()
    audit.record("childcare.staff_entered", actor=actor, educator=educator.id, day=day.isoformat(),
                 at=at.strftime("%H:%M"), **({"replaces": replaced.id} if replaced else {}))
    return stay


def staff_leave(actor: User, educator_id: int, day: date, at: time) -> StaffPresence:
    educator = _educator(educator_id)
    stay = _open_stay(educator, day)
    if stay is None:
        raise RuleViolation(_l("%(name)s is not on duty.", name=educator.full_name))
    if at <= stay.arrived_at:
        raise RuleViolation(_l("The exit must be after the entry (%(time)s).", time=stay.arrived_at.strftime("%H:%M")),
                            field="at")
    stay.left_at = at
    db.session.flush()
    audit.record("childcare.staff_left", actor=actor, educator=educator.id, day=day.isoformat(),
                 at=at.strftime("%H:%M"))
    return stay


def _booked_starts(child: Child, day: date) -> list[time]:
    return list(db.session.scalars(select(Block.starts_at).join(Booking, Booking.block_id == Block.id).where(
        Booking.child_id == child.id, Booking.status == "booked", Block.day == day).order_by(Block.starts_at)))


def check_in(actor: User, child: Child, day: date, at: time) -> Attendance:
    if day > today_in_rome():
        raise RuleViolation(_l("Arrivals are recorded on the day."))
    if not _booked_starts(child, day):
        raise RuleViolation(_l("%(name)s is not booked on this day.", name=child.full_name))
    attendance = db.session.scalar(select(Attendance).where(Attendance.child_id == child.id, Attendance.day == day))
    if attendance is not None:
        raise RuleViolation(_l("%(name)s has already arrived.", name=child.full_name))
    attendance = Attendance(child_id=child.id, family_id=child.family_id, day=day, arrived_at=at,
                            recorded_by_id=actor.id)
    db.session.add(attendance)
    db.session.flush()
    audit.record("childcare.checked_in", actor=actor, child=child.id, day=day.isoformat())
    return attendance


def check_out(actor: User, child: Child, day: date, at: time, picked_up_by: str, note: str = "") -> Attendance:
    """Record the pick-up; half hours used beyond the booking are charged like booked ones (card first)."""
    attendance = db.session.scalar(select(Attendance).where(Attendance.child_id == child.id, Attendance.day == day)
                                   .with_for_update())
    if attendance is None or attendance.left_at is not None:
        raise RuleViolation(_l("%(name)s is not in the register as present.", name=child.full_name))
    family = db.session.get(Family, child.family_id)
    if picked_up_by not in pickup_names(family):
        raise RuleViolation(_l("Only the parents and the people they authorised may pick %(name)s up.",
                               name=child.full_name), field="picked_up_by")
    if at < attendance.arrived_at:
        raise RuleViolation(_l("The pick-up cannot be before the arrival."), field="at")
    attendance.left_at, attendance.picked_up_by, attendance.note = at, picked_up_by, note
    booked = set(_booked_starts(child, day))
    opening = rules.opening_blocks(day, (), settings(), nursery_calendar(day, day))
    extra = sorted(rules.charged_blocks(booked, rules.attended_blocks(opening, attendance.arrived_at, at)) - booked)
    for start, (charge, card, cents) in zip(extra, _charge_blocks(family, child, day, extra), strict=True):
        attendance.extra_blocks.append(ExtraBlock(family_id=family.id, starts_at=start, charge=charge,
                                                  card_id=card.id if card else None, amount_cents=cents))
    db.session.flush()
    audit.record("childcare.checked_out", actor=actor, child=child.id, day=day.isoformat(), extra=len(extra))
    return attendance

