"""Policino and the micro nido's calendar (issue 13, point 11; tender 27.2, 28.2, 28.4): the first hour after the
nursery is free only on days it was open; July's hours follow the coordinator's yearly switch; on the nursery's
closing days the baby parking runs in its hours. Prices by hand: EUR 3.50 an hour, charged per half hour (1.75)."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from portal.childcare import rules, services
from portal.childcare.models import Child, NurseryClosure, Summer
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db
from tests.childcare.test_booking import _book, _bookings, open_day
from tests.conftest import login

OPENS_FAR_AHEAD = ("staff=400", "student=10", "grandparent=7", "other=3")


@pytest.fixture
def nido_child(app, parent):
    with app.app_context():
        db.session.get(Child, parent["child"]).micro_nido = True
        db.session.commit()
    return parent


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinatrice", roles=("educatore",))


@pytest.fixture
def july(app, coordinator):
    """The next July, booked as far ahead as a staff family may with the setting at 400 days; a function that sets
    the year's switch and publishes the summer calendar."""
    year = services.summer_year(today_in_rome())
    day = next(date(year, 7, d) for d in range(1, 32) if rules.opening_blocks(date(year, 7, d)))
    app.config["PORTAL_CHILDCARE_OPENS_DAYS"] = OPENS_FAR_AHEAD

    def publish(nursery_open: bool | None) -> date:
        with app.test_request_context():
            if nursery_open is not None:
                services.set_july_nursery(coordinator, year, nursery_open)
            services.publish_summer(coordinator, year)
            db.session.commit()
        return day

    yield publish
    app.config["PORTAL_CHILDCARE_OPENS_DAYS"] = ("staff=14", "student=10", "grandparent=7", "other=3")


def test_in_a_july_without_the_micro_nido_its_children_pay_the_hour_after_1630(app, client, nido_child, july):
    day = july(nursery_open=False)
    review = _book(client, nido_child["child"], day, time(16, 30), time(17, 0), confirm=False)
    assert review.status_code == 200 and "3,50" in review.get_data(as_text=True)  # two half hours at 1,75
    assert _book(client, nido_child["child"], day, time(16, 30), time(17, 0)).status_code == 303
    booked = _bookings(app, status="booked")
    assert [(b.charge, b.amount_cents) for b in booked] == [("single", 175), ("single", 175)]
    assert _book(client, nido_child["child"], day, time(8, 0), time(8, 0)).status_code == 303  # open all day


def test_in_a_july_with_the_micro_nido_the_baby_parking_runs_after_it_and_its_hour_is_free(
        app, client, nido_child, july):
    day = july(nursery_open=None)  # the switch left as it is: on, as in each of the last three years
    assert _book(client, nido_child["child"], day, time(16, 30), time(17, 30)).status_code == 303
    assert [(b.charge, b.amount_cents) for b in _bookings(app, status="booked")] == [
        ("free", 0), ("free", 0), ("single", 175)]
    morning = _book(client, nido_child["child"], day, time(8, 0), time(8, 0))  # the nursery has the rooms
    assert morning.status_code == 422 and len(_bookings(app, status="booked")) == 3
    with app.test_request_context():
        assert services.blocks_of(day)[0] == time(16, 30)


def test_the_july_switch_is_set_on_the_calendar_and_fixed_once_published(app, client, coordinator, july):
    login(client, "coordinatrice")
    year = services.summer_year(today_in_rome())
    page = client.get("/policino/calendar").get_data(as_text=True)
    assert "16:30-19:00" in page and "prima ora gratis" in page
    bad = client.post("/policino/calendar/summer/nursery", data={"nursery_open": "maybe"})
    assert bad.status_code == 422
    assert client.post("/policino/calendar/summer/nursery", data={"nursery_open": "no"}).status_code == 303
    assert "8:00-19:00" in client.get("/policino/calendar").get_data(as_text=True)
    assert client.post("/policino/calendar/summer", data={}).status_code == 303
    refused = client.post("/policino/calendar/summer/nursery", data={"nursery_open": "yes"})
    assert refused.status_code == 422 and "non può più cambiare" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Summer, year).nursery_open is False
    with app.test_request_context():
        assert services.july_hours(year) == (time(8), time(19))


