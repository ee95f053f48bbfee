"""The micro nido for parents: offers to accept, the attendance type, the child's month."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, labels, rules, services
from portal.childcare.nursery_forms import NURSERY_METHODS, AttendanceForm
from portal.childcare.routes.common import PARENTS
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, submitted_and_done
from portal.core.query import month_or


def _place_or_404(place_id: int):
    place = services.place_of_parent(current_user, place_id)
    if place is None:
        abort(404)
    return place


@bp.get("/nursery")
@roles_required(*PARENTS)
def nursery_home():
    places = services.places_of_parent(current_user)
    return render_template("childcare/nursery/home.html", places=places, attendance=rules.ATTENDANCE,
                           enrolled=any(place.status == "enrolled" for place in places),
                           categories=rules.NURSERY_CATEGORIES, action=ActionForm(),
                           statuses=labels.NURSERY_STATUSES)


@bp.post("/nursery/places/<int:place_id>/accept")
@roles_required(*PARENTS)
def nursery_accept(place_id: int):
    place = _place_or_404(place_id)
    return one_button(lambda: services.accept_offer(current_user, place),
                      lambda p: _l("Welcome to the micro nido: %(child)s has a place.", child=p.child.full_name),
                      url_for("childcare.nursery_home"))


@bp.post("/nursery/places/<int:place_id>/decline")
@roles_required(*PARENTS)
def nursery_decline(place_id: int):
    place = _place_or_404(place_id)
    return one_button(lambda: services.decline_offer(current_user, place),
                      lambda p: _l("Offer declined: the place passes to the next family."),
                      url_for("childcare.nursery_home"))


@bp.route("/nursery/places/<int:place_id>/attendance", methods=["GET", "POST"])
@roles_required(*PARENTS)
def nursery_attendance(place_id: int):
    place = _place_or_404(place_id)
    form = AttendanceForm(formdata=None, attendance=place.attendance,
                          days=[day for day in place.days.split("-") if day]) if request.method == "GET" \
        else AttendanceForm()
    form.attendance.choices = [(key, label) for key, label in rules.ATTENDANCE.items()  # the same or more days
                               if rules.ATTENDANCE_WEEK[key] >= rules.ATTENDANCE_WEEK[place.attendance]]
    if request.method == "POST" and submitted_and_done(
            form, lambda: services.change_attendance(current_user, place, form.attendance.data, form.days.text)):
        flash(_l("Attendance type changed: the new fee applies from the next fee issued."), "success")
        return redirect(url_for("childcare.nursery_home"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("childcare/nursery/attendance.html", place=place, form=form,
                           attendance=rules.ATTENDANCE), status


@bp.get("/nursery/month")
@roles_required(*PARENTS)
def nursery_month():
    enrolled = services.enrolled_places_of(current_user)
    if not enrolled:
        flash(_l("This page opens once a child of yours is enrolled at the micro nido: accept an offered place below, if there is one, or wait for the ranking."), "info")
        return redirect(url_for("childcare.nursery_home"))
    month = month_or(request.args.get("month"), None) if request.args.get("month") else None
    if request.args.get("month") and month is None:
        abort(404)
    month = month or today_in_rome().replace(day=1)
    year = enrolled[0].year
    places = [place for place in enrolled if place.year_id == year.id]
    family = places[0].family
    return render_template("childcare/nursery/month.html", rows=services.parent_month(places, month), month=month,
                           months=services.months_for_parent(year), attendance=rules.ATTENDANCE,
                           bands=rules.ISEE_BANDS, methods=NURSERY_METHODS,
                           details_missing=not (family.payer_codice_fiscale and family.address
                                                and all(place.child.codice_fiscale for place in places)))
