"""Policino's booking page on a phone (issue 16): a day strip, start and length chips, the price as they change, one
confirmation; a booking of several half hours is one card with one cancel, which asks first and says what stays
charged. Race tests with multi-half-hour bookings on SQLite and PostgreSQL."""

import re
import threading
from datetime import timedelta

from sqlalchemy import func, select

from portal.childcare import rules, services
from portal.childcare.models import Block, Booking, Card, Child, Family
from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.childcare.test_booking import _book, _bookings, first_blocks, open_day
from tests.conftest import login
from tests.helpers import assert_no_visible_markup, visible_text


def _three(day):
    blocks = first_blocks(day, 3)
    return blocks, rules.block_end(blocks[-1])


def test_the_page_offers_days_then_start_chips_then_lengths_then_the_price(app, client, parent):
    day = open_day()
    blocks, _end = _three(day)
    page = client.get(f"/policino/book?day={day.isoformat()}").get_data(as_text=True)
    assert_no_visible_markup(page)
    assert 'aria-current="date"' in page and 'name="start"' in page
    assert 'name="blocks"' not in page  # no start yet: no lengths, no price
    assert "Scegli l'ora di inizio." in visible_text(page)
    chosen = client.get(f"/policino/book?day={day.isoformat()}&start={blocks[0]:%H:%M}").get_data(as_text=True)
    lengths = re.findall(r'id="blocks-(\d+)" value="\d+"', chosen)
    assert lengths[:3] == ["1", "2", "3"] and len(lengths) == len(rules.opening_blocks(day))
    priced = client.get(f"/policino/book?day={day.isoformat()}&start={blocks[0]:%H:%M}&blocks=3")
    text = visible_text(priced.get_data(as_text=True))
    assert "Da pagare 5,25 €" in text and "Prenota · 5,25 €" in text  # 3 half hours at 1.75
    assert _bookings(app) == []  # choosing writes nothing


