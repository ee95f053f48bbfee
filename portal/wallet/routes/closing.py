"""Closing a plan year, and its residual report."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core import csvio
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.money import csv_amount, format_money
from portal.extensions import db
from portal.wallet import bp, services
from portal.wallet.models import PlanYear
from portal.wallet.routes.common import MANAGERS, OPERATORS


@bp.route("/manage/years/<int:year_id>/close", methods=["GET", "POST"])
@roles_required("amministratore", *OPERATORS)
def close_year(year_id: int):
    """A page that asks to confirm (what expires from how many wallets), and the closing itself."""
    plan_year = db.get_or_404(PlanYear, year_id)
    form = ActionForm()
    result: list = []
    if submitted_and_done(form, lambda: result.append(services.close_year(current_user, plan_year))):
        count, expired = result[0]
        flash(_l("Year %(year)d closed: %(total)s expired from %(count)d wallets.", year=plan_year.year,
                 total=format_money(expired), count=count), "success")
        return redirect(url_for("wallet.manage"), code=303)
    wallets, residual = services.year_totals(plan_year)
    return render_template("wallet/close_year.html", plan_year=plan_year, form=form, wallets=wallets,
                           residual=residual), form_status(form)


@bp.get("/manage/years/<int:year_id>/residuals.csv")
@roles_required(*MANAGERS)
def residuals(year_id: int):
    plan_year = db.get_or_404(PlanYear, year_id)
    body = csvio.write_rows(
        ("codice_fiscale", "matricola", "nome", "assegnato", "speso", "scaduto", "residuo"),
        ((fiscal, matricola, name, csv_amount(allocated), csv_amount(spent), csv_amount(expired), csv_amount(balance))
         for fiscal, matricola, name, allocated, spent, expired, balance in services.residual_report(current_user,
                                                                                                    plan_year)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=welfare-residuals-{plan_year.year}.csv"})
