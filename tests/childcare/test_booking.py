"""Policino baby parking through the web: families, children, the grid, booking, cancelling, waiting lists."""

import re
import threading
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from portal.childcare import rules, services
from portal.childcare.models import Block, Booking, Card, Child, Family, WaitingEntry
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db
from tests.conftest import login, outbox
from tests.helpers import visible_text


def open_day(earliest: int = 2, latest: int = 9) -> date:
    """An opening day between `earliest` and `latest` days from today (school-year or July hours)."""
    for offset in range(earliest, latest + 1):
        day = today_in_rome() + timedelta(days=offset)
        if rules.opening_blocks(day):
            return day
    raise AssertionError("no opening day in the window")


def first_blocks(day: date, count: int) -> list[time]:
    return rules.opening_blocks(day)[:count]


def _book(client, child_id, day, first, last, confirm=True):
    data = {"child": child_id, "day": day.isoformat(), "first": first.strftime("%H:%M"), "last": last.strftime("%H:%M")}
    if confirm:
        data["confirm"] = "yes"
    return client.post("/policino/book/new", data=data)


def _bookings(app, **where):
    with app.app_context():
        return db.session.scalars(select(Booking).filter_by(**where).order_by(Booking.id)).all()


def test_a_parent_registers_the_family_and_a_child(app, client, signed_in):
    signed_in(roles=("genitore",), access_code="mamma")
    assert client.get("/policino/").status_code == 302  # no family yet: asked for it first
    refused = client.post("/policino/family", data={"phone": "011 1"})
    assert refused.status_code == 422 and "Scegli la tua categoria" in refused.get_data(as_text=True)
    assert client.post("/policino/family", data={"category": "student", "phone": "011 1"}).status_code == 303
    future = client.post("/policino/children/new", data={"full_name": "Leo", "birth_date": "2999-01-01"})
    assert future.status_code == 422
    assert client.post("/policino/children/new", data={
        "full_name": "Leo Bianchi", "birth_date": "2024-03-01", "micro_nido": "y", "allergies": "Arachidi"}
    ).status_code == 303
    assert client.post("/policino/pickups", data={"full_name": "Nonna Carla", "relationship_to_child": "nonna"}
                       ).status_code == 303
    page = client.get("/policino/family").get_data(as_text=True)
    assert "Leo Bianchi" in page and "Nonna Carla" in page
    with app.app_context():
        child = db.session.scalar(select(Child))
        assert (child.micro_nido, child.allergies, child.family.category) == (True, "Arachidi", "student")


def test_booking_a_range_charges_single_half_hours_and_shows_in_the_grid(app, client, parent):
    day = open_day()
    blocks = first_blocks(day, 3)
    review = _book(client, parent["child"], day, blocks[0], blocks[-1], confirm=False)
    assert review.status_code == 200 and "5,25" in review.get_data(as_text=True)
    assert _bookings(app) == []  # seeing the price writes nothing
    assert _book(client, parent["child"], day, blocks[0], blocks[-1]).status_code == 303
    booked = _bookings(app, status="booked")
    assert [b.amount_cents for b in booked] == [175, 175, 175] and {b.charge for b in booked} == {"single"}
    with app.app_context():
        assert db.session.scalar(select(Block.booked).where(Block.day == day, Block.starts_at == blocks[0])) == 1
    page = client.get(f"/policino/book?day={day.isoformat()}").get_data(as_text=True)
    chips = dict(re.findall(r'<label class="portal-chip" for="start-(\d{4})">\d\d:\d\d <small>([^<]+)</small>', page))
    # Lia's three half hours read "booked" (and cannot be chosen again); the half hour after has all 24 places.
    assert [chips[start.strftime("%H%M")] for start in blocks] == ["prenotato"] * 3
    after = rules.opening_blocks(day)[3]
    assert chips[after.strftime("%H%M")] == "24 liberi"
    assert re.search(r'id="start-%s" value="[^"]+" disabled' % blocks[0].strftime("%H%M"), page)
    again = _book(client, parent["child"], day, blocks[1], blocks[1])
    assert again.status_code == 422 and "già prenotata" in again.get_data(as_text=True)


