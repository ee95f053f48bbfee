"""Error pages in both languages; htmx requests get a small fragment in the alert region.

While the database is unreachable a request answers a translated 503 with `Retry-After`, rendered without
asking the database anything (the page is shown as to a visitor, in the session's or the browser's language);
if even an error page cannot be rendered, a static page in both languages is served.
"""

from __future__ import annotations

import logging
import uuid

from flask import Response, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

from portal.extensions import db, login_manager

log = logging.getLogger("portal.errors")

ERRORS = {
    400: (_l("Request not valid"), _l("The page could not understand the request. If you were sending a form, "
                                        "reload the page and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to do this. If you think you should, "
                                "contact the service's office.")),
    404: (_l("Page not found"), _l("The page does not exist or is not available to you. Check the address, "
                                   "or go back to the home page.")),
    405: (_l("Action not allowed"), _l("This page does not accept that kind of request.")),
    413: (_l("File too large"), _l("What you sent is larger than the portal accepts. Use a smaller file.")),
    422: (_l("Data not valid"), _l("Some of the data sent is not valid. Go back, correct it and try again.")),
    429: (_l("Too many attempts"), _l("You have made too many requests in a short time. "
                                      "Wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error stopped the request; nothing was saved. "
                                         "Try again later; if it happens again, quote the reference below "
                                         "to the help desk.")),
    503: (_l("Service temporarily unavailable"), _l("The portal cannot answer right now and nothing was saved. "
                                                    "Try again in a few minutes.")),
}
RETRY_AFTER_SECONDS = 60  # what a 503 asks browsers and scripts to wait
# Served when not even an error page can be rendered (templates or translations unreadable): no template, no
# database, no styles (the CSP allows none inline), both languages.
STATIC_PAGE = """<!doctype html>
<html lang="it">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Servizio non disponibile · Service unavailable</title></head>
<body>
<main>
<h1>Servizio momentaneamente non disponibile</h1>
<p>Il portale non può rispondere in questo momento e nulla è stato salvato. Riprova tra qualche minuto;
se il problema continua, contatta l'assistenza{it_reference}.</p>
<div lang="en">
<h1>Service temporarily unavailable</h1>
<p>The portal cannot answer right now and nothing was saved. Try again in a few minutes;
if it happens again, contact the help desk{en_reference}.</p>
</div>
<p><a href="/">Portale dei servizi · Services portal</a></p>
</main>
</body>
</html>
"""
STATIC_FRAGMENT = """<div class="alert alert-danger" role="alert">
<p class="mb-1">Il portale non può rispondere in questo momento e nulla è stato salvato: riprova tra qualche
minuto{it_reference}.</p>
<p class="mb-0" lang="en">The portal cannot answer right now and nothing was saved: try again in a few
minutes{en_reference}.</p>
</div>
"""
CSRF_MESSAGE = _l("The form expired or was sent from another page. Reload the page and try again.")


def render_error(code: int, message=None, reference: str | None = None) -> Response:
    title, default_message = ERRORS.get(code, ERRORS[500])
    context = dict(code=code, title=title, message=message or default_message, reference=reference)
    partial = bool(request.headers.get("HX-Request"))
    try:
        body = render_template("errors/_error.html" if partial else "errors/error.html", **context)
    except Exception:  # noqa: BLE001 - the error page itself failed: the static one never does
        log.exception("error page %s could not be rendered, static page served", code)
        body = _static_page(partial, reference)
    response = Response(body, status=code)
    if partial:
        # Errors land in the page's alert region, whatever the request's target was.
        response.headers["HX-Retarget"] = "#portal-alerts"
        response.headers["HX-Reswap"] = "innerHTML"
    if code == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _static_page(partial: bool, reference: str | None) -> str:
    it_reference = f" (riferimento {escape(reference)})" if reference else ""
    en_reference = f" (reference {escape(reference)})" if reference else ""
    return (STATIC_FRAGMENT if partial else STATIC_PAGE).format(it_reference=it_reference, en_reference=en_reference)


def is_database_down(error: BaseException | None) -> bool:
    """The database cannot be reached (refused, gone away, pool exhausted, locked), as opposed to a bug."""
    if isinstance(error, (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def database_unavailable(error: BaseException) -> Response:
    """A translated 503, rendered without the database: nobody is looked up again, not even for the locale."""
    g._login_user = login_manager.anonymous_user()  # what current_user reads: the page is shown as to a visitor
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone already
        pass
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    log.error("database unreachable on %s %s: %s", request.method, request.path, reason[0] if reason else type(error))
    return render_error(503)


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 500 and is_database_down(getattr(error, "original_exception", None)):
            return database_unavailable(error.original_exception)  # e.g. the request's commit lost the database
        if error.code in ERRORS:
            # Our own HTTP errors may carry a message of their own (a document the disk refused).
            response = render_error(error.code, getattr(error, "message", None))
            if error.code == 405 and error.valid_methods:
                response.headers["Allow"] = ", ".join(error.valid_methods)
            if error.code == 429 and getattr(error, "retry_after", None):
                response.headers["Retry-After"] = str(error.retry_after)
            return response
        return error

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if is_database_down(error):
            return database_unavailable(error)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the page is still answered
            log.warning("rollback failed after an error", exc_info=True)
        reference = uuid.uuid4().hex[:12].upper()
        log.exception("unhandled error, reference %s", reference)
        return render_error(500, reference=reference)
