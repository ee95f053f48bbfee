"""Error pages in both languages; htmx requests get a small fragment in the alert region."""

from __future__ import annotations

import logging
import uuid

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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
}
CSRF_MESSAGE = _l("The form expired or was sent from another page. Reload the page and try again.")


def render_error(code: int, message=None, reference: str | None = None) -> Response:
    title, default_message = ERRORS.get(code, ERRORS[500])
    context = dict(code=code, title=title, message=message or default_message, reference=reference)
    if request.headers.get("HX-Request"):
        response = Response(render_template("errors/_error.html", **context), status=code)
        # Errors land in the page's alert region, whatever the request's target was.
        response.headers["HX-Retarget"] = "#portal-alerts"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return Response(render_template("errors/error.html", **context), status=code)


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in ERRORS:
            response = render_error(error.code)
            if error.code == 405 and error.valid_methods:
                response.headers["Allow"] = ", ".join(error.valid_methods)
            if error.code == 429 and getattr(error, "retry_after", None):
                response.headers["Retry-After"] = str(error.retry_after)
            return response
        return error

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        from portal.extensions import db

        db.session.rollback()
        reference = uuid.uuid4().hex[:12].upper()
        log.exception("unhandled error, reference %s", reference)
        return render_error(500, reference=reference)
