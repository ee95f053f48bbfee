"""Security and event log: append-only rows, never a password or a token."""

from __future__ import annotations

import json
from datetime import datetime

from flask import has_request_context
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.net import client_ip, user_agent
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

FORBIDDEN_DETAIL_KEYS = {"password", "token", "otp", "secret"}

# Events the administrators' page lets them filter by; services add their own.
SECURITY_EVENTS = (
    "login.success",
    "login.failure",
    "login.locked",
    "logout",
    "session.expired",
    "password.changed",
    "password.reset_requested",
    "password.reset",
    "password.reset_forced",
    "access_code.reminder",
    "terms.accepted",
    "user.created",
    "user.updated",
    "user.deactivated",
    "user.reactivated",
    "user.roles_changed",
    "users.imported",
    "legal_text.published",
    "calendar.feed_opened",
    "calendar.feed_revoked",
)


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_event_at", "event", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(60))
    # The person the event is about, and who did it (an administrator, or the same person).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    actor = relationship("User", foreign_keys=[actor_id], lazy="joined")

    @property
    def details_dict(self) -> dict:
        return json.loads(self.details or "{}")


def record(event: str, user=None, actor=None, **details) -> AuditEvent:
    """Add an audit row to the current transaction (it commits with the change it describes)."""
    leaked = FORBIDDEN_DETAIL_KEYS & {key.lower() for key in details}
    if leaked:
        raise ValueError(f"audit details must not contain {sorted(leaked)}")
    row = AuditEvent(
        event=event,
        user_id=getattr(user, "id", None),
        actor_id=getattr(actor, "id", None),
        ip=client_ip() if has_request_context() else "",
        user_agent=user_agent() if has_request_context() else "",
        details=json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
    )
    db.session.add(row)
    return row
