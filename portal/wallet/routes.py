from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.auth.access import background, roles_required
from portal.core.htmx import redirect as htmx_redirect
from portal.site.models import LegalText
from portal.site.text import legal_blocks
from portal.core import csvio
from portal.core.calendar import ROME, month_bounds, today_in_rome
from portal.core.forms import attach_rule_violation, form_status, submitted_and_done
from portal.core.htmx import is_partial, live_region, polls, render, trigger
from portal.core.rules import RuleViolation
from portal.core.query import LARGEST_ID, int_or
from portal.core.security import local_target
from portal.core.uploads import send_stored
from portal.extensions import db
from portal.wallet import bp, rules, services
from portal.core.money import csv_amount, format_money
from portal.wallet.forms import (
    AffiliationForm,
    AnswerForm,
    AreaForm,
    BuyForm,
    CertificationForm,
    DecisionForm,
    FamilyMemberForm,
    FeedbackForm,
    HandleAffiliationForm,
    InfoEmailForm,
    OfferForm,
    PayrollForm,
    PensionElsewhereForm,
    PlanYearForm,
    PreferencesForm,
    ProviderForm,
    ReimbursementForm,
    ReviewCertificationForm,
    RosterConfirmForm,
    RosterForm,
    RulesForm,
    WelfareFormForm,
)
from portal.admin.forms import ActionForm
from portal.wallet.models import (
    AffiliationRequest,
    Area,
    Certification,
    LedgerEntry,
    Offer,
    Order,
    PayrollBatch,
    PlanYear,
    Preferences,
    Provider,
    Reimbursement,
    Wallet,
    WelfareForm,
)

MANAGERS = services.MANAGERS  # the institution's roles and the welfare operators: aggregates, catalog, files
OPERATORS = services.WELFARE_OPERATORS  # the provider's operators: documents, certifications, family data
PER_PAGE = 25


GUIDES = ("welfare_guide", "welfare_reimbursements", "welfare_limits")


@bp.before_request
def welfare_rules_first():
    """At first access, and after every new version, staff accept the plan's rules before using the wallet."""
    exempt = request.path.startswith("/wallet/manage") or request.endpoint in (
        "wallet.rules", "wallet.guide", "wallet.balance", "wallet.document")
    if exempt or not current_user.is_authenticated or not current_user.has_role("dipendente"):
        return None
    if services.rules_pending(current_user) is not None:
        return htmx_redirect(url_for("wallet.rules", next=request.full_path.rstrip("?")
                                     if request.method == "GET" else None))
    return None


@bp.route("/rules", methods=["GET", "POST"], endpoint="rules")
@roles_required("dipendente", *MANAGERS)
def rules_page():
    text = LegalText.current("welfare_rules")
    if text is None:
        abort(404)
    pending = services.rules_pending(current_user) if current_user.has_role("dipendente") else None
    form = RulesForm(version=text.version)
    if pending and submitted_and_done(form, lambda: services.accept_rules(current_user, int(form.version.data or 0))):
        return redirect(local_target(request.args.get("next")) or url_for("wallet.home"), code=303)
    form.version.data = text.version
    return render_template("wallet/rules.html", text=text, blocks=legal_blocks(text.body),
                           form=form if pending else None), form_status(form) if pending else 200


@bp.get("/guide/<kind>")
@roles_required("dipendente", *MANAGERS)
def guide(kind: str):
    text = LegalText.current(kind) if kind in GUIDES else None
    if text is None:
        abort(404)
    guides = {key: LegalText.current(key) for key in GUIDES}
    return render_template("wallet/guide.html", text=text, blocks=legal_blocks(text.body), guides=guides, kind=kind)


def _editing(model, row_id: int | None):
    """The row being edited (404 if it does not exist), or None on a 'new' page."""
    if row_id is None:
        return None
    row = db.session.get(model, row_id)
    if row is None:
        abort(404)
    return row


def _current_wallet_or_404() -> Wallet:
    """Pages that only make sense with this year's wallet answer 404 without one."""
    wallet = services.current_wallet(current_user)
    if wallet is None:
        abort(404)
    return wallet


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
            balance=services.LiveBalance.of(wallet),
            days_left=rules.days_until(today_in_rome(), wallet.plan_year.ends_on),
            recent=db.session.scalars(select(LedgerEntry).where(LedgerEntry.wallet_id == wallet.id)
                                      .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc()).limit(5)).all(),
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
    return render_template("wallet/_balance.html", balance=live, days_left=rules.days_until(today_in_rome(), live.ends_on))


