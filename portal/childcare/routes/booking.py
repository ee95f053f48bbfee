"""The booking page (a day strip, start and length chips, the price as they change, one confirmation), the
bookings as the family sees them and their cancelling, the waiting list."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.auth.access import background, roles_required
from portal.childcare import bp, rules, services
from portal.childcare.forms import BookingForm, WaitingForm
from portal.childcare.routes.common import PARENTS, _ask_for_family, _parse_time
from portal.core.calendar import LAST_DAY, today_in_rome
from portal.core.dates import format_day
from portal.core.forms import ActionForm, attach_rule_violation
from portal.core.htmx import is_partial, live_region, polls, render
from portal.core.money import format_money
from portal.core.query import day_or, int_or
from portal.core.rules import RuleViolation


def _first_day() -> date:
    """The grid's first day from ?from=YYYY-MM-DD, never before today."""
    return max(day_or(request.args.get("from"), today_in_rome()), today_in_rome())


def _strip_first(day: date | None = None) -> date:
    """The day strip's first day: ?from=YYYY-MM-DD, never before today; moved on to show a chosen day outside it."""
    first = _first_day()
    if day is not None and not first <= day < first + timedelta(days=services.GRID_DAYS):
        first = max(day, today_in_rome())
    return first


def _chosen_time(text: str | None, day: date | None) -> time | None:
    chosen = _parse_time(text)
    return chosen if chosen is not None and day is not None else None


def _booking_context(first: date, child_id: int, day: date | None, start: time | None, blocks: int) -> dict:
    """The booking page's template values (`services.booking_choice` says what is chosen and what it costs)."""
    family = services.family_of(current_user)
    choice = services.booking_choice(current_user, family, first, child_id, day, start, blocks)
    return {"family": family, "children": choice.children, "child": choice.child, "strip": choice.strip,
            "first": first, "day": choice.day, "slots": choice.slots, "start": choice.start,
            "durations": choice.durations, "chosen": choice.chosen, "charge": choice.charge, "error": choice.error,
            "card_blocks": services.card_hours_left(family), "settings": services.settings(),
            "previous": first - timedelta(days=services.GRID_DAYS),
            "following": first + timedelta(days=services.GRID_DAYS), "today": today_in_rome(),
            "form": None, "full_blocks": [], "oob": is_partial(),
            "last_start": choice.last.strftime("%H:%M") if choice.last else None}


def _requested() -> tuple[date, int, date | None, time | None, int]:
    day = day_or(request.args.get("day"), None)
    if day is not None and day < today_in_rome():
        day = None
    return (_strip_first(day), int_or(request.args.get("child"), 0), day,
            _chosen_time(request.args.get("start"), day), int_or(request.args.get("blocks"), 0, 0, 48))


@bp.get("/book")
@roles_required(*PARENTS)
def grid():
    """The booking page: a day, a start time, a length, the price as they change (htmx swaps `_booking.html`), one
    confirmation. Without JavaScript the same page answers each choice."""
    if services.family_of(current_user) is None:
        return _ask_for_family()
    context = _booking_context(*_requested())
    if context["child"] is None:
        flash(_l("Add your child first."), "info")
        return redirect(url_for("childcare.child"))
    return render("childcare/book.html", "childcare/_booking.html", **context)


def _places_key(user_id: int) -> tuple[str, tuple[str, ...]]:
    first, child, day, _start, _blocks = _requested()
    return (f"policino.places:{user_id}:{first.isoformat()}:{child}:{day.isoformat() if day else ''}",
            services.GRID_TAGS)


@bp.get("/book/places")
@roles_required(*PARENTS)
@background
@polls(_places_key)
def places():
    """The day strip's live fragment, polled every 30 s: 304 while no place in the period was taken or freed."""
    if not is_partial():  # a bookmarked or reloaded fragment URL: the whole page
        return redirect(url_for("childcare.grid"), code=303)
    response = live_region(current_user.id, _strip_html)
    return redirect(url_for("childcare.grid"), code=303) if response is None else response


def _strip_html() -> str | None:
    if services.family_of(current_user) is None:
        return None
    first, child_id, day, _start, _blocks = _requested()
    days = services.grid(current_user, first)
    strip = services.day_strip(days, first)
    child = next((child for child in services.active_children(services.family_of(current_user))
                  if child.id == child_id), None)
    if day is None:
        day = next((entry.day for entry in strip if entry.state == "open"), None)
    return render_template("childcare/_grid.html", strip=strip, first=first, day=day, child=child)


def _blocks_between(first: time | None, last: time | None) -> int:
    if first is None or last is None or last < first:
        return 0
    return (datetime.combine(date.min, last) - datetime.combine(date.min, first)).seconds // 60 // \
        rules.BLOCK_MINUTES + 1


