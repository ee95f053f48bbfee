"""The child's card: the nursery's educators and the child's parent read and edit it; anyone else gets 404.
Every opening is in the security log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.childcare import bp, services
from portal.childcare.card_forms import CardForm, DietForm, MedicineForm
from portal.childcare.models import Child, ChildDiet, ChildMedicine
from portal.core.forms import ActionForm, submitted_and_done
from portal.extensions import db


def _child_or_404(child_id: int) -> Child:
    """The child, for the nursery's staff or the child's own parent; 404 for everyone else (the DEC, the office,
    other parents), so nobody learns the card exists."""
    child = services.card_child(current_user, child_id)
    if child is None:
        abort(404)
    return child


def _card_page(child: Child):
    card = services.open_card(current_user, child)
    form = CardForm(formdata=None, allergies=child.allergies, photos_allowed=card.card.photos_allowed,
                    outings_allowed=card.card.outings_allowed,
                    vaccinations_declared_on=card.card.vaccinations_declared_on)
    family = child.family
    return render_template("childcare/nursery/card.html", card=card, form=form, diet_form=DietForm(formdata=None),
                           medicine_form=MedicineForm(formdata=None), action=ActionForm(formdata=None),
                           pickups=family.pickups, parent=family.parent, is_parent=family.parent_id == current_user.id)


def _refused(child: Child, form):
    """A refused change: its reasons on the card, nothing written. (The card is shown again by a GET, so that its
    opening is audited: a 422 page would roll the audit row back with the refused change.)"""
    db.session.rollback()
    for messages in form.errors.values():
        for message in messages:
            flash(message, "danger")
    for message in form.form_errors:
        flash(message, "danger")
    return redirect(url_for("childcare.child_card", child_id=child.id), code=303)


@bp.get("/nursery/children/<int:child_id>/card")
@login_required
def child_card(child_id: int):
    """Allergies, special diets, medicines, vaccinations, authorisations: opened and audited."""
    return _card_page(_child_or_404(child_id))


def _back(child: Child):
    return redirect(url_for("childcare.child_card", child_id=child.id), code=303)


@bp.post("/nursery/children/<int:child_id>/card")
@login_required
def child_card_save(child_id: int):
    child, form = _child_or_404(child_id), CardForm()
    if submitted_and_done(form, lambda: services.save_card(current_user, child, form.allergies.data or "",
                                                           form.vaccinations_declared_on.data,
                                                           form.photos_allowed.data, form.outings_allowed.data)):
        flash(_l("The card is saved."), "success")
        return _back(child)
    return _refused(child, form)


@bp.post("/nursery/children/<int:child_id>/diets")
@login_required
def child_diet_add(child_id: int):
    child, form = _child_or_404(child_id), DietForm()
    if submitted_and_done(form, lambda: services.add_diet(current_user, child, form.description.data,
                                                          form.medical.data, form.expires_on.data)):
        flash(_l("Special diet added."), "success")
        return _back(child)
    return _refused(child, form)


@bp.post("/nursery/children/<int:child_id>/medicines")
@login_required
def child_medicine_add(child_id: int):
    child, form = _child_or_404(child_id), MedicineForm()
    if submitted_and_done(form, lambda: services.add_medicine(current_user, child, form.name.data, form.dose.data,
                                                              form.schedule.data)):
        flash(_l("Medicine added."), "success")
        return _back(child)
    return _refused(child, form)


@bp.post("/nursery/children/<int:child_id>/<any(diets, medicines):kind>/<int:item_id>/remove")
@login_required
def child_card_remove(child_id: int, kind: str, item_id: int):
    child = _child_or_404(child_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    model = ChildDiet if kind == "diets" else ChildMedicine
    if not services.remove_card_item(current_user, child, model, item_id):
        abort(404)
    flash(_l("Removed."), "success")
    return _back(child)
