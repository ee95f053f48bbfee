"""My calendar: a private feed per person (the token is the credential), with their CAF appointments and their
Policino stays (consecutive half hours of one child on one day are one event), revocable and renewable."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from portal.auth import services as auth_services
from portal.auth.models import CalendarFeed
from portal.caf.models import Appointment, Office, Slot, Student
from portal.childcare.models import Block, Booking, Child, Family
from portal.core import feeds
from portal.core.audit import AuditEvent
from portal.core.calendar import ROME
from portal.core.ics import CalendarEvent
from portal.extensions import db

# 15 January 2030 is winter time in Rome (UTC+1); 12 June 2030 summer time (UTC+2).
WINTER, SUMMER = date(2030, 1, 15), date(2030, 6, 12)


def events_of(text: str) -> list[dict[str, str]]:
    """The VEVENTs of a feed, each as {property: value} with folded lines joined again."""
    lines = text.replace("\r\n ", "").split("\r\n")
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return found


def _office() -> Office:
    office = Office(name="CAF Milano Leonardo", address="Via Ampère 2", city="Milano", slot_minutes=30, counters=2)
    db.session.add(office)
    db.session.flush()
    return office


def _appointment(office: Office, student: Student, day: date, start: time, status: str = "booked") -> Appointment:
    slot = db.session.scalar(select(Slot).where(Slot.office_id == office.id, Slot.day == day, Slot.starts_at == start))
    if slot is None:
        slot = Slot(office_id=office.id, day=day, starts_at=start, minutes=30, counters=2, booked=0)
        db.session.add(slot)
    slot.booked += status == "booked"
    db.session.flush()
    appointment = Appointment(slot_id=slot.id, student_id=student.id, purpose="intake", status=status)
    db.session.add(appointment)
    db.session.flush()
    return appointment


def _block(day: date, start: time) -> Block:
    block = db.session.scalar(select(Block).where(Block.day == day, Block.starts_at == start))
    if block is None:
        block = Block(day=day, starts_at=start, educators=5, booked=0, max_children=24, children_per_educator=5)
        db.session.add(block)
        db.session.flush()
    return block


def _book(family: Family, child: Child, day: date, start: time, status: str = "booked",
          group: Booking | None = None) -> Booking:
    """One half hour; `group`: the first half hour of the booking it was made with (none: a booking of its own)."""
    block = _block(day, start)
    block.booked += status == "booked"
    booking = Booking(block_id=block.id, child_id=child.id, family_id=family.id, status=status, charge="single",
                      amount_cents=175, group_id=group.id if group is not None else None)
    db.session.add(booking)
    db.session.flush()
    return booking


@pytest.fixture
def person(app, make_user):
    """A student who is also a parent: one CAF appointment (and one cancelled), and Policino bookings on
    15 January 2030 for Lia (09:00-09:30; 17:00, 17:30, 18:00 booked and 18:30 cancelled) and Leo (17:30)."""

    def factory(access_code="aiko", matricola="654321", locale="en"):
        user = make_user(access_code, roles=("studente", "genitore"), full_name="Aiko Tanaka", locale=locale)
        with app.app_context():
            student = Student(user_id=user.id, kind="enrolled", matricola=matricola)
            family = Family(parent_id=user.id, category="staff")
            db.session.add_all([student, family])
            db.session.flush()
            office = db.session.scalar(select(Office)) or _office()
            appointment = _appointment(office, student, SUMMER, time(9, 30))
            _appointment(office, student, date(2030, 6, 13), time(10), status="cancelled")
            lia = Child(family_id=family.id, full_name="Lia Tanaka", birth_date=date(2027, 3, 1),
                        allergies="peanuts", notes="asthma inhaler")
            leo = Child(family_id=family.id, full_name="Leo Tanaka", birth_date=date(2028, 3, 1))
            db.session.add_all([lia, leo])
            db.session.flush()
            morning = _book(family, lia, WINTER, time(9))
            evening = [_book(family, lia, WINTER, time(17))]  # 17:00-19:00 booked at once, 18:30 cancelled
            evening += [_book(family, lia, WINTER, start, group=evening[0]) for start in (time(17, 30), time(18))]
            _book(family, lia, WINTER, time(18, 30), status="cancelled", group=evening[0])
            leo_booking = _book(family, leo, WINTER, time(17, 30))
            token = auth_services.open_calendar_feed(user)
            db.session.commit()
            return {"user": user, "token": token, "appointment": appointment.id, "morning": morning.id,
                    "evening": [b.id for b in evening], "leo": leo_booking.id, "family": family.id, "lia": lia.id}

    return factory


def feed_url(token: str) -> str:
    return f"/auth/calendar/{token}.ics"


# What a page shown to a signed-in user holds that changes with the clock, whatever it answers: the form tokens are
# signed with the current second, and the session's countdown moves. Two 404s rendered in different seconds (often, on
# a loaded machine) differ there and only there, so the comparison sets them aside as it does the address asked for.
CLOCK_BOUND = re.compile(rb'(csrf_token" value="|"X-CSRFToken": "|data-session-seconds=")[^"]*')


def same_answer(one, one_token: str, other, other_token: str) -> bool:
    """Two 404s say the same thing (the page names the address asked for, so each token is set aside)."""
    def seen(response, token: str) -> tuple:
        body = CLOCK_BOUND.sub(rb"\1CLOCK", response.data.replace(token.encode(), b"TOKEN"))
        return response.status_code, response.headers.get("Content-Type"), body
    return seen(one, one_token) == seen(other, other_token)


def test_the_feed_holds_the_appointments_and_one_event_per_stay_with_hand_checked_times(app, client, person):
    me = person()
    response = client.get(feed_url(me["token"]))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "METHOD:PUBLISH" in text
    events = [(e["DTSTART"], e["DTEND"], e["SUMMARY"], e["UID"], e["STATUS"]) for e in events_of(text)]
    assert events == [
        # 09:00-09:30 in Rome in winter is 08:00-08:30 UTC
        ("20300115T080000Z", "20300115T083000Z", "Policino: Lia", f"policino-stay-{me['morning']}@localhost",
         "CONFIRMED"),
        # Lia's 17:00, 17:30 and 18:00 are one stay, 17:00-18:30 (16:00-17:30 UTC); her 18:30 was cancelled
        ("20300115T160000Z", "20300115T173000Z", "Policino: Lia", f"policino-stay-{me['evening'][0]}@localhost",
         "CONFIRMED"),
        # Leo's half hour is his own event, even at the same time as his sister's
        ("20300115T163000Z", "20300115T170000Z", "Policino: Leo", f"policino-stay-{me['leo']}@localhost",
         "CONFIRMED"),
        # 09:30-10:00 in Rome in summer is 07:30-08:00 UTC; the cancelled appointment of the 13th is not there
        ("20300612T073000Z", "20300612T080000Z", "CAF: Intake: bring your documents",
         f"caf-appointment-{me['appointment']}@localhost", "CONFIRMED"),
    ]
    assert events_of(text)[-1]["LOCATION"] == "CAF Milano Leonardo\\, Via Ampère 2\\, Milano"
    # No health data, no surname of the child, nothing but when, where and what.
    for private in ("peanuts", "asthma", "Tanaka", "DESCRIPTION"):
        assert private not in text


def test_two_bookings_that_touch_are_two_events(app, client, person):
    me = person()
    with app.app_context():  # Lia's 18:30 booked again later, on its own: it touches the evening's 18:00
        family, lia = db.session.get(Family, me["family"]), db.session.get(Child, me["lia"])
        late = _book(family, lia, WINTER, time(18, 30)).id
        db.session.commit()
    events = [(e["DTSTART"], e["DTEND"], e["UID"]) for e in events_of(client.get(feed_url(me["token"]))
                                                                        .get_data(as_text=True))]
    # 17:00-18:30 (16:00-17:30 UTC) as booked, and 18:30-19:00 (17:30-18:00 UTC) as its own booking: one cancel each
    assert ("20300115T160000Z", "20300115T173000Z", f"policino-stay-{me['evening'][0]}@localhost") in events
    assert ("20300115T173000Z", "20300115T180000Z", f"policino-stay-{late}@localhost") in events


def test_the_feed_speaks_the_persons_language(app, client, person):
    me = person(locale="it")
    text = client.get(feed_url(me["token"])).get_data(as_text=True)
    assert "SUMMARY:CAF: Accoglienza: porti i documenti" in text and "SUMMARY:Policino: Lia" in text
    assert "X-WR-CALNAME:PoliTo: il mio calendario" in text


def test_a_cancelled_half_hour_shortens_the_stay_and_a_cancelled_stay_leaves_the_feed(app, client, person):
    me = person()
    with app.app_context():
        db.session.get(Booking, me["evening"][2]).status = "cancelled"  # 18:00
        for booking_id in (me["morning"],):
            db.session.get(Booking, booking_id).status = "cancelled"
        db.session.commit()
    events = events_of(client.get(feed_url(me["token"])).get_data(as_text=True))
    lia = [(e["DTSTART"], e["DTEND"], e["UID"]) for e in events if e["SUMMARY"] == "Policino: Lia"]
    assert lia == [("20300115T160000Z", "20300115T170000Z", f"policino-stay-{me['evening'][0]}@localhost")]


def test_the_feed_needs_no_session_is_private_and_answers_304_while_nothing_changed(app, client, person):
    me = person()
    first = client.get(feed_url(me["token"]))
    assert first.status_code == 200
    assert "private" in first.headers["Cache-Control"] and "no-store" not in first.headers["Cache-Control"]
    assert first.headers["ETag"] and "Set-Cookie" not in first.headers
    again = client.get(feed_url(me["token"]), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    with app.app_context():  # Lia is booked at 18:30 again: the stay now ends at 19:00
        family, lia = db.session.get(Family, me["family"]), db.session.get(Child, me["lia"])
        _book(family, lia, WINTER, time(18, 30))
        db.session.commit()
    changed = client.get(feed_url(me["token"]), headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    assert "DTEND:20300115T180000Z" in changed.get_data(as_text=True)


def test_another_persons_token_never_gives_your_events(app, client, person):
    me, other = person(), person(access_code="yui", matricola="111111")
    mine = client.get(feed_url(me["token"])).get_data(as_text=True)
    theirs = client.get(feed_url(other["token"])).get_data(as_text=True)
    assert f"caf-appointment-{me['appointment']}@" in mine and f"caf-appointment-{me['appointment']}@" not in theirs
    assert f"policino-stay-{me['morning']}@" not in theirs and f"policino-stay-{other['morning']}@" in theirs
    with app.app_context():  # a closed account's link answers as a link that never existed
        db.session.get(type(me["user"]), me["user"].id).active = False
        db.session.commit()
    closed, unknown = client.get(feed_url(me["token"])), client.get(feed_url("x" * 43))
    assert closed.status_code == unknown.status_code == 404
    assert same_answer(closed, me["token"], unknown, "x" * 43)


def test_the_link_is_made_shown_once_renewed_and_revoked_from_the_profile_and_audited(app, client, signed_in):
    user = signed_in(roles=("studente",), access_code="aiko", locale="en")
    page = client.get("/auth/profile").get_data(as_text=True)
    assert "My calendar" in page and "Make my calendar link" in page and "Revoke" not in page
    made = client.post("/auth/profile/calendar")
    assert made.status_code == 200
    html = made.get_data(as_text=True)
    first = re.search(r'value="http://localhost/auth/calendar/([A-Za-z0-9_-]{43})\.ics"', html).group(1)
    assert f'href="webcal://localhost/auth/calendar/{first}.ics"' in html
    assert client.get(feed_url(first)).status_code == 200
    later = client.get("/auth/profile").get_data(as_text=True)
    assert first not in later and "Make a new calendar link" in later and "Revoke the calendar link" in later
    with app.app_context():  # only the hash is kept
        assert db.session.scalar(select(CalendarFeed.token_hash)) != first
    renewed = re.search(r"/auth/calendar/([A-Za-z0-9_-]{43})\.ics",
                        client.post("/auth/profile/calendar").get_data(as_text=True)).group(1)
    never = client.get(feed_url("y" * 43))
    old = client.get(feed_url(first))
    assert renewed != first and old.status_code == 404 and same_answer(old, first, never, "y" * 43)
    assert client.get(feed_url(renewed)).status_code == 200
    revoked = client.post("/auth/profile/calendar/revoke")
    assert revoked.status_code == 303 and revoked.headers["Location"].endswith("/auth/profile#calendar")
    assert client.get(feed_url(renewed)).status_code == 404
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.event.like("calendar.%"))
                                  .order_by(AuditEvent.id)).all()
        assert [(r.event, r.details_dict, r.user_id, r.actor_id) for r in rows] == [
            ("calendar.feed_opened", {"renewed": False}, user.id, user.id),
            ("calendar.feed_opened", {"renewed": True}, user.id, user.id),
            ("calendar.feed_revoked", {}, user.id, user.id),
        ]
        assert not any(first in r.details or renewed in r.details for r in rows)
        assert db.session.scalar(select(CalendarFeed)) is None


def test_revoking_without_a_link_says_so_and_writes_nothing(app, client, signed_in):
    signed_in(roles=("studente",), access_code="aiko", locale="en")
    page = client.post("/auth/profile/calendar/revoke", follow_redirects=True).get_data(as_text=True)
    assert "You have no calendar link to revoke." in page
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.event.like("calendar.%"))) is None


def test_the_profile_explains_how_to_subscribe_in_italian(client, signed_in):
    signed_in(roles=("dipendente",), access_code="mario", locale="it")
    page = client.get("/auth/profile").get_data(as_text=True)
    assert "Il mio calendario" in page and "iPhone" in page and "Android" in page and "Outlook" in page


def test_the_feed_is_rate_limited_per_address_whatever_the_token(app, client, person):
    me = person()
    limit, app.config["PORTAL_CALENDAR_RATE_PER_IP"] = app.config["PORTAL_CALENDAR_RATE_PER_IP"], "3 per minute"
    try:
        answers = [client.get(feed_url(token)).status_code for token in (me["token"], "z" * 43, me["token"])]
        assert answers == [200, 404, 200]
        assert client.get(feed_url(me["token"])).status_code == 429
    finally:
        app.config["PORTAL_CALENDAR_RATE_PER_IP"] = limit


def test_a_service_still_to_come_adds_its_events_by_registering_them(app, client, person):
    me = person()

    def new_service(user, since):
        yield CalendarEvent(uid=f"newservice-1@{user.id}", starts=datetime(2030, 2, 1, 15, tzinfo=ROME),
                            ends=datetime(2030, 2, 1, 16, tzinfo=ROME), summary="New service")

    feeds.register_events("newservice", new_service)
    enabled = app.config["PORTAL_SERVICES"]
    app.config["PORTAL_SERVICES"] = (*enabled, "newservice")  # as if it were built and switched on
    try:
        text = client.get(feed_url(me["token"])).get_data(as_text=True)
        assert "DTSTART:20300201T140000Z" in text and "SUMMARY:New service" in text
        app.config["PORTAL_SERVICES"] = ("caf", "childcare")  # switched off: its events leave the feed
        assert "SUMMARY:New service" not in client.get(feed_url(me["token"])).get_data(as_text=True)
    finally:
        feeds.unregister_events("newservice")
        app.config["PORTAL_SERVICES"] = enabled