def test_the_family_card_pays_first_and_micro_nido_children_stay_free_the_first_hour(app, client, parent):
    day = open_day()
    with app.app_context():
        db.session.add(Card(family_id=parent["family"], blocks_total=160, blocks_used=158, price_cents=20_000))
        db.session.get(Child, parent["child"]).micro_nido = True
        db.session.commit()
    starts = rules.opening_blocks(day)
    nido_hour = [start for start in starts if time(16, 30) <= start < time(17, 30)]
    assert _book(client, parent["child"], day, time(16, 30), time(18, 30)).status_code == 303
    charges = [b.charge for b in _bookings(app, status="booked")]
    assert charges == ["free"] * len(nido_hour) + ["card", "card", "single"]
    with app.app_context():
        assert db.session.scalar(select(Card.blocks_used)) == 160


def test_age_window_and_priority_dates_refuse_and_write_nothing(app, client, parent):
    day = open_day()
    with app.app_context():
        db.session.get(Child, parent["child"]).birth_date = day - timedelta(days=300)  # under 13 months
        db.session.commit()
    young = _book(client, parent["child"], day, *first_blocks(day, 1) * 2)
    assert young.status_code == 422 and "13 mesi" in young.get_data(as_text=True)
    with app.app_context():
        db.session.get(Child, parent["child"]).birth_date = day - timedelta(days=800)
        db.session.get(Family, parent["family"]).category = "student"
        db.session.commit()
    far = open_day(11, 14)  # staff may book it (14 days), students not yet (10 days)
    early = _book(client, parent["child"], far, *first_blocks(far, 1) * 2)
    assert early.status_code == 422 and "si aprono il" in early.get_data(as_text=True)
    assert _bookings(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.coalesce(func.sum(Block.booked), 0))) == 0


def test_other_families_book_only_when_approved_with_a_valid_card(app, client, parent):
    day = open_day()
    with app.app_context():
        db.session.get(Family, parent["family"]).category = "other"
        db.session.commit()
    refused = _book(client, parent["child"], day, *first_blocks(day, 1) * 2)
    assert refused.status_code == 422 and "approvazione" in refused.get_data(as_text=True)


def test_a_full_block_offers_the_waiting_list_and_a_cancellation_books_the_first_waiting(
        app, client, parent, make_user):
    day = open_day()
    start = first_blocks(day, 1)[0]
    other = make_user("papa", roles=("genitore",), email="papa@example.edu", locale="en")
    with app.app_context():
        family = Family(parent_id=other.id, category="staff")
        db.session.add(family)
        db.session.flush()
        other_child = Child(family_id=family.id, full_name="Tom Verdi", birth_date=day - timedelta(days=900))
        db.session.add(other_child)
        db.session.flush()
        services.ensure_blocks(day, [start])
        block = db.session.scalar(select(Block).where(Block.day == day, Block.starts_at == start))
        block.educators = 1  # 5 places
        db.session.commit()
        other_ids = (other_child.id,)
    for index in range(5):  # four other children fill the block with ours
        if index == 0:
            assert _book(client, parent["child"], day, start, start).status_code == 303
            continue
        with app.test_request_context():
            family = db.session.scalar(select(Family).where(Family.parent_id == other.id))
            kid = Child(family_id=family.id, full_name=f"Bimbo {index}", birth_date=day - timedelta(days=900))
            db.session.add(kid)
            db.session.flush()
            services.book(other, kid, day, start, start)
            db.session.commit()
    with app.test_request_context():
        try:
            services.book(other, db.session.get(Child, other_ids[0]), day, start, start)
        except RuleViolation as refused:
            assert "lista d'attesa" in str(refused.message) or "waiting list" in str(refused.message)
        else:
            raise AssertionError("a sixth child got into a block for five")
        db.session.rollback()
        services.join_waiting_list(other, db.session.get(Child, other_ids[0]), day, start)
        db.session.commit()
    full = _book(client, parent["child"], day, start, start)
    assert full.status_code == 422
    booking = _bookings(app, child_id=parent["child"], status="booked")[0]
    assert client.post(f"/policino/bookings/{booking.id}/cancel").status_code == 303
    with app.app_context():
        placed = db.session.scalar(select(Booking).where(Booking.child_id == other_ids[0], Booking.status == "booked"))
        assert placed is not None and placed.amount_cents == 175
        assert db.session.scalar(select(WaitingEntry.status)) == "placed"
        assert db.session.scalar(select(Block.booked).where(Block.day == day, Block.starts_at == start)) == 5
    mails = outbox(app, "papa@example.edu")
    assert mails and "Tom Verdi" in mails[-1].body


