"""A CAF appointment is one calendar event through every move and its cancellation: the invitations by mail
and the person's calendar feed ("My calendar") name it by the same UID."""

from sqlalchemy import select

from portal.auth import services as auth_services
from portal.caf import services
from portal.caf.models import Appointment, Office, Student
from portal.extensions import db
from tests.conftest import outbox


def first_free(office_id: int, skip: int = 0):
    days = services.free_slots(db.session.get(Office, office_id))
    return [slot for day in days for slot in day.slots][skip]


def uid_of(ics: str) -> str:
    (uid,) = [line for line in ics.split("\r\n") if line.startswith("UID:")]
    return uid


def test_two_moves_and_a_cancellation_keep_the_first_invitations_event(app, client, office, make_student):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        student = db.session.get(Student, student_id)
        first = services.book(user, student, first_free(office).id)
        db.session.commit()
        second = services.reschedule(user, first, first_free(office, 2).id)
        db.session.commit()
        third = services.reschedule(user, second, first_free(office, 4).id)
        token = auth_services.open_calendar_feed(user)
        db.session.commit()
        assert (second.event_of_id, third.event_of_id) == (first.id, first.id)
        third_id = third.id
    feed = client.get(f"/auth/calendar/{token}.ics").get_data(as_text=True)
    with app.test_request_context():
        services.cancel(user, db.session.get(Appointment, third_id))
        db.session.commit()
        assert db.session.scalar(select(Appointment.status).where(Appointment.id == third_id)) == "cancelled"
    mails = outbox(app, user.email)
    assert [mail.attachment_type for mail in mails] == ["text/calendar; method=REQUEST"] * 3 + [
        "text/calendar; method=CANCEL"]
    # Today each move named the event after the appointment it left, so the second move and the cancellation
    # of a moved appointment reached an event the phone never had.
    assert {uid_of(mail.attachment) for mail in mails} == {f"UID:caf-appointment-{first.id}@localhost"}
    assert feed.count("BEGIN:VEVENT") == 1 and f"UID:caf-appointment-{first.id}@localhost" in feed
    after = client.get(f"/auth/calendar/{token}.ics").get_data(as_text=True)
    assert "BEGIN:VEVENT" not in after
