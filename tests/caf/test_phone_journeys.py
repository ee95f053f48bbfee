"""The CAF journeys made for a phone (issue 16, points 5-7), through the test client: the day strip and a day's
times, cancelling after a confirmation page, the practice form's stepper, currency list, unticked boxes and
per-line uploads, and the receipt in the student's language first, as a page and as a PDF."""

import re
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from html import unescape
from io import BytesIO
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from portal.caf import services
from portal.caf.models import (
    Appointment,
    Document,
    ExchangeRate,
    Income,
    Office,
    OfficeClosure,
    Practice,
    Slot,
    Student,
)
from portal.extensions import db
from tests.caf.conftest import PDF, pdf, worked_example_practice
from tests.conftest import login
from tests.helpers import assert_no_visible_markup, visible_text

ROME = ZoneInfo("Europe/Rome")
# Monday 10 June 2030, 08:00 in Rome: the 24-hour cut-off falls on Tuesday 11 June at 08:00, before its first slot.
MONDAY = date(2030, 6, 10)
NOW = datetime(2030, 6, 10, 8, 0, tzinfo=ROME).astimezone(ZoneInfo("UTC"))


@contextmanager
def frozen():
    with patch("portal.caf.services._common.utcnow", return_value=NOW), \
            patch("portal.caf.services.offices.utcnow", return_value=NOW), \
            patch("portal.caf.services.offices.today_in_rome", return_value=MONDAY), \
            patch("portal.caf.services.appointments.utcnow", return_value=NOW), \
            patch("portal.caf.services.appointments.today_in_rome", return_value=MONDAY):
        yield


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _strip(html: str) -> list[tuple[str, str]]:
    """(day, what the day says) for each day of the strip, in order."""
    days = re.findall(r'<li>\s*<(?:a id="caf-day-|span class="caf-day caf-day-none")([^>]*)>(.*?)</(?:a|span)>\s*</li>',
                      html, re.S)
    found = []
    for attributes, body in days:
        day = re.search(r"(\d{4}-\d{2}-\d{2})", attributes)
        found.append((day.group(1) if day else "none", " ".join(re.sub(r"<[^>]+>", " ", body).split())))
    return found


# -- point 5: the day strip and the chosen day's times --------------------------------------------------------------


