"""The catalog, purchases and vouchers, the yearly limits, and the catalog's management."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.calendar import today_in_rome
from portal.core.forms import attach_rule_violation, form_status, submitted_and_done
from portal.core.htmx import is_partial, render, trigger
from portal.core.money import format_money
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.wallet import bp, rules, services
from portal.wallet.forms import AreaForm, BuyForm, OfferForm, PensionElsewhereForm, ProviderForm
from portal.wallet.models import Area, Offer, Order, Provider
from portal.wallet.routes.common import MANAGERS, beneficiary_choices


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


@bp.route("/catalog/<int:offer_id>", methods=["GET", "POST"])
@roles_required("dipendente")
def offer(offer_id: int):
    """The service, and the purchase: choose, review the balance after purchase, confirm."""
    wallet = services.current_wallet(current_user)
    offer = services.visible_offer(current_user, wallet, offer_id) or abort(404)
    form = BuyForm()
    form.beneficiary.choices = beneficiary_choices()
    buying = form.validate_on_submit() and wallet is not None and offer.use != "reimbursement"
    entered = form.amount.data if buying else None
    preview = services.purchase_preview(current_user, wallet, offer, entered)
    status = 200
    review = None
    if buying:
        if preview.amount is None:
            form.amount.errors = [_l("Enter the amount.")]
            status = 422
        elif form.confirm.data == "yes":
            try:
                order = services.purchase(current_user, offer, entered, form.beneficiary.data or None)
            except RuleViolation as violation:
                attach_rule_violation(form, violation)
                status = 422
                preview = services.purchase_preview(current_user, wallet, offer, entered)  # the wallet as it is now
            else:
                return _bought(order)
        else:
            review = preview.amount
    elif form.is_submitted():
        status = 422
    context = {"offer": offer, "form": form, "wallet": wallet, "amount": preview.amount, "review": review,
               "tax_rule": rules.TAX_RULES[offer.tax_rule]}
    if preview.balance_after is not None:
        context.update(limit=preview.limit, used=preview.used, balance_after=preview.balance_after,
                       over_limit=preview.over_limit, near_limit=preview.near_limit)
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
    return render_template("wallet/order.html", order=services.order_of(current_user, order_id) or abort(404))


@bp.route("/limits", methods=["GET", "POST"])
@roles_required("dipendente")
def limits():
    wallet = services.current_wallet(current_user) or abort(404)
    form = PensionElsewhereForm()
    if request.method == "GET":
        form.amount.data = wallet.pension_paid_elsewhere_cents
    declare = lambda: services.declare_pension_paid_elsewhere(current_user, wallet, form.amount.data)  # noqa: E731
    if submitted_and_done(form, declare):
        flash(_l("Declaration saved: what the wallet may still pay into pension funds is updated."), "success")
        return redirect(url_for("wallet.limits"), code=303)
    return render_template("wallet/limits.html", wallet=wallet, statuses=services.limit_statuses(current_user, wallet),
                           children=services.has_dependent_children(current_user), form=form), form_status(form)


# -- catalog management ------------------------------------------------------------------------


@bp.get("/manage/catalog")
@roles_required(*MANAGERS)
def manage_catalog():
    return render_template("wallet/manage_catalog.html", providers=services.providers(), offers=services.all_offers(),
                           areas=services.area_names(), area_rows=services.areas(include_withdrawn=True),
                           uses=rules.USES)


@bp.route("/manage/providers/new", methods=["GET", "POST"])
@bp.route("/manage/providers/<int:provider_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def provider_form(provider_id: int | None = None):
    provider = db.get_or_404(Provider, provider_id) if provider_id is not None else None
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
    area = db.get_or_404(Area, code) if code is not None else None
    form = AreaForm(obj=area)
    if submitted_and_done(form, lambda: services.save_area(current_user, area, form.values())):
        flash(_l("Area saved."), "success")
        return redirect(url_for("wallet.manage_catalog"), code=303)
    return render_template("wallet/area_form.html", form=form, area=area), form_status(form)


@bp.route("/manage/offers/new", methods=["GET", "POST"])
@bp.route("/manage/offers/<int:offer_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def offer_form(offer_id: int | None = None):
    offer = db.get_or_404(Offer, offer_id) if offer_id is not None else None
    form = OfferForm(obj=offer)
    form.provider.choices = [(provider.id, provider.name) for provider in services.providers()]
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
