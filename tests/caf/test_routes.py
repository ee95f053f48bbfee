"""The CAF through the web: the student's form, receipt and dialogue, the operator's check, appointments, offices,
exchange rates and the monthly file; another person's practice, document or appointment is not found."""

import re
import zipfile
from datetime import date, timedelta
from io import BytesIO
from unittest.mock import patch

import pytest
from sqlalchemy import func, select

from portal.caf import services
from portal.caf.models import (
    Appointment,
    Document,
    ExchangeRate,
    Income,
    Member,
    Message,
    Office,
    OfficeClosure,
    PoorCountry,
    Practice,
    Report,
    Slot,
    Student,
    Transmission,
)
from portal.core import htmx
from portal.core.audit import AuditEvent
from portal.core.calendar import today_in_rome
from portal.extensions import db
from tests.caf.conftest import PDF, in_person_practice, worked_example_practice
from tests.conftest import login, outbox, sql_statements
from tests.helpers import visible_text


def switch_to(client, access_code: str) -> None:
    client.post("/auth/logout")
    assert login(client, access_code).status_code == 303


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _pdf_upload(name="scan.pdf"):
    return (BytesIO(PDF), name)


def _practice(app, practice_id) -> Practice:
    with app.app_context():
        practice = db.session.get(Practice, practice_id)
        db.session.expunge(practice)
        return practice


@pytest.fixture
def student_client(app, client, make_student):
    user, student_id = make_student()
    assert login(client, "studente").status_code == 303
    return user, student_id


def test_a_student_links_the_identifiers_and_bad_ones_write_nothing(app, client, make_user):
    make_user("nuovo", roles=("studente",), locale="en")
    switch_to(client, "nuovo")
    assert client.get("/caf/").headers["Location"].endswith("/caf/profile")
    refused = client.post("/caf/profile", data={"codice_persona": "1234", "matricola": "", "kind": "abroad",
                                                "country": "IN"})
    assert refused.status_code == 422 and "exactly 8 digits" in refused.get_data(as_text=True)
    neither = client.post("/caf/profile", data={"codice_persona": "", "matricola": "", "kind": "abroad",
                                                "country": "IN"})
    assert neither.status_code == 422 and "codice persona or your matricola" in neither.get_data(as_text=True)
    for country, error in (("", "Choose the country where your family lives"), ("India", "Choose a country from the list"),
                           ("EU", "Choose a country from the list")):
        wrong = client.post("/caf/profile", data={"codice_persona": "", "matricola": "123456", "kind": "abroad",
                                                  "country": country})
        assert wrong.status_code == 422 and error in wrong.get_data(as_text=True)
    assert _count(app, Student) == 0
    form = client.get("/caf/profile").get_data(as_text=True)
    assert '<option value="IN">India</option>' in form and form.index(">Afghanistan<") < form.index(">Åland Islands<") \
        < form.index(">Albania<")  # in alphabetical order, accents aside
    saved = client.post("/caf/profile", data={"codice_persona": "", "matricola": "123456", "kind": "abroad",
                                              "country": "IN"})
    assert saved.status_code == 303
    assert "Start your practice" in client.get("/caf/").get_data(as_text=True)


def test_the_form_asks_the_students_birth_date_first_and_refuses_to_send_without_it(app, client, student_client):
    started = client.post("/caf/practices/new")
    assert started.status_code == 303 and started.headers["Location"].endswith("/form/members")
    practice = db_practice = _count(app, Practice)
    assert practice == 1
    with app.app_context():
        db_practice = db.session.scalars(select(Practice)).one()
        me = db_practice.members[0]
        assert me.birth_date is None
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "date of birth missing" in page and "Details of Aiko Tanaka" in page
    refused = client.post(f"/caf/practices/{db_practice.id}/submit", data={"declaration": "y"})
    assert refused.status_code == 422 and "date of birth of Aiko Tanaka" in refused.get_data(as_text=True)
    assert _practice(app, db_practice.id).status == "draft"
    future = client.post(f"/caf/practices/{db_practice.id}/members/{me.id}",
                         data={"full_name": "Aiko Tanaka", "birth_date": (date.today() + timedelta(days=3)).isoformat()})
    assert future.status_code == 422
    saved = client.post(f"/caf/practices/{db_practice.id}/members/{me.id}",
                        data={"full_name": "Aiko Tanaka", "birth_date": "2004-05-01"})
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.get(Member, me.id).birth_date == date(2004, 5, 1)
        assert db.session.get(Member, me.id).relationship_to_student == "student"


