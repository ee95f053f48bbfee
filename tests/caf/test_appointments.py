"""Appointments at CAF offices: free slots, booking within counters, one per student and purpose, moves,
cancellations with their cut-off, reminders, the day's agenda."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from portal.auth.models import User
from portal.caf import services
from portal.caf.models import Appointment, Office, OfficeClosure, Practice, Slot, Student
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from tests.conftest import outbox


def first_free(office_id: int, skip: int = 0):
    office = db.session.get(Office, office_id)
    days = services.free_slots(office)
    return [slot for day in days for slot in day.slots][skip]


def test_free_slots_follow_opening_hours_closures_and_the_cut_off(app, office):
    with app.test_request_context():
        office_row = db.session.get(Office, office)
        days = services.free_slots(office_row)
        assert days and all(day.day.weekday() < 5 for day in days)
        assert all(len(day.slots) <= 8 for day in days)  # 9:00-13:00 in half hours
        first = days[0].day
        assert services.slot_start(db.session.get(Slot, days[0].slots[0].id)) > utcnow() + timedelta(hours=24)
        db.session.add(OfficeClosure(office_id=None, day=first, reason="Assemblea"))
        db.session.commit()
        assert first not in [day.day for day in services.free_slots(office_row)]


def test_an_enrolled_student_books_an_intake_and_gets_an_ics_by_mail(app, office, make_student):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        slot = first_free(office)
        appointment = services.book(user, db.session.get(Student, student_id), slot.id)
        db.session.commit()
        assert appointment.purpose == "intake" and appointment.slot.booked == 1
    (confirmation,) = outbox(app, user.email)
    assert confirmation.attachment_name == "appointment.ics" and "BEGIN:VEVENT" in confirmation.attachment
    assert "METHOD:REQUEST" in confirmation.attachment and "Via Ampère 2" in confirmation.body


def test_one_active_appointment_per_student_and_purpose(app, office, make_student):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        student = db.session.get(Student, student_id)
        services.book(user, student, first_free(office).id)
        db.session.commit()
        with pytest.raises(RuleViolation):
            services.book(user, student, first_free(office, 1).id)


def test_a_remote_student_books_the_originals_check_only_when_da_confermare(app, office, make_student):
    user, student_id = make_student()
    with app.test_request_context():
        student = db.session.get(Student, student_id)
        with pytest.raises(RuleViolation):
            services.book(user, student, first_free(office).id)
        db.session.rollback()
        practice = Practice(student_id=student_id, channel="remote", rule_year=2026, status="awaiting_originals",
                            university_state="DA CONFERMARE", number="2026-x")
        db.session.add(practice)
        db.session.commit()
        appointment = services.book(user, student, first_free(office).id)
        assert appointment.purpose == "originals" and appointment.practice_id == practice.id


def test_a_full_or_blocked_slot_cannot_be_booked(app, office, make_student, operator):
    users = [make_student(f"s{index}", kind="enrolled", codice_persona=f"1000000{index}") for index in range(3)]
    with app.test_request_context():
        slot = first_free(office)
        for user, student_id in users[:2]:
            services.book(user, db.session.get(Student, student_id), slot.id)
        db.session.commit()
        assert slot.id not in [s.id for day in services.free_slots(db.session.get(Office, office)) for s in day.slots]
        with pytest.raises(RuleViolation):
            services.book(users[2][0], db.session.get(Student, users[2][1]), slot.id)
        db.session.rollback()
        other = first_free(office)
        services.set_blocked(operator, db.session.get(Slot, other.id), True)
        db.session.commit()
        with pytest.raises(RuleViolation):
            services.book(users[2][0], db.session.get(Student, users[2][1]), other.id)


def test_a_place_taken_between_the_read_and_the_claim_leaves_no_appointment_and_no_mail(app, office, make_student,
                                                                                        monkeypatch):
    """The last place goes to someone else after this booking read the slot as free and wrote its appointment and
    confirmation: the conditional update refuses, and neither the appointment nor the mail survive (even if the
    caller went on and committed)."""
    user, student_id = make_student("late", kind="enrolled", codice_persona="10000009")
    with app.test_request_context():
        slot = first_free(office)
        mails_before = len(outbox(app))
        monkeypatch.setattr(services.appointments, "_take_place", lambda slot: False)
        with pytest.raises(RuleViolation) as refused:
            services.book(user, db.session.get(Student, student_id), slot.id)
        assert "appena stato preso" in str(refused.value.message)
        db.session.commit()
        assert db.session.scalar(select(func.count(Appointment.id)).where(Appointment.student_id == student_id)) == 0
        assert len(outbox(app)) == mails_before
        assert db.session.get(Slot, slot.id).booked == 0


def test_a_full_time_is_refused_by_the_read_before_any_lock(app, office, make_student, monkeypatch):
    """A full time never reaches the student's lock nor the slot's: the refusal comes from one read."""
    users = [make_student(f"f{index}", kind="enrolled", codice_persona=f"1000002{index}") for index in range(3)]
    with app.test_request_context():
        slot = first_free(office)
        for user, student_id in users[:2]:
            services.book(user, db.session.get(Student, student_id), slot.id)
        db.session.commit()

        def past_the_read(*args, **kwargs):
            raise AssertionError("a full time went on to lock the student and write the booking")
        monkeypatch.setattr(services.appointments, "purpose_of", past_the_read)
        monkeypatch.setattr(services.appointments, "_new_appointment", past_the_read)
        with pytest.raises(RuleViolation) as refused:
            services.book(users[2][0], db.session.get(Student, users[2][1]), slot.id)
        assert "appena stato preso" in str(refused.value.message)


def test_moving_frees_the_old_place_and_keeps_the_calendar_event(app, office, make_student):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        student = db.session.get(Student, student_id)
        first = services.book(user, student, first_free(office).id)
        db.session.commit()
        old_slot = first.slot_id
        moved = services.reschedule(user, first, first_free(office, 3).id)
        db.session.commit()
        assert first.status == "cancelled" and moved.status == "booked"
        assert db.session.get(Slot, old_slot).booked == 0 and moved.slot.booked == 1
    booked, move = outbox(app, user.email)
    uid = [line for line in booked.attachment.split("\r\n") if line.startswith("UID:")]
    assert uid and uid[0] in move.attachment.split("\r\n")


def test_booking_again_for_the_same_purpose_moves_the_appointment(app, office, make_student):
    """The book page's one decision: a first choice books; a second for the same purpose moves the first."""
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        student = db.session.get(Student, student_id)
        first = services.book_or_move(user, student, first_free(office).id)
        db.session.commit()
        old_slot = first.slot_id
        moved = services.book_or_move(user, student, first_free(office, 3).id)
        db.session.commit()
        assert (first.status, moved.status, moved.event_of_id) == ("cancelled", "booked", first.id)
        assert db.session.get(Slot, old_slot).booked == 0 and moved.slot.booked == 1
        assert db.session.scalar(select(func.count()).select_from(Appointment)) == 2


