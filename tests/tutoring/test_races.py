"""Real threads racing on the operator's timetable and on a cap: on PostgreSQL (and SQLite, whose write
transactions begin IMMEDIATE) only one of two conflicting sessions is ever written."""

from __future__ import annotations

import threading
import time as clock
from datetime import time

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.tutoring import services
from portal.tutoring.models import Cap, TutoredStudent, TutoringSession
from portal.tutoring.rules import quarter_of


@pytest.fixture
def slow_overlap_check(monkeypatch):
    """Widen the gap between the overlap check and the insert to 0.3 s: without the operator's lock both threads
    would pass the check in it, so these tests fail whenever the lock is missing (not only on an unlucky run)."""
    check = services.events.busy_at

    def slow(*args, **kwargs):
        found = check(*args, **kwargs)
        clock.sleep(0.3)
        return found

    monkeypatch.setattr(services.events, "busy_at", slow)


def race(app, world, slots, user_id) -> list[str]:
    barrier = threading.Barrier(len(slots))
    outcomes: list[str] = []

    def book(starts, ends):
        with app.test_request_context():
            barrier.wait()
            try:
                services.record(db.session.get(User, user_id), db.session.get(TutoredStudent, world.student),
                                "tutoring", world.future, starts, ends, "in_person", "lesson")
                db.session.commit()
                outcomes.append("ok")
            except RuleViolation as violation:
                db.session.rollback()
                outcomes.append(str(violation.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=slot) for slot in slots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_sessions_of_one_operator_at_the_same_time_give_one(app, world, slow_overlap_check):
    outcomes = race(app, world, [(time(9), time(10)), (time(9, 30), time(10, 30))], world.tutor)
    assert outcomes.count("ok") == 1 and len(outcomes) == 2, outcomes
    assert "ha già un incontro" in [outcome for outcome in outcomes if outcome != "ok"][0]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TutoringSession)) == 1


def test_sessions_that_together_pass_the_cap_give_one(app, world):
    # 10 h in the quarter: 8:00-14:00 (6 h) and 14:00-19:00 (5 h) do not overlap but together make 11 h, so the
    # second is refused whichever comes first. The coordinator books for the assigned operator.
    outcomes = race(app, world, [(time(8), time(14)), (time(14), time(19))], world.coordinator)
    assert outcomes.count("ok") == 1 and len(outcomes) == 2, outcomes
    assert "supererebbe le ore del trimestre" in [outcome for outcome in outcomes if outcome != "ok"][0]
    with app.app_context():
        booked = db.session.scalar(select(Cap.booked_minutes).where(Cap.student_id == world.student,
                                                                    Cap.service == "tutoring",
                                                                    Cap.quarter == quarter_of(
                                                                        world.future)))
        held = db.session.scalar(select(func.sum(TutoringSession.minutes)))
        assert booked == held and booked in (360, 300)


def test_events_that_together_pass_the_years_pool_give_one(app, world, make_user):
    # 10 h a year for events: 6 h and 5 h asked at once by two offices make 11 h, so one is refused.
    from datetime import timedelta

    from portal.core.calendar import today_in_rome
    from portal.tutoring.models import LisEvent, LisEventPool

    offices = [make_user(f"ufficio{index}", roles=("dipendente",)).id for index in range(2)]
    day = today_in_rome() + timedelta(days=1)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def ask(user_id, starts, ends):
        with app.test_request_context():
            barrier.wait()
            try:
                services.events.ask(db.session.get(User, user_id), "Open day", "Orientamento", "", day, starts, ends)
                db.session.commit()
                outcomes.append("ok")
            except RuleViolation as violation:
                db.session.rollback()
                outcomes.append(str(violation.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ask, args=(offices[0], time(8), time(14))),
               threading.Thread(target=ask, args=(offices[1], time(9), time(14)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and len(outcomes) == 2, outcomes
    assert "10 ore dell'anno per gli eventi" in [outcome for outcome in outcomes if outcome != "ok"][0]
    with app.app_context():
        booked = db.session.scalar(select(LisEventPool.booked_minutes).where(LisEventPool.year == day.year))
        assert booked == db.session.scalar(select(func.sum(LisEvent.minutes))) and booked in (360, 300)


def test_an_event_and_a_session_of_one_interpreter_at_the_same_time_give_one(app, world, slow_overlap_check):
    # The coordinator sends the LIS interpreter to an event at 9:00-10:00 while the interpreter records a LIS session
    # at 9:30-10:30 the same day: both take the operator's row first, so only one is written.
    from portal.tutoring.models import LisEvent

    with app.test_request_context():
        event = services.events.ask(db.session.get(User, world.dec), "Inaugurazione", "Rettorato", "", world.future,
                                    time(9), time(10))
        db.session.commit()
        event_id = event.id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(run):
        with app.test_request_context():
            barrier.wait()
            try:
                run()
                db.session.commit()
                outcomes.append("ok")
            except RuleViolation as violation:
                db.session.rollback()
                outcomes.append(str(violation.message))
            finally:
                db.session.remove()

    def assign():
        services.events.assign_interpreter(db.session.get(User, world.coordinator),
                                           db.session.get(LisEvent, event_id), world.lis_operator)

    def record():
        services.record(db.session.get(User, world.lis_tutor), db.session.get(TutoredStudent, world.student), "lis",
                        world.future, time(9, 30), time(10, 30), "in_person", "lesson")

    threads = [threading.Thread(target=attempt, args=(run,)) for run in (assign, record)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and len(outcomes) == 2, outcomes
    assert "ha già un incontro o un evento" in [outcome for outcome in outcomes if outcome != "ok"][0]
    with app.app_context():
        assigned = db.session.get(LisEvent, event_id).operator_id is not None
        sessions = db.session.scalar(select(func.count()).select_from(TutoringSession))
        assert assigned + sessions == 1
