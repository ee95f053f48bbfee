"""Texts administrators edit and publish in versions: the portal's terms of use, privacy notice and accessibility
statement, and the texts of the services. Each kind is registered by the part of the portal that shows it (the site
its public texts, a service its own, from its package's `__init__.py`); all are edited and versioned the same way."""

from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale
from flask_babel.speaklater import LazyString
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import ColumnElement

from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

_PUBLIC_KINDS: dict[str, LazyString] = {}
_SERVICE_KINDS: dict[str, LazyString] = {}


def register_kinds(kinds: dict[str, LazyString], public: bool = False) -> None:
    """Kinds of text (kind -> label): public ones are shown to anyone under /legal/<kind>, the others inside their
    service."""
    (_PUBLIC_KINDS if public else _SERVICE_KINDS).update(kinds)


def public_kinds() -> dict[str, LazyString]:
    return dict(_PUBLIC_KINDS)


def all_kinds() -> dict[str, LazyString]:
    """Every registered kind, the public ones first."""
    return {**_PUBLIC_KINDS, **_SERVICE_KINDS}


class _KnownKind(ColumnElement):
    """`kind IN (...)` over the kinds registered when the schema is written (services register theirs on import)."""

    type = Boolean()
    inherit_cache = False


@compiles(_KnownKind)
def _known_kind_sql(element, compiler, **kw) -> str:
    return f"kind IN ({', '.join(repr(kind) for kind in all_kinds())})"


class LegalText(db.Model):
    """Every save is a new version; old versions stay as the record of what people accepted."""

    __tablename__ = "legal_texts"
    __table_args__ = (
        UniqueConstraint("kind", "version"),
        CheckConstraint(_KnownKind(), name="kind_known"),
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
