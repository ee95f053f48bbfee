"""The one table of requests to affiliate a new provider or merchant, whichever service they are for."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db


class AffiliationRequest(db.Model):
    """A request by staff, a researcher or the institution to affiliate a new provider (*convenzionamento*),
    answered by the welfare provider's office within 15 calendar days (`portal.core.rules.affiliation_due`).

    `kind` says what the person asks for: `wallet`, a provider to pay with Conto Welfare; `discounts`, a merchant's
    discount the person pays themselves (the only kind a researcher, who has no wallet, may ask for)."""

    __tablename__ = "affiliation_requests"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'affiliated', 'declined')", name="status_known"),
        CheckConstraint("kind IN ('wallet', 'discounts')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    town: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="open")
    answer: Mapped[str] = mapped_column(Text, default="")
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # core knows no auth module: the users' model is named, not imported
    requested_by = relationship("User", foreign_keys=[requested_by_id])
