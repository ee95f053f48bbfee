"""A student's page: the live balance, the quarter's caps and their history, the operators, the sessions; and the
posts that change them (the DEC's hours, the coordinator's assignments, the operators' sessions)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.dates import format_day
from portal.core.forms import submitted_and_done
from portal.core.query import clamp_day, day_or
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.tutoring import bp, labels, rules, services
from portal.tutoring.forms import AssignForm, CapForm, MoreHoursForm, ReviseForm, SessionForm, StatusForm, SurveyForm
from portal.tutoring.models import Cap
from portal.tutoring.routes._common import long_day


def _quarter() -> date:
    return rules.quarter_of(day_or(request.args.get("quarter"), services.today()))


def _cap_form(student, formdata=None) -> CapForm:
    form = CapForm() if formdata is None else CapForm(formdata=None)
    this = rules.quarter_of(services.today())
    following = rules.next_quarter(this)
    form.quarter.choices = [(day.isoformat(), _("Quarter %(first)s – %(last)s", first=format_day(day, "d MMMM"),
                                                 last=format_day(rules.quarter_last_day(day), "d MMMM y")))
                            for day in (this, following)]
    form.service.choices = [(key, label) for key, label in form.service.choices if key in student.services]
    return form


def _assign_form(student, formdata=None) -> AssignForm:
    form = AssignForm() if formdata is None else AssignForm(formdata=None)
    form.service.choices = [(key, label) for key, label in form.service.choices if key in student.services]
    form.operator_id.choices = [(operator.id, operator.user.full_name + (" · LIS" if operator.lis_qualified else ""))
                                for operator in services.operators()]
    return form


def _session_form(student, formdata=None) -> SessionForm:
    form = SessionForm() if formdata is None else SessionForm(formdata=None)
    form.service.choices = [(key, label) for key, label in form.service.choices if key in student.services]
    return form


def _page(student, quarter=None, status: int = 200, **forms):
    quarter = rules.quarter_of(clamp_day(quarter)) if quarter else _quarter()
    caps = {cap.service: cap for cap in services.caps_of(student) if cap.quarter == quarter}
    balances = {service: services.balance_of(cap) for service, cap in caps.items()}
    histories = {service: services.history(cap) for service, cap in caps.items()}
    operator = services.operator_of(current_user)
    may_record = current_user.has_role(services.COORDINATOR) or any(
        (assignment := services.current_assignment(student.id, service)) is not None and operator is not None
        and assignment.operator_id == operator.id for service in student.services)
    revise_forms = {}
    for service, cap in caps.items():
        revise = forms.get(f"revise_{service}") or ReviseForm(formdata=None)
        revise.month.choices = [("", _("The whole quarter"))] + [
            (month.month.isoformat(), _("Only %(month)s", month=format_day(month.month, "MMMM y")))
            for month in cap.months]
        revise_forms[service] = revise
    return render_template(
        "tutoring/student.html", student=student, quarter=quarter, caps=caps, balances=balances,
        histories=histories, requests=services.requests_of(student),
        sessions=services.sessions_of(student, quarter=quarter), assignments=services.assignments_of(student),
        previous=rules.quarter_of(quarter - timedelta(days=1)), following=rules.next_quarter(quarter), may_record=may_record,
        is_self=student.user_id == current_user.id,
        cap_form=forms.get("cap") or _cap_form(student, False), revise_forms=revise_forms,
        assign_form=forms.get("assign") or _assign_form(student, False),
        session_form=forms.get("session") or _session_form(student, False),
        more_form=forms.get("more") or MoreHoursForm(formdata=None), status_form=StatusForm(formdata=None),
        refused_cap=forms.get("refused_cap"), monthly_forms=services.monthly.forms_of(student, quarter),
        form_months=[month for month in rules.months_of(quarter) if month <= services.today()],
        form_status_l=labels.FORM_STATUSES, survey_form=forms.get("survey") or SurveyForm(formdata=None),
        may_answer=student.user_id == current_user.id and services.survey.may_answer(
            student, rules.quarter_of(services.today())),
    ), status


@bp.get("/students/<int:student_id>")
@roles_required(*services.EVERYONE)
def student(student_id: int):
    return _page(services.student_for(current_user, student_id))


@bp.post("/students/<int:student_id>/caps")
@roles_required(services.DEC)
def cap_set(student_id: int):
    found = services.student_for(current_user, student_id)
    form = _cap_form(found)

    def run():
        quarter = date.fromisoformat(form.quarter.data)
        try:
            months = [rules.to_minutes(field.data) for field in (form.month_1, form.month_2, form.month_3)]
        except RuleViolation as violation:
            raise RuleViolation(violation.message, field="month_1") from violation
        services.set_cap(current_user, found, form.service.data, quarter, rules.to_minutes(form.hours.data), months)

    if form.quarter.data and form.quarter.data not in dict(form.quarter.choices):
        form.quarter.data = None
    if submitted_and_done(form, run):
        flash(_l("The quarter's hours are set."), "success")
        return redirect(url_for("tutoring.student", student_id=found.id,
                                quarter=form.quarter.data), code=303)
    return _page(found, status=422, cap=form)


@bp.post("/caps/<int:cap_id>/revise")
@roles_required(services.DEC)
def cap_revise(cap_id: int):
    cap = db.get_or_404(Cap, cap_id)
    found = services.student_for(current_user, cap.student_id)
    form = ReviseForm()
    form.month.choices = [("", "")] + [(month.month.isoformat(), "") for month in cap.months]

    def run():
        month = date.fromisoformat(form.month.data) if form.month.data else None
        services.revise_cap(current_user, cap, month, rules.to_minutes(form.hours.data), form.reason.data or "")

    if submitted_and_done(form, run):
        flash(_l("The hours are revised; the change is in the history."), "success")
        return redirect(url_for("tutoring.student", student_id=found.id, quarter=cap.quarter.isoformat()), code=303)
    return _page(found, cap.quarter, 422, **{f"revise_{cap.service}": form})


@bp.post("/caps/<int:cap_id>/more")
@roles_required(services.STUDENT, services.COORDINATOR, services.OPERATOR)
def more_hours(cap_id: int):
    cap = db.get_or_404(Cap, cap_id)
    found = services.student_for(current_user, cap.student_id)
    form = MoreHoursForm()
    if submitted_and_done(form, lambda: services.ask_more(current_user, cap, rules.to_minutes(form.hours.data),
                                                          form.reason.data or "")):
        flash(_l("Asked: the request is in the DEC's queue."), "success")
        return redirect(url_for("tutoring.student", student_id=found.id, quarter=cap.quarter.isoformat()), code=303)
    return _page(found, cap.quarter, 422, more=form, refused_cap=cap)


@bp.post("/students/<int:student_id>/assign")
@roles_required(services.COORDINATOR)
def assign(student_id: int):
    found = services.student_for(current_user, student_id)
    form = _assign_form(found)
    if submitted_and_done(form, lambda: services.assign(current_user, found, form.service.data,
                                                        form.operator_id.data)):
        flash(_l("Assigned."), "success")
        return redirect(url_for("tutoring.student", student_id=found.id), code=303)
    return _page(found, status=422, assign=form)


@bp.post("/students/<int:student_id>/sessions")
@roles_required(services.COORDINATOR, services.OPERATOR)
def session_add(student_id: int):
    found = services.student_for(current_user, student_id)
    form = _session_form(found)
    made = {}

    def run():
        made["session"] = services.record(current_user, found, form.service.data, form.day.data, form.starts.data,
                                          form.ends.data, form.mode.data, form.activity.data, form.status.data)

    if submitted_and_done(form, run):
        session = made["session"]
        flash(_l("Session of %(day)s recorded.", day=long_day(session.day)), "success")
        return redirect(url_for("tutoring.student", student_id=found.id,
                                quarter=rules.quarter_of(session.day).isoformat()), code=303)
    refused = None
    if form.day.data and form.service.data in found.services:
        refused = services.cap_of(found.id, form.service.data, rules.quarter_of(form.day.data))
    quarter = rules.quarter_of(form.day.data) if form.day.data else None
    return _page(found, quarter, 422, session=form, refused_cap=refused)


@bp.post("/sessions/<int:session_id>/status")
@roles_required(services.COORDINATOR, services.OPERATOR)
def session_status(session_id: int):
    session = services.session_for(current_user, session_id)
    if session is None:
        abort(404)
    form = StatusForm()
    if submitted_and_done(form, lambda: services.change_status(current_user, session, form.status.data,
                                                               form.reason.data or "")):
        flash(_l("Session updated."), "success")
    else:
        errors = [str(error) for errors in form.errors.values() for error in errors]
        flash(" ".join(errors) or _("Check the session's new status."), "danger")
        db.session.rollback()
    return redirect(url_for("tutoring.student", student_id=session.student_id,
                            quarter=rules.quarter_of(session.day).isoformat()), code=303)


@bp.post("/survey")
@roles_required(services.STUDENT)
def survey():
    found = services.student_of(current_user)
    if found is None:
        abort(404)
    form = SurveyForm()
    if submitted_and_done(form, lambda: services.survey.answer(current_user, found, form.level.data,
                                                               form.comment.data or "")):
        flash(_l("Thank you for your answer."), "success")
        return redirect(url_for("tutoring.student", student_id=found.id), code=303)
    return _page(found, status=422, survey=form)
