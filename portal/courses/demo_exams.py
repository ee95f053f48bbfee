"""Demonstration data of points 5 and 6: two exam sittings (one ahead, open for registration, with two turns, one
online on another day, and two accommodations; one past with its results), and two CILS B1 certification sessions:
one held, with results per skill and candidate numbers, the next with a make-up of the skills one candidate failed or
missed. Idempotent: nothing is added when a sitting exists."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from portal.auth.models import User
from portal.core.calendar import rome_wall_clock_to_utc, today_in_rome
from portal.courses import rules
from portal.courses.models import (
    CertCandidate,
    CertNumber,
    CertResult,
    CertSession,
    ExamAccommodation,
    ExamExaminer,
    ExamRegistration,
    ExamSitting,
    ExamTurn,
    PlanStudent,
)
from portal.extensions import db


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _plan_learners() -> list[User]:
    """Demo students with Italian in the study plan (not Li Wei: her registration is left to try)."""
    return list(db.session.scalars(select(User).join(PlanStudent, PlanStudent.matricola == User.matricola)
                                   .where(User.access_code.like("corsista%")).order_by(User.access_code)))


def seed(by_code: dict[str, User]) -> None:
    if db.session.scalar(select(ExamSitting.id)) is not None:
        return
    today = today_in_rome()
    learners = _plan_learners()
    if len(learners) < 40:
        return
    office = by_code.get("centro")
    teacher = by_code.get("docente")
    ahead = ExamSitting(title="Appello di fine corso", levels="A1 A2 B1 B2", opens_on=today - timedelta(days=3),
                        closes_on=today + timedelta(days=10))
    past = ExamSitting(title="Appello di settembre", levels="A2 B1", opens_on=today - timedelta(days=100),
                       closes_on=today - timedelta(days=80))
    db.session.add_all([ahead, past])
    db.session.flush()
    room = ExamTurn(sitting_id=ahead.id, starts=rome_wall_clock_to_utc(_weekday(today + timedelta(days=17)), 14, 30),
                    minutes=90, mode="in_person", place="Aula 7T", capacity=120, seats_taken=24)
    online = ExamTurn(sitting_id=ahead.id, starts=rome_wall_clock_to_utc(_weekday(today + timedelta(days=24)), 10, 0),
                      minutes=90, mode="online", place="", capacity=60, seats_taken=6)
    held = ExamTurn(sitting_id=past.id, starts=rome_wall_clock_to_utc(_weekday(today - timedelta(days=75)), 14, 30),
                    minutes=90, mode="in_person", place="Aula 7T", capacity=80, seats_taken=10)
    db.session.add_all([room, online, held])
    db.session.flush()
    if teacher is not None:
        db.session.add_all([ExamExaminer(sitting_id=ahead.id, user_id=teacher.id),
                            ExamExaminer(sitting_id=past.id, user_id=teacher.id)])
    levels = ("A1", "A2", "B1", "B2")
    for index, person in enumerate(learners[:30]):
        db.session.add(ExamRegistration(sitting_id=ahead.id, turn_id=room.id if index < 24 else online.id,
                                        user_id=person.id, level=levels[index % 4], graduating=index % 10 == 0))
    db.session.add(ExamAccommodation(user_id=learners[1].id, kind="dsa", extra_percent=30, quiet_room=True,
                                     recorded_by_id=office.id if office else None))
    db.session.add(ExamAccommodation(user_id=learners[6].id, kind="disability", extra_percent=50, oral_instead=True,
                                     recorded_by_id=office.id if office else None))
    for index, person in enumerate(learners[30:40]):
        outcome = "absent" if index == 9 else "failed" if index in (3, 7) else "passed"
        db.session.add(ExamRegistration(
            sitting_id=past.id, turn_id=held.id, user_id=person.id, level="A2" if index % 2 else "B1",
            graduating=index == 0, outcome=outcome, grade=18 + (index * 3) % 13 if outcome == "passed" else None,
            oral="passed" if index == 0 else None, result_by_id=teacher.id if teacher else None,
            result_on=today - timedelta(days=70)))
    _seed_certification(today, learners[40:52] or learners[:12])


def _seed_certification(today: date, people: list[User]) -> None:
    full_price = int(current_app.config["PORTAL_COURSES_CERT_PRICE_CENTS"])
    skill_price = int(current_app.config["PORTAL_COURSES_CERT_SKILL_PRICE_CENTS"])
    written = _weekday(today - timedelta(days=60))
    done = CertSession(body="CILS", level="B1", written_on=written, oral_on=written + timedelta(days=1),
                       place="Aula 7T", list_sent_on=written - timedelta(days=11))
    next_written = _weekday(today + timedelta(days=30))
    coming = CertSession(body="CILS", level="B1", written_on=next_written, oral_on=next_written + timedelta(days=1),
                         place="Aula 7T")
    db.session.add_all([done, coming])
    db.session.flush()
    skills = rules.skills_of("CILS")
    first = None
    for index, person in enumerate(people):
        candidate = CertCandidate(session_id=done.id, user_id=person.id, kind="full", skills=" ".join(skills),
                                  price_cents=full_price)
        db.session.add(candidate)
        db.session.flush()
        first = first or candidate
        db.session.add(CertNumber(user_id=person.id, body="CILS", number=f"TO-{written.year}-{index + 101:04d}"))
        for skill in skills:
            outcome = "passed"
            if index == 0 and skill == "reading":
                outcome = "failed"
            if index == 0 and skill == "writing":
                outcome = "absent"
            db.session.add(CertResult(candidate_id=candidate.id, skill=skill, outcome=outcome))
    makeup = ["reading", "writing"]  # what the first candidate failed or missed: 2 x 27.50 = 55.00
    db.session.add(CertCandidate(session_id=coming.id, user_id=people[0].id, kind="makeup", skills=" ".join(makeup),
                                 makeup_of_id=first.id, price_cents=rules.makeup_price(len(makeup), skill_price,
                                                                                        full_price)))
    db.session.add_all([CertCandidate(session_id=coming.id, user_id=person.id, kind="full", skills=" ".join(skills),
                                      price_cents=full_price) for person in people[len(people) - 4:]])
    db.session.flush()