def test_a_remote_student_fills_the_form_sends_it_and_gets_the_receipt_in_both_languages(app, client, student_client):
    client.post("/caf/practices/new")
    with app.app_context():
        practice = db.session.scalars(select(Practice)).one()
        practice_id, me = practice.id, practice.members[0].id
    base = f"/caf/practices/{practice_id}"
    client.post(f"{base}/members/{me}", data={"full_name": "Aiko Tanaka", "birth_date": "2004-05-01"})
    father = client.post(f"{base}/members", data={"full_name": "Ken Tanaka", "relationship_to_student": "parent",
                                                  "birth_date": "1970-01-01"})
    assert father.status_code == 303
    with app.app_context():
        father_id = db.session.scalar(select(Member.id).where(Member.full_name == "Ken Tanaka"))
    bad = client.post(f"{base}/lines/income", data={"member_id": father_id, "amount": "abc", "currency": "USD"})
    assert bad.status_code == 422 and "at most 2 decimals" in bad.get_data(as_text=True)
    assert client.post(f"{base}/lines/income", data={"member_id": father_id, "amount": "24.000,00",
                                                     "currency": "usd"}).status_code == 303
    wrong_year = client.post(f"{base}/lines/movable", data={"member_id": father_id, "description": "bank",
                                                            "amount": "100", "currency": "USD",
                                                            "valued_on": "2020-12-31"})
    assert wrong_year.status_code == 422
    assert client.post(f"{base}/conditions", data={"years_away": "0", "family_owns_dwelling": "y"}).status_code == 303
    documents = client.get(f"{base}/form/documents").get_data(as_text=True)
    assert "Missing" in documents and "Identity document" in documents
    not_a_pdf = client.post(f"{base}/documents", data={"kind": "identity", "member_id": str(me),
                                                        "files": (BytesIO(b"MZ not a pdf"), "passport.pdf")},
                            content_type="multipart/form-data")
    assert not_a_pdf.status_code == 422 and _count(app, Document) == 0
    with app.app_context():
        needed = services.missing_documents(db.session.get(Practice, practice_id))
        needed = [(kind, member.id if member else "") for kind, member in needed]
    for kind, member_id in needed:
        response = client.post(f"{base}/documents", data={"kind": kind, "member_id": str(member_id),
                                                          "files": [_pdf_upload("a.pdf"), _pdf_upload("b.pdf")]},
                               content_type="multipart/form-data")
        assert response.status_code == 303
    assert _count(app, Document) == 2 * len(needed)
    no_declaration = client.post(f"{base}/submit", data={})
    assert no_declaration.status_code == 422 and _practice(app, practice_id).status == "draft"
    sent = client.post(f"{base}/submit", data={"declaration": "y"})
    assert sent.headers["Location"].endswith(f"{base}/receipt")
    receipt = client.get(f"{base}/receipt").get_data(as_text=True)
    number = _practice(app, practice_id).number
    assert "abbiamo preso in carico" in receipt and "we have taken charge" in receipt and number in receipt
    assert 'lang="it"' in receipt and 'lang="en"' in receipt
    assert len(outbox(app, "studente@example.edu")) == 1
    changed = client.post(f"{base}/members", data={"full_name": "X", "relationship_to_student": "sibling",
                                                   "birth_date": "2010-01-01"})
    assert changed.status_code == 303 and changed.headers["Location"].endswith(base)  # sent: no more changes
    assert _count(app, Member, Member.full_name == "X") == 0


