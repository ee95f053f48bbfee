"""Baby parking's half-hour blocks, cards, bookings and the waiting list."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Time, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.childcare.models.families import Child
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db


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
