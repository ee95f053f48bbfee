"""The office's side: the queue per topic and tab, the ready answers (both languages, the published ones are the
FAQ), and the six-monthly satisfaction figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from portal.core import audit
from portal.core.calendar import ROME
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.helpdesk import rules
from portal.helpdesk.models import Conversation, ReadyAnswer
from portal.helpdesk.services._common import now, office_topics

TABS = ("unassigned", "mine", "waiting", "closed")


def queue_query(user, topic: str, tab: str):
    query = select(Conversation).where(Conversation.topic == topic).options(joinedload(Conversation.user),
                                                                           joinedload(Conversation.assignee))
    if tab == "unassigned":
        query = query.where(Conversation.status == "open", Conversation.assignee_id.is_(None))
        return query.order_by(Conversation.first_due_at, Conversation.id)
    if tab == "mine":
        query = query.where(Conversation.status == "open", Conversation.assignee_id == user.id)
        return query.order_by(Conversation.first_due_at, Conversation.id)
    if tab == "waiting":
        return query.where(Conversation.status == "waiting_user").order_by(Conversation.last_message_at)
    return query.where(Conversation.status == "closed").order_by(Conversation.closed_at.desc())


def queue_counts(user, topics: list[str]) -> dict[str, dict[str, int]]:
    """Per topic the number of conversations in each open tab (one query)."""
    rows = db.session.execute(
        select(Conversation.topic,
               func.sum(((Conversation.status == "open") & Conversation.assignee_id.is_(None)).cast(db.Integer)),
               func.sum(((Conversation.status == "open") & (Conversation.assignee_id == user.id)).cast(db.Integer)),
               func.sum((Conversation.status == "waiting_user").cast(db.Integer)),
               func.sum(((Conversation.status != "closed") & (Conversation.resolution_due_at < now()))
                        .cast(db.Integer)))
        .where(Conversation.topic.in_(topics)).group_by(Conversation.topic)).all()
    counts = {topic: {"unassigned": 0, "mine": 0, "waiting": 0, "late": 0} for topic in topics}
    for topic, unassigned, mine, waiting, late in rows:
        counts[topic] = {"unassigned": int(unassigned or 0), "mine": int(mine or 0), "waiting": int(waiting or 0),
                         "late": int(late or 0)}
    return counts


def open_in_queue(user) -> int:
    topics = office_topics(user)
    if not topics:
        return 0
    return db.session.scalar(select(func.count()).select_from(Conversation)
                             .where(Conversation.topic.in_(topics), Conversation.status == "open")) or 0


# -- ready answers and the FAQ ----------------------------------------------------------------------------------

def ready_answers(topics: list[str]) -> list[ReadyAnswer]:
    return list(db.session.scalars(select(ReadyAnswer).where(ReadyAnswer.topic.in_(topics))
                                   .order_by(ReadyAnswer.topic, ReadyAnswer.title_it)))


def ready_answer_for(user, answer_id: int) -> ReadyAnswer | None:
    found = db.session.get(ReadyAnswer, answer_id)
    return found if found is not None and found.topic in office_topics(user) else None


def save_ready_answer(user, answer: ReadyAnswer | None, values: dict) -> ReadyAnswer:
    if values["topic"] not in office_topics(user):
        raise RuleViolation(_l("Choose a topic."), field="topic")
    for name in ("title_it", "title_en", "body_it", "body_en"):
        if not (values.get(name) or "").strip():
            raise RuleViolation(_l("Write it in both languages."), field=name)
    answer = answer or ReadyAnswer()
    for name in ("topic", "title_it", "title_en", "body_it", "body_en", "published"):
        setattr(answer, name, values[name])
    answer.updated_at = now()
    db.session.add(answer)
    db.session.flush()
    audit.record("helpdesk.answer_saved", actor=user, answer=answer.id, topic=answer.topic)
    return answer


def faq(user_topics: list[str], words: str) -> list[ReadyAnswer]:
    """The published ready answers of the person's topics; every word of the search in the title or the text (in
    either language)."""
    query = select(ReadyAnswer).where(ReadyAnswer.published.is_(True), ReadyAnswer.topic.in_(user_topics))
    for word in words.split()[:8]:
        pattern = f"%{word[:60].replace('%', '').replace('_', '')}%"
        query = query.where(or_(ReadyAnswer.title_it.ilike(pattern), ReadyAnswer.title_en.ilike(pattern),
                                ReadyAnswer.body_it.ilike(pattern), ReadyAnswer.body_en.ilike(pattern)))
    return list(db.session.scalars(query.order_by(ReadyAnswer.topic, ReadyAnswer.id).limit(100)))


# -- six-monthly satisfaction -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class HalfYearFigures:
    year: int
    half: int
    closed: int
    first_on_time: int
    resolved_on_time: int
    overall: rules.Satisfaction
    by_topic: dict[str, rules.Satisfaction]


def half_year_figures(year: int, half: int) -> HalfYearFigures:
    """Conversations closed in the half-year (Rome dates): how many, on time, and the ratings per topic."""
    first, after = rules.half_year_bounds(year, half)
    start = datetime.combine(first, time(0), tzinfo=ROME)
    end = datetime.combine(after, time(0), tzinfo=ROME)
    in_half = and_(Conversation.closed_at >= start, Conversation.closed_at < end)
    closed, first_ok, resolved_ok = db.session.execute(
        select(func.count(), func.sum((Conversation.first_response_at <= Conversation.first_due_at).cast(db.Integer)),
               func.sum((Conversation.closed_at <= Conversation.resolution_due_at).cast(db.Integer)))
        .where(in_half)).one()
    ratings = db.session.execute(select(Conversation.topic, Conversation.rating, func.count())
                                 .where(in_half, Conversation.rating.is_not(None))
                                 .group_by(Conversation.topic, Conversation.rating)).all()
    per_topic: dict[str, list[int]] = {}
    everything: list[int] = []
    for topic, rating, count in ratings:
        per_topic.setdefault(topic, []).extend([rating] * count)
        everything.extend([rating] * count)
    return HalfYearFigures(year, half, int(closed or 0), int(first_ok or 0), int(resolved_ok or 0),
                           rules.satisfaction(everything),
                           {topic: rules.satisfaction(values) for topic, values in sorted(per_topic.items())})