def test_another_students_practice_document_and_appointment_are_not_found(app, client, make_student, office):
    user, student_id = make_student()
    other, other_id = make_student("altro", codice_persona="87654321")
    enrolled, enrolled_id = make_student("iscritto", kind="enrolled", codice_persona="11223344")
    with app.test_request_context():
        practice = worked_example_practice(user, student_id)
        services.submit(user, practice, True)
        document_id = db.session.scalars(select(Document.id)).first()
        slot_id = services.free_slots(db.session.get(Office, office))[0].slots[0].id
        appointment = services.book(enrolled, db.session.get(Student, enrolled_id), slot_id)
        db.session.commit()
        practice_id, appointment_id = practice.id, appointment.id
    switch_to(client, "altro")
    for url in (f"/caf/practices/{practice_id}", f"/caf/practices/{practice_id}/receipt",
                f"/caf/practices/{practice_id}/form/members", f"/caf/documents/{document_id}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/caf/practices/{practice_id}/messages", data={"body": "hi"}).status_code == 404
    assert client.post(f"/caf/practices/{practice_id}/documents", data={"kind": "other"}).status_code == 404
    assert client.post(f"/caf/appointments/{appointment_id}/cancel").status_code == 404
    assert _count(app, Appointment, Appointment.status == "booked") == 1
    switch_to(client, "studente")
    document = client.get(f"/caf/documents/{document_id}")
    assert document.status_code == 200 and "no-store" in document.headers["Cache-Control"]


