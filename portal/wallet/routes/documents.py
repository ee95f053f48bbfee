"""Forms the office publishes, and the certifications employees send and the operators review."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.uploads import send_stored
from portal.extensions import db
from portal.wallet import bp, rules, services
from portal.wallet.forms import CertificationForm, ReviewCertificationForm, WelfareFormForm
from portal.wallet.models import Certification, WelfareForm
from portal.wallet.routes.common import MANAGERS, OPERATORS, decided_in_list


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
    return send_stored(services.form_for(current_user, form_id) or abort(404), download=True)


@bp.get("/certifications/<int:certification_id>/file")
@roles_required("dipendente", *OPERATORS)
def certification_file(certification_id: int):
    found = services.certification_for(current_user, certification_id) or abort(404)
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
    row = db.get_or_404(WelfareForm, form_id)
    return one_button(lambda: services.set_form_published(current_user, row, request.form.get("published") == "1"),
                      lambda _: _l("Form published.") if row.published
                      else _l("Form withdrawn: staff no longer see it."),
                      url_for("wallet.manage_forms"))


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
    row = db.get_or_404(Certification, certification_id)
    form = ReviewCertificationForm()
    return decided_in_list(
        form, lambda: services.review_certification(current_user, row, form.status.data or "", form.note.data or ""),
        lambda: _l("Certification of %(name)s: %(status)s.", name=row.user.full_name,
                   status=rules.CERTIFICATION_STATUSES[row.status]),
        "wallet.certifications", lambda: _certifications_page(form, failed_id=row.id))
