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
from portal.core.ids import is_ascii_digits
from portal.tutoring import bp, labels, rules, services
from portal.tutoring.forms import EventForm, InterpreterForm
from portal.tutoring.routes._common import long_day

EVENT_ROLES = (services.events.OFFICE, services.DEC, services.COORDINATOR)
ASKING = (services.events.OFFICE, services.DEC)


def _year() -> int:
    text = request.args.get("year", "")
    year = int(text) if is_ascii_digits(text, 4) else services.today().year
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
    return _page(form, may_ask, year), form_status(form)


def _interpreters() -> list[tuple[int, str]]:
    """The operators the coordinator may send to an event: those with the LIS qualification on record."""
    return [(operator.id, operator.user.full_name) for operator in services.operators() if operator.lis_qualified]


def _page(form, may_ask: bool, year: int, failed: int | None = None, refusal: str = "") -> str:
    return render_template("tutoring/events.html", form=form, may_ask=may_ask, year=year,
                           events=services.events.events_for(current_user, year),
                           left=services.events.pool_left(year), pool=rules.LIS_EVENT_POOL_MINUTES,
                           event_statuses_l=labels.EVENT_STATUSES, action=ActionForm(),
                           interpreters=_interpreters() if current_user.has_role(services.COORDINATOR) else [],
                           failed=failed, refusal=refusal)


@bp.post("/events/<int:event_id>/interpreter")
@roles_required(services.COORDINATOR)
def event_interpreter(event_id: int):
    """The coordinator sends a LIS interpreter to the event (or another one instead)."""
    event = services.events.event_for(current_user, event_id)
    if event is None:
        abort(404)
    form = InterpreterForm()
    form.operator_id.choices = _interpreters()
    if submitted_and_done(form, lambda: services.events.assign_interpreter(current_user, event,
                                                                           form.operator_id.data)):
        flash(_l("%(name)s interprets at the event on %(day)s.", name=event.operator.user.full_name,
                 day=long_day(event.day)), "success")
        return redirect(url_for("tutoring.events", year=event.day.year), code=303)
    refusal = next((str(error) for errors in form.errors.values() for error in errors), "")
    return _page(EventForm(formdata=None), False, event.day.year, failed=event.id, refusal=refusal), 422


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
