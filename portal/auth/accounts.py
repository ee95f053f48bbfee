"""Creating accounts and giving roles: administrators do it by hand, services (the wallet's roster) from their data."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth import rules
from portal.auth.models import User
from portal.auth.services import hash_password
from portal.core import audit, mail
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db


@dataclass
class UserData:
    access_code: str
    email: str
    full_name: str
    locale: str | None = "it"
    codice_fiscale: str | None = None
    codice_persona: str | None = None
    matricola: str | None = None
    roles: set[str] = field(default_factory=set)


def login_link() -> str:
    return mail.link_to("auth.login")


def issue_one_time_password(user: User) -> str:
    password = rules.new_one_time_password()
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    return password


def check_unique(data: UserData, existing_id: int | None) -> None:
    for attribute, message in (
        ("codice_fiscale", _l("Another account already has this codice fiscale.")),
        ("codice_persona", _l("Another account already has this codice persona.")),
        ("matricola", _l("Another account already has this matricola.")),
    ):
        value = getattr(data, attribute)
        if value is None:
            continue
        other = db.session.scalar(select(User.id).where(getattr(User, attribute) == value))
        if other is not None and other != existing_id:
            raise RuleViolation(message, field=attribute)


def create_user(actor: User, data: UserData, notify: bool = True) -> tuple[User, str]:
    """A new account with a one-time password, mailed to the person and returned once."""
    code = rules.check_access_code(data.access_code)
    if db.session.scalar(select(User.id).where(User.access_code == code)) is not None:
        raise RuleViolation(_l("This access code is already in use."), field="access_code")
    check_unique(data, None)
    rules.check_role_combination(data.roles)
    user = User(access_code=code, email=data.email, full_name=data.full_name, locale=data.locale,
                codice_fiscale=data.codice_fiscale, codice_persona=data.codice_persona, matricola=data.matricola,
                active=True)
    password = issue_one_time_password(user)
    user.set_roles(data.roles)
    db.session.add(user)
    db.session.flush()
    if notify:
        mail.enqueue(user.email, user.locale, "welcome", sensitive=True, user=user, password=password,
                     link=login_link())
    audit.record("user.created", user=user, actor=actor, roles=sorted(data.roles))
    return user, password


def set_roles(actor: User, user: User, roles: set[str]) -> None:
    if user.id == actor.id and "amministratore" in user.role_names and "amministratore" not in roles:
        raise RuleViolation(_l("You cannot remove your own administrator role."), field="roles")
    rules.check_role_combination(roles)
    before = user.role_names
    if before != roles:
        user.set_roles(roles)
        audit.record("user.roles_changed", user=user, actor=actor,
                     added=sorted(roles - before), removed=sorted(before - roles))
