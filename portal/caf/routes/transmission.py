"""The monthly transmission to the university and the double-counting check."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.caf import bp, rules, services
from portal.caf.forms import TransmitForm
from portal.caf.models import Transmission
from portal.caf.routes._common import CAF, UNIVERSITY, _deadlines, _int, _list_year
from portal.core import audit
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, attach_rule_violation
from portal.core.rules import RuleViolation
from portal.extensions import db

# -- the monthly transmission to the university -------------------------------------------------------------


@bp.route("/transmissions", methods=["GET", "POST"])
@roles_required(*CAF, *UNIVERSITY)
def transmissions():
    form = TransmitForm(formdata=request.form if request.method == "POST" else request.args or None)
    if not form.month.data:
        form.month.data = services.previous_month_text()
    draft, refused = None, None
    try:
        draft = services.draft_transmission(form.month.data)
    except RuleViolation as violation:
        attach_rule_violation(form, violation)
    if request.method == "POST" and services.is_operator(current_user) and draft is not None:
        try:
            if form.validate_on_submit():
                sent = services.transmit(current_user, form.month.data)
                if sent is None:
                    flash(_l("Nothing to send for this month."), "info")
                    return redirect(url_for("caf.transmissions", month=form.month.data), code=303)
                flash(_l("File written: %(rows)d row(s). Download it and send it to the university.",
                         rows=sent.rows), "success")
                return redirect(url_for("caf.transmissions", month=form.month.data), code=303)
        except rules.FileRefused as problem:
            db.session.rollback()
            refused = problem
        except RuleViolation as violation:
            db.session.rollback()
            attach_rule_violation(form, violation)
    elif request.method == "POST":
        abort(403)
    http_status = 422 if request.method == "POST" else 200
    return render_template("caf/transmissions.html", form=form, draft=draft, refused=refused,
                           sent=services.transmissions(), may_send=services.is_operator(current_user),
                           **_deadlines()), http_status


@bp.get("/transmissions/<int:transmission_id>.csv")
@roles_required(*CAF, *UNIVERSITY)
def transmission_file(transmission_id: int):
    sent = db.get_or_404(Transmission, transmission_id)
    audit.record("caf.transmission_downloaded", actor=current_user, transmission=sent.id)
    response = Response(sent.content, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="iseeu-{sent.month.strftime("%Y-%m")}.csv"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


# -- the double-counting check before the year's last invoice -----------------------------------------------


@bp.get("/double-counting")
@roles_required(*CAF, *UNIVERSITY)
def double_counting():
    year = _list_year(_int(request.args.get("year")) or None)
    return render_template("caf/double_counting.html", year=year, lines=services.double_count_report(year),
                           deadline=services.double_count_deadline(year), checked=services.double_count_check(year),
                           years=range(today_in_rome().year, today_in_rome().year - 4, -1), action=ActionForm(),
                           may_check=services.is_operator(current_user), **_deadlines())


@bp.get("/double-counting/<int:year>.csv")
@roles_required(*CAF, *UNIVERSITY)
def double_counting_file(year: int):
    year = _list_year(year)
    audit.record("caf.double_count_downloaded", actor=current_user, year=year)
    response = Response(services.double_count_csv(services.double_count_report(year)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="iseeu-doppi-conteggi-{year}.csv"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@bp.post("/double-counting/<int:year>/checked")
@roles_required(*CAF)
def double_counting_checked(year: int):
    year = _list_year(year)
    return one_button(lambda: services.mark_double_count_checked(current_user, year),
                      lambda _duty: _l("The check of %(year)d is marked as done.", year=year),
                      url_for("caf.double_counting", year=year))
