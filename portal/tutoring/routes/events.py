"""LIS interpreting for the institution's events (a yearly pool of 10 hours), and the DEC's view of the students'
questionnaire with the complaint counter."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import FIRST_DAY, LAST_DAY
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.tutoring import bp, labels, rules, services
from portal.tutoring.forms import EventForm
from portal.tutoring.routes._common import long_day

EVENT_ROLES = (services.events.OFFICE, services.DEC, services.COORDINATOR)
ASKING = (services.events.OFFICE, services.DEC)


def _year() -> int:
    text = request.args.get("year", "")
    year = int(text) if text.isdigit() and len(text) == 4 else services.today().year
    return min(max(year, FIRST_DAY.year), LAST_DAY.year)


@bp.route("/events", methods=["GET", "POST"])
@roles_required(*EVENT_ROLES)
def events():
    form = EventForm()
    may_ask = current_user.has_role(*ASKING)
    if form.is_submitted() and not may_ask:
        abort(403)
    made = {}

    def run():
        made["event"] = services.events.ask(current_user, form.title.data, form.office.data, form.place.data or "",
                                            form.day.data, form.starts.data, form.ends.data)

    if may_ask and submitted_and_done(form, run):
        event = made["event"]
        flash(_l("Booked: LIS interpreting on %(day)s. The coordinator sends the interpreter.",
                 day=long_day(event.day)), "success")
        return redirect(url_for("tutoring.events", year=event.day.year), code=303)
    year = form.day.data.year if form.is_submitted() and form.day.data else _year()
    return render_template("tutoring/events.html", form=form, may_ask=may_ask, year=year,
                           events=services.events.events_for(current_user, year),
                           left=services.events.pool_left(year), pool=rules.LIS_EVENT_POOL_MINUTES,
                           event_statuses_l=labels.EVENT_STATUSES, action=ActionForm()), form_status(form)


@bp.post("/events/<int:event_id>/cancel")
@roles_required(*ASKING)
def event_cancel(event_id: int):
    event = services.events.event_for(current_user, event_id)
    if event is None:
        abort(404)
    return one_button(lambda: services.events.cancel(current_user, event),
                      lambda _none: _l("Cancelled: the hours are back in the year's pool."),
                      url_for("tutoring.events", year=event.day.year))


@bp.get("/satisfaction")
@roles_required(services.DEC)
def satisfaction():
    return render_template("tutoring/satisfaction.html", counter=services.survey.complaints(),
                           answers=services.survey.answers(), levels_l=labels.SURVEY_LEVELS,
                           free=rules.COMPLAINTS_FREE)
