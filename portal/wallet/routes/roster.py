"""The beneficiary roster the office imports, and the family members employees declare."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core import csvio
from portal.core.forms import form_status, submitted_and_done
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.wallet import bp, rules, services
from portal.wallet.forms import FamilyMemberForm, RosterConfirmForm, RosterForm
from portal.wallet.models import PlanYear
from portal.wallet.routes.common import MANAGERS


@bp.route("/manage/years/<int:year_id>/roster", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def roster(year_id: int):
    plan_year = db.get_or_404(PlanYear, year_id)
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
    plan_year = db.get_or_404(PlanYear, year_id)
    form = RosterConfirmForm()
    data = csvio.from_payload(form.payload.data or "") if form.validate_on_submit() else None
    if not data:
        abort(400)
    try:
        plan = services.plan_roster(data, plan_year)
    except RuleViolation as violation:
        return _refused(plan_year, form, violation)
    try:
        services.apply_roster(current_user, plan)
    except RuleViolation as violation:
        db.session.rollback()
        return _refused(plan_year, form, violation)
    flash(_l("Roster applied: %(new)d new wallets, %(changed)d changed, %(ended)d ended, %(same)d unchanged.",
             new=len(plan.new), changed=len(plan.changed), ended=len(plan.ended), same=plan.unchanged), "success")
    return redirect(url_for("wallet.manage"), code=303)


def _refused(plan_year: PlanYear, confirm: RosterConfirmForm, violation: RuleViolation):
    """The upload page again, with the reason the roster was refused."""
    upload = RosterForm()
    upload.file.errors = [violation.message]
    return render_template("wallet/roster.html", plan_year=plan_year, form=upload, plan=None, confirm=confirm), 422


@bp.get("/manage/roster-template.csv")
@roles_required(*MANAGERS)
def roster_template():
    body = csvio.write_rows(
        services.ROSTER_REQUIRED + services.ROSTER_OPTIONAL,
        [("RSSMRA85T10A562S", "012345", "Mario Rossi", "mario.rossi@example.edu", "1", "2015-09-01", "", "si"),
         ("VRDGLU90A41L219Y", "045678", "Giulia Verdi", "giulia.verdi@example.edu", "0,5", "2026-07-01", "", "no")],
    )
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=roster-template.csv"})


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
    member = (services.family_member_of(current_user, member_id) or abort(404)) if member_id is not None else None
    form = FamilyMemberForm(obj=member)
    if request.method == "GET":
        form.declaration.data = False
        form.yearly_income.data = member.yearly_income_cents if member else None
    if submitted_and_done(form, lambda: services.save_family_member(current_user, member, form.values())):
        flash(_l("Family member saved, with your declaration of today."), "success")
        return redirect(url_for("wallet.family"), code=303)
    return render_template("wallet/family_form.html", form=form, member=member), form_status(form)
