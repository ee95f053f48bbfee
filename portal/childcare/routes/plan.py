"""The week's activity plan: written by the educators, read by families and the university's staff."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import roles_required
from portal.childcare import bp, services
from portal.childcare.forms import PlanEmailsForm, PlanForm
from portal.childcare.routes.common import PARENTS, STAFF, UNIVERSITY_STAFF
from portal.core.calendar import today_in_rome
from portal.core.forms import form_status, submitted_and_done
from portal.core.query import day_or


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
