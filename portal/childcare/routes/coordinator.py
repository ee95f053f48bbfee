"""The coordinator's calendar: closures, the micro nido's closing days, the July calendar."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, rules, services
from portal.childcare.forms import ClosureForm, JulyNurseryForm, NurseryClosureForm
from portal.childcare.routes.common import STAFF, _removed_or_404
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, form_status, submitted_and_done


@bp.route("/calendar", methods=["GET", "POST"])
@roles_required(*STAFF)
def calendar():
    """Closures beyond the holidays the portal knows; closing a day cancels its bookings free of charge."""
    form = ClosureForm()
    outcome = {}
    if submitted_and_done(form, lambda: outcome.update(
            cancelled=services.add_closure(current_user, form.day.data, form.reason.data or ""))):
        flash(_l("Closed on %(day)s; bookings cancelled and families told: %(count)d.",
                 day=form.day.data.strftime("%d/%m/%Y"), count=outcome["cancelled"]), "success")
        return redirect(url_for("childcare.calendar"), code=303)
    return _calendar_page(form=form, status=form_status(form))


def _calendar_page(form=None, nursery=None, july=None, status=200):
    today = today_in_rome()
    year = services.summer_year(today)
    return render_template(
        "childcare/calendar.html", form=form or ClosureForm(formdata=None), closures=services.upcoming_closures(),
        nursery_form=nursery or NurseryClosureForm(formdata=None, prefix="nursery"),
        nursery_closures=services.upcoming_nursery_closures(),
        july_form=july or JulyNurseryForm(formdata=None, nursery_open="yes" if services.july_nursery(year) else "no"),
        july_nursery=services.july_nursery(year), settings=services.settings(),
        holidays=services.holidays_ahead(), action=ActionForm(), summer_year=year,
        summer_days=services.summer_days(year), today=today,
        summer=services.duty("summer_calendar", date(year, 7, 1)),
        summer_deadline=rules.summer_deadline(year, services.settings()),
        july_hours=services.july_hours(year)), status


@bp.post("/calendar/summer/nursery")
@roles_required(*STAFF)
def summer_nursery():
    """The yearly switch: does the micro nido open in July? It sets July's hours and the free hour."""
    form = JulyNurseryForm()
    year = services.summer_year(today_in_rome())
    if submitted_and_done(form, lambda: services.set_july_nursery(current_user, year, form.nursery_open.data == "yes")):
        flash(_l("July %(year)d: the micro nido opens; the baby parking runs after it.", year=year)
              if form.nursery_open.data == "yes" else
              _l("July %(year)d: the micro nido stays closed; the baby parking is open all day.", year=year), "success")
        return redirect(url_for("childcare.calendar"), code=303)
    return _calendar_page(july=form, status=422)


@bp.post("/calendar/nursery")
@roles_required(*STAFF)
def nursery_closure_add():
    """A closing day of the micro nido: the baby parking opens in its hours too."""
    form = NurseryClosureForm(prefix="nursery")
    if submitted_and_done(form, lambda: services.add_nursery_closure(current_user, form.day.data,
                                                                     form.reason.data or "")):
        flash(_l("The micro nido is closed on %(day)s.", day=form.day.data.strftime("%d/%m/%Y")), "success")
        return redirect(url_for("childcare.calendar"), code=303)
    return _calendar_page(nursery=form, status=422)


@bp.post("/calendar/nursery/<day>/delete")
@roles_required(*STAFF)
def nursery_closure_remove(day: str):
    chosen = _day_in_path(day)
    return one_button(lambda: _removed_or_404(services.remove_nursery_closure(current_user, chosen)),
                      lambda _: _l("The micro nido opens again on %(day)s.", day=chosen.strftime("%d/%m/%Y")),
                      url_for("childcare.calendar"))


def _day_in_path(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except ValueError:
        abort(404)


@bp.post("/calendar/summer")
@roles_required(*STAFF)
def summer_publish():
    """Publish the July calendar: July opens to bookings and every family gets it by e-mail."""
    year = services.summer_year(today_in_rome())
    return one_button(lambda: services.publish_summer(current_user, year),
                       lambda told: _l("The July %(year)d calendar is published; families told: %(count)d.",
                                       year=year, count=told), url_for("childcare.calendar"))


@bp.post("/calendar/<day>/delete")
@roles_required(*STAFF)
def closure_remove(day: str):
    chosen = _day_in_path(day)
    return one_button(lambda: _removed_or_404(services.remove_closure(current_user, chosen)),
                      lambda _: _l("The baby parking opens again on %(day)s.", day=chosen.strftime("%d/%m/%Y")),
                      url_for("childcare.calendar"))

