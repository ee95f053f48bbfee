"""Texts administrators edit: terms of use, privacy notice, accessibility statement."""

from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

# Public texts of the portal, shown to anyone under /legal/<kind>.
SITE_KINDS = {
    "terms": _l("Terms of use of the portal"),
    "privacy": _l("Privacy notice"),
    "accessibility": _l("Accessibility statement"),
}
# Texts of the services, shown inside them; every kind is edited and versioned the same way.
SERVICE_KINDS = {
    "welfare_rules": _l("Conto Welfare: rules of the welfare plan"),
    "welfare_guide": _l("Conto Welfare: how the portal works"),
    "welfare_reimbursements": _l("Conto Welfare: how to ask for a reimbursement"),
    "welfare_limits": _l("Conto Welfare: tax limits explained"),
}
LEGAL_KINDS = {**SITE_KINDS, **SERVICE_KINDS}


class LegalText(db.Model):
    """Every save is a new version; old versions stay as the record of what people accepted."""

    __tablename__ = "legal_texts"
    __table_args__ = (
        UniqueConstraint("kind", "version"),
        CheckConstraint(f"kind IN ({', '.join(repr(kind) for kind in LEGAL_KINDS)})", name="kind_known"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer)
    title_it: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    body_it: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def title(self) -> str:
        return self.title_en if str(get_locale()) == "en" else self.title_it

    @property
    def body(self) -> str:
        return self.body_en if str(get_locale()) == "en" else self.body_it

    @classmethod
    def current(cls, kind: str) -> LegalText | None:
        return db.session.scalar(select(cls).where(cls.kind == kind).order_by(cls.version.desc()).limit(1))

    @classmethod
    def current_version(cls, kind: str) -> int | None:
        return db.session.scalar(select(func.max(cls.version)).where(cls.kind == kind))