def test_the_strip_counts_each_days_free_times_and_a_day_swaps_the_times(app, client, make_student, office):
    """Office open Monday to Friday 9:00-13:00 in half hours (8 times a day), 2 counters. On Monday 10 June at 08:00
    the strip starts on Tuesday 11 (Monday's times are all within 24 hours) and runs to Monday 8 July (4 weeks):
    20 weekdays. Wednesday 12 has its 9:00 full (7 times left); Thursday 13 is closed (none free, not a link)."""
    make_student(kind="enrolled", matricola="654321", codice_persona=None)
    with app.app_context(), frozen():
        office_row = db.session.get(Office, office)
        services.free_slots(office_row)  # makes the window's slots
        full = db.session.scalar(select(Slot).where(Slot.office_id == office, Slot.day == date(2030, 6, 12),
                                                    Slot.starts_at == time(9)))
        full.booked = 2
        db.session.add(OfficeClosure(office_id=office, day=date(2030, 6, 13), reason="Inventario"))
        db.session.commit()
    assert login(client, "studente").status_code == 303
    with frozen():
        page = client.get(f"/caf/appointments/offices/{office}").get_data(as_text=True)
    assert_no_visible_markup(page)
    strip = _strip(page)
    assert len(strip) == 20
    assert strip[0] == ("2030-06-11", "Tue 11 Jun 8 times")
    assert strip[1] == ("2030-06-12", "Wed 12 Jun 7 times")
    assert strip[2][1] == "Thu 13 Jun none free" and strip[2][0] == "none"  # a span: no link to a day without times
    assert strip[-1] == ("2030-07-08", "Mon 8 Jul 8 times")
    assert "caf-day-2030-06-15" not in page and "caf-day-2030-06-16" not in page  # the office is closed at weekends
    # The first day with free times is chosen: its eight times, 09:00 to 12:30, and no other day's.
    assert page.count('aria-current="date"') == 1
    assert re.search(r'class="caf-day caf-day-chosen"[^>]*href="[^"]*day=2030-06-11"', page)
    times = re.findall(r'class="caf-time-clock">(\d\d:\d\d)<', page)
    assert times == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30"]

    # Another day, as a link (no script) and as the htmx fragment: Wednesday's seven times, 9:00 gone.
    with frozen():
        wednesday = client.get(f"/caf/appointments/offices/{office}?day=2030-06-12").get_data(as_text=True)
        fragment = client.get(f"/caf/appointments/offices/{office}/free?day=2030-06-12",
                              headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    for shown in (wednesday, html):
        assert re.findall(r'class="caf-time-clock">(\d\d:\d\d)<', shown) == [
            "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30"]
    assert fragment.status_code == 200 and "csrf" not in html and "Aiko" not in html and "<html" not in html
    assert f'hx-get="/caf/appointments/offices/{office}/free?day=2030-06-12"' in html  # it keeps polling that day
    assert f'hx-push-url="/caf/appointments/offices/{office}?day=2030-06-13"' not in html  # closed: no link
    # The closed day chosen by hand: no times, a sentence instead.
    with frozen():
        closed = client.get(f"/caf/appointments/offices/{office}?day=2030-06-13").get_data(as_text=True)
    assert "No free times on this day" in closed and "caf-time-clock" not in closed


@pytest.mark.parametrize("day", ["2030-06-09", "2030-07-09", "2030-02-30", "tomorrow", "2030-6-12", "9" * 40,
                                 "2030-06-12T00:00"])
def test_a_day_outside_the_window_or_not_a_day_shows_the_first_day_with_free_times(app, client, make_student, office,
                                                                                     day):
    """Sunday 9 June is before the window, Tuesday 9 July after it (4 weeks from Monday 10 June end on 8 July)."""
    make_student(kind="enrolled", matricola="654321", codice_persona=None)
    assert login(client, "studente").status_code == 303
    with frozen():
        page = client.get(f"/caf/appointments/offices/{office}", query_string={"day": day})
        fragment = client.get(f"/caf/appointments/offices/{office}/free", query_string={"day": day},
                              headers={"HX-Request": "true"})
    assert page.status_code == 200 and fragment.status_code == 200
    for html in (page.get_data(as_text=True), fragment.get_data(as_text=True)):
        assert re.search(r'class="caf-day caf-day-chosen"[^>]*href="[^"]*day=2030-06-11"', html)
    # One cached grid per day of the window at most: the fragment polls the chosen day, never the bad one.
    assert f'hx-get="/caf/appointments/offices/{office}/free?day=2030-06-11"' in fragment.get_data(as_text=True)


def test_each_days_grid_is_cached_apart_answers_304_and_goes_stale_when_a_place_is_taken(app, client, make_student,
                                                                                          office):
    user, student_id = make_student(kind="enrolled", matricola="654321", codice_persona=None)
    assert login(client, "studente").status_code == 303
    url = f"/caf/appointments/offices/{office}/free"
    with frozen():
        tuesday = client.get(url, query_string={"day": "2030-06-11"}, headers={"HX-Request": "true"})
        wednesday = client.get(url, query_string={"day": "2030-06-12"}, headers={"HX-Request": "true"})
        assert tuesday.headers["ETag"] != wednesday.headers["ETag"]
        again = client.get(url, query_string={"day": "2030-06-12"},
                           headers={"HX-Request": "true", "If-None-Match": wednesday.headers["ETag"]})
        assert again.status_code == 304
        slot_id = int(re.search(r"slot=(\d+)", wednesday.get_data(as_text=True)).group(1))
        assert client.post("/caf/appointments/book", data={"slot": slot_id}).status_code == 303
        changed = client.get(url, query_string={"day": "2030-06-12"},
                             headers={"HX-Request": "true", "If-None-Match": wednesday.headers["ETag"]})
    assert changed.status_code == 200 and "1 place free" in changed.get_data(as_text=True)
    assert _count(app, Appointment, Appointment.status == "booked") == 1


def test_the_grid_of_a_day_expires_at_the_cut_off_of_the_windows_first_free_time(app, office):
    """Tuesday 11 June 09:00 in Rome is the first free time: the grid goes stale 24 hours before, on Monday at 09:00
    (07:00 UTC), whichever day is chosen (the strip's counts change then too)."""
    from portal.caf.routes import appointments

    with app.test_request_context(), frozen():
        grid = appointments._slots_html(office, date(2030, 6, 20))
    assert grid.until == datetime(2030, 6, 10, 7, 0, tzinfo=ZoneInfo("UTC"))


# -- point 5: cancelling asks first ------------------------------------------------------------------------------


def test_cancelling_shows_what_happens_first_and_only_the_post_cancels(app, client, make_student, office):
    user, student_id = make_student(kind="enrolled", matricola="654321", codice_persona=None)
    other, other_id = make_student("altro", kind="enrolled", codice_persona="87654321")
    with app.test_request_context():
        slot_id = services.free_slots(db.session.get(Office, office))[0].slots[0].id
        mine = services.book(user, db.session.get(Student, student_id), slot_id).id
        theirs = services.book(other, db.session.get(Student, other_id), slot_id).id
        db.session.commit()
    assert login(client, "studente").status_code == 303
    listing = client.get("/caf/appointments").get_data(as_text=True)
    assert f'href="/caf/appointments/{mine}/cancel"' in listing and 'action="/caf/appointments/' not in listing
    confirm = client.get(f"/caf/appointments/{mine}/cancel")
    text = assert_no_visible_markup(confirm.get_data(as_text=True))
    assert confirm.status_code == 200 and "Cancel the appointment?" in text and "CAF Milano Leonardo" in text
    assert "the time is freed for other students" in text and "Yes, cancel the appointment" in text
    assert _count(app, Appointment, Appointment.status == "booked") == 2  # looking writes nothing
    assert client.get(f"/caf/appointments/{theirs}/cancel").status_code == 404
    assert client.get("/caf/appointments/999999/cancel").status_code == 404
    assert client.post(f"/caf/appointments/{mine}/cancel").status_code == 303
    assert _count(app, Appointment, Appointment.status == "booked") == 1
    gone = client.get(f"/caf/appointments/{mine}/cancel")
    assert gone.status_code == 303 and gone.headers["Location"].endswith("/caf/appointments")


def test_within_24_hours_the_confirmation_page_says_it_is_too_late_and_offers_no_button(app, client, make_student,
                                                                                         office):
    user, student_id = make_student(kind="enrolled", matricola="654321", codice_persona=None)
    with app.test_request_context():
        slot = services.slot_for(services.free_slots(db.session.get(Office, office))[0].slots[0].id)
        appointment_id = services.book(user, db.session.get(Student, student_id), slot.id).id
        starts = services.slot_start(slot)
        db.session.commit()
    assert login(client, "studente").status_code == 303
    with patch("portal.caf.services._common.utcnow", return_value=starts - timedelta(hours=23)):
        late = client.get(f"/caf/appointments/{appointment_id}/cancel").get_data(as_text=True)
    assert "24 hours" in late and "Yes, cancel the appointment" not in late and "Keep the appointment" in late


# -- point 6: the practice form on a phone ------------------------------------------------------------------------


@pytest.fixture
def form_practice(app, client, make_student):
    """A draft remote practice of a student whose family lives in Japan, the student's date of birth missing."""
    make_student()
    assert login(client, "studente").status_code == 303
    client.post("/caf/practices/new")
    with app.app_context():
        practice = db.session.scalars(select(Practice)).one()
        return practice.id, practice.members[0].id, practice.rule_year


def test_the_stepper_ticks_finished_steps_and_next_is_the_primary_button(app, client, form_practice):
    practice_id, me, year = form_practice
    base = f"/caf/practices/{practice_id}"
    page = client.get(f"{base}/form/members").get_data(as_text=True)
    assert "(done)" not in visible_text(page) and "Step 1 of 7" in page
    assert re.search(r'class="btn btn-primary" href="[^"]*/form/incomes">Next: Income<', page)
    assert client.post(f"{base}/members/{me}", data={"full_name": "Aiko Tanaka", "birth_date": "2004-05-01"}
                       ).status_code == 303
    incomes = client.get(f"{base}/form/incomes").get_data(as_text=True)
    text = visible_text(incomes)
    assert "1. Family (done)" in text and "2. Income" in text and "2. Income (done)" not in text
    assert 'aria-current="step"' in incomes and "Step 2 of 7" in incomes
    assert client.post(f"{base}/lines/income", data={"member_id": me, "amount": "0", "currency": "JPY"}
                       ).status_code == 303
    text = visible_text(client.get(f"{base}/form/buildings").get_data(as_text=True))
    assert "2. Income (done)" in text and "3. Buildings (done)" not in text  # nothing entered, not passed yet
    assert client.post(f"{base}/conditions", data={"years_away": "0"}).status_code == 303
    text = visible_text(client.get(f"{base}/form/documents").get_data(as_text=True))
    for done in ("3. Buildings (done)", "4. Movable assets (done)", "5. Other figures (done)"):
        assert done in text
    assert "6. Documents (done)" not in text


def test_a_parent_can_be_added_while_the_students_date_of_birth_is_still_missing(app, client, form_practice):
    practice_id, me, year = form_practice
    page = client.get(f"/caf/practices/{practice_id}/form/members").get_data(as_text=True)
    assert "Details of Aiko Tanaka" in page and "Add a parent or another family member" in page
    adding = client.get(f"/caf/practices/{practice_id}/form/members?add=1").get_data(as_text=True)
    assert 'id="relationship_to_student"' in adding and "Details of Aiko Tanaka" not in adding


def test_currencies_come_from_the_list_with_the_cafs_rates_and_a_typed_code_is_refused(app, client, form_practice):
    practice_id, me, year = form_practice
    with app.app_context():
        db.session.add(ExchangeRate(year=year - 2, currency="USD", rate=Decimal("1.08")))
        db.session.add(ExchangeRate(year=year - 3, currency="INR", rate=Decimal("90.5622")))  # another year: no rate
        db.session.commit()
    page = client.get(f"/caf/practices/{practice_id}/form/incomes").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="currency".*?</select>', page, re.S).group(0)
    groups = [unescape(label) for label in re.findall(r'<optgroup label="([^"]+)">', select_html)]
    assert groups == ["The currency of your family's country", "Currencies with a rate entered by the CAF", "Euro",
                      "Other currencies"]
    options = re.findall(r'<option[^>]*value="([A-Z]{3})"[^>]*>([^<]*)<', select_html)
    assert options[0] == ("JPY", "JPY · Japanese Yen")  # the family lives in Japan
    assert options[1] == ("USD", "USD · US Dollar (1 € = 1.08 USD)")
    assert options[2] == ("EUR", "EUR · Euro")
    assert ("INR", "INR · Indian Rupee") in options and "selected" not in select_html.split("</option>")[1]
    assert 140 < len(options) < 170 and "XAU" not in select_html  # the currencies in use, no gold
    base = f"/caf/practices/{practice_id}/lines"
    for currency in ("XYZ", "", "US", "XAU", "USD " * 30):
        refused = client.post(f"{base}/income", data={"member_id": me, "amount": "100", "currency": currency})
        assert refused.status_code == 422, currency
        assert "Not a valid choice" in refused.get_data(as_text=True) or "This field is required" in \
            refused.get_data(as_text=True) or "required" in refused.get_data(as_text=True).lower()
    assert client.post(f"{base}/movable", data={"member_id": me, "description": "bank", "amount": "100",
                                                 "currency": "ABC", "valued_on": f"{year - 2}-12-31"}
                       ).status_code == 422
    assert _count(app, Income) == 0
    assert client.post(f"{base}/income", data={"member_id": me, "amount": "100", "currency": "usd"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Income.currency)) == "USD"


def test_nothing_is_ticked_for_the_student_until_the_figures_are_saved(app, client, form_practice):
    practice_id, me, year = form_practice
    page = client.get(f"/caf/practices/{practice_id}/form/conditions").get_data(as_text=True)
    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', page)
    assert len(boxes) == 2 and not any("checked" in box for box in boxes)
    with app.app_context():  # the calculation's assumption until the student answers is unchanged
        assert db.session.get(Practice, practice_id).family_owns_dwelling is True
    assert client.post(f"/caf/practices/{practice_id}/conditions", data={"years_away": "0"}).status_code == 303
    with app.app_context():
        assert db.session.get(Practice, practice_id).family_owns_dwelling is False
    client.post(f"/caf/practices/{practice_id}/conditions", data={"years_away": "0", "family_owns_dwelling": "y"})
    page = client.get(f"/caf/practices/{practice_id}/form/conditions").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*id="family_owns_dwelling"|<input[^>]*id="family_owns_dwelling"[^>]*checked',
                     page)


