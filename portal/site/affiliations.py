"""The one affiliation flow's pages (issue 20, point 3): a person asks for a new provider or merchant from the
wallet's or the discounts' pages (`/affiliations?kind=wallet|discounts` chooses beforehand), the welfare provider's
office answers within 15 days on one queue; the institution follows the queue and its clock.

The site hosts them because the flow belongs to no single service (`portal.core.affiliations`): they live as long
as either the wallet or the discounts portal is switched on."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core import affiliations as flow
from portal.core.calendar import today_in_rome
from portal.core.forms import form_status, submitted_and_done
from portal.core.rules import AFFILIATION_DAYS, affiliation_overdue
from portal.extensions import db
from portal.site import bp

OFFICE_ROLES = ("operatore_welfare",)  # the welfare provider's office answers (tender: "gestire le richieste...")
WATCHER_ROLES = ("amministratore", "dec")  # the institution asks, and follows the queue and its 15-day clock


@bp.route("/affiliations", methods=["GET", "POST"])
def affiliations():
    kinds = flow.kinds_for(current_user)
    if not kinds:
        abort(404 if not flow.enabled_kinds() else 403)
    form = flow.AffiliationForm()
    chosen = request.args.get("kind", "")[:20]
    form.offer(kinds, chosen)
    if submitted_and_done(form, lambda: flow.request_affiliation(current_user, form.kind.data or "",
                                                                         form.values())):
        flash(_l("Request sent: the office answers within %(days)d days.", days=AFFILIATION_DAYS), "success")
        return redirect(url_for("site.affiliations", kind=form.kind.data), code=303)
    back = flow.kind(chosen) if chosen in {entry.key for entry in kinds} else None
    return render_template("affiliations/request.html", form=form, kinds=kinds, back=back,
                           requests=flow.requests_of(current_user), states=flow.STATES,
                           kind_of=flow.kind, days=AFFILIATION_DAYS,
                           overdue=_overdue_on(today_in_rome())
                           ), form_status(form)


def _overdue_on(today):
    """The templates' test of a request past its 15 days, on one day for the whole page."""
    return lambda row: affiliation_overdue(row.status, row.due_on, today)


def _queue_page(form: flow.HandleAffiliationForm, failed_id: int | None = None):
    if not flow.enabled_kinds():
        abort(404)
    today = today_in_rome()
    return render_template("affiliations/queue.html", open_rows=flow.open_requests(),
                           handled_rows=flow.handled_requests(), today=today, form=form,
                           failed_id=failed_id, states=flow.STATES, kind_of=flow.kind,
                           office=current_user.has_role(*OFFICE_ROLES), days=AFFILIATION_DAYS,
                           kinds=flow.enabled_kinds(),
                           overdue=_overdue_on(today))


@bp.get("/affiliations/manage")
@roles_required(*OFFICE_ROLES, *WATCHER_ROLES)
def affiliation_queue():
    return _queue_page(flow.HandleAffiliationForm())


@bp.post("/affiliations/manage/<int:request_id>")
@roles_required(*OFFICE_ROLES)
def handle_affiliation(request_id: int):
    row = db.get_or_404(flow.AffiliationRequest, request_id)
    if flow.kind(row.kind) not in flow.enabled_kinds():
        abort(404)
    form = flow.HandleAffiliationForm()
    if submitted_and_done(form, lambda: flow.handle_affiliation(current_user, row, form.status.data or "",
                                                                        form.answer.data or "")):
        flash(_l("Request of %(name)s: %(status)s.", name=row.name, status=flow.STATES[row.status]),
              "success")
        return redirect(url_for("site.affiliation_queue"), code=303)
    return _queue_page(form, failed_id=row.id), 422
