"""Home (what each role needs first), the referral by the unit, the DEC's queue, the closing days."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.core.actions import one_button
from portal.core.forms import ActionForm, form_status, submitted_and_done
from portal.tutoring import bp, rules, services
from portal.tutoring.forms import ClosureForm, ReferForm
from portal.tutoring.routes._common import long_day

STAFF_SEEING_ALL = (services.UNIT, services.DEC, services.COORDINATOR)


@bp.get("/")
@roles_required(*services.EVERYONE, services.events.OFFICE)
def home():
    today = services.today()
    if current_user.has_role(*services.STAFF):
        from sqlalchemy import select

        from portal.extensions import db
        from portal.tutoring.models import TutoredStudent

        if current_user.has_role(*STAFF_SEEING_ALL):
            students = list(db.session.scalars(select(TutoredStudent).order_by(TutoredStudent.id)))
        else:
            students = services.students_of_operator(services.operator_of(current_user))
        requests = services.open_requests() if current_user.has_role(*STAFF_SEEING_ALL) else []
        return render_template("tutoring/staff_home.html", students=students, requests=requests, today=today,
                               late=lambda request: rules.is_late(request.serve_by, None, today),
                               queue=services.queue() if current_user.has_role(services.DEC) else [],
                               agenda=services.agenda_of(services.operator_of(current_user), today),
                               my_events=services.events.events_of_operator(services.operator_of(current_user),
                                                                            today),
                               contract=services.contract.contract_view(shown=0)
                               if current_user.has_role(services.DEC) else None,
                               disputed=services.monthly.disputed_forms()
                               if current_user.has_role(services.COORDINATOR) else [])
    student = services.student_of(current_user)
    if student is None and current_user.has_role(services.events.OFFICE):
        return redirect(url_for("tutoring.events"))
    if student is None:
        return render_template("tutoring/not_referred.html")
    return redirect(url_for("tutoring.student", student_id=student.id))


@bp.route("/refer", methods=["GET", "POST"])
@roles_required(services.UNIT)
def refer():
    form = ReferForm()
    made = {}

    def run():
        made["student"] = services.refer(current_user, form.matricola.data, form.kind.data, form.mode.data,
                                         form.needs.data or "")

    if submitted_and_done(form, run):
        flash(_l("Referred. The DEC and the coordinator see the request now."), "success")
        return redirect(url_for("tutoring.student", student_id=made["student"].id), code=303)
    return render_template("tutoring/refer.html", form=form), form_status(form)


@bp.get("/queue")
@roles_required(services.DEC)
def queue():
    return render_template("tutoring/queue.html", queue=services.queue(), action=ActionForm())


@bp.post("/queue/<int:asked_id>/<any(grant, decline):decision>")
@roles_required(services.DEC)
def decide(asked_id: int, decision: str):
    def run():
        if services.decide_more(current_user, asked_id, decision == "grant") is None:
            abort(404)

    return one_button(run, lambda _none: _l("Granted: the hours are added to the quarter.") if decision == "grant"
                      else _l("Declined."), url_for("tutoring.queue"))


@bp.route("/closures", methods=["GET", "POST"])
@roles_required(services.UNIT, services.DEC)
def closures():
    form = ClosureForm()
    if submitted_and_done(form, lambda: services.add_closure(current_user, form.day.data, form.reason.data or "")):
        flash(_l("Closed on %(day)s.", day=long_day(form.day.data)), "success")
        return redirect(url_for("tutoring.closures"), code=303)
    return render_template("tutoring/closures.html", form=form, closures=services.all_closures(),
                           action=ActionForm()), form_status(form)


@bp.post("/closures/<int:closure_id>/delete")
@roles_required(services.UNIT, services.DEC)
def closure_remove(closure_id: int):
    def run():
        if not services.remove_closure(current_user, closure_id):
            abort(404)

    return one_button(run, lambda _none: _l("The closing day is removed."), url_for("tutoring.closures"))
