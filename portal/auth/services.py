"""Account use cases. Each function adds to the current transaction and only flushes;
the request (or CLI command) commits once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, func, or_, select
from sqlalchemy.orm import joinedload, make_transient_to_detached

from portal.auth import rules
from portal.auth.models import (
    CalendarFeed,
    Identity,
    LoginFailures,
    PasswordResetToken,
    TermsAcceptance,
    User,
    UserRole,
)
from portal.core import audit, cache, mail
from portal.core.legal import LegalText
from portal.core.net import client_ip
from portal.core.rows import insert_missing
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

# -- the signed-in user, read on every request ---------------------------------------------------------

# What every request needs of the signed-in user; any other attribute is read from the database when first used.
PRINCIPAL_COLUMNS = ("id", "access_code", "email", "full_name", "locale", "active", "must_change_password",
                     "session_version", "accepted_terms_version", "codice_persona", "matricola")
PRINCIPAL_TTL_SECONDS = 60  # the longest a change committed while the cache was unreachable can go unseen
TERMS_TTL_SECONDS = 60
# Built once, with the roles joined: a prebuilt statement keeps its compiled form.
_USER_WITH_ROLES = select(User).options(joinedload(User.roles)).where(User.id == bindparam("user_id"))


@dataclass(frozen=True, eq=False)
class Principal(Identity):
    """The signed-in user as a polling request needs it, straight from the cache: no row, no query.

    Anything else it is asked is read from the database.
    """

    id: int
    access_code: str
    email: str
    full_name: str
    locale: str
    active: bool
    must_change_password: bool
    session_version: int
    accepted_terms_version: int | None
    codice_persona: str | None
    matricola: str | None
    role_names: frozenset[str]

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(db.session.get(User, self.id), name)


def signed_in_user(user_id: int, snapshot: bool = False, prefetch: Sequence[tuple[str, Sequence[str]]] = ()
                   ) -> User | Principal | None:
    """The user of a session, from the shared cache while neither the user nor their roles changed.

    A `snapshot` is enough for polling requests; the current terms version, and whatever the request
    will read later (`prefetch`), come in the same round trip.
    """
    data, g.portal_terms_version = cache.cached_many((
        cache.Lookup(f"principal:{user_id}", (f"users:{user_id}", "users", "user_roles"),
                     lambda: _principal_data(user_id), PRINCIPAL_TTL_SECONDS),
        _TERMS_VERSION), prefetch)
    if data is None:
        return None
    if snapshot:
        return Principal(**{column: data[column] for column in PRINCIPAL_COLUMNS}, role_names=frozenset(data["roles"]))
    return _attached_user(data)


def _principal_data(user_id: int) -> dict | None:
    user = db.session.execute(_USER_WITH_ROLES, {"user_id": user_id}).unique().scalar_one_or_none()
    if user is None:
        return None
    return {**{column: getattr(user, column) for column in PRINCIPAL_COLUMNS},
            "roles": [role.role for role in user.roles]}


def _attached_user(data: dict) -> User:
    """The cached user as a persistent object of this request's session, without a query."""
    user = User(**{column: data[column] for column in PRINCIPAL_COLUMNS})
    user.roles = [UserRole(user_id=user.id, role=role) for role in data["roles"]]
    for instance in (user, *user.roles):
        make_transient_to_detached(instance)
    return db.session.merge(user, load=False)


def hasher() -> PasswordHasher:
    cfg = current_app.config
    cached = current_app.extensions.get("portal_hasher")
    if cached is None:
        cached = PasswordHasher(
            time_cost=cfg["PORTAL_ARGON2_TIME_COST"],
            memory_cost=cfg["PORTAL_ARGON2_MEMORY_KIB"],
            parallelism=cfg["PORTAL_ARGON2_PARALLELISM"],
        )
        current_app.extensions["portal_hasher"] = cached
    return cached


def hash_password(password: str) -> str:
    return hasher().hash(rules.normalise_password(password))


def _dummy_hash() -> str:
    # Verified against when the access code is unknown, so that both cases take as long.
    cached = current_app.extensions.get("portal_dummy_hash")
    if cached is None:
        cached = current_app.extensions["portal_dummy_hash"] = hash_password("not-a-real-password-at-all")
    return cached


