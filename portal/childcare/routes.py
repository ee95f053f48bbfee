from __future__ import annotations

from datetime import date, time, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.admin.forms import ActionForm
from portal.auth.access import background, roles_required
from portal.childcare import bp, rules, services
from portal.childcare.forms import (
    METHODS,
    PURPOSES,
    ArrivalForm,
    BookingForm,
    CardSaleForm,
    ChildForm,
    ClosureForm,
    DepartureForm,
    FamilyForm,
    JulyNurseryForm,
    MembershipForm,
    NurseryClosureForm,
    PaymentForm,
    PickupForm,
    PlanEmailsForm,
    PlanForm,
    RosterForm,
    StaffForm,
    WaitingForm,
)
from portal.childcare.models import Child, Family
from portal.core import csvio
from portal.core.actions import one_button
from portal.core.calendar import add_months, today_in_rome
from portal.core.dates import format_day
from portal.core.forms import attach_rule_violation, form_status, submitted_and_done
from portal.core.htmx import is_partial, live_region, polls, render
from portal.core.money import format_money
from portal.core.query import day_or, int_or, month_or
from portal.core.rules import RuleViolation
from portal.extensions import db

PARENTS = ("genitore",)
STAFF = ("educatore", "amministratore", "dec")
UNIVERSITY_STAFF = ("dipendente",)  # the week's activity plan is published to them too (tender 28.3)


def _ask_for_family():
    """Pages that need the family send a parent without one to the family page first."""
    flash(_l("Tell us about your family first: it takes a minute."), "info")
    return redirect(url_for("childcare.family"))


def _first_day() -> date:
    """The grid's first day from ?from=YYYY-MM-DD, never before today."""
    return max(day_or(request.args.get("from"), today_in_rome()), today_in_rome())


@bp.get("/")
@roles_required(*PARENTS, *STAFF, *UNIVERSITY_STAFF)
def home():
    if current_user.has_role(*STAFF) and not current_user.has_role(*PARENTS):  # the office starts from the register
        return redirect(url_for("childcare.register"))
    if not current_user.has_role(*PARENTS):  # staff of the university without children here: the week's activities
        return redirect(url_for("childcare.activities"))
    family = services.family_of(current_user)
    if family is None:
        return redirect(url_for("childcare.family"))
    return render_template("childcare/home.html", family=family, upcoming=services.upcoming_bookings(family, limit=6),
                           plan=services.activity_plan(services.week_of(today_in_rome())),
                           card_blocks=services.card_hours_left(family), categories=rules.CATEGORIES,
                           settings=services.settings())


@bp.route("/family", methods=["GET", "POST"])
@roles_required(*PARENTS)
def family():
    current = services.family_of(current_user)
    form = FamilyForm(obj=current)
    if submitted_and_done(form, lambda: services.register_family(current_user, form.category.data, form.phone.data)):
        flash(_l("Family details saved."), "success")
        return redirect(url_for("childcare.family"), code=303)
    return render_template("childcare/family.html", form=form, family=current, pickup=PickupForm(formdata=None),
                           remove=ActionForm(), categories=rules.CATEGORIES,
                           plan_emails=PlanEmailsForm(formdata=None, plan_emails=services.wants_plan(current_user))
                           ), form_status(form)


@bp.route("/children/new", methods=["GET", "POST"])
@bp.route("/children/<int:child_id>", methods=["GET", "POST"])
@roles_required(*PARENTS)
def child(child_id: int | None = None):
    found = services.child_of(current_user, child_id) if child_id is not None else None
    if child_id is not None and found is None:
        abort(404)
    if services.family_of(current_user) is None:
        return _ask_for_family()
    form = ChildForm(obj=found)
    if submitted_and_done(form, lambda: services.save_child(current_user, found, form.values())):
        flash(_l("%(name)s saved.", name=form.full_name.data), "success")
        return redirect(url_for("childcare.family"), code=303)
    return render_template("childcare/child.html", form=form, child=found), form_status(form)


@bp.post("/pickups")
@roles_required(*PARENTS)
def pickup_add():
    form = PickupForm()
    if submitted_and_done(form, lambda: services.save_pickup(current_user, form.values())):
        flash(_l("%(name)s can now pick up your children.", name=form.full_name.data), "success")
        return redirect(url_for("childcare.family"), code=303)
    current = services.family_of(current_user)
    return render_template("childcare/family.html", form=FamilyForm(obj=current), family=current, pickup=form,
                           remove=ActionForm(), categories=rules.CATEGORIES,
                           plan_emails=PlanEmailsForm(formdata=None, plan_emails=services.wants_plan(current_user))
                           ), 422