def test_cancelling_closes_before_the_appointment_and_sends_a_cancel_invitation(app, office, make_student):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        appointment = services.book(user, db.session.get(Student, student_id), first_free(office).id)
        db.session.commit()
        too_late = services.slot_start(appointment.slot) - timedelta(hours=23)
        with pytest.raises(RuleViolation):
            services.cancel(user, appointment, now=too_late)
        db.session.rollback()
        services.cancel(user, appointment)
        db.session.commit()
        assert appointment.slot.booked == 0
    assert "METHOD:CANCEL" in outbox(app, user.email)[-1].attachment


def test_the_reminder_goes_the_day_before_once(app, office, make_student):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        appointment = services.book(user, db.session.get(Student, student_id), first_free(office).id)
        db.session.commit()
        day_before = services.slot_start(appointment.slot) - timedelta(days=1)
        assert services.send_reminders(day_before - timedelta(days=1)) == 0
        assert services.send_reminders(day_before) == 1
        db.session.commit()
        assert services.send_reminders(day_before) == 0
    assert "Reminder" in outbox(app, user.email)[-1].subject


def test_the_operator_checks_in_or_marks_a_no_show_only_when_the_time_has_come(app, office, make_student, operator):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        appointment = services.book(user, db.session.get(Student, student_id), first_free(office).id)
        db.session.commit()
        with pytest.raises(RuleViolation):
            services.mark_no_show(operator, appointment)
        with pytest.raises(RuleViolation):
            services.check_in(operator, appointment)


