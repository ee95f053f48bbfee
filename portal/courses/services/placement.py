"""The placement test: the office's question bank, a learner's attempts (one question at a time, chosen by the
adaptive rule `rules.placement_step`), the suggestion. Indicative and not binding: it never limits enrolment."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.core import audit
from portal.core.calendar import to_rome
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.courses import rules
from portal.courses.models import PlacementAnswer, PlacementAttempt, PlacementQuestion
from portal.courses.placement_bank import demo_questions
from portal.courses.services._common import settings, today_or
from portal.extensions import db

READY_PER_LEVEL = 5  # fewer active questions than this at a level: the test is not offered


def _day(moment: datetime) -> date:
    """The Rome day of a stored moment (stored in UTC)."""
    return to_rome(moment if moment.tzinfo else moment.replace(tzinfo=UTC)).date()


# -- the bank ---------------------------------------------------------------------------------------------------


def bank(level: str | None = None, retired: bool = False) -> list[PlacementQuestion]:
    query = select(PlacementQuestion).order_by(PlacementQuestion.level, PlacementQuestion.id)
    if level in rules.PLACEMENT_LEVELS:
        query = query.where(PlacementQuestion.level == level)
    query = query.where(PlacementQuestion.retired_at.is_not(None) if retired else PlacementQuestion.retired_at.is_(None))
    return list(db.session.scalars(query))


def bank_counts() -> dict[str, int]:
    """Active questions per level."""
    rows = dict(db.session.execute(select(PlacementQuestion.level, func.count(PlacementQuestion.id))
                                   .where(PlacementQuestion.retired_at.is_(None))
                                   .group_by(PlacementQuestion.level)).all())
    return {level: rows.get(level, 0) for level in rules.PLACEMENT_LEVELS}


def test_ready() -> bool:
    return all(count >= READY_PER_LEVEL for count in bank_counts().values())


def save_question(actor, question: PlacementQuestion | None, level: str, prompt: str, choices: list[str],
                  correct: int) -> PlacementQuestion:
    """Add a question (`question` None) or change one; answers already given keep whether they were right."""
    choices = [choice.strip() for choice in choices if choice and choice.strip()]
    rules.check_question(level, prompt, choices, correct)
    if question is None:
        question = PlacementQuestion(level=level, prompt=prompt.strip(), choices=choices, correct=correct)
        db.session.add(question)
        db.session.flush()
        audit.record("courses.question_added", actor=actor, question=question.id, level=level)
    else:
        question.level, question.prompt, question.choices, question.correct = level, prompt.strip(), choices, correct
        db.session.flush()
        audit.record("courses.question_changed", actor=actor, question=question.id, level=level)
    return question


def retire_question(actor, question: PlacementQuestion) -> PlacementQuestion:
    if question.retired_at is None:
        question.retired_at = utcnow()
        db.session.execute(PlacementAttempt.__table__.update().where(
            PlacementAttempt.pending_id == question.id, PlacementAttempt.finished_at.is_(None)).values(pending_id=None))
        audit.record("courses.question_retired", actor=actor, question=question.id)
    db.session.flush()
    return question


def restore_question(actor, question: PlacementQuestion) -> PlacementQuestion:
    if question.retired_at is not None:
        question.retired_at = None
        audit.record("courses.question_restored", actor=actor, question=question.id)
    db.session.flush()
    return question


def load_sample_bank(actor) -> int:
    """The 160 sample questions of this project (40 a level), when the bank is empty."""
    if db.session.scalar(select(func.count(PlacementQuestion.id))):
        raise RuleViolation(_l("The bank has questions already: the sample is only for an empty bank."))
    rows = demo_questions()
    db.session.execute(PlacementQuestion.__table__.insert(), [{**row, "created_at": utcnow()} for row in rows])
    audit.record("courses.questions_loaded", actor=actor, count=len(rows))
    return len(rows)


# -- attempts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementStatus:
    attempts: list[PlacementAttempt]  # newest first
    running: PlacementAttempt | None
    last: PlacementAttempt | None  # the last finished
    retake_from: date | None
    ready: bool


def attempts_of(user) -> list[PlacementAttempt]:
    return list(db.session.scalars(select(PlacementAttempt).where(PlacementAttempt.user_id == user.id)
                                   .order_by(PlacementAttempt.started_at.desc(), PlacementAttempt.id.desc())))


def status_of(user, today: date | None = None) -> PlacementStatus:
    attempts = attempts_of(user)
    running = next((a for a in attempts if a.finished_at is None), None)
    last = next((a for a in attempts if a.finished_at is not None), None)
    first = rules.retake_from(_day(last.finished_at) if last else None, settings().retake_days)
    return PlacementStatus(attempts, running, last, first if first and first > today_or(today) else None,
                           test_ready())


def suggestion_of(user) -> str | None:
    """The level suggested by the person's last finished test."""
    return db.session.scalar(select(PlacementAttempt.suggested).where(
        PlacementAttempt.user_id == user.id, PlacementAttempt.finished_at.is_not(None))
        .order_by(PlacementAttempt.finished_at.desc(), PlacementAttempt.id.desc()).limit(1))