def test_another_students_family_and_lines_and_unknown_records_are_not_found_and_nothing_is_removed(
        app, client, make_student, operator, office):
    """The scoped lookups that replaced the hand-written checks: another student's practice is not found for its
    family and lines either; an unknown member, line, slot, office, closure, file or appointment is not found."""
    user, student_id = make_student()
    make_student("altro", codice_persona="87654321")
    with app.test_request_context():
        practice = worked_example_practice(user, student_id)
        db.session.commit()
        practice_id, member_id, income_id = practice.id, practice.members[1].id, practice.incomes[0].id
    members, incomes = _count(app, Member), _count(app, Income)
    switch_to(client, "altro")
    assert client.post(f"/caf/practices/{practice_id}/members/{member_id}/delete").status_code == 404
    assert client.post(f"/caf/practices/{practice_id}/lines/income/{income_id}/delete").status_code == 404
    switch_to(client, "studente")
    assert client.post(f"/caf/practices/{practice_id}/members/999999/delete").status_code == 404
    assert client.post(f"/caf/practices/{practice_id}/lines/income/999999/delete").status_code == 404
    assert (_count(app, Member), _count(app, Income)) == (members, incomes)
    switch_to(client, "operatore")
    for url in ("/caf/agenda/slots/999999/block", "/caf/agenda/appointments/999999/check-in",
                "/caf/agenda/appointments/999999/no-show", "/caf/agenda/appointments/999999/open",
                "/caf/closures/999999/delete", "/caf/appointments/999999/cancel"):
        assert client.post(url).status_code == 404, url
    for url in ("/caf/offices/999999", "/caf/transmissions/999999.csv", "/caf/practices/999999"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/caf/practices/{practice_id}/members/{member_id}/delete").status_code == 303
    assert _count(app, Member) == members - 1


def test_the_operator_asks_in_the_students_language_decides_and_confirms_the_originals(app, client, make_student,
                                                                                      operator, usd_rate, office):
    user, student_id = make_student(locale="en")
    with app.test_request_context():
        practice = worked_example_practice(user, student_id, year=2026)
        services.submit(user, practice, True)
        db.session.commit()
        practice_id = practice.id
    switch_to(client, "operatore")
    queue = client.get("/caf/queue?status=submitted").get_data(as_text=True)
    assert _practice(app, practice_id).number in queue
    assert client.post(f"/caf/practices/{practice_id}/take").status_code == 303
    empty = client.post(f"/caf/practices/{practice_id}/ask", data={"ready_text": "", "body": ""})
    assert empty.status_code == 422 and _count(app, Message) == 0
    asked = client.post(f"/caf/practices/{practice_id}/ask", data={"ready_text": "translation",
                                                                   "body": "Grazie"})
    assert asked.status_code == 303
    with app.app_context():
        message = db.session.scalars(select(Message)).one()
        assert message.body.startswith("Some documents are not in Italian")  # the student reads English
        assert message.body.endswith("Grazie")
    assert _practice(app, practice_id).status == "waiting_student"
    page = client.get(f"/caf/practices/{practice_id}").get_data(as_text=True)
    assert "History" in page or "Cronologia" in page
    assert client.post(f"/caf/practices/{practice_id}/take").status_code == 303
    decided = client.post(f"/caf/practices/{practice_id}/outcome", data={"findings": []})
    assert decided.status_code == 303
    practice = _practice(app, practice_id)
    assert (practice.status, practice.university_state, practice.iseeu_cents) == (
        "awaiting_originals", "DA CONFERMARE", 2102529)
    switch_to(client, "studente")
    student_page = client.get(f"/caf/practices/{practice_id}").get_data(as_text=True)
    assert "21.025,29" in student_page or "21,025.29" in student_page
    assert "Book the check of the originals" in student_page
    switch_to(client, "operatore")
    unanswered = client.post(f"/caf/practices/{practice_id}/originals", data={})
    assert unanswered.status_code == 422 and _practice(app, practice_id).status == "awaiting_originals"
    assert client.post(f"/caf/practices/{practice_id}/originals", data={"match": "yes"}).status_code == 303
    practice = _practice(app, practice_id)
    assert (practice.status, practice.university_state) == ("concluded", "CONFERMATO")


def test_a_missing_exchange_rate_blocks_the_outcome_with_a_clear_message(app, client, make_student, operator):
    user, student_id = make_student()
    with app.test_request_context():
        practice = worked_example_practice(user, student_id, year=2026)
        services.submit(user, practice, True)
        db.session.commit()
        practice_id = practice.id
    switch_to(client, "operatore")
    client.post(f"/caf/practices/{practice_id}/take")
    refused = client.post(f"/caf/practices/{practice_id}/outcome", data={})
    assert refused.status_code == 422 and "USD" in refused.get_data(as_text=True)
    practice = _practice(app, practice_id)
    assert practice.status == "in_review" and practice.university_state is None


def test_the_slot_grid_is_live_shared_and_answers_304_until_a_place_is_taken(app, client, make_student, office):
    user, student_id = make_student(kind="enrolled", matricola="654321", codice_persona=None)
    switch_to(client, "studente")
    page = client.get(f"/caf/appointments/offices/{office}")
    assert page.status_code == 200
    fragment = client.get(f"/caf/appointments/offices/{office}/free", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "csrf" not in html and "Aiko" not in html
    etag = fragment.headers["ETag"]
    again = client.get(f"/caf/appointments/offices/{office}/free",
                       headers={"HX-Request": "true", "If-None-Match": etag})
    assert again.status_code == 304
    slot_id = int(re.search(r"slot=(\d+)", html).group(1))
    confirm = client.get(f"/caf/appointments/book?slot={slot_id}")
    assert confirm.status_code == 200 and "Intake" in confirm.get_data(as_text=True)
    booked = client.post("/caf/appointments/book", data={"slot": slot_id})
    assert booked.status_code == 303 and _count(app, Appointment, Appointment.status == "booked") == 1
    (mail,) = outbox(app, "studente@example.edu")
    assert mail.attachment_name == "appointment.ics" and "http://localhost/caf/appointments" in mail.body
    changed = client.get(f"/caf/appointments/offices/{office}/free",
                         headers={"HX-Request": "true", "If-None-Match": etag})
    assert changed.status_code == 200 and "1 place free" in changed.get_data(as_text=True)
    # Booking again moves the appointment: still one booked, the first place freed.
    other_slot = int(re.findall(r"slot=(\d+)", changed.get_data(as_text=True))[3])
    moved = client.post("/caf/appointments/book", data={"slot": other_slot})
    assert moved.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Appointment.slot_id).where(Appointment.status == "booked")) == other_slot
        assert db.session.get(Slot, slot_id).booked == 0
        appointment_id = db.session.scalar(select(Appointment.id).where(Appointment.status == "booked"))
    assert client.post(f"/caf/appointments/{appointment_id}/cancel").status_code == 303
    assert _count(app, Appointment, Appointment.status == "booked") == 0
    nothing = client.post("/caf/appointments/book", data={"slot": "999999"})
    assert nothing.status_code == 303 and _count(app, Appointment) == 2


