"""The plan's rules and guides, affiliation requests, feedback and preferences."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.calendar import today_in_rome
from portal.core.forms import form_status, submitted_and_done
from portal.core.htmx import redirect as htmx_redirect
from portal.core.security import local_target
from portal.core.text import legal_blocks
from portal.extensions import db
from portal.wallet import bp, rules, services
from portal.wallet.forms import AffiliationForm, FeedbackForm, HandleAffiliationForm, PreferencesForm, RulesForm
from portal.wallet.models import AffiliationRequest
from portal.wallet.routes.common import MANAGERS, decided_in_list


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
    text = services.rules_text() or abort(404)
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
    text = services.guide_text(kind) or abort(404)
    return render_template("wallet/guide.html", text=text, blocks=legal_blocks(text.body), guides=services.guides(),
                           kind=kind)


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
    today = today_in_rome()
    return render_template("wallet/affiliations.html", rows=services.affiliation_queue(), today=today,
                           statuses=rules.AFFILIATION_STATUSES,
                           overdue=lambda row: rules.affiliation_overdue(row.status, row.due_on, today),
                           form=form, failed_id=failed_id)


@bp.get("/manage/affiliations")
@roles_required(*MANAGERS)
def affiliations():
    return _affiliations_page(HandleAffiliationForm())


@bp.post("/manage/affiliations/<int:request_id>")
@roles_required(*MANAGERS)
def affiliation_handle(request_id: int):
    row = db.get_or_404(AffiliationRequest, request_id)
    form = HandleAffiliationForm()
    return decided_in_list(
        form, lambda: services.handle_affiliation(current_user, row, form.status.data or "", form.answer.data or ""),
        lambda: _l("Request of %(name)s: %(status)s.", name=row.provider_name,
                   status=rules.AFFILIATION_STATUSES[row.status]),
        "wallet.affiliations", lambda: _affiliations_page(form, failed_id=row.id))


@bp.route("/feedback", methods=["GET", "POST"])
@roles_required("dipendente")
def feedback():
    form = FeedbackForm()
    give = lambda: services.give_feedback(current_user, form.rating.data, form.comment.data or "")  # noqa: E731
    if submitted_and_done(form, give):
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
