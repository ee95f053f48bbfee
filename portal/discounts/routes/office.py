"""The office's pages: merchants, offers with their preview, publishing and withdrawing, the queue of reports and
of requests for new merchants, and the figures per month for the six-monthly report."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.query import int_or, month_or
from portal.discounts import bp, labels, rules, services
from portal.discounts.forms import MerchantForm, OfferForm
from portal.discounts.models import DiscountOffer, Merchant, OfferReport
from portal.extensions import db

OFFICE = services.OFFICE_ROLES


@bp.get("/manage")
@roles_required(*OFFICE)
def manage():
    return render_template("discounts/manage.html", merchants=services.merchants(),
                           offers=services.offers_of_office(int_or(request.args.get("page"), 1, minimum=1,
                                                                     maximum=10_000)), labels=labels, today=today_in_rome(), rules=rules,
                           queue=services.open_in_queue())


@bp.route("/manage/merchants/new", methods=["GET", "POST"], defaults={"merchant_id": None})
@bp.route("/manage/merchants/<int:merchant_id>", methods=["GET", "POST"])
@roles_required(*OFFICE)
def merchant(merchant_id: int | None):
    row = db.get_or_404(Merchant, merchant_id) if merchant_id is not None else None
    form = MerchantForm(obj=row)
    if submitted_and_done(form, lambda: services.save_merchant(current_user, row, form.values())):
        flash(_l("Merchant saved."), "success")
        return redirect(url_for("discounts.manage"), code=303)
    return render_template("discounts/merchant.html", form=form, merchant=row), form_status(form)


@bp.route("/manage/merchants/<int:merchant_id>/offers/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def new_offer(merchant_id: int):
    merchant = db.get_or_404(Merchant, merchant_id)
    form = OfferForm(redeem="code")
    saved: list[DiscountOffer] = []
    if submitted_and_done(form, lambda: saved.append(services.save_offer(current_user, merchant, None,
                                                                         form.values()))):
        flash(_l("Offer saved as a draft: check the preview, then publish it."), "success")
        return redirect(url_for("discounts.preview", offer_id=saved[0].id), code=303)
    return render_template("discounts/offer_form.html", form=form, merchant=merchant, offer=None), form_status(form)


@bp.route("/manage/offers/<int:offer_id>", methods=["GET", "POST"])
@roles_required(*OFFICE)
def edit_offer(offer_id: int):
    offer = db.get_or_404(DiscountOffer, offer_id)
    form = OfferForm(obj=offer)
    if submitted_and_done(form, lambda: services.save_offer(current_user, offer.merchant, offer, form.values())):
        flash(_l("Offer saved."), "success")
        return redirect(url_for("discounts.preview", offer_id=offer.id), code=303)
    return render_template("discounts/offer_form.html", form=form, merchant=offer.merchant, offer=offer), \
        form_status(form)


@bp.get("/manage/offers/<int:offer_id>/preview")
@roles_required(*OFFICE)
def preview(offer_id: int):
    """The offer as staff and researchers will see it, card and page, before it is published."""
    offer = db.get_or_404(DiscountOffer, offer_id)
    return render_template("discounts/preview.html", offer=offer, labels=labels, action=ActionForm(),
                           today=today_in_rome(), rules=rules)


@bp.post("/manage/offers/<int:offer_id>/publish")
@roles_required(*OFFICE)
def publish(offer_id: int):
    offer = db.get_or_404(DiscountOffer, offer_id)
    return one_button(lambda: services.publish(current_user, offer), lambda _o: _l("Offer published."),
                      url_for("discounts.preview", offer_id=offer.id))


@bp.post("/manage/offers/<int:offer_id>/withdraw")
@roles_required(*OFFICE)
def withdraw(offer_id: int):
    offer = db.get_or_404(DiscountOffer, offer_id)
    return one_button(lambda: services.withdraw(current_user, offer),
                      lambda _o: _l("Offer withdrawn: it is a draft again."),
                      url_for("discounts.preview", offer_id=offer.id))


@bp.get("/manage/reports")
@roles_required(*OFFICE)
def reports():
    return render_template("discounts/reports.html", rows=services.report_queue(), labels=labels,
                           action=ActionForm())


@bp.post("/manage/reports/<int:report_id>")
@roles_required(*OFFICE)
def handle_report(report_id: int):
    row = db.get_or_404(OfferReport, report_id)
    return one_button(lambda: services.handle_report(current_user, row), lambda _r: _l("Report handled."),
                      url_for("discounts.reports"))


@bp.get("/manage/affiliations")
def affiliations():
    """Requests for new merchants are one queue with Conto Welfare's (portal.core.affiliations)."""
    return redirect(url_for("site.affiliation_queue"), code=301)


@bp.get("/figures")
@roles_required(*services.FIGURES_ROLES)
def figures():
    """Views and code reveals per month, per category and per offer, six months to the chosen one."""
    today = today_in_rome()
    last = min(month_or(request.args.get("month"), today.replace(day=1)), today.replace(day=1))
    return render_template("discounts/figures.html", figures=services.figures(last), last=last, labels=labels,
                           this_month=today.replace(day=1))
