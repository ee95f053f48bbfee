"""The quarterly satisfaction questionnaire (tender par. 30) and the complaint counter it feeds (par. 20: 100 euro
for each report of dissatisfaction after the third)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.core import audit
from portal.core.rows import insert_missing
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.tutoring import rules
from portal.tutoring.models import Cap, SurveyAnswer, TutoredStudent
from portal.tutoring.services._common import today


def answer_of(student: TutoredStudent, quarter: date) -> SurveyAnswer | None:
    return db.session.scalar(select(SurveyAnswer).where(SurveyAnswer.student_id == student.id,
                                                        SurveyAnswer.quarter == quarter))


def may_answer(student: TutoredStudent, quarter: date) -> bool:
    """The student is served this quarter (hours are set) and has not answered yet."""
    served = db.session.scalar(select(Cap.id).where(Cap.student_id == student.id, Cap.quarter == quarter).limit(1))
    return served is not None and answer_of(student, quarter) is None


def answer(actor, student: TutoredStudent, level: int | None, comment: str) -> None:
    """One answer a quarter; a second one is refused (the first stays)."""
    quarter = rules.quarter_of(today())
    if student.user_id != actor.id:
        raise RuleViolation(_l("Only the student answers."), field="level")
    rules.check_survey(level, comment)
    if not may_answer(student, quarter):
        raise RuleViolation(_l("You have already answered for this quarter. Thank you."), field="level")
    insert_missing(SurveyAnswer, [{"student_id": student.id, "quarter": quarter, "level": level,
                                   "comment": comment.strip()}], ["student_id", "quarter"])
    audit.record("tutoring.survey_answered", user=actor, actor=actor, level=level)


@dataclass(frozen=True)
class Counter:
    reports: int
    penalty_cents: int
    answers: int


def complaints() -> Counter:
    reports = db.session.scalar(select(func.count(SurveyAnswer.id))
                                .where(SurveyAnswer.level.in_(rules.DISSATISFIED))) or 0
    answers = db.session.scalar(select(func.count(SurveyAnswer.id))) or 0
    return Counter(reports, rules.complaint_penalty_cents(reports), answers)


def answers(limit: int = 200) -> list[SurveyAnswer]:
    """The answers, newest first, without the student's name (the DEC monitors the service, not the person)."""
    return list(db.session.scalars(select(SurveyAnswer).order_by(SurveyAnswer.quarter.desc(),
                                                                 SurveyAnswer.answered_at.desc()).limit(limit)))
