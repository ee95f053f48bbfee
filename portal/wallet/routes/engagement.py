"""The plan's rules and guides, feedback and preferences (affiliation requests: portal.core.affiliations)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.forms import form_status, submitted_and_done
from portal.core.htmx import redirect as htmx_redirect
from portal.core.security import local_target
from portal.core.text import legal_blocks
from portal.wallet import bp, services
from portal.wallet.forms import FeedbackForm, PreferencesForm, RulesForm
from portal.wallet.routes.common import MANAGERS


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


@bp.get("/providers/request", endpoint="affiliation")
def affiliation_page():
    """Asking for a new provider is one flow with the discounts portal's (portal.core.affiliations)."""
    return redirect(url_for("site.affiliations", kind="wallet"), code=301)


@bp.get("/manage/affiliations")
def affiliations():
    return redirect(url_for("site.affiliation_queue"), code=301)


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
