"""The booking grid, booking and cancelling half hours, the waiting list."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.auth.access import background, roles_required
from portal.childcare import bp, rules, services
from portal.childcare.forms import BookingForm, WaitingForm
from portal.childcare.routes.common import PARENTS, _ask_for_family, _parse_time
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm, attach_rule_violation
from portal.core.htmx import is_partial, live_region, polls
from portal.core.money import format_money
from portal.core.query import day_or
from portal.core.rules import RuleViolation


def _first_day() -> date:
    """The grid's first day from ?from=YYYY-MM-DD, never before today."""
    return max(day_or(request.args.get("from"), today_in_rome()), today_in_rome())


def _grid_context(first: date) -> dict:
    days = services.grid(current_user, first)
    free_counts = {slot.free for grid_day in days for slot in grid_day.slots}
    return {"days": days, "first": first,
            "place_labels": {count: ngettext("%(num)d place free", "%(num)d places free", count)
                             for count in free_counts},
            "full_label": _("Full: waiting list"),
            "previous": first - timedelta(days=services.GRID_DAYS),
            "following": first + timedelta(days=services.GRID_DAYS), "today": today_in_rome()}


@bp.get("/book")
@roles_required(*PARENTS)
def grid():
    """The coming two weeks' blocks with free places."""
    if services.family_of(current_user) is None:
        return _ask_for_family()
    return render_template("childcare/grid.html", **_grid_context(_first_day()))


@bp.get("/book/places")
@roles_required(*PARENTS)
@background
@polls(lambda user_id: (f"policino.places:{user_id}:{_first_day().isoformat()}", services.GRID_TAGS))
def places():
    """The grid's live fragment, polled every 30 s: 304 while no place in the period was taken or freed."""
    if not is_partial():  # a bookmarked or reloaded fragment URL: the whole grid
        return redirect(url_for("childcare.grid"), code=303)
    first = _first_day()
    response = live_region(current_user.id, lambda: _grid_html(first))
    return redirect(url_for("childcare.grid"), code=303) if response is None else response


def _grid_html(first: date) -> str | None:
    if services.family_of(current_user) is None:
        return None
    return render_template("childcare/_grid.html", **_grid_context(first))


def _booking_form(day: date | None) -> BookingForm:
    form = BookingForm()
    form.child.choices = [(child.id, child.full_name) for child in services.family_of(current_user).children
                          if child.active]
    chosen = form.day.data or day
    starts = services.blocks_of(chosen) if chosen else []
    form.first.choices = [(start.strftime("%H:%M"), start.strftime("%H:%M")) for start in starts]
    form.last.choices = [(start.strftime("%H:%M"), f"{start.strftime('%H:%M')}–{rules.block_end(start).strftime('%H:%M')}")
                         for start in starts]
    return form


@bp.route("/book/new", methods=["GET", "POST"])
@roles_required(*PARENTS)
def book():
    """Choose a child and a range of blocks, see the price, confirm."""
    family = services.family_of(current_user)
    if family is None:
        return _ask_for_family()
    day = day_or(request.values.get("day"), None)
    form = _booking_form(day)
    if request.method == "GET" and not form.replayed:
        form.day.data = day
        form.first.data = form.last.data = request.args.get("start")
    if not form.child.choices:
        flash(_l("Add your child first."), "info")
        return redirect(url_for("childcare.child"))
    charge, status, full_blocks = None, 200, []
    if form.is_submitted():
        status = 422
        first, last = _parse_time(form.first.data), _parse_time(form.last.data)
        child = services.child_of(current_user, form.child.data or 0)
        if form.validate() and child and first and last:
            try:
                if form.confirm.data == "yes":
                    services.book(current_user, child, form.day.data, first, last)
                    flash(_l("Booked: %(name)s on %(day)s, %(first)s–%(last)s.", name=child.full_name,
                             day=form.day.data.strftime("%d/%m/%Y"), first=first.strftime("%H:%M"),
                             last=rules.block_end(last).strftime("%H:%M")), "success")
                    return redirect(url_for("childcare.bookings"), code=303)
                charge, status = services.quote(current_user, child, form.day.data, first, last), 200
            except RuleViolation as violation:
                attach_rule_violation(form, violation)
                full_blocks = services.full_blocks(form.day.data, first, last)
        elif form.child.data and child is None:
            form.child.errors = [_l("Choose one of your children.")]
    return render_template("childcare/book.html", form=form, charge=charge, card_blocks=services.card_hours_left(family),
                           settings=services.settings(), full_blocks=full_blocks), status


@bp.post("/waiting")
@roles_required(*PARENTS)
def waiting():
    form = WaitingForm()
    family = services.family_of(current_user)
    form.child.choices = [(child.id, child.full_name) for child in (family.children if family else [])]
    child = services.child_of(current_user, form.child.data or 0) if form.is_submitted() else None
    start = _parse_time(form.start.data)
    if form.validate_on_submit() and child and start:
        try:
            services.join_waiting_list(current_user, child, form.day.data, start)
        except RuleViolation as violation:
            flash(violation.message, "danger")
            return redirect(url_for("childcare.grid", **{"from": form.day.data.isoformat()}), code=303)
        flash(_l("%(name)s is on the waiting list for %(day)s at %(time)s: if a place frees up, it is booked for "
                 "you and you get an e-mail.", name=child.full_name, day=form.day.data.strftime("%d/%m/%Y"),
                 time=start.strftime("%H:%M")), "success")
        return redirect(url_for("childcare.bookings"), code=303)
    abort(422)


@bp.get("/bookings")
@roles_required(*PARENTS)
def bookings():
    return render_template("childcare/bookings.html",
                           bookings=services.upcoming_bookings(services.family_of(current_user)),
                           action=ActionForm(), now=services.now_in_rome(), settings=services.settings(),
                           can_cancel_in_time=rules.can_cancel_in_time)


@bp.post("/bookings/<int:booking_id>/cancel")
@roles_required(*PARENTS)
def cancel(booking_id: int):
    found = services.booking_of(current_user, booking_id)
    if found is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        in_time = services.cancel(current_user, found)
    except RuleViolation as violation:
        flash(violation.message, "danger")
        return redirect(url_for("childcare.bookings"), code=303)
    if in_time or found.charge == "free":
        flash(_l("Cancelled: nothing to pay for it."), "success")
    elif found.charge == "card":
        flash(_l("Cancelled after the deadline: the half hour stays taken from your card."), "warning")
    else:
        flash(_l("Cancelled after the deadline: the half hour is still charged (%(amount)s).",
                 amount=format_money(found.amount_cents)), "warning")
    return redirect(url_for("childcare.bookings"), code=303)