def test_on_a_closing_day_of_the_micro_nido_the_baby_parking_opens_all_day_and_its_children_pay(
        app, client, nido_child, coordinator):
    day = open_day()
    client.post("/auth/logout", data={})
    login(client, "coordinatrice")
    past = client.post("/policino/calendar/nursery", data={"nursery-day": today_in_rome().isoformat()})
    assert past.status_code == 422
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    weekend = client.post("/policino/calendar/nursery", data={"nursery-day": saturday.isoformat()})
    assert weekend.status_code == 422 and "non è comunque aperto" in weekend.get_data(as_text=True)
    assert client.post("/policino/calendar/nursery", data={"nursery-day": day.isoformat(),
                                                           "nursery-reason": "Vacanze dei nidi comunali"}
                       ).status_code == 303
    assert "Vacanze dei nidi comunali" in client.get("/policino/calendar").get_data(as_text=True)
    client.post("/auth/logout", data={})
    login(client, "genitore")
    with app.test_request_context():
        assert services.blocks_of(day)[0] == time(8, 0) and len(services.blocks_of(day)) == 22
    assert _book(client, nido_child["child"], day, time(16, 30), time(17, 0)).status_code == 303
    assert [(b.charge, b.amount_cents) for b in _bookings(app, status="booked")] == [
        ("single", 175), ("single", 175)]
    assert _book(client, nido_child["child"], day, time(9, 0), time(9, 0)).status_code == 303
    with app.test_request_context():  # booked that day: the closing day stays
        with pytest.raises(RuleViolation):
            services.remove_nursery_closure(coordinator, day)
        db.session.rollback()
        assert db.session.get(NurseryClosure, day) is not None


def test_with_the_setting_off_a_closing_day_keeps_the_afternoon_but_the_hour_is_paid(app, client, nido_child,
                                                                                       coordinator):
    day = open_day()
    app.config["PORTAL_CHILDCARE_ALL_DAY_WHEN_NURSERY_CLOSED"] = False
    try:
        with app.test_request_context():
            services.add_nursery_closure(coordinator, day, "")
            db.session.commit()
            assert services.blocks_of(day) == [time(16, 30), time(17, 0), time(17, 30), time(18, 0), time(18, 30)]
        assert _book(client, nido_child["child"], day, time(16, 30), time(16, 30)).status_code == 303
    finally:
        app.config["PORTAL_CHILDCARE_ALL_DAY_WHEN_NURSERY_CLOSED"] = True
    assert [(b.charge, b.amount_cents) for b in _bookings(app, status="booked")] == [("single", 175)]


def test_a_closing_day_cannot_take_away_a_free_hour_already_booked(app, client, nido_child, coordinator):
    day = open_day()
    assert _book(client, nido_child["child"], day, time(16, 30), time(17, 0)).status_code == 303
    assert {b.charge for b in _bookings(app, status="booked")} == {"free"}
    with app.test_request_context():
        with pytest.raises(RuleViolation) as refused:
            services.add_nursery_closure(coordinator, day, "")
        assert "2" in str(refused.value.message)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(NurseryClosure)) == 0
    with app.test_request_context():  # a closing day without bookings opens again
        other = open_day(10, 20)
        services.add_nursery_closure(coordinator, other, "")
        db.session.commit()
        assert services.remove_nursery_closure(coordinator, other)
        db.session.commit()
        assert db.session.get(NurseryClosure, other) is None


def test_only_the_office_sets_the_nursery_calendar(client, parent):
    assert client.post("/policino/calendar/summer/nursery", data={"nursery_open": "no"}).status_code == 403
    assert client.post("/policino/calendar/nursery", data={"nursery-day": "2030-01-07"}).status_code == 403


def test_the_grid_fragment_shows_the_new_hours_as_soon_as_a_closing_day_is_entered(app, client, parent, coordinator):
    day = open_day()
    headers = {"HX-Request": "true"}
    first = client.get(f"/policino/book/places?from={day.isoformat()}", headers=headers)
    etag = first.headers["ETag"]
    assert f'day={day.isoformat()}' in first.get_data(as_text=True) and "16:30–19:00" in first.get_data(as_text=True)
    with app.test_request_context():
        services.add_nursery_closure(coordinator, day, "")
        db.session.commit()
    changed = client.get(f"/policino/book/places?from={day.isoformat()}", headers={**headers, "If-None-Match": etag})
    assert changed.status_code == 200 and "08:00" in changed.get_data(as_text=True)
