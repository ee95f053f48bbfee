"""Appointments: the student's booking and the CAF's agenda of the day."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import background, roles_required
from portal.caf import bp, rules, services
from portal.caf.forms import SlotForm
from portal.caf.labels import APPOINTMENT_LABELS
from portal.caf.models import Slot
from portal.caf.routes._common import CAF, STUDENTS, _int, _purpose, _student_or_profile
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, attach_rule_violation, form_status, submitted_and_done
from portal.core.htmx import Expiring, is_partial, live_region, polls
from portal.core.query import day_or
from portal.core.rules import RuleViolation
from portal.extensions import db

# -- the student's appointments ----------------------------------------------------------------------------


@bp.get("/appointments")
@roles_required(*STUDENTS)
def appointments():
    student = _student_or_profile()
    if student is None:
        return redirect(url_for("caf.profile"))
    purpose, for_practice = _purpose(student)
    return render_template("caf/appointments.html", student=student,
                           appointments=services.appointments_of(student), offices=services.active_offices(),
                           purpose=purpose, purposes=rules.PURPOSES, for_practice=for_practice,
                           labels=APPOINTMENT_LABELS, action=ActionForm(),
                           hours_before=services.change_hours_before())


def _chosen_day(text: str | None) -> date | None:
    """The day asked for in ?day=, if it is one of the booking window's; None (the first day with free times)
    otherwise, so that the shared cache holds at most one grid per day of the window."""
    chosen = day_or(text, None)
    first, last = services.booking_window()
    return chosen if chosen is not None and first <= chosen <= last else None


def _slots_context(office, chosen: date | None = None) -> dict:
    """The day strip (every day of the window the office opens on, with its number of free times) and the chosen
    day's times: the first day with free times unless another day is chosen."""
    days = services.free_slots(office)
    free = {agenda_day.day: agenda_day.slots for agenda_day in days}
    first, last = services.booking_window()
    weekdays = {hours.weekday for hours in office.hours}
    strip = [(first + timedelta(days=offset), len(free.get(first + timedelta(days=offset), ())))
             for offset in range((last - first).days + 1) if (first + timedelta(days=offset)).weekday() in weekdays
             or first + timedelta(days=offset) in free]
    while strip and not strip[0][1]:  # the strip starts at the first day with free times (today never has any)
        strip.pop(0)
    if chosen is None:
        chosen = days[0].day if days else None
    return {"office": office, "days": days, "strip": strip, "chosen": chosen, "times": free.get(chosen, ()),
            "today": today_in_rome()}


@bp.get("/appointments/offices/<int:office_id>")
@roles_required(*STUDENTS)
def office_slots(office_id: int):
    office = services.active_office(office_id) or abort(404)
    student = _student_or_profile()
    if student is None:
        return redirect(url_for("caf.profile"))
    purpose, reason = _purpose(student)
    if purpose is None:
        flash(reason, "info")
        return redirect(url_for("caf.appointments"))
    return render_template("caf/slots.html", purpose=purposes_label(purpose),
                           **_slots_context(office, _chosen_day(request.args.get("day"))))


def purposes_label(purpose: str) -> str:
    return str(rules.PURPOSES[purpose])


@bp.get("/appointments/offices/<int:office_id>/free")
@roles_required(*STUDENTS)
@background
@polls(lambda user_id: (f"caf.slots:{request.view_args['office_id']}:{_chosen_day(request.args.get('day')) or ''}",
                        services.SLOT_TAGS))
def free_slots(office_id: int):
    """The grid's live fragment, the same for every student (no personal data, no form tokens): polled every
    30 s and served from the shared cache, 304 while no slot of the office changed. While it is cached, no query:
    the office itself is looked up only when the fragment is computed."""
    if not is_partial():
        return redirect(url_for("caf.office_slots", office_id=office_id), code=303)
    chosen = _chosen_day(request.args.get("day"))
    response = live_region(current_user.id, lambda: _slots_html(office_id, chosen))
    if response is None:
        abort(404)
    return response


def _slots_html(office_id: int, chosen: date | None = None) -> str | Expiring | None:
    """The day strip and a day's times, stale once the earliest free slot of the window passes the booking cut-off
    even if nobody books (the strip's counts change then too)."""
    office = services.active_office(office_id)
    if office is None:
        return None
    context = _slots_context(office, chosen)
    html = render_template("caf/_slots.html", **context)
    stale_at = services.grid_stale_at(context["days"])
    return html if stale_at is None else Expiring(html, stale_at)


