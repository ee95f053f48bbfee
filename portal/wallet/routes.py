from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.auth.access import background, roles_required
from portal.core import csvio
from portal.core.calendar import ROME, today_in_rome
from portal.core.forms import attach_rule_violation
from portal.core.htmx import render
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.wallet import bp, rules, services
from portal.wallet.forms import PlanYearForm, RosterConfirmForm, RosterForm
from portal.wallet.models import LedgerEntry, PlanYear, Wallet

MANAGERS = ("amministratore", "dec")
PER_PAGE = 25


def _own_wallet_or_none() -> Wallet | None:
    return services.current_wallet(current_user) if current_user.has_role("dipendente") else None


# -- employee ---------------------------------------------------------------------------------


@bp.get("/")
@roles_required("dipendente", *MANAGERS)
def home():
    wallet = _own_wallet_or_none()
    context = {"wallet": wallet, "plan_year": services.current_plan_year()}
    if wallet is not None:
        context.update(
            summary=services.summary(wallet),
            days_left=rules.days_until(today_in_rome(), wallet.plan_year.ends_on),
            recent=db.session.scalars(select(LedgerEntry).where(LedgerEntry.wallet_id == wallet.id)
                                      .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc()).limit(5)).all(),
        )
    return render_template("wallet/home.html", **context, kind_labels=rules.KIND_LABELS)


@bp.get("/balance")
@roles_required("dipendente")
@background
def balance():
    """The live balance: polled every 30 s and refreshed on `walletChanged`; 304 while unchanged."""
    wallet = services.current_wallet(current_user)
    if wallet is None:
        abort(404)
    etag = f"w{wallet.id}-r{wallet.revision}"
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = render("wallet/home.html", "wallet/_balance.html", wallet=wallet, summary=services.summary(wallet),
                          days_left=rules.days_until(today_in_rome(), wallet.plan_year.ends_on))
    response.set_etag(etag)
    response.cache_control.private = True
    response.cache_control.no_cache = True
    response.vary.add("HX-Request")
    return response


