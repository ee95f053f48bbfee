"""The language centre's pages: periods, the plan of a period with its deadlines, a class's list, who has
Italian in the study plan. The DEC reads them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.courses import bp, labels, services
from portal.courses.forms import CapacityForm, CourseForm, MoveForm, PeriodForm, PlanStudentsForm, TeacherForm
from portal.courses.models import Course, Enrolment, Period
from portal.extensions import db

OFFICE = services.OFFICE_ROLES
READERS = (*OFFICE, "dec")


@bp.route("/periods", methods=["GET", "POST"])
@roles_required(*READERS)
def periods():
    form = PeriodForm()
    created = []
    if current_user.has_role(*OFFICE) and submitted_and_done(form, lambda: created.append(services.create_period(
            current_user, form.year.data, int(form.number.data), form.opens_on.data))):
        flash(_l("Period created: now plan its courses."), "success")
        return redirect(url_for("courses.period", period_id=created[0].id), code=303)
    return render_template("courses/periods.html", periods=services.periods(), form=form,
                           office=current_user.has_role(*OFFICE)), form_status(form)


@bp.route("/periods/<int:period_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def period(period_id: int):
    period = db.get_or_404(Period, period_id)
    form = CourseForm()
    if current_user.has_role(*OFFICE) and submitted_and_done(form, lambda: services.add_course(
            current_user, period, form.level.data, form.mode.data, form.pattern.data, form.starts_on.data,
            form.capacity.data, form.place.data or "")):
        flash(_l("Course planned with its meetings."), "success")
        return redirect(url_for("courses.period", period_id=period.id), code=303)
    if not form.is_submitted():
        form.starts_on.data = form.starts_on.data or period.starts_on
    plan = services.period_plan(period)
    texts = [labels.warning_text(code, figures) for code, figures in plan["warnings"] + plan["year_warnings"]]
    return render_template("courses/period.html", form=form, labels=labels, action=ActionForm(), warning_texts=texts,
                           office=current_user.has_role(*OFFICE), **plan), form_status(form)


@bp.post("/periods/<int:period_id>/activate")
@roles_required(*OFFICE)
def activate(period_id: int):
    period = db.get_or_404(Period, period_id)
    return one_button(lambda: services.send_activation(current_user, period),
                      lambda count: _l("Activation notice recorded for %(count)d courses.", count=count),
                      url_for("courses.period", period_id=period.id))


def _class_page(course: Course, teacher_form=None, capacity_form=None, move_form=None, status: int = 200):
    teacher_form = teacher_form or TeacherForm(teacher=course.teacher_id)
    teacher_form.teacher.choices = [(t.id, t.full_name) for t in services.teachers()]
    capacity_form = capacity_form or CapacityForm(capacity=course.capacity)
    others = [c for c in course.period.courses if c.id != course.id]
    move_form = move_form or MoveForm()
    move_form.course.choices = [(c.id, f"{c.code} ({c.capacity - c.seats_taken})") for c in others]
    people = services.class_list(course)
    return render_template("courses/manage.html", course=course, people=people,
                           seated=[p for p in people if p.status == "enrolled"],
                           waiting=[p for p in people if p.status == "waiting"],
                           summaries=services.class_attendance(course),
                           teacher_form=teacher_form, capacity_form=capacity_form, move_form=move_form,
                           labels=labels, office=current_user.has_role(*OFFICE), action=ActionForm()), status


@bp.get("/classes/<int:course_id>/manage")
@roles_required(*READERS)
def manage(course_id: int):
    return _class_page(db.get_or_404(Course, course_id))


@bp.post("/classes/<int:course_id>/teacher")
@roles_required(*OFFICE)
def teacher(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = TeacherForm()
    if submitted_and_done(form, lambda: services.name_teacher(current_user, course, form.teacher.data)):
        flash(_l("Teacher named."), "success")
        return redirect(url_for("courses.manage", course_id=course.id), code=303)
    return _class_page(course, teacher_form=form, status=422)


@bp.post("/classes/<int:course_id>/capacity")
@roles_required(*OFFICE)
def capacity(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = CapacityForm()
    if submitted_and_done(form, lambda: services.set_capacity(current_user, course, form.capacity.data)):
        flash(_l("Seats changed."), "success")
        return redirect(url_for("courses.manage", course_id=course.id), code=303)
    return _class_page(course, capacity_form=form, status=422)


@bp.post("/enrolments/<int:enrolment_id>/move")
@roles_required(*OFFICE)
def move(enrolment_id: int):
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    course = enrolment.course
    form = MoveForm()
    target = db.session.get(Course, form.course.data) if isinstance(form.course.data, int) else None
    if target is None and form.is_submitted():
        form.validate()
        form.course.errors = [*form.course.errors, _l("Choose another class of the same period.")]
        return _class_page(course, move_form=form, status=422)
    if submitted_and_done(form, lambda: services.move(current_user, enrolment, target)):
        flash(_l("Moved to %(code)s; the attendance marks stay.", code=target.code), "success")
        return redirect(url_for("courses.manage", course_id=course.id), code=303)
    return _class_page(course, move_form=form, status=422)


@bp.route("/plan-students", methods=["GET", "POST"])
@roles_required(*OFFICE)
def plan_students():
    form = PlanStudentsForm()
    if not form.is_submitted():
        form.matricole.data = "\n".join(services.plan_students())
    if submitted_and_done(form, lambda: services.set_plan_students(current_user, form.codes)):
        flash(_l("List saved: these students enrol first."), "success")
        return redirect(url_for("courses.plan_students"), code=303)
    return render_template("courses/plan_students.html", form=form), form_status(form)
