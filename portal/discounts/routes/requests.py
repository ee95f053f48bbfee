"""Asking for a new merchant: staff, researchers and the institution; the office answers within 15 days."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.forms import form_status, submitted_and_done
from portal.discounts import bp, labels, rules, services
from portal.discounts.forms import AffiliationForm


@bp.route("/merchants/request", methods=["GET", "POST"])
@roles_required(*services.REQUESTER_ROLES)
def affiliation():
    form = AffiliationForm()
    if submitted_and_done(form, lambda: services.request_affiliation(current_user, form.values())):
        flash(_l("Request sent: the office answers within %(days)d days.", days=rules.AFFILIATION_DAYS), "success")
        return redirect(url_for("discounts.affiliation"), code=303)
    return render_template("discounts/affiliation.html", form=form, requests=services.affiliations_of(current_user),
                           labels=labels, days=rules.AFFILIATION_DAYS), form_status(form)