def _taken(form: BookingForm, violation: RuleViolation, day: date, child_id: int):
    """A booking whose places were taken: the reason, the waiting list for the full half hours, the way back to the
    day's other times (no chooser to build: it is what most of a rush receives)."""
    attach_rule_violation(form, violation)  # the language switch carries it to the other language
    full = violation.starts if isinstance(violation, services.PlacesTaken) else []
    return render_template("childcare/taken.html", message=violation.message, full_blocks=full, day=day,
                           child_id=child_id), 422


@bp.route("/book/new", methods=["GET", "POST"])
@roles_required(*PARENTS)
def book():
    """The booking's confirmation (POST); a GET (an old link, or the language switch bringing back a refused
    booking) shows the booking page."""
    form = BookingForm()
    first, last = _parse_time(form.first.data), _parse_time(form.last.data)
    day = form.day.data if isinstance(form.day.data, date) else None
    valid = request.method == "POST" and form.validate()
    if valid and form.confirm.data == "yes" and _blocks_between(first, last):
        # Taken already (in a rush, most attempts): one read, the reason and the waiting list, nothing else. The use
        # case checks the family, the child and the rules; a waiting list entry checks them when it is joined.
        taken = services.full_blocks(day, first, last)
        if taken:
            return _taken(form, services.PlacesTaken(taken), day, form.child.data)
    if services.family_of(current_user) is None:
        return _ask_for_family()
    if request.method == "GET" and not form.replayed:
        return redirect(url_for("childcare.grid", day=request.args.get("day"), start=request.args.get("start")),
                        code=303)
    status, full_blocks = 422, []
    if request.method == "POST":
        child = services.child_of(current_user, form.child.data or 0) if valid else None
        if form.child.data and child is None and not form.child.errors:
            form.child.errors = [_l("Choose one of your children.")]
        if child is not None and (first is None or last is None):
            form.first.errors = [_l("Choose a start time.")]
        elif child is not None and _blocks_between(first, last) == 0:  # ends before it starts
            form.last.errors = [_l("Choose how long your child stays.")]
        elif child is not None and form.confirm.data != "yes":  # a review: the page with the price, nothing booked
            status = 200
        elif child is not None:
            try:
                services.book(current_user, child, day, first, last)
                flash(_l("Booked: %(name)s on %(day)s, %(first)s–%(last)s.", name=child.full_name,
                         day=format_day(day), first=first.strftime("%H:%M"),
                         last=rules.block_end(last).strftime("%H:%M")), "success")
                return redirect(url_for("childcare.bookings"), code=303)
            except RuleViolation as violation:
                if isinstance(violation, services.PlacesTaken):  # taken meanwhile
                    return _taken(form, violation, day, child.id)
                full_blocks = services.full_blocks(day, first, last)
                attach_rule_violation(form, violation)
    else:
        status = 200
    if day is not None and not today_in_rome() <= day <= LAST_DAY:  # a typed far-off day must not overflow the strip
        day = None
    context = _booking_context(_strip_first(day), form.child.data or 0, day, first, _blocks_between(first, last))
    context.update(form=form, full_blocks=full_blocks)
    return render("childcare/book.html", "childcare/_booking.html", status, **context)


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
    """The family's bookings to come, one card each (17:00-18:30 is one), each with one cancel."""
    return render_template("childcare/bookings.html", stays=services.upcoming_stays(services.family_of(current_user)),
                           action=ActionForm())


def _cost_message(cost: rules.CancelCost) -> str:
    """What a cancellation leaves charged, in the family's words (the confirmation and the message after it)."""
    if cost.in_time or cost.free:
        return _("Nothing will be charged.")
    parts = []
    if cost.amount_cents:
        parts.append(_("%(amount)s stays charged", amount=format_money(cost.amount_cents)))
    if cost.card_blocks:
        parts.append(ngettext("%(num)d half hour stays taken from your card",
                              "%(num)d half hours stay taken from your card", cost.card_blocks))
    return _("It is past the deadline (the end of the day before): %(charges)s.", charges=_(" and ").join(parts))


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@roles_required(*PARENTS)
def cancel(booking_id: int):
    """GET: the confirmation (what will be charged), in the booking's card for htmx; POST: the whole booking."""
    found = services.booking_of(current_user, booking_id)
    if found is None:
        abort(404)
    if request.method == "GET":
        view = services.stay_of(current_user, booking_id)
        if view is None:
            flash(_l("This booking can no longer be cancelled."), "info")
            return redirect(url_for("childcare.bookings"), code=303)
        return render("childcare/cancel.html", "childcare/_cancel.html", stay=view, action=ActionForm(),
                      cost_message=_cost_message(view.cancel_cost))
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        cost = services.cancel(current_user, found)
    except RuleViolation as violation:
        flash(violation.message, "danger")
        return redirect(url_for("childcare.bookings"), code=303)
    flash(_("Cancelled.") + " " + _cost_message(cost), "success" if cost.free else "warning")
    return redirect(url_for("childcare.bookings"), code=303)