def test_a_late_comer_whose_place_was_given_away_is_refused_clearly(app, office, make_student, operator):
    """A student marked as missed comes after all, but the slot's counters are all taken again: the check-in is
    refused with a message (it used to break the database's `booked <= counters` check) and nothing changes."""
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        appointment = services.book(user, db.session.get(Student, student_id), first_free(office).id)
        db.session.commit()
        slot = appointment.slot
        # Today's own slot at that time (if the grid made one) would clash with the one moved to today.
        db.session.execute(delete(Slot).where(Slot.office_id == slot.office_id, Slot.day == today_in_rome(),
                                              Slot.starts_at == slot.starts_at, Slot.id != slot.id))
        appointment.status, slot.day, slot.booked = "no_show", today_in_rome(), slot.counters  # refilled meanwhile
        db.session.commit()
        with pytest.raises(RuleViolation) as refused:
            services.check_in(operator, appointment)
        assert "dato nel frattempo a un altro studente" in str(refused.value.message)
        db.session.rollback()
        assert db.session.get(Slot, slot.id).booked == slot.counters
        assert db.session.get(Appointment, appointment.id).status == "no_show"


def test_another_students_appointment_is_not_found(app, office, make_student):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    other, _ = make_student("altro", kind="enrolled", codice_persona="87654321")
    with app.test_request_context():
        appointment = services.book(user, db.session.get(Student, student_id), first_free(office).id)
        db.session.commit()
        assert services.appointment_for(other, appointment.id) is None
        assert services.appointment_for(user, appointment.id) is not None


def test_forty_students_racing_for_the_last_place_of_a_slot_get_one(app, office, make_student):
    racers = [make_student(f"r{index}", kind="enrolled", codice_persona=f"{20000000 + index}")
              for index in range(40)]
    with app.test_request_context():
        slot_id = first_free(office).id
        db.session.get(Slot, slot_id).booked = 1  # two counters, one taken
        db.session.commit()
    barrier = threading.Barrier(len(racers) + 1)
    results: list[str] = []

    def race(user_id: int, student_id: int, tries: int = 1) -> None:
        barrier.wait()
        with app.test_request_context():
            try:
                services.book(db.session.get(User, user_id), db.session.get(Student, student_id), slot_id)
                db.session.commit()
                results.append("booked")
            except RuleViolation:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=(user.id, student_id)) for user, student_id in racers]
    # The same student in two tabs at once: one appointment only.
    twin_user, twin_student = racers[0]
    threads.append(threading.Thread(target=race, args=(twin_user.id, twin_student)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("booked") == 1
    with app.app_context():
        assert db.session.get(Slot, slot_id).booked == 2
        assert db.session.scalar(select(func.count(Appointment.id)).where(Appointment.status == "booked")) == 1


def test_one_student_in_two_tabs_gets_one_appointment(app, office, make_student):
    user, student_id = make_student(kind="enrolled", matricola="654321")
    with app.test_request_context():
        slots = [first_free(office, index).id for index in range(6)]
        db.session.commit()
    barrier = threading.Barrier(len(slots))
    results: list[str] = []

    def race(slot_id: int) -> None:
        barrier.wait()
        with app.test_request_context():
            try:
                services.book(db.session.get(User, user.id), db.session.get(Student, student_id), slot_id)
                db.session.commit()
                results.append("booked")
            except RuleViolation as violation:
                db.session.rollback()
                results.append(f"refused: {violation.message}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race, args=(slot_id,)) for slot_id in slots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("booked") == 1, results
    with app.app_context():
        assert db.session.scalar(select(func.sum(Slot.booked))) == 1