def _month_bounds(text: str) -> tuple[date, date] | None:
    try:
        year, month = (int(part) for part in text.split("-"))
        start = date(year, month, 1)
    except ValueError:
        return None
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _movements_query(wallet: Wallet, kind: str, month: str):
    from datetime import datetime, time

    query = (select(LedgerEntry).where(LedgerEntry.wallet_id == wallet.id)
             .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc()))
    if kind in rules.KINDS:
        query = query.where(LedgerEntry.kind == kind)
    bounds = _month_bounds(month) if month else None
    if bounds:
        start, end = (datetime.combine(day, time(), ROME) for day in bounds)
        query = query.where(LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
    return query


@bp.get("/movements")
@roles_required("dipendente")
def movements():
    wallet = services.current_wallet(current_user)
    if wallet is None:
        abort(404)
    kind = request.args.get("kind", "")
    month = request.args.get("month", "")
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    pagination = db.paginate(_movements_query(wallet, kind, month), page=page, per_page=PER_PAGE, error_out=False)
    return render("wallet/movements.html", "wallet/_movements.html", wallet=wallet, pagination=pagination,
                  kind=kind, month=month, kind_labels=rules.KIND_LABELS, bad_month=bool(month) and not _month_bounds(month))


@bp.get("/movements.csv")
@roles_required("dipendente")
def movements_csv():
    wallet = services.current_wallet(current_user)
    if wallet is None:
        abort(404)
    from portal.core.money import cents_to_decimal

    rows = db.session.scalars(_movements_query(wallet, request.args.get("kind", ""), request.args.get("month", "")))
    body = csvio.write_rows(
        ("date", "type", "description", "amount_eur"),
        ((entry.created_at.astimezone(ROME).strftime("%Y-%m-%d %H:%M"), entry.kind, entry.description,
          str(cents_to_decimal(entry.amount_cents)).replace(".", ",")) for entry in rows),
    )
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=conto-welfare-{wallet.plan_year.year}-movements.csv"})


# -- operators and administrators --------------------------------------------------------------


@bp.get("/manage")
@roles_required(*MANAGERS)
def manage():
    years = db.session.scalars(select(PlanYear).order_by(PlanYear.year.desc())).all()
    counts = dict(db.session.execute(
        select(Wallet.plan_year_id, db.func.count(Wallet.id)).group_by(Wallet.plan_year_id)).all())
    return render_template("wallet/manage.html", years=years, counts=counts)


def _plan_year_or_404(year_id: int) -> PlanYear:
    plan_year = db.session.get(PlanYear, year_id)
    if plan_year is None:
        abort(404)
    return plan_year


@bp.route("/manage/years/new", methods=["GET", "POST"])
@bp.route("/manage/years/<int:year_id>", methods=["GET", "POST"])
@roles_required("amministratore")
def plan_year_form(year_id: int | None = None):
    plan_year = _plan_year_or_404(year_id) if year_id is not None else None
    form = PlanYearForm()
    if request.method == "GET":
        form.fill({name: getattr(plan_year, name) for name in services.default_plan_values(2000)} if plan_year
                  else services.default_plan_values(today_in_rome().year + 1))
    if form.validate_on_submit():
        try:
            services.save_plan_year(current_user, plan_year, form.values())
        except RuleViolation as violation:
            attach_rule_violation(form, violation)
        else:
            flash(_l("Plan year saved."), "success")
            return redirect(url_for("wallet.manage"), code=303)
    return render_template("wallet/plan_year_form.html", form=form, plan_year=plan_year), (
        422 if form.is_submitted() else 200)


@bp.route("/manage/years/<int:year_id>/roster", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def roster(year_id: int):
    plan_year = _plan_year_or_404(year_id)
    form = RosterForm()
    plan = None
    payload = ""
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            plan = services.plan_roster(data, plan_year)
        except RuleViolation as violation:
            form.file.errors = [violation.message]
        else:
            payload = csvio.to_payload(data)
    status = 422 if form.is_submitted() and plan is None else 200
    return render_template("wallet/roster.html", plan_year=plan_year, form=form, plan=plan,
                           confirm=RosterConfirmForm(payload=payload)), status


@bp.post("/manage/years/<int:year_id>/roster/apply")
@roles_required(*MANAGERS)
def roster_apply(year_id: int):
    plan_year = _plan_year_or_404(year_id)
    form = RosterConfirmForm()
    data = csvio.from_payload(form.payload.data or "") if form.validate_on_submit() else None
    if not data:
        abort(400)
    try:
        plan = services.plan_roster(data, plan_year)
    except RuleViolation as violation:
        upload = RosterForm()
        upload.file.errors = [violation.message]
        return render_template("wallet/roster.html", plan_year=plan_year, form=upload, plan=None, confirm=form), 422
    try:
        services.apply_roster(current_user, plan)
    except RuleViolation as violation:
        db.session.rollback()
        upload = RosterForm()
        upload.file.errors = [violation.message]
        return render_template("wallet/roster.html", plan_year=plan_year, form=upload, plan=None, confirm=form), 422
    flash(_l("Roster applied: %(new)d new wallets, %(changed)d changed, %(ended)d ended, %(same)d unchanged.",
             new=len(plan.new), changed=len(plan.changed), ended=len(plan.ended), same=plan.unchanged), "success")
    return redirect(url_for("wallet.manage"), code=303)


@bp.get("/manage/roster-template.csv")
@roles_required(*MANAGERS)
def roster_template():
    body = csvio.write_rows(
        services.ROSTER_REQUIRED + services.ROSTER_OPTIONAL,
        [("RSSMRA85T10A562S", "012345", "Mario Rossi", "mario.rossi@example.edu", "1", "2015-09-01", "", "si"),
         ("VRDGLU90A41L219Y", "045678", "Giulia Verdi", "giulia.verdi@example.edu", "0,5", "2026-07-01", "", "no")],
    )
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=roster-template.csv"})
