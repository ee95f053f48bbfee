"""Real threads: two operators taking the same conversation at once leave exactly one owner (UPDATE ... WHERE
unassigned); a person rating twice at once keeps one rating."""

from __future__ import annotations

import threading

from sqlalchemy import select

from portal.auth.models import User
from portal.extensions import db
from portal.helpdesk import services
from portal.helpdesk.models import Conversation


def race(app, actions) -> list:
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        with app.test_request_context():
            barrier.wait()
            try:
                outcomes[index] = action()
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the test reports what went wrong
                db.session.rollback()
                outcomes[index] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _opened(app, people) -> int:
    with app.test_request_context():
        found = services.open_conversation(db.session.get(User, people.staff), "wallet", "Rimborso", "Quando?")
        db.session.commit()
        return found.id


def test_two_operators_taking_one_conversation_at_once_leave_one_owner(app, people):
    conversation_id = _opened(app, people)

    def take(operator_id):
        return lambda: services.take(db.session.get(User, operator_id), db.session.get(Conversation, conversation_id))

    outcomes = race(app, [take(people.office), take(people.office2)])
    assert sorted(outcomes) == [False, True], outcomes
    with app.app_context():
        owner = db.session.scalar(select(Conversation.assignee_id))
        winner = people.office if outcomes[0] is True else people.office2
        assert owner == winner


def test_rating_twice_at_once_keeps_one_rating(app, people):
    conversation_id = _opened(app, people)
    with app.test_request_context():
        services.close(db.session.get(User, people.staff), db.session.get(Conversation, conversation_id))
        db.session.commit()

    def rate(level):
        return lambda: services.rate(db.session.get(User, people.staff), db.session.get(Conversation, conversation_id),
                                     level)

    outcomes = race(app, [rate(5), rate(1)])
    assert outcomes.count(None) == 1, outcomes  # one kept; the other told it was rated already
    with app.app_context():
        assert db.session.scalar(select(Conversation.rating)) in (1, 5)