def test_each_missing_document_is_uploaded_from_its_line_with_the_person_set(app, client, form_practice):
    practice_id, me, year = form_practice
    base = f"/caf/practices/{practice_id}"
    client.post(f"{base}/members/{me}", data={"full_name": "Aiko Tanaka", "birth_date": "2004-05-01"})
    client.post(f"{base}/members", data={"full_name": "Ken Tanaka", "relationship_to_student": "parent",
                                         "birth_date": "1970-01-01"})
    page = client.get(f"{base}/form/documents").get_data(as_text=True)
    rows = re.findall(r'<form[^>]*class="caf-row-upload[^"]*">(.*?)</form>', page, re.S)
    # The student's identity, income and property, the father's income and property, the family and the movable
    # assets: seven documents, each with its own upload.
    wanted = [(re.search(r'name="kind" value="(\w+)"', row).group(1),
               re.search(r'name="member_id" value="(\d*)"', row).group(1)) for row in rows]
    with app.app_context():
        father = db.session.scalars(select(Practice)).one().members[1].id
    assert sorted(wanted) == sorted([("identity", str(me)), ("family", ""), ("movables", ""), ("income", str(me)),
                                     ("property", str(me)), ("income", str(father)), ("property", str(father))])
    assert "Files of: Income of year N-2 (or a declaration of no income) · Ken Tanaka" in page
    # A line sent without a file: 422, its error next to it, nothing written.
    refused = client.post(f"{base}/documents", data={"kind": "income", "member_id": str(father)},
                          content_type="multipart/form-data")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and _count(app, Document) == 0
    assert f'id="files-income-{father}-error"' in html and "Choose at least one file" in html
    for kind, member in (("bogus", str(me)), ("income", "999999"), ("income", "abc")):
        bad = client.post(f"{base}/documents", data={"kind": kind, "member_id": member,
                                                     "files": (BytesIO(PDF), "a.pdf")},
                          content_type="multipart/form-data")
        assert bad.status_code == 422, (kind, member)
    assert _count(app, Document) == 0
    for kind, member in wanted:
        sent = client.post(f"{base}/documents", data={"kind": kind, "member_id": member,
                                                      "files": (BytesIO(PDF), "scan.pdf")},
                           content_type="multipart/form-data")
        assert sent.status_code == 303
    done = client.get(f"{base}/form/documents").get_data(as_text=True)
    assert "caf-row-upload" not in done and "Missing" not in visible_text(done)
    assert "6. Documents (done)" in visible_text(client.get(f"{base}/form/submit").get_data(as_text=True))
    assert client.post(f"{base}/submit", data={"declaration": "y"}).status_code == 303


