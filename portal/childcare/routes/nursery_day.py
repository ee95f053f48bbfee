"""The micro nido's day register for the educators: arrivals, absences, pick-ups, the educators on duty, the live
ratio banner and the meal count to the caterer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import background, roles_required
from portal.childcare import bp, labels, rules, services
from portal.childcare.card_forms import MealPriceForm
from portal.childcare.forms import ArrivalForm, DepartureForm, StaffForm
from portal.childcare.models import Child, NurseryYear
from portal.childcare.routes.common import _parse_time
from portal.core.actions import one_button
from portal.core.calendar import ROME, add_months, today_in_rome
from portal.core.dates import format_day
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.htmx import Expiring, live_region, polls
from portal.core.query import day_or, int_or
from portal.extensions import db

NURSERY_STAFF = ("educatore",)  # the register shows allergies and diets: the nursery's staff only


def _day() -> date:
    today = services.nursery_now().date()
    return min(day_or(request.values.get("day"), today), today)


def _back(day: date) -> str:
    return url_for("childcare.nursery_register", day=day.isoformat())


def _page(day: date, status: int = 200):
    register = services.nursery_day(day)
    return render_template("childcare/nursery/register.html", register=register, day=day,
                           today=services.nursery_now().date(),
                           action=ActionForm(formdata=None), previous=day - timedelta(days=1),
                           closed_reasons=labels.NURSERY_CLOSED), status


@bp.get("/nursery/register")
@roles_required(*NURSERY_STAFF)
def nursery_register():
    """The morning register on the room's tablet: who came, who is absent, who is on duty, the 9:30 meals."""
    return _page(_day())


RATIO_TAGS = ("childcare_attendance", "childcare_staff_presence", "childcare_nursery_places", "user_roles")


def _ratio_html() -> Expiring:
    now = services.nursery_now()
    register = services.nursery_day(now.date(), now)
    minutes = now.hour * 60 + now.minute
    next_slice = (minutes // rules.SLICE_MINUTES + 1) * rules.SLICE_MINUTES  # the banner changes with the slice too
    until = datetime.combine(now.date(), time()) + timedelta(minutes=next_slice)
    return Expiring(render_template("childcare/nursery/_ratio_banner.html", register=register),
                    until.replace(tzinfo=ROME))


@bp.get("/nursery/register/ratio")
@roles_required(*NURSERY_STAFF)
@background
@polls(lambda _user_id: ("childcare.nursery_ratio", RATIO_TAGS))
def nursery_ratio_banner():
    """The live banner (polled every minute): whether the children present are within 1 educator every 5."""
    return live_region(current_user.id, _ratio_html)


def _at(text: str | None) -> time | None:
    if not text:
        return services.nursery_now().time().replace(second=0, microsecond=0)
    return _parse_time(text)


def _child_action(form, run):
    """Run an action on the form's child, then back to the register with the outcome."""
    day = _day()
    child = db.get_or_404(Child, int_or(form.child.data, 0))
    at = _at(form.at.data if hasattr(form, "at") else None)
    if at is None:
        flash(_l("Write the time as HH:MM."), "danger")
        return redirect(_back(day), code=303)
    done: dict = {}
    if submitted_and_done(form, lambda: done.update(result=run(child, day, at))):
        return done.get("result") or redirect(_back(day), code=303)
    for messages in form.errors.values():
        for message in messages:
            flash(message, "danger")
    db.session.rollback()
    return redirect(_back(day), code=303)


@bp.post("/nursery/register/arrive")
@roles_required(*NURSERY_STAFF)
def nursery_arrive():
    return _child_action(ArrivalForm(), lambda child, day, at: services.nursery_arrive(current_user, child, day, at)
                         and None)


@bp.post("/nursery/register/absent")
@roles_required(*NURSERY_STAFF)
def nursery_absent():
    def run(child, day, _at):
        if services.mark_absent(current_user, child, day):
            flash(_l("%(name)s is marked absent. Today's meals went to the caterer already and can no longer "
                     "change: the meal is charged unless the absence came before 9:30.", name=child.full_name),
                  "warning")
        else:
            flash(_l("%(name)s is marked absent: no meal is ordered.", name=child.full_name), "success")
    return _child_action(ArrivalForm(), run)


@bp.post("/nursery/register/leave")
@roles_required(*NURSERY_STAFF)
def nursery_leave():
    form = DepartureForm()
    child = db.get_or_404(Child, int_or(form.child.data, 0))
    form.picked_up_by.choices = [(name, name) for name in services.pickup_names(child.family)]
    return _child_action(form, lambda child, day, at: services.nursery_leave(
        current_user, child, day, at, form.picked_up_by.data) and None)


def _staff(use_case):
    form, day = StaffForm(), _day()
    at = _at(form.at.data)
    if at is None:
        flash(_l("Write the time as HH:MM."), "danger")
    elif not submitted_and_done(form, lambda: use_case(current_user, int_or(form.educator.data, 0), day, at,
                                                       **_replaces(form, use_case))):
        for messages in form.errors.values():
            for message in messages:
                flash(message, "danger")
        db.session.rollback()
    return redirect(_back(day), code=303)


def _replaces(form, use_case) -> dict:
    """A substitution chosen on coming on duty: the educator replaced (an unknown id is refused by the use case)."""
    if use_case is not services.staff_enter or not form.replaces.data:
        return {}
    return {"replaces_id": int_or(form.replaces.data, -1)}


@bp.post("/nursery/register/staff/enter")
@roles_required(*NURSERY_STAFF)
def nursery_staff_enter():
    return _staff(services.staff_enter)


@bp.post("/nursery/register/staff/leave")
@roles_required(*NURSERY_STAFF)
def nursery_staff_leave():
    return _staff(services.staff_leave)


@bp.post("/nursery/meals/send")
@roles_required(*NURSERY_STAFF)
def nursery_send_meals():
    """Send today's meal count to the caterer now, before the 9:30 command does: once a day."""
    day = services.nursery_now().date()
    return one_button(lambda: services.send_meal_count(current_user, day),
                      lambda count: _l("%(count)d meals for %(day)s sent to the caterer; today's meals are now fixed.",
                                       count=count.meals, day=format_day(day, "EEEE d MMMM")),
                      _back(day))



@bp.route("/nursery/years/<int:year_id>/meals", methods=["GET", "POST"])
@roles_required("amministratore")
def nursery_meals(year_id: int):
    """The office: the year's price of a day's meals (at most EUR 5.80) and the counts sent to the caterer."""
    year = db.get_or_404(NurseryYear, year_id)
    form = MealPriceForm(formdata=None, meal_price=year.meal_cents) if request.method == "GET" else MealPriceForm()
    if request.method == "POST" and submitted_and_done(
            form, lambda: services.set_meal_price(current_user, year, form.meal_price.data)):
        flash(_l("The price of a day's meals is saved."), "success")
        return redirect(url_for("childcare.nursery_meals", year_id=year.id), code=303)
    today = today_in_rome()
    return render_template("childcare/nursery/meals.html", year=year, form=form,
                           counts=services.meal_counts(add_months(today.replace(day=1), -2), today),
                           ), form_status(form)