def test_htmx_gets_the_chooser_and_the_price_out_of_band(app, client, parent):
    day = open_day()
    blocks, _end = _three(day)
    url = f"/policino/book?day={day.isoformat()}&start={blocks[0]:%H:%M}&blocks=2"
    fragment = client.get(url, headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    assert html.lstrip().startswith('<div id="booking"') and "<html" not in html
    assert 'id="booking-price" role="status" aria-live="polite" class="mb-3" data-hx-swap-oob="innerHTML"' in html
    assert "3,50" in html  # 2 half hours
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and "hx-swap-oob" not in page


def test_a_booking_of_three_half_hours_is_one_card_with_one_cancel(app, client, parent):
    day = open_day()
    blocks, end = _three(day)
    assert _book(client, parent["child"], day, blocks[0], blocks[-1]).status_code == 303
    page = client.get("/policino/bookings").get_data(as_text=True)
    assert_no_visible_markup(page)
    assert page.count('<li id="stay-') == 1
    text = visible_text(page)
    assert f"{blocks[0]:%H:%M}–{end:%H:%M} · Lia Rossi" in text and "5,25 €" in text
    assert len(re.findall(r'href="/policino/bookings/\d+/cancel"', page)) == 1


def test_cancelling_asks_first_says_nothing_is_charged_in_time_and_frees_every_half_hour(app, client, parent):
    day = open_day()
    blocks, end = _three(day)
    _book(client, parent["child"], day, blocks[0], blocks[-1])
    key = min(b.id for b in _bookings(app))
    asked = client.get(f"/policino/bookings/{key}/cancel")
    text = visible_text(asked.get_data(as_text=True))
    assert asked.status_code == 200
    assert "Annullare la prenotazione di Lia Rossi per" in text and f"{blocks[0]:%H:%M}–{end:%H:%M}?" in text
    assert "Non sarà addebitato nulla." in text
    assert len(_bookings(app, status="booked")) == 3  # asking changes nothing
    in_card = client.get(f"/policino/bookings/{key}/cancel", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert in_card.lstrip().startswith(f'<div id="cancel-{key}"')
    done = client.post(f"/policino/bookings/{key}/cancel", follow_redirects=True)
    assert "Prenotazione annullata. Non sarà addebitato nulla." in visible_text(done.get_data(as_text=True))
    assert [(b.status, b.amount_cents) for b in _bookings(app)] == [("cancelled", 0)] * 3
    with app.app_context():
        assert db.session.scalar(select(func.sum(Block.booked)).where(Block.day == day)) == 0


def test_any_half_hour_of_a_booking_names_the_whole_booking(app, client, parent):
    day = open_day()
    blocks, _end = _three(day)
    _book(client, parent["child"], day, blocks[0], blocks[-1])
    middle = _bookings(app)[1]
    assert client.post(f"/policino/bookings/{middle.id}/cancel").status_code == 303
    assert {b.status for b in _bookings(app)} == {"cancelled"}


def test_a_late_cancel_says_and_keeps_what_is_charged_card_and_single(app, client, parent):
    day = open_day()
    blocks, _end = _three(day)
    with app.app_context():  # one half hour left on the card: card, then two single half hours (2 x 1.75)
        db.session.add(Card(family_id=parent["family"], blocks_total=160, blocks_used=159, price_cents=20_000))
        db.session.commit()
    _book(client, parent["child"], day, blocks[0], blocks[-1])
    assert [b.charge for b in _bookings(app)] == ["card", "single", "single"]
    key = min(b.id for b in _bookings(app))
    app.config["PORTAL_CHILDCARE_CUTOFF_DAYS"] = (day - today_in_rome()).days + 1  # the cut-off is now past
    try:
        asked = visible_text(client.get(f"/policino/bookings/{key}/cancel").get_data(as_text=True))
        done = visible_text(client.post(f"/policino/bookings/{key}/cancel", follow_redirects=True).get_data(
            as_text=True))
    finally:
        app.config["PORTAL_CHILDCARE_CUTOFF_DAYS"] = 1
    said = ("La scadenza (la fine del giorno prima) è passata: restano addebitati 3,50 € e 1 mezz'ora resta scalata "
            "dalla tua tessera.")
    assert said in asked and said in done
    assert [(b.status, b.cancelled_late, b.amount_cents) for b in _bookings(app)] == [
        ("cancelled", True, 0), ("cancelled", True, 175), ("cancelled", True, 175)]
    with app.app_context():
        assert db.session.scalar(select(Card.blocks_used)) == 160  # the card's half hour stays used


def test_a_place_taken_meanwhile_answers_the_reason_and_the_waiting_list(app, client, parent):
    day = open_day()
    start = first_blocks(day, 1)[0]
    with app.app_context():
        services.ensure_blocks(day, [start])
        db.session.scalar(select(Block).where(Block.day == day, Block.starts_at == start)).educators = 0
        db.session.commit()
    refused = _book(client, parent["child"], day, start, start)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Posti esauriti" in visible_text(html)
    assert f'name="start" value="{start:%H:%M}"' in html and 'action="/policino/waiting"' in html
    assert _bookings(app) == []


def test_old_links_and_odd_values_land_on_the_booking_page(app, client, parent):
    day = open_day()
    old = client.get(f"/policino/book/new?day={day.isoformat()}&start=17:00")
    assert old.status_code == 303 and old.headers["Location"].startswith("/policino/book?")
    for query in ("day=1999-01-01", "day=x&start=99:99&blocks=-3", "blocks=999999999999&child=abc",
                  f"day={day.isoformat()}&start=03:00&blocks=2"):
        response = client.get(f"/policino/book?{query}")
        assert response.status_code == 200, query
        assert "Prenota ·" not in visible_text(response.get_data(as_text=True))


def test_a_booking_posted_for_a_far_off_or_past_day_is_refused_and_writes_nothing(app, client, parent):
    for day in ("9999-12-31", "2000-01-01"):
        response = client.post("/policino/book/new", data={"child": parent["child"], "day": day, "first": "17:00",
                                                           "last": "17:30", "confirm": "yes"})
        assert response.status_code == 422, day
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 0


def test_another_familys_booking_cannot_be_asked_about_or_cancelled(app, client, parent, make_user):
    day = open_day()
    start = first_blocks(day, 1)[0]
    _book(client, parent["child"], day, start, start)
    key = _bookings(app)[0].id
    client.post("/auth/logout", data={})
    make_user("altro", roles=("genitore",))
    login(client, "altro")
    assert client.get(f"/policino/bookings/{key}/cancel").status_code == 404
    assert client.post(f"/policino/bookings/{key}/cancel").status_code == 404


def test_parents_racing_with_bookings_of_several_half_hours_never_overfill_a_half_hour(app, make_user):
    """One educator: 5 places in each half hour. 24 families book at once, each 1 to 3 half hours from one of the
    first three starts (real threads, SQLite file or PostgreSQL): every booking is all or nothing, no half hour holds
    more than 5, and each half hour's counter equals its active rows."""
    from portal.auth.models import User

    day = open_day()
    starts = first_blocks(day, 5)
    with app.app_context():
        services.ensure_blocks(day, starts)
        for block in db.session.scalars(select(Block).where(Block.day == day)):
            block.educators = 1
        db.session.commit()
    racers = []
    for index in range(24):
        user = make_user(f"corsa{index}", roles=("genitore",))
        with app.app_context():
            family = Family(parent_id=user.id, category="staff")
            db.session.add(family)
            db.session.flush()
            child = Child(family_id=family.id, full_name=f"Corsa {index}", birth_date=day - timedelta(days=1000))
            db.session.add(child)
            db.session.commit()
            first = starts[index % 3]
            last = starts[index % 3 + index % 3]  # lengths 1, 2 and 3 half hours, overlapping
            racers.append((user.id, child.id, first, last))
    barrier = threading.Barrier(len(racers))
    results: list[tuple[int, int]] = []  # (child, half hours booked)

    def race(user_id, child_id, first, last):
        barrier.wait()
        with app.test_request_context():
            user, child = db.session.get(User, user_id), db.session.get(Child, child_id)
            try:
                booked = services.book(user, child, day, first, last)
                db.session.commit()
                results.append((child_id, len(booked)))
            except rules.RuleViolation:
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=racer) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        counted = dict(db.session.execute(
            select(Block.starts_at, func.count(Booking.id)).join(Booking, Booking.block_id == Block.id)
            .where(Block.day == day, Booking.status == "booked").group_by(Block.starts_at)).all())
        counters = dict(db.session.execute(select(Block.starts_at, Block.booked).where(Block.day == day)).all())
        rows = db.session.execute(select(Booking.child_id, Booking.id, Booking.group_id)
                                  .where(Booking.status == "booked")).all()
    assert results and all(count <= 5 for count in counted.values())
    assert all(counters[start] == counted.get(start, 0) for start in starts)
    assert max(counted.values()) == 5  # the rush filled the first half hour
    for child_id, length in results:  # all or nothing, one booking each
        mine = [row for row in rows if row.child_id == child_id]
        assert len(mine) == length and len({row.group_id or row.id for row in mine}) == 1


def test_the_migration_groups_half_hours_booked_together_before_the_upgrade():
    import importlib.util
    from datetime import date, datetime, time
    from pathlib import Path

    path = Path(__file__).parents[2] / "migrations" / "versions" / "0029_policino_bookings_grouped.py"
    spec = importlib.util.spec_from_file_location("grouping", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    day, at = date(2030, 1, 15), datetime(2030, 1, 10, 9, 0, 0)
    rows = [  # (id, child, day, start, created_at, created_by), ordered by child, day, start
        (11, 1, day, time(17), at, 5), (12, 1, day, time(17, 30), at, 5), (13, 1, day, time(18), at, 5),  # one go
        (20, 1, day, time(18, 30), at + timedelta(minutes=3), 5),  # three minutes later: its own booking
        (30, 2, day, time(17), at, 5),  # another child, same moment: its own
        (40, 2, day, time(18), at, 5),  # not consecutive: its own
    ]
    assert module._groups(rows) == {11: 11, 12: 11, 13: 11, 20: 20, 30: 30, 40: 40}
