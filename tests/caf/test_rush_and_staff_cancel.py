"""The booking rush's refusal (one read, a small page, nothing written) and the staff's cancel, confirmed first."""

import re

from sqlalchemy import func, select

from portal.caf import services
from portal.caf.models import Appointment, Office, Slot, Student
from portal.extensions import db
from tests.caf.test_routes import switch_to
from tests.conftest import sql_statements


def _booked(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Appointment.id)).where(Appointment.status == "booked"))


def test_a_full_time_is_refused_by_one_read_with_a_small_page_and_nothing_written(app, client, make_student, office):
    make_student(kind="enrolled", matricola="654321", codice_persona=None)
    with app.test_request_context():
        slot = db.session.get(Slot, services.free_slots(db.session.get(Office, office))[0].slots[0].id)
        slot.booked = slot.counters  # taken by others meanwhile
        db.session.commit()
        slot_id = slot.id
    switch_to(client, "studente")
    answers = []
    statements = sql_statements(app, lambda: answers.append(client.post("/caf/appointments/book",
                                                                         data={"slot": slot_id})))
    (refused,) = answers
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "This time has just been taken" in html
    assert f'href="/caf/appointments/offices/{office}"' in html and "Choose another time" in html
    assert [s for s in statements if "caf_" in s] == [s for s in statements if "FROM caf_slots" in s]  # one read
    assert len([s for s in statements if "caf_" in s]) == 1
    assert _booked(app) == 0


def test_the_staff_confirm_before_cancelling_a_students_appointment(app, client, make_student, operator, office):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        appointment = services.book(user, db.session.get(Student, student_id),
                                    services.free_slots(db.session.get(Office, office))[0].slots[0].id)
        db.session.commit()
        appointment_id, day = appointment.id, appointment.slot.day
    switch_to(client, "operatore")
    agenda = client.get(f"/caf/agenda?office={office}&day={day.isoformat()}").get_data(as_text=True)
    # The agenda's Cancel opens the confirmation; it does not cancel by itself.
    assert f'href="/caf/appointments/{appointment_id}/cancel"' in agenda
    assert not re.search(rf'<form[^>]*action="/caf/appointments/{appointment_id}/cancel"', agenda)
    page = client.get(f"/caf/appointments/{appointment_id}/cancel")
    html = page.get_data(as_text=True)
    # (the operator reads Italian)
    assert page.status_code == 200 and "Aiko Tanaka" in html and "Sì, annulla l'appuntamento" in html
    assert "lo studente riceve un'e-mail" in html and "Torna all'agenda" in html
    assert _booked(app) == 1  # nothing yet
    done = client.post(f"/caf/appointments/{appointment_id}/cancel")
    assert done.status_code == 303 and f"/caf/agenda?office={office}" in done.headers["Location"]
    assert _booked(app) == 0
