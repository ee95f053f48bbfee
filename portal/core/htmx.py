"""One way to answer htmx: a fragment for a live region, the full page otherwise."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Response, current_app, render_template, request
from flask_babel import get_locale

from portal.core import cache
from portal.core.calendar import today_in_rome
from portal.extensions import htmx

LIVE_TTL_SECONDS = 300
LIVE_ATTR = "_portal_live_region"


def is_partial() -> bool:
    """An htmx request that wants a fragment: not boosted, not a history restore."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str, http_status: int = 200, **context) -> Response:
    """Render `fragment` for htmx, `page` (which includes the same fragment) otherwise."""
    body = render_template(fragment if is_partial() else page, **context)
    response = Response(body, status=http_status, mimetype="text/html")
    response.vary.add("HX-Request")
    return response


def polls(region: Callable[[int], tuple[str, Sequence[str]]]) -> Callable:
    """Declare the live region a polling view answers: for a user id, its name and the tags it is computed from.

    Known before the view runs, it is read from the cache in the same trip as the signed-in user.
    """
    def decorator(view: Callable) -> Callable:
        setattr(view, LIVE_ATTR, region)
        return view

    return decorator


def _live_key(name: str, locale: str) -> str:
    return f"{name}:{locale}:{today_in_rome().isoformat()}"


def _declared_region(user_id: int) -> tuple[str, Sequence[str]] | None:
    view = current_app.view_functions.get(request.endpoint or "")
    region = getattr(view, LIVE_ATTR, None)
    return region(user_id) if region else None


def live_regions_to_prefetch(user_id: int, locales: Sequence[str]) -> list[tuple[str, Sequence[str]]]:
    """The entries the view of this request will read, in each locale (the user's is not known yet)."""
    region = _declared_region(user_id)
    if region is None:
        return []
    name, tags = region
    return [(_live_key(name, locale), tags) for locale in locales]


@dataclass(frozen=True)
class Expiring:
    """A fragment that goes stale at a known moment whatever the data (a slot passing its booking cut-off)."""

    html: str
    until: datetime


def _now() -> float:
    return time.time()


def _still_fresh(fragment: dict | None) -> bool:
    return fragment is None or fragment.get("until") is None or _now() < fragment["until"]


def live_region(user_id: int, render_html: Callable[[], str | Expiring | None]) -> Response | None:
    """The view's declared region (`polls`) for `user_id`: from the shared cache while its tags are unchanged (and,
    for an `Expiring` fragment, until its moment), 304 while the page has it already. `render_html` gives None when
    there is nothing to show, and so does this.
    """
    def compute() -> dict | None:
        rendered = render_html()
        if rendered is None:
            return None
        html, until = (rendered.html, rendered.until.timestamp()) if isinstance(rendered, Expiring) else (rendered,
                                                                                                        None)
        return {"etag": hashlib.sha256(html.encode()).hexdigest()[:24], "html": html, "until": until}

    name, tags = _declared_region(user_id)
    fragment = cache.cached(_live_key(name, str(get_locale())), tags, compute, LIVE_TTL_SECONDS, fresh=_still_fresh)
    if fragment is None:
        return None
    if request.if_none_match.contains(fragment["etag"]):
        response = Response(status=304)
    else:
        response = Response(fragment["html"], mimetype="text/html")
    response.set_etag(fragment["etag"])
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.vary.add("HX-Request")
    return response


def trigger(response: Response, *events: str) -> Response:
    """Tell other fragments on the page that something changed (e.g. walletChanged)."""
    existing = response.headers.get("HX-Trigger")
    names = dict.fromkeys(json.loads(existing) if existing and existing.startswith("{") else {})
    names.update(dict.fromkeys(events))
    response.headers["HX-Trigger"] = json.dumps({name: None for name in names})
    return response


def redirect(location: str) -> Response:
    """After a successful htmx POST, a full navigation; a 303 for a plain form."""
    if request.headers.get("HX-Request"):
        response = Response(status=204)
        response.headers["HX-Redirect"] = location
        return response
    response = Response(status=303)
    response.headers["Location"] = location
    return response