def test_an_operator_runs_the_day_check_in_no_show_and_opens_the_intake_practice(app, client, make_student, operator,
                                                                                 office):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    other, other_id = make_student("secondo", kind="enrolled", codice_persona="87654321")
    with app.test_request_context():
        slot_id = services.free_slots(db.session.get(Office, office))[0].slots[0].id
        first = services.book(user, db.session.get(Student, student_id), slot_id)
        second = services.book(other, db.session.get(Student, other_id), slot_id)
        db.session.commit()
        first_id, second_id, day = first.id, second.id, first.slot.day
    switch_to(client, "operatore")
    agenda = client.get(f"/caf/agenda?office={office}&day={day.isoformat()}").get_data(as_text=True)
    assert "Aiko Tanaka" in agenda and re.search("2 of 2 booked|2 prenotati su 2", agenda)
    early = client.post(f"/caf/agenda/appointments/{first_id}/check-in")
    assert early.status_code == 303 and _count(app, Appointment, Appointment.status == "attended") == 0
    moment = services.slot_start(db_slot(app, slot_id)) + timedelta(minutes=40)
    with patch("portal.caf.services.appointments.today_in_rome", return_value=day), \
            patch("portal.caf.services.appointments.utcnow", return_value=moment), \
            patch("portal.caf.services.practices.today_in_rome", return_value=day), \
            patch("portal.caf.services.practices.utcnow", return_value=moment):
        assert client.post(f"/caf/agenda/appointments/{first_id}/check-in").status_code == 303
        assert client.post(f"/caf/agenda/appointments/{second_id}/no-show").status_code == 303
        opened = client.post(f"/caf/agenda/appointments/{first_id}/open")
    assert "/form/members" in opened.headers["Location"]
    with app.app_context():
        assert db.session.get(Appointment, first_id).status == "attended"
        assert db.session.get(Appointment, second_id).status == "no_show"
        practice = db.session.scalars(select(Practice)).one()
        assert (practice.channel, practice.status, practice.office_id) == ("in_person", "in_review", office)
        assert db.session.get(Appointment, first_id).practice_id == practice.id
    blocked = client.post(f"/caf/agenda/slots/{slot_id}/block", data={"blocked": "1"})
    assert blocked.status_code == 303 and db_slot(app, slot_id).blocked


def db_slot(app, slot_id) -> Slot:
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        db.session.expunge(slot)
        return slot


def test_offices_hours_and_closures_refuse_bad_input_and_a_closure_cancels_that_days_appointments(
        app, client, make_user, make_student, office):
    make_user("capo", roles=("amministratore",))
    user, student_id = make_student(kind="enrolled")
    with app.test_request_context():
        slot = services.slot_for(services.free_slots(db.session.get(Office, office))[0].slots[0].id)
        services.book(user, db.session.get(Student, student_id), slot.id)
        db.session.commit()
        day = slot.day
    switch_to(client, "capo")
    bad = client.post("/caf/offices/new", data={"name": "CAF Bovisa", "address": "Via La Masa 1", "city": "Milano",
                                                "slot_minutes": "20", "counters": "2", "active": "y",
                                                "hours_0": "13:00-09:00"})
    assert bad.status_code == 422 and re.search("closing time after|la chiusura dopo", bad.get_data(as_text=True))
    assert _count(app, Office) == 1
    good = client.post("/caf/offices/new", data={"name": "CAF Bovisa", "address": "Via La Masa 1", "city": "Milano",
                                                 "slot_minutes": "20", "counters": "2", "active": "y",
                                                 "hours_0": "9:00-12:00, 14:00-16:00", "hours_2": "09:00-12:00"})
    assert good.status_code == 303
    with app.app_context():
        bovisa = db.session.scalar(select(Office).where(Office.name == "CAF Bovisa"))
        assert [(h.weekday, h.opens.hour, h.closes.hour) for h in bovisa.hours] == [(0, 9, 12), (0, 14, 16), (2, 9, 12)]
    past = client.post("/caf/closures", data={"office_id": "", "day": "2020-01-01", "reason": "x"})
    assert past.status_code == 422 and _count(app, OfficeClosure) == 0
    closed = client.post("/caf/closures", data={"office_id": str(office), "day": day.isoformat(), "reason": "Strike"})
    assert closed.status_code == 303
    assert _count(app, Appointment, Appointment.status == "cancelled") == 1
    assert any("cancelled" in mail.subject for mail in outbox(app, "studente@example.edu"))
    again = client.post("/caf/closures", data={"office_id": str(office), "day": day.isoformat()})
    assert again.status_code == 422 and _count(app, OfficeClosure) == 1


