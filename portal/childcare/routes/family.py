"""Policino's home, the family's details, its children and the people who may pick them up."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, rules, services
from portal.childcare.forms import ChildForm, FamilyForm, PickupForm, PlanEmailsForm
from portal.childcare.routes.common import PARENTS, STAFF, UNIVERSITY_STAFF, _ask_for_family, _removed_or_404
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, form_status, submitted_and_done


@bp.get("/")
@roles_required(*PARENTS, *STAFF, *UNIVERSITY_STAFF)
def home():
    if current_user.has_role(*STAFF) and not current_user.has_role(*PARENTS):  # the office starts from the register
        return redirect(url_for("childcare.register"))
    if not current_user.has_role(*PARENTS):  # staff of the university without children here: the week's activities
        return redirect(url_for("childcare.activities"))
    family = services.family_of(current_user)
    if family is None:
        return redirect(url_for("childcare.family"))
    return render_template("childcare/home.html", family=family, upcoming=services.upcoming_stays(family, limit=6),
                           plan=services.activity_plan(services.week_of(today_in_rome())),
                           card_blocks=services.card_hours_left(family), categories=rules.CATEGORIES,
                           settings=services.settings())


@bp.route("/family", methods=["GET", "POST"])
@roles_required(*PARENTS)
def family():
    current = services.family_of(current_user)
    form = FamilyForm(obj=current)
    if submitted_and_done(form, lambda: services.register_family(current_user, form.category.data, form.phone.data)):
        flash(_l("Family details saved."), "success")
        return redirect(url_for("childcare.family"), code=303)
    return _family_page(current, form, PickupForm(formdata=None), form_status(form))


def _family_page(current, form, pickup, status: int):
    """The family page: its details, its children, who may pick them up, the plan by e-mail."""
    return render_template("childcare/family.html", form=form, family=current, pickup=pickup,
                           remove=ActionForm(), categories=rules.CATEGORIES,
                           plan_emails=PlanEmailsForm(formdata=None, plan_emails=services.wants_plan(current_user))
                           ), status


@bp.route("/children/new", methods=["GET", "POST"])
@bp.route("/children/<int:child_id>", methods=["GET", "POST"])
@roles_required(*PARENTS)
def child(child_id: int | None = None):
    found = services.child_of(current_user, child_id) if child_id is not None else None
    if child_id is not None and found is None:
        abort(404)
    if services.family_of(current_user) is None:
        return _ask_for_family()
    form = ChildForm(obj=found)
    if submitted_and_done(form, lambda: services.save_child(current_user, found, form.values())):
        flash(_l("%(name)s saved.", name=form.full_name.data), "success")
        return redirect(url_for("childcare.family"), code=303)
    return render_template("childcare/child.html", form=form, child=found), form_status(form)


@bp.post("/pickups")
@roles_required(*PARENTS)
def pickup_add():
    form = PickupForm()
    if submitted_and_done(form, lambda: services.save_pickup(current_user, form.values())):
        flash(_l("%(name)s can now pick up your children.", name=form.full_name.data), "success")
        return redirect(url_for("childcare.family"), code=303)
    current = services.family_of(current_user)
    return _family_page(current, FamilyForm(obj=current), form, 422)


@bp.post("/pickups/<int:person_id>/delete")
@roles_required(*PARENTS)
def pickup_remove(person_id: int):
    return one_button(lambda: _removed_or_404(services.remove_pickup(current_user, person_id)),
                      lambda _: _l("Removed from the people who can pick up your children."),
                      url_for("childcare.family"))

