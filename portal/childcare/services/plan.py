"""The week's activity plan and who gets it by e-mail."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal.auth.models import User
from portal.childcare.models import ActivityPlan, PlanSubscriber
from portal.core import audit, mail
from portal.core.calendar import today_in_rome
from portal.core.rows import insert_missing
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def activity_plan(week_start: date) -> ActivityPlan | None:
    return db.session.get(ActivityPlan, week_start)


def plans_from(week_start: date, limit: int = 3) -> list[ActivityPlan]:
    """The published plans of a week and the following ones: what the university's staff and the families read."""
    return list(db.session.scalars(select(ActivityPlan).where(ActivityPlan.week_start >= week_start)
                                   .order_by(ActivityPlan.week_start).limit(limit)))


def publish_plan(actor: User, week_start: date, body_it: str, body_en: str) -> tuple[ActivityPlan, int]:
    """Publish (or correct) a week's plan; the first publication is mailed to everyone who asked for it: families
    and the university's staff (the tender has the plan mailed to the staff)."""
    if week_start.weekday() != 0:
        raise RuleViolation(_l("A week starts on Monday."), field="week_start")
    if week_start < week_of(today_in_rome()):
        raise RuleViolation(_l("That week is over."), field="week_start")
    plan = db.session.get(ActivityPlan, week_start, with_for_update=True)
    if plan is None:
        plan = ActivityPlan(week_start=week_start, body_it=body_it, body_en=body_en)
        db.session.add(plan)
    plan.body_it, plan.body_en, plan.published_by_id, plan.published_at = body_it, body_en, actor.id, utcnow()
    mailed = 0
    if plan.mailed_at is None:
        link = mail.link_to("childcare.activities")
        for reader in db.session.scalars(select(User).join(PlanSubscriber, PlanSubscriber.user_id == User.id)
                                         .where(User.active.is_(True)).order_by(User.id)):
            mail.enqueue(reader.email, reader.locale, "childcare_activity_plan", user=reader, plan=plan,
                         body=plan.body_en if reader.locale == "en" else plan.body_it, link=link)
            mailed += 1
        plan.mailed_at = utcnow()
    db.session.flush()
    audit.record("childcare.plan_published", actor=actor, week=week_start.isoformat(), mailed=mailed)
    return plan, mailed


def wants_plan(user: User) -> bool:
    return db.session.get(PlanSubscriber, user.id) is not None


def set_plan_emails(actor: User, wanted: bool) -> None:
    """Ask for the week's plan by e-mail, or stop: one choice per person, whether parent or staff."""
    if wanted:
        insert_missing(PlanSubscriber, [{"user_id": actor.id, "subscribed_at": utcnow()}], ["user_id"])
    else:
        db.session.execute(delete(PlanSubscriber).where(PlanSubscriber.user_id == actor.id))
    db.session.flush()
    audit.record("childcare.plan_emails", user=actor, actor=actor, wanted=wanted)

