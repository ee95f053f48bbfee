"""Staff pages speak people's words: labels instead of codes, 'today'/'yesterday', British dates in English,
the agenda's appointments first, the Policino register on days to come and closed days (issue 16, point 9)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import force_locale

from portal.caf import services as caf_services
from portal.caf.models import Event, Office, Student
from portal.childcare import rules as childcare_rules
from portal.core import dates
from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.caf.conftest import in_person_practice, make_student, office, operator, worked_example_practice  # noqa: F401  (fixtures)
from tests.childcare.conftest import parent  # noqa: F401  (fixture)
from tests.conftest import login
from tests.helpers import assert_no_visible_markup

US_STYLE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2}\b,? \d{1,2}:\d{2}\s?[AP]M|\b[AP]M\b")


def _switch(client, locale: str) -> None:
    client.post("/language", data={"locale": locale})


# -- one way of writing dates and times ---------------------------------------------------------------------------


def test_english_dates_are_british_and_italian_ones_italian(app):
    moment = datetime(2026, 11, 29, 18, 50, tzinfo=UTC)  # 19:50 in Rome
    with app.test_request_context():
        with force_locale("en"):
            assert dates.format_moment(moment, "short") == "29/11/2026, 19:50"
            assert dates.format_day(date(2026, 11, 29)) == "29 Nov 2026"
            assert dates.format_day(date(2026, 11, 29), "full") == "Sunday, 29 November 2026"
            assert dates.format_moment(moment, "full") == "Sunday, 29 November 2026, 19:50"
            assert dates.format_clock(time(7, 5)) == "07:05"
        with force_locale("it"):
            assert dates.format_moment(moment, "short") == "29/11/26, 19:50"
            assert dates.format_day(date(2026, 11, 29), "full") == "domenica 29 novembre 2026"
            # a long moment reads as people write it: no seconds, no time zone's name
            assert dates.format_moment(moment, "full") == "domenica 29 novembre 2026, 19:50"
            # a moment late in the evening in UTC is already the next day in Rome
            assert dates.format_day(datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "short") == "30/11/26"


def test_today_and_yesterday_are_counted_on_romes_calendar(app):
    today = date(2026, 11, 29)
    with app.test_request_context():
        with force_locale("it"):
            assert dates.ago(datetime(2026, 11, 29, 0, 5, tzinfo=UTC), today) == "oggi"
            assert dates.ago(datetime(2026, 11, 28, 23, 30, tzinfo=UTC), today) == "oggi"  # 00:30 in Rome
            assert dates.ago(datetime(2026, 11, 28, 22, 59, tzinfo=UTC), today) == "ieri"  # 23:59 on the 28th
            assert dates.ago(datetime(2026, 11, 27, 23, 30, tzinfo=UTC), today) == "ieri"  # 00:30 on the 28th
            assert dates.ago(date(2026, 11, 26), today) == "3 giorni fa"
        with force_locale("en"):
            assert dates.ago(date(2026, 11, 29), today) == "today"
            assert dates.ago(date(2026, 11, 28), today) == "yesterday"
            assert dates.ago(date(2026, 11, 26), today) == "3 days ago"


# -- the security log ---------------------------------------------------------------------------------------------


def test_the_security_log_shows_event_names_readable_details_and_a_labelled_access_code_filter(
        app, client, make_user, signed_in):
    make_user(access_code="target")
    login(app.test_client(), "target", "wrong-password-xyz")
    signed_in(roles=("amministratore",), access_code="admin", locale="it")
    page = client.get("/admin/audit?event=login.failure").get_data(as_text=True)
    text = assert_no_visible_markup(page)
    results = visible = text.split("Dettagli", 1)[1]
    assert "Accesso rifiutato" in results and "Motivo: password sbagliata" in results
    assert "login.failure" not in visible and "wrong_password" not in visible and '{"' not in visible
    assert re.search(r'<label for="user"[^>]*>Codice di accesso</label>\s*<input type="text"[^>]*id="user"', page)
    assert '<option value="login.failure" selected>Accesso rifiutato</option>' in page
    _switch(client, "en")
    english = assert_no_visible_markup(client.get("/admin/audit").get_data(as_text=True))
    assert "Sign-in refused" in english and "Reason: wrong password" in english and "Signed in" in english
    assert US_STYLE.search(english) is None
    assert re.search(r"\b\d{2}/\d{2}/\d{4}, \d{2}:\d{2}\b", english)  # day/month/year, 24-hour clock


# -- CAF ----------------------------------------------------------------------------------------------------------


def test_the_caf_history_shows_labels_not_codes(app, client, make_student, operator):
    user, student_id = make_student()
    with app.test_request_context():
        practice = worked_example_practice(user, student_id)
        db.session.add(Event(practice_id=practice.id, actor_id=operator.id, kind="outcome",
                             detail="case 1: CONFERMATO NUL"))
        db.session.commit()
        practice_id = practice.id
    assert login(client, "operatore").status_code == 303
    _switch(client, "it")
    text = assert_no_visible_markup(client.get(f"/caf/practices/{practice_id}").get_data(as_text=True))
    history = text.split("Cronologia", 1)[1]
    assert "Documento d'identità" in history or "identità" in history
    for code in ("identity:", "family:", "property:", "movables:", "income:"):
        assert code not in history, code
    assert "caso 1: CONFERMATO NUL" in history and "case 1" not in history
    _switch(client, "en")
    english = assert_no_visible_markup(client.get(f"/caf/practices/{practice_id}").get_data(as_text=True))
    history = english.split("History", 1)[1]
    assert "Identity document with photo and codice fiscale, 1 file" in history
    assert "Movable assets at 31 December N-2, 1 file" in history and "movables:" not in history


def test_the_caf_queue_says_today_and_yesterday(app, client, make_student, operator):
    ages = {"oggi": 0, "ieri": 1, "vecchia": 3}
    for number, (code, days) in enumerate(ages.items()):
        user, student_id = make_student(code, codice_persona=f"1234567{number}")
        with app.test_request_context():
            practice = worked_example_practice(user, student_id)
            caf_services.submit(user, practice, declaration=True)
            practice.first_submitted_at = caf_services.now() - timedelta(days=days)
            db.session.commit()
    assert login(client, "operatore").status_code == 303
    _switch(client, "it")
    text = assert_no_visible_markup(client.get("/caf/queue").get_data(as_text=True))
    assert "inviata 0 giorni fa" not in text
    assert text.count("inviata oggi") + text.count("inviata ieri") >= 2 and "inviata 3 giorni fa" in text
    _switch(client, "en")
    english = assert_no_visible_markup(client.get("/caf/queue").get_data(as_text=True))
    assert "sent 3 days ago" in english and ("sent today" in english or "sent yesterday" in english)


def test_the_caf_agenda_shows_the_days_appointments_before_the_slot_switches(app, client, make_student, operator,
                                                                             office):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        slot_id = caf_services.free_slots(db.session.get(Office, office))[0].slots[0].id
        booked = caf_services.book(user, db.session.get(Student, student_id), slot_id)
        db.session.commit()
        day = booked.slot.day
    assert login(client, "operatore").status_code == 303
    for locale, name, switches in (("it", "Aiko Tanaka", "Chiudi alle prenotazioni"),
                                   ("en", "Aiko Tanaka", "Close to bookings")):
        _switch(client, locale)
        page = client.get(f"/caf/agenda?office={office}&day={day.isoformat()}").get_data(as_text=True)
        assert_no_visible_markup(page)
        assert page.index(name) < page.index(switches)  # the appointment comes first
        # the slot switches wait folded in one <details>, all of them inside it
        folded = page.split('<details class="mb-4" id="agenda-slots">', 1)
        assert len(folded) == 2 and switches not in folded[0]
        assert folded[1].split("</details>", 1)[0].count(switches) >= 1


# -- Policino register --------------------------------------------------------------------------------------------


def _next_open_day(after: date) -> date:
    for offset in range(1, 30):
        day = after + timedelta(days=offset)
        if childcare_rules.opening_blocks(day):
            return day
    raise AssertionError("no opening day ahead")


def test_the_register_opens_a_day_to_come_read_only(app, client, make_user):
    make_user("educatrice", roles=("educatore",))
    assert login(client, "educatrice").status_code == 303
    day = _next_open_day(today_in_rome())
    _switch(client, "it")
    response = client.get(f"/policino/register?day={day.isoformat()}")
    page = response.get_data(as_text=True)
    text = assert_no_visible_markup(page)
    assert response.status_code == 200 and "non è ancora arrivato" in text
    with app.test_request_context(), force_locale("it"):
        assert dates.format_day(day, "full") in text  # the day asked, not today
    assert "/policino/register/arrive" not in page and "/policino/register/staff" not in page
    assert "Inizio servizio" not in text
    today = client.get("/policino/register").get_data(as_text=True)
    assert f"day={(today_in_rome() + timedelta(days=1)).isoformat()}" in today  # a way to the next day


def test_a_closed_day_offers_no_start_of_duty(app, client, make_user):
    make_user("educatrice", roles=("educatore",))
    assert login(client, "educatrice").status_code == 303
    sunday = today_in_rome() - timedelta(days=(today_in_rome().weekday() + 1) % 7 or 7)
    for locale, on_duty, closed in (("it", "Inizio servizio", "è chiuso in questo giorno"),
                                    ("en", "On duty", "closed on this day")):
        _switch(client, locale)
        page = client.get(f"/policino/register?day={sunday.isoformat()}").get_data(as_text=True)
        text = assert_no_visible_markup(page)
        assert closed in text and on_duty not in text and "/staff/enter" not in page