# -- point 7: the receipt ---------------------------------------------------------------------------------------


@pytest.fixture
def sent_practice(app, make_student, office):
    def make(locale: str):
        user, student_id = make_student(locale=locale)
        with app.test_request_context():
            practice = worked_example_practice(user, student_id)
            services.submit(user, practice, True)
            db.session.commit()
            return practice.id, practice.number
    return make


@pytest.mark.parametrize("locale, first, second", [("it", "it", "en"), ("en", "en", "it")])
def test_the_receipt_shows_the_students_language_first_and_the_other_folded(app, client, sent_practice, locale, first,
                                                                            second):
    practice_id, number = sent_practice(locale)
    assert login(client, "studente").status_code == 303
    html = client.get(f"/caf/practices/{practice_id}/receipt").get_data(as_text=True)
    assert_no_visible_markup(html)
    opened, folded = html.index(f'<article lang="{first}"'), html.index(f'<details lang="{second}"')
    assert opened < folded and f'<details lang="{first}"' not in html
    italian = html[html.index('>', html.index('id="receipt-it"')) + 1:]
    italian = italian[:italian.index("</article>")]
    words = visible_text(italian)
    assert "abbiamo preso in carico" in words and number in words and "dal lunedì al venerdì" in words
    assert "Orari: lun 09:00–13:00; mar 09:00–13:00" in words and "ven 09:00–13:00;" not in words  # no dangling ";"
    for english in ("Monday", "phone", "Hours", "Mon ", "Dear", "receipt"):
        assert english not in words, english
    english_block = html[html.index('id="receipt-en"'):]
    assert "Monday to Friday" in english_block[:english_block.index("</article>")]
    assert f'href="/caf/practices/{practice_id}/receipt.pdf"' in html