def test_cancelling_after_the_cut_off_keeps_the_charge(app, client, parent):
    day = open_day()
    start = first_blocks(day, 1)[0]
    assert _book(client, parent["child"], day, start, start).status_code == 303
    booking = _bookings(app, status="booked")[0]
    app.config["PORTAL_CHILDCARE_CUTOFF_DAYS"] = (day - today_in_rome()).days + 1  # the cut-off is now past
    try:
        response = client.post(f"/policino/bookings/{booking.id}/cancel", follow_redirects=True)
    finally:
        app.config["PORTAL_CHILDCARE_CUTOFF_DAYS"] = 1
    assert "La scadenza (la fine del giorno prima) è passata: restano addebitati 1,75 €." in visible_text(
        response.get_data(as_text=True))
    with app.app_context():
        row = db.session.get(Booking, booking.id)
        assert (row.status, row.cancelled_late, row.amount_cents) == ("cancelled", True, 175)


def test_cancelling_in_time_gives_card_hours_back(app, client, parent):
    day = open_day()
    with app.app_context():
        db.session.add(Card(family_id=parent["family"], blocks_total=160, blocks_used=0, price_cents=20_000))
        db.session.commit()
    start = first_blocks(day, 1)[0]
    _book(client, parent["child"], day, start, start)
    booking = _bookings(app, status="booked")[0]
    assert booking.charge == "card"
    client.post(f"/policino/bookings/{booking.id}/cancel")
    with app.app_context():
        assert db.session.scalar(select(Card.blocks_used)) == 0
        assert db.session.get(Booking, booking.id).amount_cents == 0


def test_another_familys_child_and_booking_are_404(app, client, parent, make_user):
    day = open_day()
    start = first_blocks(day, 1)[0]
    _book(client, parent["child"], day, start, start)
    booking = _bookings(app)[0]
    client.post("/auth/logout", data={})
    other = make_user("altro", roles=("genitore",))
    login(client, "altro")
    client.post("/policino/family", data={"category": "staff", "phone": "1"})
    client.post("/policino/children/new", data={"full_name": "Mio Figlio", "birth_date": "2023-01-01"})
    assert client.get(f"/policino/children/{parent['child']}").status_code == 404
    assert client.post(f"/policino/bookings/{booking.id}/cancel").status_code == 404
    taken = _book(client, parent["child"], day, start, start)
    assert taken.status_code == 422
    assert len(_bookings(app)) == 1 and other is not None