def test_exchange_rates_are_entered_by_the_office_and_bad_ones_write_nothing(app, client, operator):
    switch_to(client, "operatore")
    for data in ({"year": "2024", "currency": "EUR", "rate": "1"}, {"year": "2024", "currency": "USD", "rate": "0"},
                 {"year": "2024", "currency": "USD", "rate": "1,1234567"}):
        assert client.post("/caf/rates", data=data).status_code == 422, data
    assert _count(app, ExchangeRate) == 0
    assert client.post("/caf/rates", data={"year": "2024", "currency": "inr", "rate": "90,5622"}).status_code == 303
    with app.app_context():
        assert str(db.session.get(ExchangeRate, (2024, "INR")).rate) == "90.562200"


def test_the_list_of_particularly_poor_countries_refuses_bad_input_and_shortens_the_students_form(
        app, client, make_student, operator):
    year, last_year = today_in_rome().year, today_in_rome().year - 1  # the list of this year's requests counts
    switch_to(client, "operatore")  # who reads Italian
    assert f"Nessun Paese per il {year}" in client.get(f"/caf/poor-countries/{year}").get_data(as_text=True)
    for country in ("", "Mali", "XX"):
        assert client.post(f"/caf/poor-countries/{year}", data={"country": country}).status_code == 422, country
    assert client.post(f"/caf/poor-countries/{year}/copy", data={"source_year": last_year}).status_code == 422
    assert _count(app, PoorCountry) == 0
    assert client.post(f"/caf/poor-countries/{last_year}", data={"country": "ML"}).status_code == 303
    assert client.post(f"/caf/poor-countries/{last_year}", data={"country": "NP"}).status_code == 303
    copied = client.post(f"/caf/poor-countries/{year}/copy", data={"source_year": last_year}, follow_redirects=True)
    assert "Paesi copiati" in copied.get_data(as_text=True) and _count(app, PoorCountry) == 4
    removed = client.post(f"/caf/poor-countries/{year}/NP/delete", follow_redirects=True).get_data(as_text=True)
    assert "Nepal non è più" in removed and ">Mali <" in removed
    assert client.post(f"/caf/poor-countries/{year}/NP/delete").status_code == 404
    assert client.get("/caf/poor-countries/1999").status_code == 404

    user, student_id = make_student("maliano", country="ML")
    switch_to(client, "maliano")
    started = client.post("/caf/practices/new")
    form = client.get(started.headers["Location"]).get_data(as_text=True)
    assert f"Mali is on the list of particularly poor countries for the requests of {year}" in form
    steps = visible_text(form)
    assert "1. Family" in steps and "2. Documents" in steps and "Income" not in form
    assert client.get(started.headers["Location"].replace("members", "incomes")).headers["Location"].endswith(
        "/form/documents")