def _month_bounds(text: str) -> tuple[date, date] | None:
    """The month's first day and the next month's first day."""
    bounds = month_bounds(text)
    return (bounds[0], bounds[1] + timedelta(days=1)) if bounds else None


def _movements_query(wallet: Wallet, kind: str, month: str, area: str = ""):
    from datetime import datetime, time

    query = (select(LedgerEntry).where(LedgerEntry.wallet_id == wallet.id)
             .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc()))
    if kind in rules.KINDS:
        query = query.where(LedgerEntry.kind == kind)
    if area:
        query = query.where(LedgerEntry.area == area)
    bounds = _month_bounds(month) if month else None
    if bounds:
        start, end = (datetime.combine(day, time(), ROME) for day in bounds)
        query = query.where(LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
    return query


@bp.get("/movements")
@roles_required("dipendente")
def movements():
    wallet = _current_wallet_or_404()
    kind = request.args.get("kind", "")
    month = request.args.get("month", "")
    area = request.args.get("area", "")
    page = int_or(request.args.get("page"), 1, minimum=1, maximum=LARGEST_ID // PER_PAGE)
    pagination = db.paginate(_movements_query(wallet, kind, month, area), page=page, per_page=PER_PAGE,
                             error_out=False)
    return render("wallet/movements.html", "wallet/_movements.html", wallet=wallet, pagination=pagination,
                  kind=kind, month=month, area=area, kind_labels=rules.KIND_LABELS, areas=services.area_names(),
                  bad_month=bool(month) and not _month_bounds(month))


@bp.get("/movements.csv")
@roles_required("dipendente")
def movements_csv():
    wallet = _current_wallet_or_404()
    rows = db.session.scalars(_movements_query(wallet, request.args.get("kind", ""), request.args.get("month", ""),
                                                request.args.get("area", "")))
    body = csvio.write_rows(
        ("date", "type", "description", "amount_eur"),
        ((entry.created_at.astimezone(ROME).strftime("%Y-%m-%d %H:%M"), entry.kind, entry.description,
          csv_amount(entry.amount_cents)) for entry in rows),
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
    feedback_count, feedback_average = services.feedback_summary()
    overdue = db.session.scalar(select(db.func.count()).select_from(AffiliationRequest).where(
        AffiliationRequest.status == "open", AffiliationRequest.due_on < today_in_rome()))
    waiting = db.session.scalar(select(db.func.count()).select_from(Certification)
                                .where(Certification.status == "received"))
    open_requests = db.session.scalar(select(db.func.count()).select_from(Reimbursement)
                                      .where(Reimbursement.status.in_(rules.OPEN_STATUSES)))
    return render_template("wallet/manage.html", years=years, counts=counts, feedback_count=feedback_count,
                           feedback_average=feedback_average, overdue_affiliations=overdue,
                           certifications_waiting=waiting, open_requests=open_requests,
                           duties=services.duties(today_in_rome()),
                           operator=services.sees_documents(current_user))


def _plan_year_or_404(year_id: int) -> PlanYear:
    plan_year = db.session.get(PlanYear, year_id)
    if plan_year is None:
        abort(404)
    return plan_year


@bp.route("/manage/years/new", methods=["GET", "POST"])
@bp.route("/manage/years/<int:year_id>", methods=["GET", "POST"])
@roles_required("amministratore")
def plan_year_form(year_id: int | None = None):
    plan_year = _editing(PlanYear, year_id)
    form = PlanYearForm()
    if request.method == "GET":
        form.fill({name: getattr(plan_year, name) for name in services.default_plan_values(2000)} if plan_year
                  else services.default_plan_values(today_in_rome().year + 1))
    if submitted_and_done(form, lambda: services.save_plan_year(current_user, plan_year, form.values())):
        flash(_l("Plan year saved."), "success")
        return redirect(url_for("wallet.manage"), code=303)
    return render_template("wallet/plan_year_form.html", form=form, plan_year=plan_year), form_status(form)


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


# -- catalog and purchases ------------------------------------------------------------------


@bp.get("/catalog")
@roles_required("dipendente")
def catalog():
    wallet = services.current_wallet(current_user)
    q = request.args.get("q", "").strip()[:100]
    area = request.args.get("area", "")
    use = request.args.get("use", "")
    offers = services.visible_offers(current_user, wallet, q, area, use)
    return render("wallet/catalog.html", "wallet/_catalog_results.html", offers=offers, q=q, area=area, use=use,
                  areas=services.catalog_areas(wallet), uses=rules.USES, tax_rules=rules.TAX_RULES,
                  wallet=wallet)


def _offer_or_404(wallet: Wallet | None, offer_id: int) -> Offer:
    offer = services.visible_offer(current_user, wallet, offer_id)
    if offer is None:
        abort(404)
    return offer


def _buy_form(offer: Offer) -> BuyForm:
    form = BuyForm()
    form.beneficiary.choices = [(0, _l("Myself"))] + [
        (member.id, f"{member.full_name} ({rules.RELATIONSHIPS[member.relationship]})")
        for member in services.family_of(current_user)]
    return form


@bp.route("/catalog/<int:offer_id>", methods=["GET", "POST"])
@roles_required("dipendente")
def offer(offer_id: int):
    """The service, and the purchase: choose, review the balance after purchase, confirm."""
    wallet = services.current_wallet(current_user)
    offer = _offer_or_404(wallet, offer_id)
    form = _buy_form(offer)
    amount = offer.price_cents
    status = 200
    review = None
    if form.validate_on_submit() and wallet is not None and offer.use != "reimbursement":
        amount = offer.price_cents if offer.price_cents is not None else form.amount.data
        if amount is None:
            form.amount.errors = [_l("Enter the amount.")]
            status = 422
        elif form.confirm.data == "yes":
            try:
                order = services.purchase(current_user, offer, amount, form.beneficiary.data or None)
            except RuleViolation as violation:
                attach_rule_violation(form, violation)
                status = 422
            else:
                return _bought(order)
        else:
            review = amount
    elif form.is_submitted():
        status = 422
    context = {"offer": offer, "form": form, "wallet": wallet, "amount": amount, "review": review,
               "tax_rule": rules.TAX_RULES[offer.tax_rule]}
    if wallet is not None and amount:
        limit = services.wallet_limit_cents(current_user, wallet, offer.tax_rule)
        used = services.used_by_tax_rule(wallet).get(offer.tax_rule, 0)
        context.update(limit=limit, used=used, balance_after=wallet.balance_cents - amount,
                       over_limit=limit is not None and used + amount > limit,
                       near_limit=rules.near_limit(used, amount, limit))
    if wallet is not None and not is_partial():
        context.update(live_balance=services.LiveBalance.of(wallet),
                       days_left=rules.days_until(today_in_rome(), wallet.plan_year.ends_on))
    return render("wallet/offer.html", "wallet/_buy.html", status, **context)


def _bought(order: Order):
    """The receipt in place of the form (htmx), and the balance told to refresh; a plain form goes to the voucher."""
    if is_partial():
        return trigger(render("wallet/offer.html", "wallet/_bought.html", order=order), "walletChanged")
    flash(_l("Done: %(amount)s paid from your Conto Welfare.", amount=format_money(order.amount_cents)), "success")
    return redirect(url_for("wallet.order", order_id=order.id), code=303)


@bp.get("/orders")
@roles_required("dipendente")
def orders():
    return render_template("wallet/orders.html", orders=services.orders_of(current_user), uses=rules.USES)


@bp.get("/orders/<int:order_id>")
@roles_required("dipendente")
def order(order_id: int):
    found = services.order_of(current_user, order_id)
    if found is None:
        abort(404)
    return render_template("wallet/order.html", order=found)


@bp.route("/limits", methods=["GET", "POST"])
@roles_required("dipendente")
def limits():
    wallet = _current_wallet_or_404()
    form = PensionElsewhereForm()
    if request.method == "GET":
        form.amount.data = wallet.pension_paid_elsewhere_cents
    if submitted_and_done(form, lambda: services.declare_pension_paid_elsewhere(current_user, wallet, form.amount.data)):
        flash(_l("Declaration saved: what the wallet may still pay into pension funds is updated."), "success")
        return redirect(url_for("wallet.limits"), code=303)
    return render_template("wallet/limits.html", wallet=wallet, statuses=services.limit_statuses(current_user, wallet),
                           children=services.has_dependent_children(current_user), form=form), form_status(form)


# -- family members --------------------------------------------------------------------------


@bp.get("/family")
@roles_required("dipendente")
def family():
    return render_template("wallet/family.html", members=services.family_of(current_user),
                           relationships=rules.RELATIONSHIPS)


@bp.route("/family/new", methods=["GET", "POST"])
@bp.route("/family/<int:member_id>", methods=["GET", "POST"])
@roles_required("dipendente")
def family_member(member_id: int | None = None):
    member = services.family_member_of(current_user, member_id) if member_id is not None else None
    if member_id is not None and member is None:
        abort(404)
    form = FamilyMemberForm(obj=member)
    if request.method == "GET":
        form.declaration.data = False
        form.yearly_income.data = member.yearly_income_cents if member else None
    if submitted_and_done(form, lambda: services.save_family_member(current_user, member, form.values())):
        flash(_l("Family member saved, with your declaration of today."), "success")
        return redirect(url_for("wallet.family"), code=303)
    return render_template("wallet/family_form.html", form=form, member=member), form_status(form)


# -- catalog management ------------------------------------------------------------------------


@bp.get("/manage/catalog")
@roles_required(*MANAGERS)
def manage_catalog():
    providers = db.session.scalars(select(Provider).order_by(Provider.name)).all()
    offers = db.session.scalars(select(Offer).order_by(Offer.area, Offer.title_it)).all()
    return render_template("wallet/manage_catalog.html", providers=providers, offers=offers, areas=services.area_names(),
                           area_rows=services.areas(include_withdrawn=True),
                           uses=rules.USES)


@bp.route("/manage/providers/new", methods=["GET", "POST"])
@bp.route("/manage/providers/<int:provider_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def provider_form(provider_id: int | None = None):
    provider = _editing(Provider, provider_id)
    form = ProviderForm(obj=provider)
    values = {"name": form.name.data, "city": form.city.data, "website": form.website.data, "active": form.active.data}
    if submitted_and_done(form, lambda: services.save_provider(current_user, provider, values)):
        flash(_l("Provider saved."), "success")
        return redirect(url_for("wallet.manage_catalog"), code=303)
    return render_template("wallet/provider_form.html", form=form, provider=provider), form_status(form)


@bp.route("/manage/areas/new", methods=["GET", "POST"])
@bp.route("/manage/areas/<code>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def area_form(code: str | None = None):
    area = db.session.get(Area, code) if code is not None else None
    if code is not None and area is None:
        abort(404)
    form = AreaForm(obj=area)
    if submitted_and_done(form, lambda: services.save_area(current_user, area, form.values())):
        flash(_l("Area saved."), "success")
        return redirect(url_for("wallet.manage_catalog"), code=303)
    return render_template("wallet/area_form.html", form=form, area=area), form_status(form)


@bp.route("/manage/offers/new", methods=["GET", "POST"])
@bp.route("/manage/offers/<int:offer_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def offer_form(offer_id: int | None = None):
    offer = _editing(Offer, offer_id)
    form = OfferForm(obj=offer)
    form.provider.choices = [(p.id, p.name) for p in db.session.scalars(select(Provider).order_by(Provider.name))]
    form.area.choices = list(services.area_names(include_withdrawn=False).items())
    if request.method == "GET" and offer is not None:
        form.provider.data = offer.provider_id
        form.price.data = offer.price_cents
    if not form.provider.choices:
        flash(_l("Add a provider first."), "info")
        return redirect(url_for("wallet.provider_form"))
    if submitted_and_done(form, lambda: services.save_offer(current_user, offer, form.values())):
        flash(_l("Service saved."), "success")
        return redirect(url_for("wallet.manage_catalog"), code=303)
    return render_template("wallet/offer_form.html", form=form, offer=offer), form_status(form)


# -- reimbursements ------------------------------------------------------------------------------


@bp.get("/reimbursements")
@roles_required("dipendente")
def reimbursements():
    return render_template("wallet/reimbursements.html", requests=services.reimbursements_of(current_user),
                           statuses=rules.STATUSES)


def _uploads(field) -> list:
    return [upload for upload in (field.data or []) if getattr(upload, "filename", "")]


@bp.route("/reimbursements/new", methods=["GET", "POST"])
@roles_required("dipendente")
def reimbursement_new():
    wallet = _current_wallet_or_404()
    categories = services.reimbursement_categories(current_user, wallet)
    form = ReimbursementForm()
    form.category.choices = [(offer.id, f"{offer.title} ({offer.provider.name})") for offer in categories]
    form.beneficiary.choices = [(0, _l("Myself"))] + [
        (member.id, f"{member.full_name} ({rules.RELATIONSHIPS[member.relationship]})")
        for member in services.family_of(current_user)]
    if request.method == "GET" and int_or(request.args.get("category"), None):
        form.category.data = int_or(request.args.get("category"), None)
    if form.validate_on_submit():
        offer = next(offer for offer in categories if offer.id == form.category.data)
        try:
            created = services.request_reimbursement(
                current_user, offer, form.amount.data, form.expense_date.data, form.provider_name.data,
                form.beneficiary.data or None, _uploads(form.documents))
        except RuleViolation as violation:
            attach_rule_violation(form, violation)
        else:
            flash(_l("Request sent: %(amount)s is reserved on your wallet until it is decided.",
                     amount=format_money(created.amount_cents)), "success")
            return redirect(url_for("wallet.reimbursement", request_id=created.id), code=303)
    return render_template("wallet/reimbursement_form.html", form=form, categories=categories, wallet=wallet), (
        422 if form.is_submitted() else 200)


@bp.route("/reimbursements/<int:request_id>", methods=["GET", "POST"])
@roles_required("dipendente")
def reimbursement(request_id: int):
    found = services.reimbursement_for(current_user, request_id)
    if found is None:
        abort(404)
    form = AnswerForm()
    answer = lambda: services.answer_reimbursement(current_user, found, form.message.data or "",  # noqa: E731
                                                   _uploads(form.documents))
    if submitted_and_done(form, answer):
        flash(_l("Answer sent to the operators."), "success")
        return redirect(url_for("wallet.reimbursement", request_id=found.id), code=303)
    return render_template("wallet/reimbursement.html", item=found, form=form, statuses=rules.STATUSES), form_status(form)


@bp.get("/documents/<int:document_id>")
@roles_required("dipendente", *OPERATORS)
def document(document_id: int):
    found = services.document_for(current_user, document_id)
    if found is None:
        abort(404)
    return send_stored(found, download=request.args.get("download") == "1")


@bp.get("/manage/reimbursements")
@roles_required(*OPERATORS)
def reimbursement_queue():
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()[:100]
    return render("wallet/queue.html", "wallet/_queue_results.html", requests=services.reimbursement_queue(status, q),
                  status=status, q=q, statuses=rules.STATUSES, today=today_in_rome())


@bp.route("/manage/reimbursements/<int:request_id>", methods=["GET", "POST"])
@roles_required(*OPERATORS)
def reimbursement_decide(request_id: int):
    found = services.reimbursement_for(current_user, request_id, managing=True)
    if found is None:
        abort(404)
    form = DecisionForm()
    decide = lambda: services.decide_reimbursement(current_user, found, form.decision.data or "",  # noqa: E731
                                                   form.amount.data, form.message.data or "")
    if submitted_and_done(form, decide):
        flash(_l("Request #%(id)d: %(status)s.", id=found.id, status=rules.STATUSES[found.status]), "success")
        return redirect(url_for("wallet.reimbursement_queue"), code=303)
    own = found.wallet.user_id == current_user.id
    decisions = [(key, rules.DECISION_LABELS[key]) for key in rules.available_decisions(
        found.status, current_user.id, found.wallet.user_id, found.checked_by_id)]
    return render_template("wallet/decide.html", item=found, form=form, statuses=rules.STATUSES, own=own,
                           decisions=decisions), form_status(form)


# -- payroll and year closing ---------------------------------------------------------------------


@bp.route("/manage/payroll", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def payroll():
    form = PayrollForm()
    if request.method == "GET":
        today = today_in_rome()
        previous = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
        form.month.data = previous.strftime("%Y-%m")
    exported: list = []
    if submitted_and_done(form, lambda: exported.append(services.export_payroll(current_user, form.month.data))):
        batch = exported[0]
        if batch is None:
            flash(_l("Nothing new to export for %(month)s.", month=form.month.data), "info")
        else:
            flash(_l("File %(id)d ready: %(rows)d reimbursements, %(total)s.", id=batch.id, rows=batch.rows,
                     total=format_money(batch.total_cents)), "success")
        return redirect(url_for("wallet.payroll"), code=303)
    batches = db.session.scalars(select(PayrollBatch).order_by(PayrollBatch.id.desc()).limit(60)).all()
    return render_template("wallet/payroll.html", form=form, batches=batches), form_status(form)


@bp.get("/manage/payroll/<int:batch_id>.csv")
@roles_required(*MANAGERS)
def payroll_file(batch_id: int):
    batch = services.payroll_batch_for_download(current_user, batch_id)
    if batch is None:
        abort(404)
    return Response(batch.content, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=welfare-payroll-{batch.month}-{batch.id}.csv"})


@bp.route("/manage/years/<int:year_id>/close", methods=["GET", "POST"])
@roles_required("amministratore", *OPERATORS)
def close_year(year_id: int):
    plan_year = _plan_year_or_404(year_id)
    form = ActionForm()
    result: list = []
    if submitted_and_done(form, lambda: result.append(services.close_year(current_user, plan_year))):
        count, expired = result[0]
        flash(_l("Year %(year)d closed: %(total)s expired from %(count)d wallets.", year=plan_year.year,
                 total=format_money(expired), count=count), "success")
        return redirect(url_for("wallet.manage"), code=303)
    wallets = db.session.scalar(select(db.func.count()).select_from(Wallet).where(Wallet.plan_year_id == plan_year.id))
    residual = db.session.scalar(select(db.func.coalesce(db.func.sum(Wallet.balance_cents), 0))
                                 .where(Wallet.plan_year_id == plan_year.id))
    return render_template("wallet/close_year.html", plan_year=plan_year, form=form, wallets=wallets,
                           residual=residual), form_status(form)


@bp.get("/manage/years/<int:year_id>/residuals.csv")
@roles_required(*MANAGERS)
def residuals(year_id: int):
    plan_year = _plan_year_or_404(year_id)

    body = csvio.write_rows(
        ("codice_fiscale", "matricola", "nome", "assegnato", "speso", "scaduto", "residuo"),
        ((fiscal, matricola, name, csv_amount(allocated), csv_amount(spent), csv_amount(expired), csv_amount(balance))
         for fiscal, matricola, name, allocated, spent, expired, balance in services.residual_report(current_user,
                                                                                                    plan_year)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=welfare-residuals-{plan_year.year}.csv"})


# -- affiliation requests, feedback, preferences ----------------------------------------------------


@bp.route("/providers/request", methods=["GET", "POST"], endpoint="affiliation")
@roles_required("dipendente")
def affiliation_page():
    form = AffiliationForm()
    if submitted_and_done(form, lambda: services.request_affiliation(current_user, form.values())):
        flash(_l("Request sent: the office answers within %(days)d days.", days=rules.AFFILIATION_DAYS), "success")
        return redirect(url_for("wallet.affiliation"), code=303)
    return render_template("wallet/affiliation.html", form=form, requests=services.affiliations_of(current_user),
                           statuses=rules.AFFILIATION_STATUSES), form_status(form)


def _affiliations_page(form: HandleAffiliationForm, failed_id: int | None = None):
    rows = db.session.scalars(select(AffiliationRequest).order_by(
        (AffiliationRequest.status != "open"), AffiliationRequest.due_on, AffiliationRequest.id)).all()
    today = today_in_rome()
    return render_template("wallet/affiliations.html", rows=rows, today=today, statuses=rules.AFFILIATION_STATUSES,
                           overdue=lambda row: rules.affiliation_overdue(row.status, row.due_on, today),
                           form=form, failed_id=failed_id)


@bp.get("/manage/affiliations")
@roles_required(*MANAGERS)
def affiliations():
    return _affiliations_page(HandleAffiliationForm())


@bp.post("/manage/affiliations/<int:request_id>")
@roles_required(*MANAGERS)
def affiliation_handle(request_id: int):
    row = _editing(AffiliationRequest, request_id)
    form = HandleAffiliationForm()
    return _decided_in_list(
        form, lambda: services.handle_affiliation(current_user, row, form.status.data or "", form.answer.data or ""),
        lambda: _l("Request of %(name)s: %(status)s.", name=row.provider_name,
                   status=rules.AFFILIATION_STATUSES[row.status]),
        "wallet.affiliations", lambda: _affiliations_page(form, failed_id=row.id))


def _decided_in_list(form, use_case, message, endpoint: str, page):
    """A decision posted from a list: back to the list when done, or the list with the error on that row (422)."""
    if submitted_and_done(form, use_case):
        flash(message(), "success")
        return redirect(url_for(endpoint), code=303)
    return page(), 422


@bp.route("/feedback", methods=["GET", "POST"])
@roles_required("dipendente")
def feedback():
    form = FeedbackForm()
    if submitted_and_done(form, lambda: services.give_feedback(current_user, form.rating.data, form.comment.data or "")):
        flash(_l("Thank you: your opinion helps improve the service."), "success")
        return redirect(url_for("wallet.feedback"), code=303)
    preferences = PreferencesForm(info_emails=services.preferences_of(current_user).info_emails)
    return render_template("wallet/feedback.html", form=form, preferences=preferences), form_status(form)


@bp.post("/preferences")
@roles_required("dipendente")
def preferences():
    form = PreferencesForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_info_emails(current_user, form.info_emails.data)
    flash(_l("Your choice is saved."), "success")
    return redirect(url_for("wallet.feedback"), code=303)


# -- dashboard ----------------------------------------------------------------------------------------

PERIODS = {"year": _l("Whole year"), "h1": _l("First half (January–June)"), "h2": _l("Second half (July–December)")}


def _dashboard_args():
    years = db.session.scalars(select(PlanYear).order_by(PlanYear.year.desc())).all()
    if not years:
        return None, None, None, None, years
    chosen = next((row for row in years if str(row.id) == request.args.get("year")), years[0])
    period = request.args.get("period") if request.args.get("period") in PERIODS else "year"
    start = date(chosen.year, 7, 1) if period == "h2" else chosen.starts_on
    end = date(chosen.year, 6, 30) if period == "h1" else chosen.ends_on
    return chosen, period, start, end, years


@bp.get("/manage/dashboard")
@roles_required(*MANAGERS)
def dashboard():
    chosen, period, start, end, years = _dashboard_args()
    figures = services.dashboard(chosen, start, end) if chosen else None
    names = services.area_names()
    area_rows = [(names.get(key, key), cents) for key, cents in figures.by_area] if figures else []
    satisfaction_rows = [(str(rules.SATISFACTION[level]), count) for level, count in figures.satisfaction] if figures else []
    return render_template("wallet/dashboard.html", figures=figures, plan_year=chosen, period=period, periods=PERIODS,
                           years=years, start=start, end=end, statuses=rules.STATUSES, area_rows=area_rows,
                           satisfaction_rows=satisfaction_rows)


@bp.get("/manage/dashboard.csv")
@roles_required(*MANAGERS)
def dashboard_csv():
    chosen, period, start, end, _ = _dashboard_args()
    if chosen is None:
        abort(404)
    figures = services.dashboard(chosen, start, end)

    rows = [("wallets", "", figures.wallets), ("active_wallets", "", figures.active_wallets),
            ("allocated_eur", "", csv_amount(figures.allocated)), ("spent_eur", "", csv_amount(figures.spent))]
    rows += [("spent_by_area_eur", key, csv_amount(cents)) for key, cents in figures.by_area]
    rows += [("spent_by_month_eur", month, csv_amount(cents)) for month, cents in figures.by_month]
    rows += [("service_uses", title, count) for title, count, _ in figures.top_services]
    rows += [("open_requests", status, count) for status, count, _ in figures.open_requests]
    rows += [("satisfaction_answers", str(level), count) for level, count in figures.satisfaction]
    body = csvio.write_rows(("figure", "key", "value"), rows)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=welfare-dashboard-{chosen.year}-{period}.csv"})


@bp.route("/manage/info-email", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def info_email():
    form = InfoEmailForm()
    sent: list[int] = []
    send = lambda: sent.append(services.send_info_email(  # noqa: E731
        current_user, {"it": form.subject_it.data, "en": form.subject_en.data},
        {"it": form.body_it.data, "en": form.body_en.data}))
    if submitted_and_done(form, send):
        flash(_l("E-mail queued for %(count)d people who asked for it.", count=sent[0]), "success")
        return redirect(url_for("wallet.manage"), code=303)
    subscribers = db.session.scalar(select(db.func.count()).select_from(Preferences)
                                    .where(Preferences.info_emails.is_(True)))
    return render_template("wallet/info_email.html", form=form, subscribers=subscribers), form_status(form)


# -- forms to download, certifications to upload -------------------------------------------------------


def _certification_form() -> CertificationForm:
    form = CertificationForm()
    form.family_member.choices = [(0, _l("None: it is about me"))] + [
        (member.id, member.full_name) for member in services.family_of(current_user)]
    return form


@bp.route("/documents", methods=["GET", "POST"])
@roles_required("dipendente")
def documents():
    """Forms the office publishes, and the certifications the employee sends it."""
    form = _certification_form()
    upload = lambda: services.upload_certification(  # noqa: E731
        current_user, form.kind.data, form.family_member.data or None, form.note.data or "", form.document.data)
    if submitted_and_done(form, upload):
        flash(_l("Certification received: the office checks it and you will get an e-mail."), "success")
        return redirect(url_for("wallet.documents"), code=303)
    return render_template("wallet/documents.html", form=form, forms=services.forms_list(),
                           certifications=services.certifications_of(current_user),
                           kinds=rules.CERTIFICATION_KINDS, statuses=rules.CERTIFICATION_STATUSES), form_status(form)


@bp.get("/forms/<int:form_id>/file")
@roles_required("dipendente", *MANAGERS)
def form_file(form_id: int):
    found = services.form_for(current_user, form_id)
    if found is None:
        abort(404)
    return send_stored(found, download=True)


@bp.get("/certifications/<int:certification_id>/file")
@roles_required("dipendente", *OPERATORS)
def certification_file(certification_id: int):
    found = services.certification_for(current_user, certification_id)
    if found is None:
        abort(404)
    return send_stored(found, download=request.args.get("download") == "1")


@bp.route("/manage/forms", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def manage_forms():
    form = WelfareFormForm()
    if submitted_and_done(form, lambda: services.publish_form(current_user, form.values(), form.document.data)):
        flash(_l("Form published: staff find it under Forms and certifications."), "success")
        return redirect(url_for("wallet.manage_forms"), code=303)
    return render_template("wallet/manage_forms.html", form=form, forms=services.forms_list(include_withdrawn=True),
                           action=ActionForm()), form_status(form)


@bp.post("/manage/forms/<int:form_id>/published")
@roles_required(*MANAGERS)
def form_published(form_id: int):
    row = _editing(WelfareForm, form_id)
    if ActionForm().validate_on_submit():
        services.set_form_published(current_user, row, request.form.get("published") == "1")
        flash(_l("Form published.") if row.published else _l("Form withdrawn: staff no longer see it."), "success")
    return redirect(url_for("wallet.manage_forms"), code=303)


def _certifications_page(form: ReviewCertificationForm, failed_id: int | None = None):
    status = request.args.get("status", "received")
    return render_template("wallet/certifications.html", rows=services.certification_queue(status), status=status,
                           form=form, failed_id=failed_id, kinds=rules.CERTIFICATION_KINDS,
                           statuses=rules.CERTIFICATION_STATUSES)


@bp.get("/manage/certifications")
@roles_required(*OPERATORS)
def certifications():
    return _certifications_page(ReviewCertificationForm())


@bp.post("/manage/certifications/<int:certification_id>")
@roles_required(*OPERATORS)
def certification_review(certification_id: int):
    row = _editing(Certification, certification_id)
    form = ReviewCertificationForm()
    return _decided_in_list(
        form, lambda: services.review_certification(current_user, row, form.status.data or "", form.note.data or ""),
        lambda: _l("Certification of %(name)s: %(status)s.", name=row.user.full_name,
                   status=rules.CERTIFICATION_STATUSES[row.status]),
        "wallet.certifications", lambda: _certifications_page(form, failed_id=row.id))
