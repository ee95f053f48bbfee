"""One way to answer htmx: a fragment for a live region, the full page otherwise."""

from __future__ import annotations

import json

from flask import Response, render_template, request

from portal.extensions import htmx


def is_partial() -> bool:
    """An htmx request that wants a fragment: not boosted, not a history restore."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str, http_status: int = 200, **context) -> Response:
    """Render `fragment` for htmx, `page` (which includes the same fragment) otherwise."""
    body = render_template(fragment if is_partial() else page, **context)
    response = Response(body, status=http_status, mimetype="text/html")
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