def test_the_monthly_file_is_refused_with_the_failing_practices_then_written_once_and_downloaded(
        app, client, make_student, operator, make_user, usd_rate):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        student = db.session.get(Student, student_id)
        practice = in_person_practice(operator, student)
        services.decide(operator, practice, set())
        db.session.commit()
        number = practice.number
        month = services.previous_month_text(date.today() + timedelta(days=40))
        db.session.execute(Report.__table__.update().values(codice_persona="1234567X"))  # as a legacy import left it
        db.session.commit()
    switch_to(client, "operatore")
    page = client.get(f"/caf/transmissions?month={month}").get_data(as_text=True)
    assert f"{number}: il codice persona non è di 8 cifre" in page
    refused = client.post("/caf/transmissions", data={"month": month})
    assert refused.status_code == 422 and _count(app, Transmission) == 0
    with app.app_context():
        db.session.execute(Report.__table__.update().values(codice_persona="12345678"))
        db.session.commit()
    written = client.post("/caf/transmissions", data={"month": month})
    assert written.status_code == 303 and _count(app, Transmission) == 1
    assert client.post("/caf/transmissions", data={"month": month}).status_code == 303
    assert _count(app, Transmission) == 1  # each outcome is sent once
    with app.app_context():
        transmission_id = db.session.scalar(select(Transmission.id))
    make_user("dec", roles=("dec",))
    switch_to(client, "dec")
    assert client.post("/caf/transmissions", data={"month": month}).status_code == 403
    download = client.get(f"/caf/transmissions/{transmission_id}.csv")
    assert download.status_code == 200 and "12345678;654321;CONFERMATO" in download.get_data(as_text=True)
    assert _count(app, AuditEvent, AuditEvent.event == "caf.transmission_downloaded") == 1


def test_the_university_downloads_any_scan_and_each_download_is_audited(app, client, make_student, make_user):
    user, student_id = make_student()
    with app.test_request_context():
        practice = worked_example_practice(user, student_id)
        services.submit(user, practice, True)
        db.session.commit()
        document_id = db.session.scalars(select(Document.id)).first()
        practice_id = practice.id
    make_user("dec", roles=("dec",))
    switch_to(client, "dec")
    assert client.get(f"/caf/documents/{document_id}").status_code == 200
    assert _count(app, AuditEvent, AuditEvent.event == "caf.document_viewed") == 1
    archive = client.get(f"/caf/practices/{practice_id}/scans.zip")
    names = zipfile.ZipFile(BytesIO(archive.data)).namelist()
    assert archive.status_code == 200 and len(names) == _count(app, Document) and names[0].startswith("01-")
    assert _count(app, AuditEvent, AuditEvent.event == "caf.scans_downloaded") == 1
    make_user("dipendente", roles=("dipendente",))
    switch_to(client, "dipendente")
    assert client.get(f"/caf/documents/{document_id}").status_code in (403, 404)
    assert client.get(f"/caf/practices/{practice_id}/scans.zip").status_code in (403, 404)


def test_the_slot_grid_is_served_from_the_cache_without_a_query_and_is_gone_with_its_office(app, client,
                                                                                           make_student, office):
    make_student(kind="enrolled", matricola="654321")
    switch_to(client, "studente")
    url = f"/caf/appointments/offices/{office}/free"
    for _ in range(2):  # the first computes and creates the slots, the second recomputes once after that change
        client.get(url, headers={"HX-Request": "true"})
    assert sql_statements(app, lambda: client.get(url, headers={"HX-Request": "true"})) == []
    with app.app_context():
        db.session.get(Office, office).active = False
        db.session.commit()
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert client.get(f"/caf/appointments/offices/{office}").status_code == 404


def test_the_cached_slot_grid_is_recomputed_when_its_earliest_slot_passes_the_cut_off(app, client, make_student,
                                                                                     office, monkeypatch):
    make_student(kind="enrolled", matricola="654321")
    switch_to(client, "studente")
    url = f"/caf/appointments/offices/{office}/free"
    for _ in range(2):  # the first computes and creates the slots, the second recomputes once after that change
        client.get(url, headers={"HX-Request": "true"})
    with app.test_request_context():
        office_row = db.session.get(Office, office)
        stale_at = services.grid_stale_at(services.free_slots(office_row))
    assert stale_at is not None
    monkeypatch.setattr(htmx, "_now", lambda: stale_at.timestamp() - 1)
    assert sql_statements(app, lambda: client.get(url, headers={"HX-Request": "true"})) == []  # still bookable
    monkeypatch.setattr(htmx, "_now", lambda: stale_at.timestamp())
    assert sql_statements(app, lambda: client.get(url, headers={"HX-Request": "true"})) != []  # computed again