def test_the_grid_fragment_answers_304_until_a_place_changes(app, client, parent):
    day = open_day()
    headers = {"HX-Request": "true"}
    first = client.get(f"/policino/book/places?from={day.isoformat()}", headers=headers)
    assert first.status_code == 200 and first.get_data(as_text=True).lstrip().startswith('<div id="childcare-grid"')
    etag = first.headers["ETag"]
    assert client.get(f"/policino/book/places?from={day.isoformat()}",
                      headers={**headers, "If-None-Match": etag}).status_code == 304
    start = first_blocks(day, 1)[0]
    _book(client, parent["child"], day, start, start)
    changed = client.get(f"/policino/book/places?from={day.isoformat()}", headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and "prenotato" in changed.get_data(as_text=True)  # the day shows Lia's booking


def test_the_roster_cannot_fall_below_the_bookings(app, client, parent, make_user):
    day = open_day()
    start = first_blocks(day, 1)[0]
    _book(client, parent["child"], day, start, start)
    coordinator = make_user("coordinatrice", roles=("educatore",))
    with app.test_request_context():
        with pytest.raises(RuleViolation):
            services.set_educators(coordinator, day, start, 0)
        db.session.rollback()
        assert services.set_educators(coordinator, day, start, 1).educators == 1


def test_a_hundred_parents_racing_for_the_last_three_places_get_exactly_three(app, make_user):
    day = open_day()
    start = first_blocks(day, 1)[0]
    with app.app_context():
        services.ensure_blocks(day, [start])
        block = db.session.scalar(select(Block).where(Block.day == day, Block.starts_at == start))
        block.educators, block.booked = 1, 2  # 5 places, 2 taken: 3 left
        db.session.commit()
    racers = []
    for index in range(100):
        user = make_user(f"genitore{index}", roles=("genitore",))
        with app.app_context():
            family = Family(parent_id=user.id, category="staff")
            db.session.add(family)
            db.session.flush()
            child = Child(family_id=family.id, full_name=f"Bimbo {index}", birth_date=day - timedelta(days=1000))
            db.session.add(child)
            db.session.commit()
            racers.append((user.id, child.id))
    barrier = threading.Barrier(len(racers))
    results: list[str] = []

    def race(user_id: int, child_id: int) -> None:
        from portal.auth.models import User

        barrier.wait()  # then all at once (the pool hands out its connections as they free up)
        with app.test_request_context():
            user, child = db.session.get(User, user_id), db.session.get(Child, child_id)
            try:
                services.book(user, child, day, start, start)
                db.session.commit()
                results.append("booked")
            except RuleViolation:
                db.session.rollback()
                results.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=racer) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("booked") == 3 and results.count("full") == 97
    with app.app_context():
        assert db.session.scalar(select(Block.booked).where(Block.day == day, Block.starts_at == start)) == 5
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.status == "booked")) == 3


def _families(app, make_user, day, count, prefix):
    ids = []
    for index in range(count):
        user = make_user(f"{prefix}{index}", roles=("genitore",))
        with app.app_context():
            family = Family(parent_id=user.id, category="staff")
            db.session.add(family)
            db.session.flush()
            child = Child(family_id=family.id, full_name=f"{prefix} {index}", birth_date=day - timedelta(days=1000))
            db.session.add(child)
            db.session.commit()
            ids.append((user.id, child.id))
    return ids


