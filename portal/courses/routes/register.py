"""The teacher's register on a phone: today's meetings, one tap per person, all present, the topic."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.calendar import today_in_rome
from portal.core.forms import ActionForm
from portal.core.htmx import is_partial
from portal.core.query import int_or
from portal.core.rules import RuleViolation
from portal.courses import bp, labels, services
from portal.courses.forms import TopicForm
from portal.extensions import db

KEEPERS = (*services.TEACHER_ROLES, *services.OFFICE_ROLES)


@bp.get("/today")
@roles_required(*KEEPERS)
def today():
    courses = services.teacher_courses(current_user)
    return render_template("courses/today.html", meetings=services.todays_meetings(current_user), courses=courses,
                           today=today_in_rome())


def _meeting(meeting_id: int):
    return services.meeting_for(current_user, meeting_id) or abort(404)


def _search() -> str:
    return (request.args.get("q") or "")[:100].strip()


def _filtered(lines, query: str):
    if not query:
        return lines
    folded = query.casefold()
    return [line for line in lines if folded in line.name.casefold()]


@bp.get("/meetings/<int:meeting_id>/register")
@roles_required(*KEEPERS)
def register(meeting_id: int):
    meeting = _meeting(meeting_id)
    query = _search()
    lines = services.register_lines(meeting)
    shown = _filtered(lines, query)
    context = {"meeting": meeting, "lines": shown, "all_lines": lines, "query": query, "labels": labels,
               "action": ActionForm(), "open": meeting.day <= today_in_rome()}
    if is_partial() and request.headers.get("HX-Target") == "register-lines":
        return render_template("courses/_register_lines.html", **context)
    return render_template("courses/register.html", topic_form=TopicForm(topic=meeting.topic), **context)


@bp.post("/meetings/<int:meeting_id>/mark")
@roles_required(*KEEPERS)
def mark(meeting_id: int):
    meeting = _meeting(meeting_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    enrolment_id = int_or(request.form.get("enrolment"), 0)
    try:
        line = services.mark(current_user, meeting, enrolment_id, request.form.get("mark", ""))
    except RuleViolation as violation:
        db.session.rollback()
        if is_partial():
            return render_template("courses/_refusal.html", message=violation.message), 422
        flash(violation.message, "danger")
        return redirect(url_for("courses.register", meeting_id=meeting.id), code=303)
    if is_partial():
        return render_template("courses/_register_line.html", line=line, meeting=meeting, labels=labels,
                               action=ActionForm(), open=True)
    return redirect(url_for("courses.register", meeting_id=meeting.id, _anchor=f"line-{line.enrolment_id}"),
                    code=303)


@bp.post("/meetings/<int:meeting_id>/all-present")
@roles_required(*KEEPERS)
def all_present(meeting_id: int):
    meeting = _meeting(meeting_id)
    return one_button(lambda: services.all_present(current_user, meeting),
                      lambda count: _l("%(count)d marked present: now tap the exceptions.", count=count),
                      url_for("courses.register", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/topic")
@roles_required(*KEEPERS)
def topic(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = TopicForm()
    try:
        if form.validate_on_submit():
            services.set_topic(current_user, meeting, form.topic.data or "")
            flash(_l("Topic saved."), "success")
            return redirect(url_for("courses.register", meeting_id=meeting.id), code=303)
    except RuleViolation as violation:
        db.session.rollback()
        form.topic.errors = [*form.topic.errors, violation.message]
    lines = services.register_lines(meeting)
    return render_template("courses/register.html", topic_form=form, meeting=meeting, lines=lines, all_lines=lines,
                           query="", labels=labels, action=ActionForm(),
                           open=meeting.day <= today_in_rome()), 422
