"""Policino: families and children (shared with the micro nido), baby-parking blocks, bookings, cards."""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import get_locale
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.childcare.rules import ATTENDANCE, CATEGORIES, NURSERY_CATEGORIES
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

_categories_sql = ", ".join(f"'{key}'" for key in CATEGORIES)


class Family(db.Model):
    """A parent's household: its priority group, and for 'other' families the approval and membership card."""

    __tablename__ = "childcare_families"
    __table_args__ = (CheckConstraint(f"category IN ({_categories_sql})", name="category_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), unique=True)
    category: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str] = mapped_column(String(40), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    membership_valid_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[User] = relationship(foreign_keys=[parent_id])
    children: Mapped[list[Child]] = relationship(back_populates="family", order_by="Child.birth_date")
    pickups: Mapped[list[PickupPerson]] = relationship(back_populates="family", order_by="PickupPerson.full_name",
                                                       cascade="all, delete-orphan")


class Child(db.Model):
    """A child of a family; allergies and notes are shown to educators only."""

    __tablename__ = "childcare_children"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date] = mapped_column(Date)
    # Enrolled in the micro nido: the first hour after it closes is free in the baby parking.
    micro_nido: Mapped[bool] = mapped_column(default=False)
    allergies: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    family: Mapped[Family] = relationship(back_populates="children")


class PickupPerson(db.Model):
    """Someone the parents authorise to pick their children up."""

    __tablename__ = "childcare_pickup_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    relationship_to_child: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    family: Mapped[Family] = relationship(back_populates="pickups")


class Closure(db.Model):
    """A day the baby parking is closed beyond holidays (university closures, ad-hoc days)."""

    __tablename__ = "childcare_closures"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


class NurseryClosure(db.Model):
    """A school-year day the micro nido is closed (it follows the city's nursery calendar) while the university is
    open: the baby parking runs in the nursery's hours too, and the micro nido's free hour does not apply."""

    __tablename__ = "childcare_nursery_closures"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Summer(db.Model):
    """The coordinator's yearly switch: whether the micro nido opens in July (the yearly call decides; the tender
    says it did in each of the last three years). No row: it does. Fixed once the July calendar is published."""

    __tablename__ = "childcare_summers"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    nursery_open: Mapped[bool] = mapped_column()
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Block(db.Model):
    """A half hour of one opening day: the row that guards its places.

    `booked` counts the active bookings, updated under a row lock by conditional
    updates (`services._take_place`: `booked + 1` only while a place is free); the check
    constraints keep it within the room's limit and the educators' ratio even
    if application code were wrong. The limits are copied from the settings
    when the block is created, so later changes do not break old rows.
    """

    __tablename__ = "childcare_blocks"
    __table_args__ = (
        UniqueConstraint("day", "starts_at"),
        CheckConstraint("booked >= 0", name="booked_non_negative"),
        CheckConstraint("booked <= max_children", name="room_limit"),
        CheckConstraint("booked <= children_per_educator * educators", name="educator_ratio"),
        CheckConstraint("educators >= 0", name="educators_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[time] = mapped_column(Time)
    educators: Mapped[int] = mapped_column(Integer, default=0)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    max_children: Mapped[int] = mapped_column(Integer)
    children_per_educator: Mapped[int] = mapped_column(Integer)


class Card(db.Model):
    """A card of at least 80 hours (160 half-hour blocks; the size is chosen at sale), shared by all the children of
    the family."""

    __tablename__ = "childcare_cards"
    __table_args__ = (
        CheckConstraint("blocks_used >= 0 AND blocks_used <= blocks_total", name="blocks_within_card"),
        CheckConstraint("price_cents >= 0", name="price_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    blocks_total: Mapped[int] = mapped_column(Integer)
    blocks_used: Mapped[int] = mapped_column(Integer, default=0)
    price_cents: Mapped[int] = mapped_column(Integer)
    sold_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sold_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def blocks_left(self) -> int:
        return self.blocks_total - self.blocks_used


BOOKING_STATUSES = ("booked", "cancelled")
CHARGES = ("free", "card", "single")


class Booking(db.Model):
    """One child in one block (a half hour, a place). At most one active booking per child and block (a partial
    unique index). The half hours booked together share `group_id` (the id of the first): one booking for the
    family, shown and cancelled as one (`rules.group_bookings`)."""

    __tablename__ = "childcare_bookings"
    __table_args__ = (
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in BOOKING_STATUSES)})", name="status_known"),
        CheckConstraint(f"charge IN ({', '.join(repr(c) for c in CHARGES)})", name="charge_known"),
        CheckConstraint("charge <> 'card' OR card_id IS NOT NULL", name="card_charge_has_card"),
        Index("uq_childcare_bookings_active_child_block", "block_id", "child_id", unique=True,
              postgresql_where=text("status = 'booked'"), sqlite_where=text("status = 'booked'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("childcare_blocks.id", ondelete="RESTRICT"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    # The booking this half hour was made with: its first half hour's id; None on that first half hour (`group`).
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(20), default="booked")
    charge: Mapped[str] = mapped_column(String(20))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("childcare_cards.id", ondelete="RESTRICT"))
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Cancelled after the cut-off: the block stays charged.
    cancelled_late: Mapped[bool] = mapped_column(default=False)

    block: Mapped[Block] = relationship()
    child: Mapped[Child] = relationship()

    @property
    def group(self) -> int:
        return self.group_id if self.group_id is not None else self.id


class WaitingEntry(db.Model):
    """A child waiting for a place in a full block; the first one gets a place freed by a cancellation."""

    __tablename__ = "childcare_waiting_list"
    __table_args__ = (
        CheckConstraint("status IN ('waiting', 'placed', 'withdrawn')", name="status_known"),
        Index("uq_childcare_waiting_active_child_block", "block_id", "child_id", unique=True,
              postgresql_where=text("status = 'waiting'"), sqlite_where=text("status = 'waiting'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("childcare_blocks.id", ondelete="RESTRICT"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"))
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    block: Mapped[Block] = relationship()
    child: Mapped[Child] = relationship()


# a non-transferable cheque is one of the two ways the tender names for the nursery's fees (27.6)
PAYMENT_METHODS = ("transfer", "pos", "cash", "cheque")
PAYMENT_PURPOSES = ("hours", "card", "membership", "nursery")


class ReceiptCounter(db.Model):
    """The last receipt number of a year, locked while a payment takes the next one."""

    __tablename__ = "childcare_receipt_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Payment(db.Model):
    """Money a family paid (single hours, a card, a membership card): each one has its ricevuta."""

    __tablename__ = "childcare_payments"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(f"method IN ({', '.join(repr(m) for m in PAYMENT_METHODS)})", name="method_known"),
        CheckConstraint(f"purpose IN ({', '.join(repr(p) for p in PAYMENT_PURPOSES)})", name="purpose_known"),
        UniqueConstraint("receipt_year", "receipt_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(20))
    paid_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    receipt_year: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[int] = mapped_column(Integer)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("childcare_cards.id", ondelete="RESTRICT"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    family: Mapped[Family] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])

    @property
    def receipt_label(self) -> str:
        return f"{self.receipt_number}/{self.receipt_year}"


class Attendance(db.Model):
    """A child's day in the register: arrival, pick-up (time and by whom), notes."""

    __tablename__ = "childcare_attendance"
    __table_args__ = (
        UniqueConstraint("child_id", "day"),
        CheckConstraint("left_at IS NULL OR left_at >= arrived_at", name="leaves_after_arriving"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"))
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    arrived_at: Mapped[time] = mapped_column(Time)
    left_at: Mapped[time | None] = mapped_column(Time)
    picked_up_by: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    child: Mapped[Child] = relationship()
    extra_blocks: Mapped[list[ExtraBlock]] = relationship(back_populates="attendance", cascade="all, delete-orphan")


class StaffPresence(db.Model):
    """An educator's time on duty, entered in the register: who was with the children, from when to when."""

    __tablename__ = "childcare_staff_presence"
    __table_args__ = (
        UniqueConstraint("educator_id", "day", "arrived_at"),
        CheckConstraint("left_at IS NULL OR left_at > arrived_at", name="leaves_after_arriving"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    educator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    day: Mapped[date] = mapped_column(Date, index=True)
    arrived_at: Mapped[time] = mapped_column(Time)
    left_at: Mapped[time | None] = mapped_column(Time)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    educator: Mapped[User] = relationship(foreign_keys=[educator_id])


class ExtraBlock(db.Model):
    """A half hour used beyond the booking (a late pick-up), charged like a booked one: card first, else single."""

    __tablename__ = "childcare_extra_blocks"
    __table_args__ = (
        UniqueConstraint("attendance_id", "starts_at"),
        CheckConstraint(f"charge IN ({', '.join(repr(c) for c in CHARGES)})", name="charge_known"),
        CheckConstraint("charge <> 'card' OR card_id IS NOT NULL", name="card_charge_has_card"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("childcare_attendance.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    starts_at: Mapped[time] = mapped_column(Time)
    charge: Mapped[str] = mapped_column(String(20))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("childcare_cards.id", ondelete="RESTRICT"))
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)

    attendance: Mapped[Attendance] = relationship(back_populates="extra_blocks")


class ActivityPlan(db.Model):
    """The week's activities (body expression, theatre, reading, crafts, music...), written by the educators."""

    __tablename__ = "childcare_activity_plans"
    __table_args__ = (CheckConstraint("body_it <> '' AND body_en <> ''", name="both_languages"),)

    week_start: Mapped[date] = mapped_column(Date, primary_key=True)  # a Monday
    body_it: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def body(self) -> str:
        return self.body_en if str(get_locale()) == "en" else self.body_it


class PlanSubscriber(db.Model):
    """Someone who asked for the week's activity plan by e-mail: a family, or any member of the university's staff
    (the tender has it mailed to the staff)."""

    __tablename__ = "childcare_plan_subscribers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    subscribed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


DUTY_KINDS = ("monthly_report", "summer_calendar")


class Duty(db.Model):
    """A deadline the coordinator met or was reminded of: the monthly report sent to the university, the summer
    calendar published. The due dates themselves are rules (`rules.report_deadline`, `rules.summer_deadline`)."""

    __tablename__ = "childcare_duties"
    __table_args__ = (CheckConstraint(f"kind IN ({', '.join(repr(k) for k in DUTY_KINDS)})", name="kind_known"),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day, or 1 July
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_on: Mapped[date | None] = mapped_column(Date)

    done_by: Mapped[User | None] = relationship()


# -- the micro nido ----------------------------------------------------------------------------------------------

def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class NurseryYear(db.Model):
    """A nursery year (1 September - 30 June, July when the call opens it) and the counters that guard its places:
    `taken` grows only through a conditional update while below `places` (a check constraint holds it too)."""

    __tablename__ = "childcare_nursery_years"
    __table_args__ = (
        CheckConstraint("taken >= 0 AND taken <= places", name="places_limit"),
        CheckConstraint("kept_for_part_time >= 0 AND kept_for_part_time <= places", name="kept_within_places"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    start_year: Mapped[int] = mapped_column(Integer, unique=True)
    places: Mapped[int] = mapped_column(Integer, default=20)
    kept_for_part_time: Mapped[int] = mapped_column(Integer, default=4)
    taken: Mapped[int] = mapped_column(Integer, default=0)
    july_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    fees: Mapped[list[NurseryFee]] = relationship(cascade="all, delete-orphan")

    @property
    def label(self) -> str:
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]}"

    def fee_table(self) -> dict[tuple[str, str, str], int]:
        return {(fee.fee_group, fee.attendance, fee.band): fee.cents for fee in self.fees}


class NurseryFee(db.Model):
    """One cell of a year's fee table: the monthly fee of a category group, attendance type and ISEE band."""

    __tablename__ = "childcare_nursery_fees"
    __table_args__ = (
        CheckConstraint("cents > 0", name="cents_positive"),
        CheckConstraint(_known("fee_group", ("ae", "f")), name="group_known"),
        CheckConstraint(_known("band", ("low", "high", "single")), name="band_known"),
        CheckConstraint(_known("attendance", ATTENDANCE), name="attendance_known"),
    )

    year_id: Mapped[int] = mapped_column(ForeignKey("childcare_nursery_years.id", ondelete="CASCADE"),
                                         primary_key=True)
    fee_group: Mapped[str] = mapped_column(String(2), primary_key=True)
    attendance: Mapped[str] = mapped_column(String(20), primary_key=True)
    band: Mapped[str] = mapped_column(String(10), primary_key=True)
    cents: Mapped[int] = mapped_column(Integer)


NURSERY_PLACE_STATUSES = ("waiting", "offered", "enrolled", "declined", "expired", "withdrawn")


class NurseryPlace(db.Model):
    """A child in a year's ranking, from waiting to an offer to a place: the row of the call's ranking, then the
    child's enrolment (category, attendance type and fixed days, declared ISEE, which the fees are computed from)."""

    __tablename__ = "childcare_nursery_places"
    __table_args__ = (
        UniqueConstraint("year_id", "rank", name="uq_childcare_nursery_places_year_rank"),
        UniqueConstraint("year_id", "child_id", name="uq_childcare_nursery_places_year_child"),
        CheckConstraint("rank > 0", name="rank_positive"),
        CheckConstraint("isee_cents IS NULL OR isee_cents >= 0", name="isee_non_negative"),
        CheckConstraint(_known("status", NURSERY_PLACE_STATUSES), name="status_known"),
        CheckConstraint(_known("category", NURSERY_CATEGORIES), name="category_known"),
        CheckConstraint(_known("attendance", ATTENDANCE), name="attendance_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("childcare_nursery_years.id", ondelete="RESTRICT"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"), index=True)
    category: Mapped[str] = mapped_column(String(1))
    grandchild: Mapped[bool] = mapped_column(default=False)
    attendance: Mapped[str] = mapped_column(String(20))
    days: Mapped[str] = mapped_column(String(20), default="")  # "mon-wed-fri" for a vertical part time
    isee_cents: Mapped[int | None] = mapped_column(Integer)  # None: not declared, the higher band
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    offered_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_changed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    year: Mapped[NurseryYear] = relationship()
    family: Mapped[Family] = relationship()
    child: Mapped[Child] = relationship()


class NurseryCharge(db.Model):
    """A child's monthly fee, issued once (unique per child and month) with how it was computed."""

    __tablename__ = "childcare_nursery_charges"
    __table_args__ = (
        UniqueConstraint("child_id", "month"),
        CheckConstraint("base_cents > 0 AND discount_cents >= 0 AND discount_cents < base_cents",
                        name="amounts_sensible"),
        CheckConstraint(_known("band", ("low", "high", "single")), name="band_known"),
        CheckConstraint(_known("attendance", ATTENDANCE), name="attendance_known"),
        CheckConstraint(_known("category", NURSERY_CATEGORIES), name="category_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("childcare_nursery_places.id", ondelete="RESTRICT"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("childcare_children.id", ondelete="RESTRICT"))
    family_id: Mapped[int] = mapped_column(ForeignKey("childcare_families.id", ondelete="RESTRICT"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # the month's first day
    category: Mapped[str] = mapped_column(String(1))
    attendance: Mapped[str] = mapped_column(String(20))
    band: Mapped[str] = mapped_column(String(10))
    base_cents: Mapped[int] = mapped_column(Integer)
    discount_cents: Mapped[int] = mapped_column(Integer, default=0)
    due_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("childcare_payments.id", ondelete="RESTRICT"))
    reminded_on: Mapped[date | None] = mapped_column(Date)

    child: Mapped[Child] = relationship()
    family: Mapped[Family] = relationship()
    payment: Mapped[Payment | None] = relationship()

    @property
    def amount_cents(self) -> int:
        return self.base_cents - self.discount_cents
