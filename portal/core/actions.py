"""One way to answer a one-button action (a form that carries only its CSRF token) in every service."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect

from portal.core.forms import ActionForm
from portal.core.rules import RuleViolation
from portal.extensions import db


def one_button(use_case: Callable, done: Callable, back: str):
    """Run the use case: done -> its message; refused -> the reason, and nothing written. Then back to `back`."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        outcome = use_case()
    except RuleViolation as violation:
        db.session.rollback()
        flash(violation.message, "danger")
    else:
        flash(done(outcome), "success")
    return redirect(back, code=303)