def verify_password(user: User | None, password: str) -> bool:
    stored = user.password_hash if user is not None else _dummy_hash()
    try:
        ok = hasher().verify(stored, rules.normalise_password(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if ok and user is not None and hasher().check_needs_rehash(stored):
        user.password_hash = hash_password(password)
    return ok and user is not None


def personal_inputs(user: User | None, *extra: str) -> list[str]:
    cfg = current_app.config
    values = [cfg["PORTAL_INSTITUTION_NAME"], cfg["PORTAL_INSTITUTION_SHORT_NAME"], "portale", "portal", "welfare"]
    if user is not None:
        values += [user.access_code, user.full_name, user.email]
    return values + [value for value in extra if value]


def find_by_access_code(code: str) -> User | None:
    return db.session.scalar(select(User).where(User.access_code == rules.normalise_access_code(code)))


# -- signing in -------------------------------------------------------------


def authenticate(access_code: str, password: str) -> User | None:
    """The user when the access code and password match an active account not locked at this address.

    Every failure looks the same to the caller; the reason goes to the audit log. Wrong passwords lock the
    account for the address they came from only (`LoginFailures`): the owner elsewhere can still sign in.
    """
    now = utcnow()
    user = find_by_access_code(access_code)
    password_ok = verify_password(user, password)
    if user is None:
        audit.record("login.failure", reason="unknown_access_code", access_code_digest=_digest(access_code))
        return None
    if not user.active:
        audit.record("login.failure", user=user, reason="inactive")
        return None
    address = rules.lock_address(client_ip())
    failures = db.session.scalar(select(LoginFailures).where(LoginFailures.user_id == user.id,
                                                             LoginFailures.address == address))
    if failures is not None and rules.is_locked(failures.locked_until, now):
        audit.record("login.failure", user=user, reason="locked")
        return None
    if not password_ok:
        _count_failure(user, address, now)
        return None
    if failures is not None:
        db.session.delete(failures)
    user.last_login_at = now
    audit.record("login.success", user=user, actor=user)
    return user


def _digest(access_code: str) -> str:
    return rules.access_code_digest(access_code, current_app.config["SECRET_KEY"])


def _count_failure(user: User, address: str, now) -> None:
    """One more wrong password from `address`, counted under a lock on its row: parallel guesses all count."""
    cfg = current_app.config
    db.session.execute(delete(LoginFailures).where(  # what an address left long ago (not a running lock)
        LoginFailures.user_id == user.id, LoginFailures.last_failure_at < now - rules.FAILURES_KEPT,
        or_(LoginFailures.locked_until.is_(None), LoginFailures.locked_until <= now)))
    insert_missing(LoginFailures, [{"user_id": user.id, "address": address, "failures": 0, "last_failure_at": now}],
                   ["user_id", "address"])
    row = db.session.scalar(select(LoginFailures).where(LoginFailures.user_id == user.id,
                                                        LoginFailures.address == address)
                            .with_for_update().execution_options(populate_existing=True))
    row.failures, locked_until = rules.after_failed_login(
        row.failures, cfg["PORTAL_LOGIN_MAX_FAILURES"], cfg["PORTAL_LOGIN_LOCK_MINUTES"], now)
    row.last_failure_at = now
    audit.record("login.failure", user=user, reason="wrong_password")
    if locked_until is not None:
        row.locked_until = locked_until
        audit.record("login.locked", user=user, until=locked_until.isoformat())
    db.session.flush()


def end_all_sessions(user: User) -> None:
    """Every cookie carrying the old version stops working at its next request."""
    user.session_version += 1


def record_logout(user: User) -> None:
    end_all_sessions(user)
    audit.record("logout", user=user, actor=user)


# -- passwords ----------------------------------------------------------------


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    db.session.execute(delete(LoginFailures).where(LoginFailures.user_id == user.id))  # every address may try again
    end_all_sessions(user)
    # Any outstanding recovery link dies with the old password.
    for token in db.session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
    ):
        token.used_at = user.password_changed_at


def change_password(user: User, current_password: str | None, new_password: str) -> None:
    """The user's own change: from the profile (current password asked) or at first access."""
    if current_password is not None and not verify_password(user, current_password):
        raise RuleViolation(_l("The current password is not correct."), field="current_password")
    if rules.normalise_password(new_password) == rules.normalise_password(current_password or "") or (
        user.must_change_password and verify_password(user, new_password)
    ):
        raise RuleViolation(_l("Choose a password different from the one you have now."), field="new_password")
    rules.check_new_password(new_password, personal_inputs(user))
    _set_password(user, new_password)
    audit.record("password.changed", user=user, actor=user)
    db.session.flush()


def request_password_reset(access_code: str) -> None:
    """Mail a single-use link if the account exists and is active; say nothing either way."""
    user = find_by_access_code(access_code)
    if user is None or not user.active:
        audit.record("password.reset_requested", found=False, access_code_digest=_digest(access_code))
        return
    token, token_hash = rules.new_token()
    minutes = current_app.config["PORTAL_RESET_LINK_MINUTES"]
    now = utcnow()
    db.session.add(
        PasswordResetToken(user_id=user.id, token_hash=token_hash, created_at=now,
                           expires_at=now + timedelta(minutes=minutes))
    )
    link = mail.link_to("auth.reset_password", token=token)
    mail.enqueue(user.email, user.locale, "password_reset", sensitive=True, user=user, link=link, minutes=minutes)
    audit.record("password.reset_requested", user=user, found=True)
    db.session.flush()


def usable_reset_token(token: str) -> PasswordResetToken | None:
    row = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == rules.hash_token(token)).with_for_update()
    )
    if row is None or not row.user.active:
        return None
    if not rules.reset_token_usable(row.created_at, row.expires_at, row.used_at, row.user.password_changed_at, utcnow()):
        return None
    return row


