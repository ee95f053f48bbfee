"""End-of-course exams (point 5): the sittings page (the office creates, students with Italian in the plan register,
examiners find theirs), a sitting's page for the office and its examiners, accommodations, the results export."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.core.htmx import is_partial
from portal.core.query import int_or
from portal.courses import bp, labels, labels_exams, rules, services
from portal.courses.forms_exams import (
    AccommodationForm,
    ExaminerForm,
    ExamRegistrationForm,
    ResultForm,
    SittingForm,
    TurnForm,
)
from portal.courses.models import ExamAccommodation, ExamRegistration, ExamSitting
from portal.courses.services import exams
from portal.extensions import db

OFFICE = services.OFFICE_ROLES
EXAM_ROLES = (*OFFICE, "docente", "studente")


def _registration_form(sitting: ExamSitting, formdata=None) -> ExamRegistrationForm:
    form = ExamRegistrationForm(formdata=formdata, prefix=f"s{sitting.id}")
    form.turn.choices = [(turn.id, turn.id) for turn in sitting.turns]
    form.level.choices = [(level, level) for level in sitting.level_list]
    return form


def _sittings_page(form: SittingForm | None = None, status: int = 200):
    office = current_user.has_role(*OFFICE)
    sittings = exams.sittings_of(current_user)
    mine = {sitting.id: exams.registration_of(current_user, sitting) for sitting in sittings} \
        if current_user.has_role("studente") else {}
    return render_template("courses/exams.html", sittings=sittings, office=office, form=form or SittingForm(
        formdata=None), mine=mine, in_plan=exams.italian_in_plan(current_user),
        forms={sitting.id: _registration_form(sitting) for sitting in sittings}, action=ActionForm(),
        labels=labels_exams), status


@bp.route("/exams", methods=["GET", "POST"])
@roles_required(*EXAM_ROLES)
def exams_home():
    form = SittingForm()
    if not current_user.has_role(*OFFICE):
        if request.method == "POST":
            abort(403)
        return _sittings_page()
    created = []
    if submitted_and_done(form, lambda: created.append(exams.create_sitting(
            current_user, form.title.data, form.levels.data, form.opens_on.data, form.closes_on.data, form.day.data,
            form.starts.data.strftime("%H:%M"), form.minutes.data, form.mode.data, form.place.data or "",
            form.capacity.data))):
        flash(_l("Sitting created: add the examiners."), "success")
        return redirect(url_for("courses.exam_sitting", sitting_id=created[0].id), code=303)
    return _sittings_page(form, form_status(form))


@bp.post("/exams/<int:sitting_id>/register")
@roles_required("studente")
def exam_register(sitting_id: int):
    sitting = db.get_or_404(ExamSitting, sitting_id)
    form = _registration_form(sitting, request.form)
    if submitted_and_done(form, lambda: exams.register(current_user, sitting, form.turn.data, form.level.data,
                                                       bool(form.graduating.data))):
        flash(_l("You are registered for the exam."), "success")
        return redirect(url_for("courses.exams_home"), code=303)
    errors = [str(error) for errors in form.errors.values() for error in errors]
    flash(" ".join(errors) or _l("Check the form."), "danger")
    return redirect(url_for("courses.exams_home"), code=303)


def _own_registration(registration_id: int) -> ExamRegistration:
    registration = db.get_or_404(ExamRegistration, registration_id)
    if registration.user_id != current_user.id:
        abort(404)
    return registration


@bp.post("/exam-registrations/<int:registration_id>/withdraw")
@roles_required("studente")
def exam_withdraw(registration_id: int):
    from portal.core.actions import one_button

    registration = _own_registration(registration_id)
    return one_button(lambda: exams.withdraw(current_user, registration), lambda _r: _l("You have withdrawn."),
                      url_for("courses.exams_home"))


def _sitting_page(sitting: ExamSitting, turn_form=None, examiner_form=None, status: int = 200):
    office = current_user.has_role(*OFFICE)
    people = exams.registrations(sitting)
    accommodations = exams.open_accommodations(current_user, sitting)
    examiner_form = examiner_form or ExaminerForm(formdata=None)
    examiner_form.teacher.choices = [(teacher.id, teacher.full_name) for teacher in services.teachers()]
    examiner = exams.is_examiner(current_user, sitting)
    result_forms = {r.id: ResultForm(formdata=None, prefix=f"r{r.id}", outcome=r.outcome, grade=r.grade,
                                     oral=r.oral or "") for r in people} if examiner else {}
    # A sitting of 30 or 120 people is not a wall on a phone: grouped by turn, each folded, and a search by name or
    # matricola (a plain GET form; htmx swaps the list as one types).
    query = (request.args.get("q") or "")[:100].strip()
    folded = query.casefold()
    shown = [r for r in people if not folded or folded in r.user.full_name.casefold()
             or folded in (r.user.matricola or "")]
    groups = [(turn, [r for r in shown if r.turn_id == turn.id]) for turn in sitting.turns]
    context = {"sitting": sitting, "groups": groups, "query": query, "people": people, "shown": shown,
               "open_turn": int_or(request.args.get("turn"), 0), "accommodations": accommodations,
               "office": office, "examiner": examiner, "result_forms": result_forms, "labels": labels_exams,
               "extra_minutes": rules.extra_minutes}
    if is_partial() and request.headers.get("HX-Target") == "exam-people":
        return render_template("courses/_exam_people.html", **context), status
    return render_template(
        "courses/exam_sitting.html", **context, examiners=exams.examiners(sitting),
        turn_form=turn_form or TurnForm(formdata=None), examiner_form=examiner_form, course_labels=labels,
        columns=exams.EXPORT_COLUMNS, action=ActionForm()), status


@bp.get("/exams/<int:sitting_id>")
@roles_required(*OFFICE, "docente")
def exam_sitting(sitting_id: int):
    return _sitting_page(exams.sitting_for(current_user, sitting_id))


@bp.post("/exams/<int:sitting_id>/turns")
@roles_required(*OFFICE)
def exam_turn(sitting_id: int):
    sitting = db.get_or_404(ExamSitting, sitting_id)
    form = TurnForm()
    if submitted_and_done(form, lambda: exams.add_turn(current_user, sitting, form.day.data,
                                                       form.starts.data.strftime("%H:%M"), form.minutes.data,
                                                       form.mode.data, form.place.data or "", form.capacity.data)):
        flash(_l("Turn added."), "success")
        return redirect(url_for("courses.exam_sitting", sitting_id=sitting.id), code=303)
    return _sitting_page(sitting, turn_form=form, status=422)


@bp.post("/exams/<int:sitting_id>/examiners")
@roles_required(*OFFICE)
def exam_examiner(sitting_id: int):
    sitting = db.get_or_404(ExamSitting, sitting_id)
    form = ExaminerForm()
    if submitted_and_done(form, lambda: exams.add_examiner(current_user, sitting, form.teacher.data)):
        flash(_l("Examiner added."), "success")
        return redirect(url_for("courses.exam_sitting", sitting_id=sitting.id), code=303)
    return _sitting_page(sitting, examiner_form=form, status=422)


@bp.post("/exam-registrations/<int:registration_id>/result")
@roles_required("docente")
def exam_result(registration_id: int):
    registration = db.get_or_404(ExamRegistration, registration_id)
    sitting = exams.sitting_for(current_user, registration.sitting_id)
    form = ResultForm(prefix=f"r{registration.id}")
    if submitted_and_done(form, lambda: exams.record_result(current_user, registration, form.outcome.data,
                                                            form.grade.data, form.oral.data or None)):
        flash(_l("Result recorded for %(name)s.", name=registration.user.full_name), "success")
    else:
        errors = [str(error) for errors in form.errors.values() for error in errors]
        flash(" ".join(errors) or _l("Check the form."), "danger")
    return redirect(url_for("courses.exam_sitting", sitting_id=sitting.id, turn=registration.turn_id)
                    + f"#r{registration.id}", code=303)


@bp.route("/exam-registrations/<int:registration_id>/accommodation", methods=["GET", "POST"])
@roles_required(*OFFICE)
def exam_accommodation(registration_id: int):
    registration = db.get_or_404(ExamRegistration, registration_id)
    person = registration.user
    current = db.session.scalar(db.select(ExamAccommodation).where(ExamAccommodation.user_id == person.id))
    form = AccommodationForm(obj=current) if current and not request.method == "POST" else AccommodationForm()
    if submitted_and_done(form, lambda: exams.set_accommodation(current_user, person, form.kind.data,
                                                                form.extra_percent.data, bool(form.oral_instead.data),
                                                                bool(form.quiet_room.data))):
        flash(_l("Accommodation recorded: the examiners of this person's sittings see it."), "success")
        return redirect(url_for("courses.exam_sitting", sitting_id=registration.sitting_id), code=303)
    if current is not None:
        from portal.core import audit

        audit.record("courses.accommodations_opened", user=person, actor=current_user,
                     sitting=registration.sitting_id, count=1)
    return render_template("courses/accommodation.html", form=form, registration=registration,
                           person=person), form_status(form)


@bp.get("/exams/<int:sitting_id>/results.csv")
@roles_required(*OFFICE)
def exam_export(sitting_id: int):
    sitting = db.get_or_404(ExamSitting, sitting_id)
    chosen = [column for column in request.args.getlist("columns") if column in exams.EXPORT_COLUMNS]
    export = exams.export_results(current_user, sitting, chosen or None)
    return Response(export.body, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={export.filename}"})
