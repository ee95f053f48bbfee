"""The learner's pages: the courses open for enrolment with their live seats, a class, enrolling, withdrawing,
attendance."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import background, roles_required
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm
from portal.core.htmx import is_partial, live_region, polls
from portal.courses import bp, labels, rules, services
from portal.courses.models import Course, Enrolment, Period
from portal.extensions import db

LEARNERS = services.LEARNER_ROLES


@bp.get("/")
@roles_required(*services.ALL_ROLES)
def home():
    learner = current_user.has_role(*LEARNERS)
    periods = services.current_periods() if learner else []
    enrolments = services.enrolments_of(current_user) if learner else []
    return render_template(
        "courses/home.html", periods=periods, enrolments=enrolments, learner=learner,
        boards={period.id: services.seat_board(period.id) for period in periods},
        positions={e.id: services.waiting_position(e) for e in enrolments},
        opens={period.id: services.opens_for_user(current_user, period) for period in periods},
        group=services.priority_group_of(current_user) if learner else None,
        meetings=services.todays_meetings(current_user) if current_user.has_role("docente") else [],
        suggested=services.placement.suggestion_of(current_user) if learner else None,
        office=services.is_office(current_user), labels=labels, action=ActionForm(), today=today_in_rome())


def _board_html(period_id: int) -> str | None:
    period = db.session.get(Period, period_id)
    if period is None:
        return None
    return render_template("courses/_seats.html", period=period, board=services.seat_board(period_id),
                           labels=labels)


@bp.get("/periods/<int:period_id>/seats")
@roles_required(*services.ALL_ROLES)
@background
@polls(lambda user_id: (f"courses.seats:{request.view_args['period_id']}", services.SEAT_TAGS))
def seats(period_id: int):
    """The live seat board of a period, the same for everybody (no names, no tokens): polled every 15 s and served
    from the shared cache, 304 while no seat changed."""
    if not is_partial():
        return redirect(url_for("courses.home"), code=303)
    response = live_region(current_user.id, lambda: _board_html(period_id))
    if response is None:
        abort(404)
    return response


@bp.get("/classes/<int:course_id>")
@roles_required(*services.ALL_ROLES)
def course(course_id: int):
    course = db.get_or_404(Course, course_id)
    mine = services.enrolment_in(current_user, course.period_id) if current_user.has_role(*LEARNERS) else None
    suggested = services.placement.suggestion_of(current_user) if current_user.has_role(*LEARNERS) else None
    return render_template("courses/course.html", course=course, mine=mine, labels=labels, action=ActionForm(),
                           suggested=suggested, far=rules.far_from_suggestion(course.level, suggested),
                           position=services.waiting_position(mine) if mine else None,
                           opens=services.opens_for_user(current_user, course.period), today=today_in_rome())


@bp.post("/classes/<int:course_id>/enrol")
@roles_required(*LEARNERS)
def enrol(course_id: int):
    course = db.get_or_404(Course, course_id)

    def done(enrolment):
        if enrolment.status == "enrolled":
            return _l("You are enrolled in %(code)s.", code=course.code)
        return _l("The class is full: you are on the waiting list of %(code)s, and get a seat as soon as one frees.",
                  code=course.code)

    return one_button(lambda: services.enrol(current_user, course), done,
                      url_for("courses.course", course_id=course.id))


def _own_enrolment(enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or (enrolment.user_id != current_user.id and not services.is_office(current_user)):
        abort(404)
    return enrolment


@bp.post("/enrolments/<int:enrolment_id>/withdraw")
@roles_required(*LEARNERS, *services.OFFICE_ROLES)
def withdraw(enrolment_id: int):
    enrolment = _own_enrolment(enrolment_id)
    return one_button(lambda: services.withdraw(current_user, enrolment), lambda _e: _l("Withdrawn."),
                      url_for("courses.home"))


@bp.get("/enrolments/<int:enrolment_id>/attendance")
@roles_required(*LEARNERS, *services.OFFICE_ROLES)
def attendance(enrolment_id: int):
    enrolment = _own_enrolment(enrolment_id)
    lines, summary = services.attendance_of(enrolment)
    return render_template("courses/attendance.html", enrolment=enrolment, lines=lines, summary=summary,
                           labels=labels, certificate=services.certificates.certificate_of(enrolment),
                           may_ask=enrolment.status == "enrolled" and rules.certificate_allowed(summary),
                           mine=enrolment.user_id == current_user.id, action=ActionForm())
