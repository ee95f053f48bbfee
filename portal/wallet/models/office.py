"""Conto Welfare, the welfare office's side: the forms it publishes and the deadlines it met or was reminded of.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.core.types import UTCDateTime
from portal.core.uploads import StoredFileColumns
from portal.extensions import db
from portal.wallet.rules import (
    DUTY_KINDS,
)


class WelfareForm(StoredFileColumns, db.Model):
    """A form the office publishes for staff to download (self-certifications, declarations...)."""

    __tablename__ = "wallet_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_it: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    description_it: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def title(self) -> str:
        return self.title_en if str(get_locale()) == "en" else self.title_it

    @property
    def description(self) -> str:
        return self.description_en if str(get_locale()) == "en" else self.description_it


class Duty(db.Model):
    """A deadline of the welfare operators met or reminded of: the payroll file of a month's approvals (due by the
    2nd of the next month), the residual report of a plan year (due by 15 January). The due dates are rules."""

    __tablename__ = "wallet_duties"
    __table_args__ = (CheckConstraint(f"kind IN ({', '.join(repr(k) for k in DUTY_KINDS)})", name="kind_known"),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day, or 1 Jan of the year
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_on: Mapped[date | None] = mapped_column(Date)

    done_by: Mapped[User | None] = relationship()