@bp.route("/appointments/book", methods=["GET", "POST"])
@roles_required(*STUDENTS)
def book():
    """Confirm a chosen time; a student with an appointment for the same purpose moves it instead."""
    form = SlotForm(slot=request.args.get("slot", ""))
    if request.method == "POST" and form.validate():
        # Taken already (in a rush, most attempts): one read, the reason and the way back to the free times, nothing
        # else. The use case checks the student, the purpose and the rules when a place may be free.
        office_id = services.taken_slot_office(_int(form.slot.data))
        if office_id is not None:
            attach_rule_violation(form, RuleViolation(services.TAKEN, field="slot"))  # for the language switch
            return render_template("caf/taken.html", message=services.TAKEN, office_id=office_id), 422
    student = _student_or_profile()
    if student is None:
        return redirect(url_for("caf.profile"))
    slot = services.slot_for(_int(form.slot.data))
    if slot is None or not slot.office.active:
        flash(_l("Choose a time among the free ones."), "info")
        return redirect(url_for("caf.appointments"), code=303)
    purpose, reason = _purpose(student)
    if purpose is None:
        flash(reason, "info")
        return redirect(url_for("caf.appointments"), code=303)
    current = services.active_appointment(student, purpose)
    # What `services.book_or_move` does, with the appointment just read: a rush's POST reads it once.
    if submitted_and_done(form, lambda: services.reschedule(current_user, current, slot.id) if current is not None
                          else services.book(current_user, student, slot.id)):
        flash(_l("Booked: you will receive the confirmation by e-mail, with the appointment for your calendar."),
              "success")
        return redirect(url_for("caf.appointments"), code=303)
    return render_template("caf/book.html", form=form, slot=slot, start=services.slot_start(slot),
                           purpose=purposes_label(purpose), current=current), form_status(form)


@bp.get("/appointments/<int:appointment_id>/cancel")
@roles_required(*STUDENTS, *CAF)
def appointment_cancel_confirm(appointment_id: int):
    """Before cancelling: the appointment, what cancelling does, and the one button (or, for a student, why it is
    too late). The CAF's staff confirm too, from the day's agenda, and may cancel at any time."""
    found = services.appointment_for(current_user, appointment_id) or abort(404)
    operator = services.is_operator(current_user)
    back = (url_for("caf.agenda", office=found.slot.office_id, day=found.slot.day.isoformat()) if operator
            else url_for("caf.appointments"))
    if found.status != "booked":
        flash(_l("This appointment is not active."), "info")
        return redirect(back, code=303)
    too_late = None
    try:
        if not operator:
            rules.check_may_change(services.slot_start(found.slot), services.now(), services.change_hours_before())
    except RuleViolation as violation:
        too_late = violation.message
    return render_template("caf/cancel.html", appointment=found, purposes=rules.PURPOSES, too_late=too_late,
                           action=ActionForm(), operator=operator, back=back)


@bp.post("/appointments/<int:appointment_id>/cancel")
@roles_required(*STUDENTS, *CAF)
def appointment_cancel(appointment_id: int):
    found = services.appointment_for(current_user, appointment_id) or abort(404)
    back = (url_for("caf.agenda", office=found.slot.office_id, day=found.slot.day.isoformat())
            if services.is_operator(current_user) else url_for("caf.appointments"))
    return one_button(lambda: services.cancel(current_user, found), lambda _none: _l("Appointment cancelled."), back)


# -- the CAF: the day's agenda ------------------------------------------------------------------------------


@bp.get("/agenda")
@roles_required(*CAF)
def agenda():
    offices = services.active_offices()
    if not offices:
        flash(_l("Add an office first."), "info")
        return redirect(url_for("caf.offices"))
    office = next((o for o in offices if o.id == _int(request.args.get("office"))), offices[0])
    day = day_or(request.args.get("day"), today_in_rome())
    return render_template("caf/agenda.html", office=office, offices=offices, day=day,
                           rows=services.day_agenda(office, day), labels=APPOINTMENT_LABELS, purposes=rules.PURPOSES,
                           action=ActionForm(), today=today_in_rome(), previous=services.shift_day(day, -1),
                           following=services.shift_day(day, 1))


def _agenda_of(appointment) -> str:
    return url_for("caf.agenda", office=appointment.slot.office_id, day=appointment.slot.day.isoformat())


@bp.post("/agenda/appointments/<int:appointment_id>/check-in")
@roles_required(*CAF)
def check_in(appointment_id: int):
    found = services.appointment_for(current_user, appointment_id) or abort(404)
    return one_button(lambda: services.check_in(current_user, found),
                       lambda _none: _l("%(name)s is here.", name=found.student.user.full_name), _agenda_of(found))


@bp.post("/agenda/appointments/<int:appointment_id>/no-show")
@roles_required(*CAF)
def no_show(appointment_id: int):
    found = services.appointment_for(current_user, appointment_id) or abort(404)
    return one_button(lambda: services.mark_no_show(current_user, found),
                       lambda _none: _l("Marked as not come: nothing is sent to the university for it."),
                       _agenda_of(found))


@bp.post("/agenda/appointments/<int:appointment_id>/open")
@roles_required(*CAF)
def open_practice(appointment_id: int):
    """An enrolled student at the intake: the operator opens the practice and enters the data with them."""
    found = services.appointment_for(current_user, appointment_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        practice = services.open_for_appointment(current_user, found)
    except RuleViolation as violation:
        db.session.rollback()
        flash(violation.message, "danger")
        return redirect(_agenda_of(found), code=303)
    return redirect(url_for("caf.practice_form", practice_id=practice.id, step="members"), code=303)


@bp.post("/agenda/slots/<int:slot_id>/block")
@roles_required(*CAF)
def slot_block(slot_id: int):
    slot = db.get_or_404(Slot, slot_id)
    blocked = request.form.get("blocked") == "1"
    return one_button(lambda: services.set_blocked(current_user, slot, blocked),
                       lambda _none: _l("Slot closed to bookings.") if blocked else _l("Slot open to bookings."),
                       url_for("caf.agenda", office=slot.office_id, day=slot.day.isoformat()))
