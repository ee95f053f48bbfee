"""People, their roles, and the secrets that let them in."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.cache import Tagged
from portal.core.types import UTCDateTime, utcnow
from portal.extensions import db

ROLES = ("dipendente", "studente", "genitore", "operatore_caf", "operatore_welfare", "educatore", "tutor", "dec",
         "special_needs", "coordinatore_tutorato", "centro_linguistico", "docente", "ricercatore", "amministratore")
ROLE_LABELS = {
    "dipendente": _l("Staff member"),
    "studente": _l("Student"),
    "genitore": _l("Parent"),
    "operatore_caf": _l("CAF operator"),
    "operatore_welfare": _l("Welfare operator (provider)"),
    "educatore": _l("Educator"),
    "tutor": _l("Tutor or LIS interpreter (provider)"),
    "dec": _l("Contract manager (DEC)"),
    "centro_linguistico": _l("Language centre office"),
    "docente": _l("Teacher (Italian courses)"),
    "amministratore": _l("Administrator"),
    "special_needs": _l("Special Needs unit"),
    "coordinatore_tutorato": _l("Tutoring coordinator (provider)"),
    "ricercatore": _l("Research staff (discounts portal, no wallet)"),
}
LOCALES = ("it", "en")
LOCALE_LABELS = {"it": "Italiano", "en": "English"}

_roles_sql = ", ".join(f"'{role}'" for role in ROLES)


class Identity(UserMixin):
    """What a signed-in person is, whether a row or a snapshot from the cache: both have `id`, `active`,
    `session_version`, `full_name` and `role_names`."""

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names & set(roles))

    @property
    def first_name(self) -> str:
        return self.full_name.split(" ")[0]


class User(Identity, Tagged, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("locale IN ('it', 'en')", name="locale"),
        CheckConstraint("codice_persona IS NULL OR length(codice_persona) = 8", name="codice_persona_len"),
        CheckConstraint("matricola IS NULL OR length(matricola) = 6", name="matricola_len"),
        CheckConstraint("session_version >= 1", name="session_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-case: access codes are compared without case.
    access_code: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(5), default="it")
    codice_fiscale: Mapped[str | None] = mapped_column(String(16), unique=True)
    codice_persona: Mapped[str | None] = mapped_column(String(8), unique=True)
    matricola: Mapped[str | None] = mapped_column(String(6), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=True)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of the login cookie: bumping it ends every session of the user.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    accepted_terms_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )

    def cache_tags(self) -> tuple[str, ...]:
        return (f"users:{self.id}",)

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(role.role for role in self.roles)

    def set_roles(self, roles: set[str]) -> None:
        keep = [role for role in self.roles if role.role in roles]
        have = {role.role for role in keep}
        self.roles = keep + [UserRole(role=name) for name in sorted(roles - have)]


class LoginFailures(db.Model):
    """Wrong passwords for one account from one address (`rules.lock_address`), and the lock they led to.

    The lock is per account and address: guesses from elsewhere never lock the owner out.
    """

    __tablename__ = "login_failures"
    __table_args__ = (
        UniqueConstraint("user_id", "address"),
        CheckConstraint("failures >= 0", name="failures_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UserRole(Tagged, db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(f"role IN ({_roles_sql})", name="role_known"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")

    def cache_tags(self) -> tuple[str, ...]:
        return (f"users:{self.user_id}",)

    @property
    def label(self):
        return ROLE_LABELS[self.role]


class PasswordResetToken(db.Model):
    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Only the SHA-256 of the token is kept: a database leak gives no usable link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class CalendarFeed(db.Model):
    """A person's private calendar feed ("My calendar"): at most one, its secret URL the only credential.

    Only the SHA-256 of the token is kept, as for password resets: the URL is shown once, when made; a person who
    lost it makes a new one, which ends the old. Revoking deletes the row.
    """

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TermsAcceptance(db.Model):
    """Proof of who accepted which version of the portal's terms of use, and when."""

    __tablename__ = "terms_acceptances"
    __table_args__ = (UniqueConstraint("user_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
