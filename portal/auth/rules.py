"""Account rules: pure functions of plain values, no Flask, no database."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
import unicodedata
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from portal.core.rules import RuleViolation

PASSWORD_MIN = 12
PASSWORD_MAX = 128
ZXCVBN_MIN_SCORE = 3
ACCESS_CODE = re.compile(r"[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]")
# No 0/O, 1/l/I: the one-time password is read off a mail or a sheet of paper.
OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def normalise_password(password: str) -> str:
    """NFKC, as NIST SP 800-63B asks, so the same password typed on two keyboards matches."""
    return unicodedata.normalize("NFKC", password)


def check_new_password(password: str, personal: list[str]) -> None:
    """Refuse a password that is too short, too long, or guessable.

    Length counts characters (not bytes) and nothing is ever truncated; there
    are no composition rules. `personal` holds the access code, the name,
    the e-mail and the institution, which make a password guessable.
    """
    password = normalise_password(password)
    if len(password) < PASSWORD_MIN:
        raise RuleViolation(_l("Use at least %(min)d characters.", min=PASSWORD_MIN), field="new_password")
    if len(password) > PASSWORD_MAX:
        raise RuleViolation(_l("Use at most %(max)d characters.", max=PASSWORD_MAX), field="new_password")
    inputs = []
    for item in personal:
        inputs.append(item)
        inputs.append(re.sub(r"[\s@._-]+", "", item))  # 'Mario Rossi' also as 'mariorossi'
        inputs.extend(part for part in re.split(r"[\s@._-]+", item) if len(part) >= 3)
    result = zxcvbn(password, user_inputs=inputs, max_length=PASSWORD_MAX)
    if result["score"] < ZXCVBN_MIN_SCORE:
        raise RuleViolation(
            _l("This password is too easy to guess. A few unrelated words together make a strong one."),
            field="new_password",
        )


def normalise_access_code(code: str) -> str:
    return code.strip().lower()


def check_access_code(code: str) -> str:
    code = normalise_access_code(code)
    if not ACCESS_CODE.fullmatch(code):
        raise RuleViolation(
            _l("An access code has 3 to 64 letters, digits, dots, dashes or underscores, "
               "and starts and ends with a letter or digit.")
        )
    return code


def new_one_time_password() -> str:
    """Four groups of four characters: about 79 bits, easy to copy by hand."""
    chars = "".join(secrets.choice(OTP_ALPHABET) for _ in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def new_token() -> tuple[str, str]:
    """A URL-safe secret and the hash that is stored instead of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Wrong passwords from an address are forgotten after this long without another one (and the row with them).
FAILURES_KEPT = timedelta(days=1)


def lock_address(ip: str) -> str:
    """The address a lock applies to: the IPv4 address, or the /64 network of an IPv6 one (which one
    connection gets whole, so that a new address in it is not a fresh set of guesses)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # an IPv4 client seen through an IPv6 socket
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def access_code_digest(code: str, key: str) -> str:
    """What the security log keeps of an access code that matches no account: a keyed hash (HMAC-SHA256 with
    the portal's secret key), never what was typed, which may be a password typed in the wrong field. The same
    code gives the same digest, so repeated attempts show; without the key no list of common passwords finds it."""
    message = b"login-access-code:" + normalise_access_code(code).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:24]


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failed_login(
    failures: int, max_failures: int, lock_minutes: int, now: datetime
) -> tuple[int, datetime | None]:
    """The failure count and lock after one more wrong password (from one address, for one account).

    The lock starts when the count reaches `max_failures`; the count starts
    again, so every further run of failures locks again.
    """
    failures += 1
    if failures >= max_failures:
        return 0, now + timedelta(minutes=lock_minutes)
    return failures, None


def reset_token_usable(
    created_at: datetime, expires_at: datetime, used_at: datetime | None,
    password_changed_at: datetime, now: datetime,
) -> bool:
    """Single use, not expired, and issued after the last password change."""
    return used_at is None and now < expires_at and created_at >= password_changed_at


def session_end_reason(
    login_at: float | None, seen_at: float | None, now: float,
    idle_minutes: int, absolute_hours: int,
) -> str | None:
    """'idle', 'absolute', or None while the session may go on (times in epoch seconds)."""
    if login_at is None or seen_at is None:
        return "absolute"
    if now - login_at >= absolute_hours * 3600:
        return "absolute"
    if now - seen_at >= idle_minutes * 60:
        return "idle"
    return None


def seconds_left(login_at: float, seen_at: float, now: float, idle_minutes: int, absolute_hours: int) -> int:
    """Seconds until the session ends, by whichever limit comes first."""
    return int(max(0, min(seen_at + idle_minutes * 60, login_at + absolute_hours * 3600) - now))


# The welfare provider's operators see documents the university's roles must never see (welfare tender §4.2.6):
# one account cannot be both.
SEPARATED_ROLES = (frozenset({"operatore_welfare"}), frozenset({"amministratore", "dec"}))


def check_role_combination(roles: set[str] | frozenset[str]) -> None:
    provider, university = SEPARATED_ROLES
    if roles & provider and roles & university:
        raise RuleViolation(_l("A welfare operator works for the provider: the role cannot go with the university's "
                               "roles (administrator, DEC)."), field="roles")