def test_cancellations_racing_bookings_keep_the_count_of_places_exact(app, make_user):
    """One educator: 5 places, all taken. Five families cancel while five others book, all at once (real
    threads, SQLite file or PostgreSQL): every cancel is counted and no half hour ever holds more than 5."""
    from portal.auth.models import User

    day = open_day()
    start = first_blocks(day, 1)[0]
    with app.app_context():
        services.ensure_blocks(day, [start])
        db.session.scalar(select(Block).where(Block.day == day, Block.starts_at == start)).educators = 1
        db.session.commit()
    holders = _families(app, make_user, day, 5, "prima")
    booking_ids = []
    for user_id, child_id in holders:
        with app.test_request_context():
            booked = services.book(db.session.get(User, user_id), db.session.get(Child, child_id), day, start, start)
            db.session.commit()
            booking_ids.append((user_id, booked[0].id))
    newcomers = _families(app, make_user, day, 5, "dopo")
    barrier = threading.Barrier(len(holders) + len(newcomers))
    results: list[str] = []

    def cancel(user_id: int, booking_id: int) -> None:
        barrier.wait()
        with app.test_request_context():
            try:
                services.cancel(db.session.get(User, user_id), db.session.get(Booking, booking_id))
                db.session.commit()
                results.append("cancelled")
            finally:
                db.session.remove()

    def book(user_id: int, child_id: int) -> None:
        barrier.wait()
        with app.test_request_context():
            try:
                services.book(db.session.get(User, user_id), db.session.get(Child, child_id), day, start, start)
                db.session.commit()
                results.append("booked")
            except RuleViolation:
                db.session.rollback()
                results.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=cancel, args=pair) for pair in booking_ids]
    threads += [threading.Thread(target=book, args=pair) for pair in newcomers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("cancelled") == 5 and len(results) == 10, results
    with app.app_context():
        counted = db.session.scalar(select(Block.booked).where(Block.day == day, Block.starts_at == start))
        active = db.session.scalar(select(func.count(Booking.id)).where(Booking.status == "booked"))
        assert counted == active == results.count("booked") <= 5


def test_closing_a_day_cancels_its_bookings_free_and_tells_the_families(app, client, parent, make_user):
    day = open_day()
    with app.app_context():
        db.session.add(Card(family_id=parent["family"], blocks_total=160, blocks_used=0, price_cents=20_000))
        db.session.commit()
    blocks = first_blocks(day, 2)
    _book(client, parent["child"], day, blocks[0], blocks[1])
    client.post("/auth/logout", data={})
    make_user("educatrice", roles=("educatore",))
    login(client, "educatrice")
    assert client.get("/policino/").headers["Location"].endswith("/policino/register")
    page = client.get("/policino/calendar").get_data(as_text=True)
    assert "24 giugno" in page  # San Giovanni, known without typing it
    past = client.post("/policino/calendar", data={"day": today_in_rome().isoformat(), "reason": "x"})
    assert past.status_code == 422
    assert client.post("/policino/calendar", data={"day": day.isoformat(), "reason": "Chiusura di ateneo"}
                       ).status_code == 303
    assert client.post("/policino/calendar", data={"day": day.isoformat()}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.status == "booked")) == 0
        assert db.session.scalar(select(Card.blocks_used)) == 0
        assert db.session.scalar(select(func.sum(Block.booked))) == 0
    mails = outbox(app, "genitore@example.edu")
    assert mails and "Chiusura di ateneo" in mails[-1].body
    client.post("/auth/logout", data={})
    login(client, "genitore")
    assert rules.opening_blocks(day)  # open by the rules, closed by the coordinator: "closed" in the strip, no link
    strip = client.get(f"/policino/book?from={day.isoformat()}").get_data(as_text=True)
    assert f'day={day.isoformat()}&amp;' not in strip and "chiuso" in strip
    refused = _book(client, parent["child"], day, blocks[0], blocks[0])
    assert refused.status_code == 422


def test_only_staff_manage_the_calendar(client, parent):
    assert client.get("/policino/calendar").status_code == 403


def test_two_children_booked_at_once_for_the_last_card_half_hour_use_it_once(app, make_user):
    """The card's last half hour goes to one booking; the other pays the single price (EUR 1.75) and the card is
    never overdrawn, whatever the locks did."""
    day = open_day()
    start = first_blocks(day, 1)[0]
    user = make_user("genitore.carta", roles=("genitore",))
    with app.app_context():
        services.ensure_blocks(day, [start])
        family = Family(parent_id=user.id, category="staff")
        db.session.add(family)
        db.session.flush()
        children = [Child(family_id=family.id, full_name=name, birth_date=day - timedelta(days=1000))
                    for name in ("Anna", "Bruno")]
        db.session.add_all(children)
        db.session.add(Card(family_id=family.id, blocks_total=160, blocks_used=159, price_cents=20_000))
        db.session.commit()
        child_ids = [child.id for child in children]
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def race(child_id: int) -> None:
        from portal.auth.models import User

        barrier.wait()
        with app.test_request_context():
            try:
                services.book(db.session.get(User, user.id), db.session.get(Child, child_id), day, start, start)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the test reports any failure below
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=(child_id,)) for child_id in child_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        charges = sorted(db.session.execute(select(Booking.charge, Booking.amount_cents)).all())
        assert charges == [("card", 0), ("single", 175)]
        assert db.session.scalar(select(Card.blocks_used)) == 160
