"""The employee's wallet (balance, movements) and the plan years the administrators set."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import background, roles_required
from portal.core import csvio
from portal.core.calendar import ROME, today_in_rome
from portal.core.forms import form_status, submitted_and_done
from portal.core.htmx import is_partial, live_region, polls, render
from portal.core.money import csv_amount
from portal.core.query import LARGEST_ID, int_or
from portal.extensions import db
from portal.wallet import bp, rules, services
from portal.wallet.forms import PlanYearForm
from portal.wallet.models import PlanYear
from portal.wallet.routes.common import MANAGERS, PER_PAGE, own_wallet_or_none


@bp.get("/")
@roles_required("dipendente", *MANAGERS)
def home():
    wallet = own_wallet_or_none()
    context = {"wallet": wallet, "plan_year": services.current_plan_year()}
    if wallet is not None:
        context.update(
            balance=services.LiveBalance.of(wallet),
            days_left=rules.days_until(today_in_rome(), wallet.plan_year.ends_on),
            recent=services.recent_movements(wallet),
            fringe=services.fringe_status(current_user, wallet),
        )
    return render_template("wallet/home.html", **context, kind_labels=rules.KIND_LABELS)


@bp.get("/balance")
@roles_required("dipendente")
@background
@polls(lambda user_id: (f"wallet.balance:{user_id}", services.balance_tags(user_id)))
def balance():
    """The live balance: polled every 30 s and refreshed on `walletChanged`; 304 while unchanged."""
    if not is_partial():  # a bookmarked or reloaded fragment URL: show the whole wallet
        return redirect(url_for("wallet.home"), code=303)
    response = live_region(current_user.id, _balance_html)
    if response is None:
        abort(404)
    return response


def _balance_html() -> str | None:
    live = services.live_balance(current_user)
    if live is None:
        return None
    return render_template("wallet/_balance.html", balance=live,
                           days_left=rules.days_until(today_in_rome(), live.ends_on))


@bp.get("/movements")
@roles_required("dipendente")
def movements():
    wallet = services.current_wallet(current_user) or abort(404)
    kind = request.args.get("kind", "")
    month = request.args.get("month", "")
    area = request.args.get("area", "")
    page = int_or(request.args.get("page"), 1, minimum=1, maximum=LARGEST_ID // PER_PAGE)
    pagination = db.paginate(services.movements_query(wallet, kind, month, area), page=page, per_page=PER_PAGE,
                             error_out=False)
    return render("wallet/movements.html", "wallet/_movements.html", wallet=wallet, pagination=pagination,
                  kind=kind, month=month, area=area, kind_labels=rules.KIND_LABELS, areas=services.area_names(),
                  bad_month=bool(month) and not services.movements_month(month))


@bp.get("/movements.csv")
@roles_required("dipendente")
def movements_csv():
    wallet = services.current_wallet(current_user) or abort(404)
    rows = db.session.scalars(services.movements_query(wallet, request.args.get("kind", ""),
                                                       request.args.get("month", ""), request.args.get("area", "")))
    body = csvio.write_rows(
        ("date", "type", "description", "amount_eur"),
        ((entry.created_at.astimezone(ROME).strftime("%Y-%m-%d %H:%M"), entry.kind, entry.description,
          csv_amount(entry.amount_cents)) for entry in rows),
    )
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=conto-welfare-{wallet.plan_year.year}-movements.csv"})


@bp.route("/manage/years/new", methods=["GET", "POST"])
@bp.route("/manage/years/<int:year_id>", methods=["GET", "POST"])
@roles_required("amministratore")
def plan_year_form(year_id: int | None = None):
    plan_year = db.get_or_404(PlanYear, year_id) if year_id is not None else None
    form = PlanYearForm()
    if request.method == "GET":
        form.fill({name: getattr(plan_year, name) for name in services.default_plan_values(2000)} if plan_year
                  else services.default_plan_values(today_in_rome().year + 1))
    if submitted_and_done(form, lambda: services.save_plan_year(current_user, plan_year, form.values())):
        flash(_l("Plan year saved."), "success")
        return redirect(url_for("wallet.manage"), code=303)
    return render_template("wallet/plan_year_form.html", form=form, plan_year=plan_year), form_status(form)
