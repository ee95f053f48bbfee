"""One way to answer htmx: a fragment for a live region, the full page otherwise."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence

from flask import Response, render_template, request
from flask_babel import get_locale

from portal.core import cache
from portal.core.calendar import today_in_rome
from portal.extensions import htmx

LIVE_TTL_SECONDS = 300


def is_partial() -> bool:
    """An htmx request that wants a fragment: not boosted, not a history restore."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str, http_status: int = 200, **context) -> Response:
    """Render `fragment` for htmx, `page` (which includes the same fragment) otherwise."""
    body = render_template(fragment if is_partial() else page, **context)
    response = Response(body, status=http_status, mimetype="text/html")
    response.vary.add("HX-Request")
    return response


def live_region(name: str, tags: Sequence[str], render_html: Callable[[], str | None]) -> Response | None:
    """A polled fragment: from the shared cache while `tags` are unchanged, 304 while the page has it already.

    `name` must say whose fragment it is and of what (the locale and today are added); `render_html` gives
    None when there is nothing to show, and so does this.
    """
    def compute() -> dict | None:
        html = render_html()
        return None if html is None else {"etag": hashlib.sha256(html.encode()).hexdigest()[:24], "html": html}

    fragment = cache.cached(f"{name}:{get_locale()}:{today_in_rome().isoformat()}", tags, compute, LIVE_TTL_SECONDS)
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
