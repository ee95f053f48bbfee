"""What every Policino page shares: who may open it, and small helpers of the request."""

from __future__ import annotations

from datetime import date, time, timedelta

from flask import abort, flash, redirect, url_for
from flask_babel import lazy_gettext as _l

from portal.core.calendar import add_months
from portal.core.query import month_or

PARENTS = ("genitore",)
STAFF = ("educatore", "amministratore", "dec")
UNIVERSITY_STAFF = ("dipendente",)  # the week's activity plan is published to them too (tender 28.3)


def _ask_for_family():
    """Pages that need the family send a parent without one to the family page first."""
    flash(_l("Tell us about your family first: it takes a minute."), "info")
    return redirect(url_for("childcare.family"))


def _parse_time(text: str | None) -> time | None:
    try:
        return time.fromisoformat(text or "")
    except ValueError:
        return None


def _month_bounds_or_404(text: str | None, default: date) -> tuple[date, date]:
    """The first and last day of ?month=YYYY-MM (kept within the portal's years), of `default` without one; 404 for
    a month that does not exist."""
    first = month_or(text, None) if text is not None else default
    if first is None:
        abort(404)
    return first, add_months(first, 1) - timedelta(days=1)


def _removed_or_404(removed: bool) -> None:
    if not removed:
        abort(404)
