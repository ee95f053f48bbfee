"""Real threads on the monthly counters and on favourites: on PostgreSQL (and SQLite, whose write transactions begin
IMMEDIATE) every reveal of the same offer in the same month is counted, the first of the month included, and two
taps on the favourite never make two rows."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from portal.auth.models import User
from portal.discounts import services
from portal.discounts.models import DiscountOffer, Favourite, OfferMonth
from portal.extensions import db


def race(app, count: int, action) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def run():
        with app.test_request_context():
            barrier.wait()
            try:
                action()
                db.session.commit()
                outcomes.append("ok")
            except Exception as error:  # noqa: BLE001 - the test reports what went wrong
                db.session.rollback()
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_four_people_revealing_the_same_code_at_once_count_four(app, world):
    def reveal():
        services.reveal(db.session.get(User, world.researcher), db.session.get(DiscountOffer, world.offer))

    outcomes = race(app, 4, reveal)
    assert outcomes == ["ok"] * 4, outcomes
    with app.app_context():
        assert db.session.scalar(select(OfferMonth.reveals)) == 4
        assert db.session.scalar(select(func.count()).select_from(OfferMonth)) == 1


def test_two_taps_on_the_favourite_at_once_never_make_two_rows(app, world):
    def tap():
        services.toggle_favourite(db.session.get(User, world.researcher), db.session.get(DiscountOffer, world.offer))

    race(app, 2, tap)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Favourite)) <= 1


def test_four_operators_answering_one_request_at_once_send_one_answer(app, world):
    """Two 'affiliated' and two 'declined' at once: one answer is kept, and the person gets one mail."""
    from portal.core import affiliations
    from portal.core.mail import OutboxMail

    with app.test_request_context():
        asker = db.session.get(User, world.researcher)
        row = affiliations.request_affiliation(asker, "discounts", {"name": "Libreria Belgravia", "town": "Torino",
                                                                    "website": "", "reason": "Vicina al campus."})
        db.session.commit()
        row_id = row.id
    answers = iter([("affiliated", ""), ("declined", "Non applica sconti."), ("affiliated", ""),
                    ("declined", "Chiusa.")])
    lock = threading.Lock()

    def answer():
        with lock:
            outcome, text = next(answers)
        affiliations.handle_affiliation(db.session.get(User, world.office),
                                        db.session.get(affiliations.AffiliationRequest, row_id), outcome, text)

    outcomes = race(app, 4, answer)
    assert outcomes.count("ok") == 1, outcomes
    with app.app_context():
        email = db.session.get(User, world.researcher).email
        assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.to_addr == email)) == 1
