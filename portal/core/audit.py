"""Security and event log: append-only rows, never a password or a token."""

from __future__ import annotations

import json
from datetime import datetime

from flask import has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.money import format_money
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

# What the security log shows instead of event names and detail keys; services add theirs with `describe`.
EVENT_LABELS: dict = {
    "login.success": _l("Signed in"), "login.failure": _l("Sign-in refused"), "login.locked": _l("Account locked"),
    "logout": _l("Signed out"), "session.expired": _l("Session ended"), "password.changed": _l("Password changed"),
    "password.reset_requested": _l("Password reset asked"), "password.reset": _l("Password reset"),
    "password.reset_forced": _l("Password reset by an administrator"),
    "access_code.reminder": _l("Access code reminder asked"), "terms.accepted": _l("Terms of use accepted"),
    "user.created": _l("User created"), "user.updated": _l("User changed"), "user.deactivated": _l("User deactivated"),
    "user.reactivated": _l("User reactivated"), "user.roles_changed": _l("Roles changed"),
    "users.imported": _l("Users imported"), "legal_text.published": _l("Legal text published"),
}
DETAIL_LABELS: dict = {
    "reason": _l("Reason"), "access_code_digest": _l("Access code typed (keyed hash)"), "until": _l("Until"),
    "roles": _l("Roles"), "added": _l("Added"), "removed": _l("Removed"), "fields": _l("Fields"),
    "found": _l("Found"), "created": _l("Created"), "changed": _l("Changed"), "unchanged": _l("Unchanged"),
    "kind": _l("Kind"), "version": _l("Version"), "year": _l("Year"), "day": _l("Day"), "month": _l("Month"),
    "at": _l("Time"), "rows": _l("Rows"), "status": _l("Status"),
}
VALUE_LABELS: dict = {
    "reason": {"unknown_access_code": _l("unknown access code"), "inactive": _l("account not active"),
               "locked": _l("account locked"), "wrong_password": _l("wrong password"),
               "idle": _l("no activity for too long"), "absolute": _l("signed in for too long")},
}


def describe(events: dict, details: dict | None = None, values: dict | None = None) -> None:
    """A service's labels for its events, detail keys and coded values, shown by the security log."""
    EVENT_LABELS.update(events)
    DETAIL_LABELS.update(details or {})
    for key, labels in (values or {}).items():
        VALUE_LABELS.setdefault(key, {}).update(labels)


def event_label(name: str) -> str:
    return str(EVENT_LABELS[name]) if name in EVENT_LABELS else name


def _readable(key: str, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int) and key.endswith("_cents"):
        return format_money(value)
    if isinstance(value, list):
        return ", ".join(_readable(key, item) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{_readable(k, v)}" for k, v in value.items())
    if value is None or value == "":
        return "—"
    labels = VALUE_LABELS.get(key, {})
    return str(labels[value]) if isinstance(value, str) and value in labels else str(value)


def readable_details(event) -> list[tuple[str, str]]:
    """An event's details as (label, value) pairs in the reader's language, money as money, yes/no for flags."""
    try:
        details = event.details_dict
    except ValueError:
        return [(_("Details"), event.details)]
    if not isinstance(details, dict):
        return [(_("Details"), str(details))]
    return [(str(DETAIL_LABELS[key]) if key in DETAIL_LABELS else key.replace("_", " "), _readable(key, value))
            for key, value in details.items()]


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
