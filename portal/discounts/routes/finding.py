"""Staff's and researchers' pages: the search as you type with its filters, an offer, revealing its code,
favourites, reporting an offer that did not work, the weekly digest's opt-in."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.htmx import is_partial, render
from portal.core.query import int_or
from portal.core.rules import RuleViolation
from portal.discounts import bp, labels, rules, services
from portal.discounts.forms import DigestForm, ReportForm

ALL = services.ALL_ROLES
MEMBERS = services.MEMBER_ROLES


FILTER_KEYS = ("q", "category", "province", "town", "new", "favourites", "page")


def _filters():
    args = request.args
    return services.clean_filters(args.get("q", ""), args.get("category", ""), args.get("province", ""),
                                  args.get("town", ""), args.get("new") == "1", args.get("favourites") == "1",
                                  int_or(args.get("page"), 1, minimum=1, maximum=1000))


def _results_context(filters) -> dict:
    return {"results": services.search(current_user, filters), "filters": filters, "labels": labels,
            "member": services.is_member(current_user), "today": today_in_rome(), "rules": rules}


@bp.get("/")
@roles_required(*ALL)
def home():
    filters = _filters()
    digest = services.digest_of(current_user) if services.is_member(current_user) else None
    return render_template("discounts/home.html", towns=services.towns(), office=services.is_office(current_user),
                           requester=current_user.has_role(*services.REQUESTER_ROLES),
                           figures=current_user.has_role(*services.FIGURES_ROLES),
                           digest_form=DigestForm(weekly=bool(digest and digest.weekly)),
                           **_results_context(filters))


@bp.get("/search")
@roles_required(*ALL)
def search():
    """The results alone, for the search box and the filters (htmx, as the person types); the full page else."""
    if not is_partial():
        return redirect(url_for("discounts.home", **{key: value for key, value in request.args.items()
                                                     if key in FILTER_KEYS}), code=303)
    if request.args.get("more") == "1":  # "Show more offers": the next page's rows, put in the button's place
        return render("discounts/home.html", "discounts/_offer_items.html", **_results_context(_filters()))
    return render("discounts/home.html", "discounts/_results.html", **_results_context(_filters()))


def _offer_or_404(offer_id: int):
    offer = services.offer_for(current_user, offer_id)
    if offer is None:
        abort(404)
    return offer


def _offer_page(offer, code: str | None = None, status: int = 200):
    member = services.is_member(current_user)
    return render("discounts/offer.html", "discounts/_redeem.html", status, offer=offer, labels=labels,
                  member=member, code=code, action=ActionForm(), today=today_in_rome(), rules=rules,
                  favourite=member and services.is_favourite(current_user, offer))


@bp.get("/offers/<int:offer_id>")
@roles_required(*ALL)
def offer(offer_id: int):
    offer = _offer_or_404(offer_id)
    services.count_view(current_user, offer)
    return _offer_page(offer)


@bp.post("/offers/<int:offer_id>/reveal")
@roles_required(*MEMBERS)
def reveal(offer_id: int):
    """The code, on tap: htmx swaps the redeem box; without JavaScript the offer's page comes back with it."""
    offer = _offer_or_404(offer_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        code = services.reveal(current_user, offer)
    except RuleViolation as violation:
        flash(violation.message, "danger")
        return redirect(url_for("discounts.offer", offer_id=offer.id), code=303)
    return _offer_page(offer, code=code)


@bp.post("/offers/<int:offer_id>/favourite")
@roles_required(*MEMBERS)
def favourite(offer_id: int):
    offer = _offer_or_404(offer_id)
    return one_button(lambda: services.toggle_favourite(current_user, offer),
                      lambda now: _l("Added to your favourites.") if now else _l("Removed from your favourites."),
                      url_for("discounts.offer", offer_id=offer.id))


@bp.route("/offers/<int:offer_id>/report", methods=["GET", "POST"])
@roles_required(*MEMBERS)
def report(offer_id: int):
    offer = _offer_or_404(offer_id)
    form = ReportForm()
    if submitted_and_done(form, lambda: services.report(current_user, offer, form.reason.data or "",
                                                        form.details.data or "")):
        flash(_l("Thank you: the office will check the offer with the merchant."), "success")
        return redirect(url_for("discounts.offer", offer_id=offer.id), code=303)
    return render_template("discounts/report.html", offer=offer, form=form), form_status(form)


@bp.post("/digest")
@roles_required(*MEMBERS)
def digest():
    form = DigestForm()
    if not form.validate_on_submit():
        abort(400)
    row = services.set_digest(current_user, bool(form.weekly.data))
    flash(_l("You will get a weekly e-mail with the new offers.") if row.weekly
          else _l("No more weekly e-mails with the new offers."), "success")
    return redirect(url_for("discounts.home"), code=303)


@bp.get("/offers/<int:offer_id>/card")
@roles_required(*MEMBERS)
def card(offer_id: int):
    """The offer as a card to show at the till: big, readable on a phone held out."""
    offer = _offer_or_404(offer_id)
    if offer.redeem != "card":
        abort(404)
    return render_template("discounts/card.html", offer=offer, labels=labels, today=today_in_rome())

