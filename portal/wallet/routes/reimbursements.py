"""Reimbursement requests, from the employee's form to the operators' decision, and the monthly payroll file."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.calendar import today_in_rome
from portal.core.forms import attach_rule_violation, form_status, submitted_and_done
from portal.core.htmx import render
from portal.core.money import format_money
from portal.core.query import int_or
from portal.core.rules import RuleViolation
from portal.core.uploads import send_stored
from portal.wallet import bp, rules, services
from portal.wallet.forms import AnswerForm, DecisionForm, PayrollForm, ReimbursementForm
from portal.wallet.routes.common import MANAGERS, OPERATORS, beneficiary_choices, uploads


@bp.get("/reimbursements")
@roles_required("dipendente")
def reimbursements():
    return render_template("wallet/reimbursements.html", requests=services.reimbursements_of(current_user),
                           statuses=rules.STATUSES)


@bp.route("/reimbursements/new", methods=["GET", "POST"])
@roles_required("dipendente")
def reimbursement_new():
    wallet = services.current_wallet(current_user) or abort(404)
    categories = services.reimbursement_categories(current_user, wallet)
    form = ReimbursementForm()
    form.category.choices = [(offer.id, f"{offer.title} ({offer.provider.name})") for offer in categories]
    form.beneficiary.choices = beneficiary_choices()
    if request.method == "GET" and int_or(request.args.get("category"), None):
        form.category.data = int_or(request.args.get("category"), None)
    if form.validate_on_submit():
        offer = next(offer for offer in categories if offer.id == form.category.data)
        try:
            created = services.request_reimbursement(
                current_user, offer, form.amount.data, form.expense_date.data, form.provider_name.data,
                form.beneficiary.data or None, uploads(form.documents))
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
    found = services.reimbursement_for(current_user, request_id) or abort(404)
    form = AnswerForm()
    answer = lambda: services.answer_reimbursement(current_user, found, form.message.data or "",  # noqa: E731
                                                   uploads(form.documents))
    if submitted_and_done(form, answer):
        flash(_l("Answer sent to the operators."), "success")
        return redirect(url_for("wallet.reimbursement", request_id=found.id), code=303)
    return render_template("wallet/reimbursement.html", item=found, form=form,
                           statuses=rules.STATUSES), form_status(form)


@bp.get("/documents/<int:document_id>")
@roles_required("dipendente", *OPERATORS)
def document(document_id: int):
    found = services.document_for(current_user, document_id) or abort(404)
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
    found = services.reimbursement_for(current_user, request_id, managing=True) or abort(404)
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


# -- payroll ---------------------------------------------------------------------------------------


@bp.route("/manage/payroll", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def payroll():
    form = PayrollForm()
    if request.method == "GET":
        form.month.data = services.payroll_month_suggested(today_in_rome())
    exported: list = []
    if submitted_and_done(form, lambda: exported.append(services.export_payroll(current_user, form.month.data))):
        batch = exported[0]
        if batch is None:
            flash(_l("Nothing new to export for %(month)s.", month=form.month.data), "info")
        else:
            flash(_l("File %(id)d ready: %(rows)d reimbursements, %(total)s.", id=batch.id, rows=batch.rows,
                     total=format_money(batch.total_cents)), "success")
        return redirect(url_for("wallet.payroll"), code=303)
    return render_template("wallet/payroll.html", form=form, batches=services.payroll_batches()), form_status(form)


@bp.get("/manage/payroll/<int:batch_id>.csv")
@roles_required(*MANAGERS)
def payroll_file(batch_id: int):
    batch = services.payroll_batch_for_download(current_user, batch_id) or abort(404)
    return Response(batch.content, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=welfare-payroll-{batch.month}-{batch.id}.csv"})