@bp.post("/pickups/<int:person_id>/delete")
@roles_required(*PARENTS)
def pickup_remove(person_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not services.remove_pickup(current_user, person_id):
        abort(404)
    flash(_l("Removed from the people who can pick up your children."), "success")
    return redirect(url_for("childcare.family"), code=303)


# -- the booking grid ------------------------------------------------------------------------------------


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


def _parse_time(text: str | None) -> time | None:
    try:
        return time.fromisoformat(text or "")
    except ValueError:
        return None


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


# -- the coordinator ---------------------------------------------------------------------------------------


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


def _removed_or_404(removed: bool) -> None:
    if not removed:
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


# -- money: statements, receipts, the desk ----------------------------------------------------------------


@bp.get("/account")
@roles_required(*PARENTS)
def account():
    family = services.family_of(current_user)
    if family is None:
        return _ask_for_family()
    return render_template("childcare/account.html", family=family, **_statement_context(family))


def _month_bounds_or_404(text: str | None, default: date) -> tuple[date, date]:
    """The first and last day of ?month=YYYY-MM (kept within the portal's years), of `default` without one; 404 for
    a month that does not exist."""
    first = month_or(text, None) if text is not None else default
    if first is None:
        abort(404)
    return first, add_months(first, 1) - timedelta(days=1)


def _statement_context(family) -> dict:
    """The account's totals and one month's statement (?month=YYYY-MM, this month by default)."""
    this_month = today_in_rome().replace(day=1)
    first, last = _month_bounds_or_404(request.args.get("month"), this_month)
    return {"totals": services.account_totals(family), "statement": services.statement(family, first, last),
            "receipts": services.payments_of(family),
            "card_blocks": services.card_hours_left(family), "methods": dict(METHODS), "purposes": PURPOSES,
            "previous_month": add_months(first, -1), "next_month": add_months(first, 1) if first <= this_month else None}


@bp.get("/receipts/<int:payment_id>")
@roles_required(*PARENTS, *STAFF)
def receipt(payment_id: int):
    payment = services.payment_of(current_user, payment_id)
    if payment is None:
        abort(404)
    return render_template("childcare/receipt.html", payment=payment, methods=dict(METHODS), purposes=PURPOSES)


@bp.get("/families")
@roles_required(*STAFF)
def families():
    q = request.args.get("q", "").strip()[:100]
    return render("childcare/families.html", "childcare/_families.html", rows=services.families(q), q=q,
                  categories=rules.CATEGORIES)


def _family_desk(family, payment=None, card=None, membership=None, status=200):
    payment = payment or PaymentForm(formdata=None, paid_on=today_in_rome())
    return render_template(
        "childcare/family_desk.html", family=family, **_statement_context(family), categories=rules.CATEGORIES,
        payment=payment, card=card or CardSaleForm(formdata=None),
        membership=membership or MembershipForm(formdata=None), settings=services.settings()), status


def _family_or_404(family_id: int):
    family = db.session.get(Family, family_id)
    if family is None:
        abort(404)
    return family


@bp.get("/families/<int:family_id>")
@roles_required(*STAFF)
def family_desk(family_id: int):
    return _family_desk(_family_or_404(family_id))


def _desk_action(family, form, use_case, message, form_name: str):
    """A desk action on a family: back to the family when done, or the family page with the form's errors."""
    done = {}
    if submitted_and_done(form, lambda: done.update(result=use_case())):
        flash(message(done["result"]), "success")
        return redirect(url_for("childcare.family_desk", family_id=family.id), code=303)
    return _family_desk(family, status=422, **{form_name: form})


@bp.post("/families/<int:family_id>/payments")
@roles_required(*STAFF)
def family_payment(family_id: int):
    family, form = _family_or_404(family_id), PaymentForm()
    return _desk_action(
        family, form, lambda: services.record_payment(current_user, family, form.amount.data, form.method.data,
                                                      "hours", form.paid_on.data, form.note.data or ""),
        lambda payment: _l("Payment recorded: receipt %(number)s.", number=payment.receipt_label), "payment")


@bp.post("/families/<int:family_id>/cards")
@roles_required(*STAFF)
def family_card(family_id: int):
    family, form = _family_or_404(family_id), CardSaleForm()
    return _desk_action(family, form, lambda: services.sell_card(current_user, family, form.method.data,
                                                                 form.hours.data),
                        lambda payment: _l("Card of %(hours)s hours sold for %(amount)s: receipt %(number)s.",
                                           hours=form.hours.data, amount=format_money(payment.amount_cents),
                                           number=payment.receipt_label), "card")


@bp.get("/families/<int:family_id>/children/<int:child_id>/health")
@roles_required(*STAFF)
def child_health(family_id: int, child_id: int):
    """A child's allergies and notes for the educators: each opening is written to the audit log."""
    family = _family_or_404(family_id)
    child = services.open_health_notes(current_user, family, child_id)
    if child is None:
        abort(404)
    return render_template("childcare/health.html", family=family, child=child)


@bp.post("/families/<int:family_id>/membership")
@roles_required(*STAFF)
def family_membership(family_id: int):
    family, form = _family_or_404(family_id), MembershipForm()
    return _desk_action(
        family, form, lambda: services.sell_membership(current_user, family, form.price.data, form.months.data,
                                                       form.method.data),
        lambda _payment: _l("Family approved; membership card valid until %(day)s.",
                            day=family.membership_valid_until.strftime("%d/%m/%Y")), "membership")


# -- the day register ------------------------------------------------------------------------------------


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


def _child_or_404(child_id: str | None) -> Child:
    child = db.session.get(Child, int_or(child_id, 0))
    if child is None:
        abort(404)
    return child


STAFF_SECTION = -2  # `failed` for an error in the educators' part of the register (child ids are positive)


def _register_action(form, use_case):
    """Run an arrival or a pick-up of the form's child."""
    child = _child_or_404(form.child.data)
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
    child = _child_or_404(form.child.data)
    family = db.session.get(Family, child.family_id)
    form.picked_up_by.choices = [(name, name) for name in services.pickup_names(family)]
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


# -- the monthly report ----------------------------------------------------------------------------------


def _report_month() -> tuple[str, tuple[date, date]]:
    just_ended = add_months(today_in_rome().replace(day=1), -1)
    first, last = _month_bounds_or_404(request.args.get("month"), just_ended)
    return first.strftime("%Y-%m"), (first, last)


@bp.get("/report")
@roles_required(*STAFF)
def report():
    """The monthly report for the university: printable, and as CSV."""
    month, (first, last) = _report_month()
    return render_template("childcare/report.html", month=month, report=services.monthly_report(first, last),
                           purposes=PURPOSES, methods=dict(METHODS), action=ActionForm(),
                           deadline=rules.report_deadline(first, services.settings()), today=today_in_rome(),
                           sent=services.duty("monthly_report", first))


@bp.post("/report/sent")
@roles_required(*STAFF)
def report_sent():
    """Record that the month's report reached the university, so nobody is reminded of it again."""
    month, (first, _last) = _report_month()
    return one_button(lambda: services.mark_report_sent(current_user, first),
                       lambda _task: _l("The report for %(month)s is marked as sent to the university.",
                                        month=format_day(first, "MMMM yyyy")),
                       url_for("childcare.report", month=month))


@bp.get("/report.csv")
@roles_required(*STAFF)
def report_csv():
    month, (first, last) = _report_month()
    body = csvio.write_rows(("date", "half_hour", "booked", "present", "educators", "places", "educators_present",
                             "educator_names", "within_places_and_ratio"),
                            services.report_csv_rows(services.monthly_report(first, last)))
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=policino-baby-parking-{month}.csv"})


# -- the week's activity plan ---------------------------------------------------------------------------------


def _set_plan_emails(back: str):
    form = PlanEmailsForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_plan_emails(current_user, form.plan_emails.data)
    flash(_l("You will get the activity plan by e-mail.") if form.plan_emails.data
          else _l("You will no longer get the activity plan by e-mail."), "success")
    return redirect(url_for(back), code=303)


@bp.post("/family/plan-emails")
@roles_required(*PARENTS)
def plan_emails():
    return _set_plan_emails("childcare.family")


@bp.get("/activities")
@roles_required(*UNIVERSITY_STAFF, *PARENTS, *STAFF)
def activities():
    """The week's activity plan, published to the university's staff (and the families): this week and the next."""
    return render_template("childcare/activities.html", plans=services.plans_from(services.week_of(today_in_rome())),
                           week=services.week_of(today_in_rome()),
                           plan_emails=PlanEmailsForm(formdata=None, plan_emails=services.wants_plan(current_user)))


@bp.post("/activities/emails")
@roles_required(*UNIVERSITY_STAFF, *PARENTS, *STAFF)
def activities_emails():
    """Ask for the plan by e-mail (or stop), whoever you are on the staff."""
    return _set_plan_emails("childcare.activities")


@bp.route("/plan", methods=["GET", "POST"])
@roles_required(*STAFF)
def plan():
    """The educators write the week's activities in both languages; publishing mails the families who asked."""
    week = services.week_of(day_or(request.args.get("week"), today_in_rome()))
    current = services.activity_plan(week)
    form = PlanForm(obj=current, week_start=week)
    done = {}
    if submitted_and_done(form, lambda: done.update(mailed=services.publish_plan(
            current_user, form.week_start.data, form.body_it.data, form.body_en.data)[1])):
        flash(_l("Plan published; e-mails sent: %(count)d.", count=done["mailed"]), "success")
        return redirect(url_for("childcare.plan", week=form.week_start.data.isoformat()), code=303)
    return render_template("childcare/plan.html", form=form, plan=current, week=week,
                           timedelta=timedelta), form_status(form)
