"""The day register: arrivals, pick-ups, educators on duty and each half hour's roster."""

from __future__ import annotations

from datetime import date, time, timedelta

from flask import abort, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, services
from portal.childcare.forms import ArrivalForm, DepartureForm, RosterForm, StaffForm
from portal.childcare.models import Child
from portal.childcare.routes.common import STAFF, _parse_time
from portal.core.calendar import today_in_rome
from portal.core.forms import submitted_and_done
from portal.core.htmx import is_partial, render
from portal.core.query import day_or, int_or
from portal.extensions import db


def _register_day(future: bool = False) -> date:
    """The register's day: any day to look at (`future`), at most today for what is recorded."""
    chosen = day_or(request.values.get("day"), today_in_rome())
    return chosen if future else min(chosen, today_in_rome())


def _register_page(day: date, status: int = 200, failed: int | None = None, form=None):
    staff = services.staff_presence(day, day).get(day, [])
    rows, counts = services.register(day, staff)
    today = today_in_rome()
    return render("childcare/register.html", "childcare/_register.html", status, rows=rows, counts=counts, day=day,
                  today=today, reminders=[] if is_partial() else services.pending_duties(today), action=ArrivalForm(formdata=None), failed=failed, failed_form=form,
                  timedelta=timedelta, educators=services.educators(), staff=staff, staff_section=STAFF_SECTION,
                  is_open=bool(services.blocks_of(day)))


@bp.get("/register")
@roles_required(*STAFF)
def register():
    """The day's children: arrivals and pick-ups in one tap, and each half hour against places and ratio; a day to
    come is shown read-only (its bookings), a closed day offers no start of duty."""
    return _register_page(_register_day(future=True))


def _time_or_now(text: str) -> time | None:
    if not text:
        return services.now_in_rome().time().replace(second=0, microsecond=0)
    return _parse_time(text)


STAFF_SECTION = -2  # `failed` for an error in the educators' part of the register (child ids are positive)


def _register_action(form, use_case):
    """Run an arrival or a pick-up of the form's child."""
    child = db.get_or_404(Child, int_or(form.child.data, 0))
    return _register_submit(form, lambda day, at: use_case(child, day, at), failed=child.id)


def _register_submit(form, run, failed: int):
    """Run a timed register entry; the register comes back (the htmx fragment, or the page) with any error."""
    day = _register_day()
    at = _time_or_now(form.at.data or "")
    if at is None:
        form.at.errors = [_l("Write the time as HH:MM.")]
    elif submitted_and_done(form, lambda: run(day, at)):
        if is_partial():
            return _register_page(day)
        return redirect(url_for("childcare.register", day=day.isoformat()), code=303)
    return _register_page(day, status=422, failed=failed, form=form)


@bp.post("/register/arrive")
@roles_required(*STAFF)
def arrive():
    return _register_action(ArrivalForm(), lambda child, day, at: services.check_in(current_user, child, day, at))


@bp.post("/register/leave")
@roles_required(*STAFF)
def leave():
    form = DepartureForm()
    child = db.get_or_404(Child, int_or(form.child.data, 0))
    form.picked_up_by.choices = [(name, name) for name in services.pickup_names(child.family)]
    return _register_action(form, lambda child, day, at: services.check_out(
        current_user, child, day, at, form.picked_up_by.data, form.note.data or ""))


def _staff_action(use_case):
    form = StaffForm()
    educator_id = int_or(form.educator.data, 0)
    return _register_submit(form, lambda day, at: use_case(current_user, educator_id, day, at), failed=STAFF_SECTION)


@bp.post("/register/staff/enter")
@roles_required(*STAFF)
def staff_enter():
    """An educator comes on duty (one tap; another time can be written)."""
    return _staff_action(services.staff_enter)


@bp.post("/register/staff/leave")
@roles_required(*STAFF)
def staff_leave():
    return _staff_action(services.staff_leave)


@bp.post("/register/roster")
@roles_required(*STAFF)
def roster():
    """How many educators are on duty in a half hour: refused below what its bookings need."""
    day, form = _register_day(), RosterForm()
    start = _parse_time(form.start.data)
    if start is None or start not in services.blocks_of(day):
        abort(404)
    if submitted_and_done(form, lambda: services.set_educators(current_user, day, start, form.educators.data)):
        if is_partial():
            return _register_page(day)
        return redirect(url_for("childcare.register", day=day.isoformat()), code=303)
    return _register_page(day, status=422, failed=-1, form=form)

