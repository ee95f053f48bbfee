"""Who may reach what: default deny, public pages by decorator, roles by decorator,
and the first-access and session-time gates run before every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, flash, g, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from portal.auth import rules
from portal.auth.models import LOCALES
from portal.auth.services import signed_in_user, terms_pending
from portal.core import audit
from portal.core.htmx import live_regions_to_prefetch
from portal.core.htmx import redirect as htmx_redirect
from portal.core.security import local_target
from portal.extensions import db, limiter, login_manager

PUBLIC_ATTR = "_portal_public"
BACKGROUND_ATTR = "_portal_background"
ASSET_ATTR = "_portal_asset"
# Reachable while a first-access step is pending.
FIRST_ACCESS_ENDPOINTS = {
    "auth.first_password", "auth.terms", "auth.logout", "auth.session_status", "auth.session_extend",
    "site.set_language", "site.legal",
}


def public(view: Callable) -> Callable:
    """Reachable without signing in."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def asset(view: Callable) -> Callable:
    """The same file for everybody (the app's manifest, icons, service worker, offline page): answered like a
    static file, public, not counted as activity and never writing the session (so no Set-Cookie on an answer
    that caches may keep)."""
    setattr(view, ASSET_ATTR, True)
    setattr(view, PUBLIC_ATTR, True)
    return limiter.exempt(view)


def background(view: Callable) -> Callable:
    """A request the page makes by itself (polling): it does not count as activity.

    Nor against the rate limits: an open page polls on a timer, and the
    limits are there for what a person (or a script) submits.
    """
    setattr(view, BACKGROUND_ATTR, True)
    return limiter.exempt(view)


def roles_required(*roles: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _view_flag(name: str) -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(view and getattr(view, name, False))


def load_user(cookie_id: str):
    """The session's user if still active and of the same session version; a snapshot for polling requests."""
    user_id, _, version = cookie_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    polling = _view_flag(BACKGROUND_ATTR)
    user = signed_in_user(int(user_id), snapshot=polling,
                          prefetch=live_regions_to_prefetch(int(user_id), LOCALES) if polling else ())
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def _now() -> float:
    return time.time()


def start_session(user) -> None:
    """A fresh session at login: nothing from before survives (no fixation)."""
    locale = session.get("locale")
    session.clear()
    session.permanent = True
    login_user(user)
    now = int(_now())
    session["login_at"] = now
    session["seen_at"] = now
    if locale:
        session["locale"] = locale


def end_session() -> None:
    logout_user()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def session_seconds_left() -> int:
    cfg = current_app.config
    return rules.seconds_left(session.get("login_at", 0), session.get("seen_at", 0), _now(),
                              cfg["PORTAL_IDLE_TIMEOUT_MINUTES"], cfg["PORTAL_ABSOLUTE_SESSION_HOURS"])


def guard():
    """Run before every request: time limits, sign-in, first-access steps."""
    if request.endpoint in (None, "static") or _view_flag(ASSET_ATTR):
        return None
    if current_user.is_authenticated:
        cfg = current_app.config
        reason = rules.session_end_reason(session.get("login_at"), session.get("seen_at"), _now(),
                                          cfg["PORTAL_IDLE_TIMEOUT_MINUTES"], cfg["PORTAL_ABSOLUTE_SESSION_HOURS"])
        if reason:
            audit.record("session.expired", user=current_user._get_current_object(), reason=reason)
            db.session.commit()
            end_session()
            flash(_l("Your session ended after a period of inactivity. Please sign in again.")
                  if reason == "idle" else _l("Your session reached its maximum length. Please sign in again."),
                  "info")
            return htmx_redirect(url_for("auth.login", next=_safe_next()))
        if not _view_flag(BACKGROUND_ATTR):
            session["seen_at"] = int(_now())
        g.session_seconds_left = session_seconds_left()
    if _view_flag(PUBLIC_ATTR):
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if request.endpoint in FIRST_ACCESS_ENDPOINTS:
        return None
    if current_user.must_change_password:
        return htmx_redirect(url_for("auth.first_password"))
    if terms_pending(current_user):
        return htmx_redirect(url_for("auth.terms", next=_safe_next()))
    return None


def _safe_next() -> str | None:
    if request.method != "GET" or request.headers.get("HX-Request"):
        return None
    return request.full_path.rstrip("?") if request.path != "/" else None


def is_safe_next(target: str | None) -> bool:
    """Only paths on this site, already in the form a browser reads them (see `core.security.local_target`, which
    redirects use: it normalises first, then checks)."""
    return target is not None and local_target(target) == target