def test_the_receipt_pdf_holds_both_texts_and_is_as_private_as_the_page(app, client, make_user, sent_practice):
    from pypdf import PdfReader

    practice_id, number = sent_practice("en")
    assert login(client, "studente").status_code == 303
    response = client.get(f"/caf/practices/{practice_id}/receipt.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == f"attachment; filename=receipt-iseeu-{number}.pdf"
    assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(response.data)).pages)
    assert f"Receipt of ISEEU parificato practice no. {number}" in text
    assert "we have taken charge" in text and "abbiamo preso in carico" in text and "Aiko Tanaka" in text
    assert text.index("we have taken charge") < text.index("abbiamo preso in carico")  # the student's language first
    assert "CAF Milano Leonardo" in text and "dal lunedì al venerdì" in text

    # The same people as the page: another student 404, a draft 404, an employee 403, signed out to the login.
    make_user("altro", roles=("studente",))
    make_user("dipendente", roles=("dipendente",))
    for who, status in (("altro", 404), ("dipendente", 403)):
        client.post("/auth/logout")
        assert login(client, who).status_code == 303
        assert client.get(f"/caf/practices/{practice_id}/receipt").status_code == status
        assert client.get(f"/caf/practices/{practice_id}/receipt.pdf").status_code == status
    client.post("/auth/logout")
    signed_out = client.get(f"/caf/practices/{practice_id}/receipt.pdf")
    assert signed_out.status_code in (302, 303) and "login" in signed_out.headers["Location"]
    assert client.get("/caf/practices/999999/receipt.pdf").status_code in (302, 303)


def test_a_draft_has_no_receipt_and_the_caf_reads_it_in_the_students_language(app, client, operator, form_practice):
    draft_id = form_practice[0]
    assert client.get(f"/caf/practices/{draft_id}/receipt.pdf").status_code == 404
    assert client.get(f"/caf/practices/{draft_id}/receipt").status_code == 404
    client.post("/auth/logout")
    with app.app_context():
        db.session.get(Practice, draft_id).student.user.locale = "en"
        db.session.commit()
    with app.test_request_context():
        worked = db.session.get(Practice, draft_id)  # filled and sent as the student would
        user = worked.student.user
        services.save_member(user, worked, worked.members[0], {"full_name": "Aiko Tanaka",
                                                               "relationship_to_student": "student",
                                                               "birth_date": date(2004, 5, 1), "disabled": False})
        for kind, member in services.missing_documents(worked):
            services.add_documents(user, worked, kind, member.id if member else None,
                                   [pdf()])
        services.submit(user, worked, True)
        db.session.commit()
    assert login(client, "operatore").status_code == 303
    response = client.get(f"/caf/practices/{draft_id}/receipt.pdf")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith(
        "attachment; filename=receipt-iseeu-")