def _answers(attempt: PlacementAttempt) -> list[tuple[str, bool]]:
    return [(answer.level, answer.right) for answer in attempt.answers]


def _pick(attempt: PlacementAttempt, level: str) -> PlacementQuestion | None:
    """An active question of `level` not asked yet in this attempt, at random."""
    asked = select(PlacementAnswer.question_id).where(PlacementAnswer.attempt_id == attempt.id)
    ids = list(db.session.scalars(select(PlacementQuestion.id).where(
        PlacementQuestion.level == level, PlacementQuestion.retired_at.is_(None),
        PlacementQuestion.id.not_in(asked))))
    return db.session.get(PlacementQuestion, secrets.choice(ids)) if ids else None


def _advance(attempt: PlacementAttempt) -> PlacementAttempt:
    """Put the next question on screen, or finish with the suggestion."""
    answers = _answers(attempt)
    step = rules.placement_step(answers)
    question = None if step.done else _pick(attempt, step.next_level)
    if step.done or question is None:
        attempt.suggested = step.suggestion or rules.placement_best(answers)
        attempt.finished_at = utcnow()
        attempt.pending_id = None
        audit.record("courses.placement_done", user=attempt.user, level=attempt.suggested,
                     count=len(answers))
    else:
        attempt.pending_id = question.id
    db.session.flush()
    return attempt


def start(user, today: date | None = None) -> PlacementAttempt:
    """A new attempt (or the running one), after the waiting days since the last finished one."""
    current = status_of(user, today)
    if current.running is not None:
        if current.running.pending_id is None:
            return _advance(current.running)
        return current.running
    if not current.ready:
        raise RuleViolation(_l("The placement test is not available yet."))
    rules.check_may_start(today_or(today), _day(current.last.finished_at) if current.last else None,
                          settings().retake_days)
    # The database holds one running attempt per person (a partial unique index): of two starts at once (two tabs,
    # a double tap) one inserts, the other finds that attempt and goes on with it.
    try:
        with db.session.begin_nested():
            attempt = PlacementAttempt(user_id=user.id, user=user)
            db.session.add(attempt)
            db.session.flush()
    except IntegrityError:
        running = db.session.scalar(select(PlacementAttempt).where(
            PlacementAttempt.user_id == user.id, PlacementAttempt.finished_at.is_(None)))
        if running is None:  # finished in between: the retake rule decides on the next press
            raise RuleViolation(_l("The placement test is not available yet.")) from None
        return running
    audit.record("courses.placement_started", user=user)
    return _advance(attempt)


def running_attempt(user) -> PlacementAttempt | None:
    return status_of(user).running


def answer(user, attempt: PlacementAttempt, question_id: int | None, chosen: int | None) -> PlacementAttempt:
    """Record the answer to the question on screen, then the next question or the end."""
    if attempt.user_id != user.id or attempt.finished_at is not None:
        raise RuleViolation(_l("This test is over."))
    question = attempt.pending
    if question is None or question.id != question_id:
        raise RuleViolation(_l("This question has been answered already: here is the next one."))
    if chosen is None or not 0 <= chosen < len(question.choices):
        raise RuleViolation(_l("Choose one answer."), "answer")
    # The question is taken off the screen by one conditional UPDATE: of two answers sent at once (two tabs, a
    # double tap) one is recorded, the other is told the question was answered.
    if not update_if(attempt, {"pending_id": None}, PlacementAttempt.pending_id == question.id,
                     PlacementAttempt.finished_at.is_(None)):
        raise RuleViolation(_l("This question has been answered already: here is the next one."))
    attempt.answers.append(PlacementAnswer(question_id=question.id, level=question.level, chosen=chosen,
                                           right=chosen == question.correct))
    db.session.flush()
    return _advance(attempt)