def reset_password(token: str, new_password: str) -> User:
    row = usable_reset_token(token)
    if row is None:
        raise RuleViolation(_l("This link has expired or was already used. Ask for a new one."))
    rules.check_new_password(new_password, personal_inputs(row.user))
    _set_password(row.user, new_password)
    row.used_at = utcnow()
    audit.record("password.reset", user=row.user, actor=row.user)
    db.session.flush()
    return row.user


# -- My calendar: the private feed a phone subscribes to -----------------------------------------------

def calendar_feed_of(user) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def open_calendar_feed(user) -> str:
    """Make the user's feed, or a new one that ends the old: returns the token, which is never kept.

    Only its hash is stored (as for password resets), so the link is shown once; who lost it makes a new one.
    """
    token, token_hash = rules.new_token()
    now = utcnow()
    mine = select(CalendarFeed).where(CalendarFeed.user_id == user.id).with_for_update()
    feed = db.session.scalar(mine)
    renewed = feed is not None
    if feed is None:  # two tabs at once: one row, the later link wins
        insert_missing(CalendarFeed, [{"user_id": user.id, "token_hash": token_hash, "created_at": now}], ["user_id"])
        feed = db.session.scalar(mine.execution_options(populate_existing=True))
    feed.token_hash, feed.created_at = token_hash, now
    audit.record("calendar.feed_opened", user=user, actor=user, renewed=renewed)
    db.session.flush()
    return token


def revoke_calendar_feed(user) -> None:
    """The link stops answering at once; the calendars subscribed to it keep what they last read, then empty."""
    removed = db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id)).rowcount
    if not removed:
        raise RuleViolation(_l("You have no calendar link to revoke."))
    audit.record("calendar.feed_revoked", user=user, actor=user)
    db.session.flush()


def calendar_feed_owner(token: str) -> User | None:
    """The active user a feed token belongs to; nothing for a token that is wrong, revoked or of a closed account."""
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(select(User).join(CalendarFeed, CalendarFeed.user_id == User.id)
                             .where(CalendarFeed.token_hash == rules.hash_token(token)))
    return user if user is not None and user.active else None


def remind_access_code(email: str) -> None:
    users = db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower(), User.active.is_(True))
    ).all()
    for user in users:
        mail.enqueue(user.email, user.locale, "access_code", user=user,
                     link=mail.link_to("auth.login"))
        audit.record("access_code.reminder", user=user)
    if not users:
        audit.record("access_code.reminder", found=False)
    db.session.flush()


# -- terms of use -------------------------------------------------------------


_TERMS_VERSION = cache.Lookup("terms-version", ("legal_texts",), lambda: LegalText.current_version("terms"),
                              TERMS_TTL_SECONDS)


def current_terms_version() -> int | None:
    """The latest terms version: read on every request, so with the signed-in user or from the shared cache."""
    if "portal_terms_version" in g:
        return g.portal_terms_version
    return cache.cached_many((_TERMS_VERSION,))[0]


def terms_pending(user: User) -> bool:
    current = current_terms_version()
    return current is not None and (user.accepted_terms_version or 0) < current


def accept_terms(user: User, version: int) -> None:
    current = LegalText.current_version("terms")
    if current != version:
        # Published while the person was reading: show them the new text.
        raise RuleViolation(_l("The terms were updated while you were reading. Please read the new version."))
    if (user.accepted_terms_version or 0) >= version:
        return  # accepted already, in another tab or by a double click
    user.accepted_terms_version = version
    db.session.add(TermsAcceptance(user_id=user.id, version=version))
    audit.record("terms.accepted", user=user, actor=user, version=version)
    db.session.flush()
