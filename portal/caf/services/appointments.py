"""Appointments: booking, moving, cancelling, the day's agenda at the desk, the calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlparse

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from portal.auth.models import User
from portal.caf import rules
from portal.caf.models import Appointment, Office, OfficeClosure, Practice, Slot, Student
from portal.caf.services._common import _cfg, _event, is_operator, student_of
from portal.caf.services.offices import closed_days, ensure_slots, slot_start
from portal.caf.services.practices import open_in_person
from portal.core import audit, mail
from portal.core.calendar import to_rome, today_in_rome
from portal.core.ics import CalendarEvent, invitation
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db


def add_closure(actor: User, office: Office | None, day: date, reason: str) -> tuple[OfficeClosure, int]:
    """Close one office, or all of them, on a day; appointments booked then are cancelled and the students mailed.

    Gives the closure and how many appointments it cancelled.
    """
    if day < today_in_rome():
        raise RuleViolation(_l("Choose today or a later day."), field="day")
    office_id = getattr(office, "id", None)
    if db.session.scalar(select(OfficeClosure.id).where(OfficeClosure.day == day,
                                                        OfficeClosure.office_id.is_(None) if office_id is None
                                                        else OfficeClosure.office_id == office_id)):
        raise RuleViolation(_l("This closure is already in the calendar."), field="day")
    closure = OfficeClosure(office_id=office_id, day=day, reason=reason.strip())
    db.session.add(closure)
    hit = select(Appointment).join(Appointment.slot).where(Appointment.status == "booked", Slot.day == day)
    if office_id is not None:
        hit = hit.where(Slot.office_id == office_id)
    cancelled = list(db.session.scalars(hit.with_for_update(of=Appointment)))
    for appointment in cancelled:
        _release(appointment, "cancelled")
    audit.record("caf.closure_added", actor=actor, office=office_id, day=day.isoformat(), cancelled=len(cancelled))
    db.session.flush()
    for appointment in cancelled:
        _mail_appointment(appointment, "caf_appointment_cancelled", cancelled=True)
    return closure, len(cancelled)


def appointments_of(student: Student | None) -> list[Appointment]:
    if student is None:
        return []
    return list(db.session.scalars(select(Appointment).where(Appointment.student_id == student.id)
                                   .options(joinedload(Appointment.slot).joinedload(Slot.office))
                                   .order_by(Appointment.created_at.desc())))


def active_appointment(student: Student, purpose: str) -> Appointment | None:
    return db.session.scalar(select(Appointment).join(Appointment.slot).where(
        Appointment.student_id == student.id, Appointment.purpose == purpose, Appointment.status == "booked",
        Slot.day >= today_in_rome()))


def appointment_for(user: User, appointment_id: int) -> Appointment | None:
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None:
        return None
    if is_operator(user):
        return appointment
    student = student_of(user)
    return appointment if student is not None and appointment.student_id == student.id else None


def _locked_slot(slot_id: int) -> Slot | None:
    return db.session.get(Slot, slot_id, with_for_update=True, populate_existing=True)


def _close_past_appointments(student: Student, now: datetime) -> None:
    """A booked appointment whose day has gone without a check-in counts as missed."""
    for appointment in db.session.scalars(select(Appointment).join(Appointment.slot).where(
            Appointment.student_id == student.id, Appointment.status == "booked", Slot.day < today_in_rome(now))):
        _release(appointment, "no_show")


def _take_place(slot: Slot) -> bool:
    """One more place taken, written only while one is free (`booked < counters`) and the slot is not blocked."""
    return update_if(slot, {"booked": Slot.booked + 1}, Slot.booked < Slot.counters, Slot.blocked.is_(False))


def _release(appointment: Appointment, status: str) -> None:
    slot = _locked_slot(appointment.slot_id)
    update_if(slot, {"booked": Slot.booked - 1}, Slot.booked > 0)
    appointment.status = status
    if status == "cancelled":
        appointment.cancelled_at = utcnow()


def purpose_of(student: Student) -> tuple[str, Practice | None]:
    """What the student may book now, and the practice it is for."""
    practice = db.session.scalar(select(Practice).where(Practice.student_id == student.id,
                                                        Practice.status == "awaiting_originals")
                                 .order_by(Practice.created_at.desc()))
    purpose = rules.purpose_for(student.kind, practice.university_state if practice else None)
    return purpose, practice if purpose == "originals" else None


def taken_slot_office(slot_id: int) -> int | None:
    """The office of a time that is full or blocked, by one read before any lock (None: it may have a place): in a
    rush most requests end here at once instead of queueing behind the bookings. Only a hint: the place itself is
    guarded by `_claim_place`."""
    seen = db.session.execute(select(Slot.booked, Slot.counters, Slot.blocked, Slot.office_id)
                              .where(Slot.id == slot_id)).first()
    return seen.office_id if seen is not None and (seen.blocked or seen.booked >= seen.counters) else None


def _refuse_if_full(slot_id: int) -> None:
    if taken_slot_office(slot_id) is not None:
        raise RuleViolation(TAKEN, field="slot")


def book(actor: User, student: Student, slot_id: int, now: datetime | None = None) -> Appointment:
    """Book a slot (under a lock on the student, against two tabs booking at once); the place is taken last."""
    now = now or utcnow()
    _refuse_if_full(slot_id)
    db.session.get(Student, student.id, with_for_update=True, populate_existing=True)
    purpose, practice = purpose_of(student)
    _close_past_appointments(student, now)
    if db.session.scalar(select(Appointment.id).where(Appointment.student_id == student.id,
                                                      Appointment.purpose == purpose,
                                                      Appointment.status == "booked")):
        raise RuleViolation(_l("You already have an appointment for this: move or cancel it instead."), field="slot")
    appointment = _new_appointment(student, slot_id, purpose, practice, now)
    confirmation = _mail_appointment(appointment, "caf_appointment")
    _claim_place(appointment, confirmation)
    audit.record("caf.booked", user=actor, actor=actor, appointment=appointment.id)
    return appointment


def book_or_move(actor: User, student: Student, slot_id: int, now: datetime | None = None) -> Appointment:
    """Book the chosen time; a student who already has an appointment for the same purpose moves it instead."""
    purpose, _practice = purpose_of(student)
    current = active_appointment(student, purpose)
    if current is not None:
        return reschedule(actor, current, slot_id, now)
    return book(actor, student, slot_id, now)


TAKEN = _l("This time has just been taken: choose another one.")


def _new_appointment(student: Student, slot_id: int, purpose: str, practice: Practice | None,
                     now: datetime) -> Appointment:
    """The appointment, written without its place yet: no lock on the slot is taken here (the insert's foreign key
    only shares the slot's key), so the confirmation can be rendered before `_claim_place` locks the slot."""
    slot = db.session.get(Slot, slot_id, populate_existing=True)
    if slot is None or not slot.office.active:
        raise RuleViolation(_l("Choose a time among the free ones."), field="slot")
    rules.check_may_change(slot_start(slot), now, _cfg("CHANGE_HOURS_BEFORE"))
    if slot.blocked or slot.booked >= slot.counters or slot.day in closed_days(slot.office, slot.day, slot.day):
        raise RuleViolation(TAKEN, field="slot")
    appointment = Appointment(slot_id=slot.id, student_id=student.id, purpose=purpose,
                              practice_id=getattr(practice, "id", None))
    db.session.add(appointment)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the partial unique index: a second booking raced past the check
        raise RuleViolation(_l("You already have an appointment for this: move or cancel it instead."),
                            field="slot") from exc
    return appointment


def _claim_place(appointment: Appointment, confirmation: mail.OutboxMail) -> None:
    """Take the appointment's place, the last write before the commit: the slot's row stays locked only for that.

    When the place went meanwhile, what this booking wrote is undone (the request's transaction is rolled back as
    well), so a refusal leaves neither an appointment nor a mail behind."""
    if _take_place(appointment.slot):
        return
    if confirmation in db.session.new:
        db.session.expunge(confirmation)
    else:
        db.session.delete(confirmation)
    db.session.delete(appointment)
    db.session.flush()
    raise RuleViolation(TAKEN, field="slot")


def cancel(actor: User, appointment: Appointment, now: datetime | None = None) -> None:
    if appointment.status != "booked":
        raise RuleViolation(_l("This appointment is not active."))
    if not is_operator(actor):
        rules.check_may_change(slot_start(appointment.slot), now or utcnow(), _cfg("CHANGE_HOURS_BEFORE"))
    _release(appointment, "cancelled")
    audit.record("caf.appointment_cancelled", actor=actor, appointment=appointment.id)
    db.session.flush()
    _mail_appointment(appointment, "caf_appointment_cancelled", cancelled=True)


def reschedule(actor: User, appointment: Appointment, slot_id: int, now: datetime | None = None) -> Appointment:
    """Move to another time: the old place is freed and the new one taken in one transaction."""
    now = now or utcnow()
    if appointment.status != "booked":
        raise RuleViolation(_l("This appointment is not active."))
    rules.check_may_change(slot_start(appointment.slot), now, _cfg("CHANGE_HOURS_BEFORE"))
    if slot_id != appointment.slot_id:
        _refuse_if_full(slot_id)
    _release(appointment, "cancelled")
    db.session.flush()
    moved = _new_appointment(appointment.student, slot_id, appointment.purpose, appointment.practice, now)
    moved.event_of_id = appointment.event_of_id or appointment.id
    confirmation = _mail_appointment(moved, "caf_appointment", moved=True)
    _claim_place(moved, confirmation)
    audit.record("caf.appointment_moved", actor=actor, appointment=moved.id, previous=appointment.id)
    return moved


def calendar_uid(appointment: Appointment) -> str:
    """The appointment's calendar event: the same in its invitations and in the person's calendar feed, and the
    same through every move (the first appointment of the chain names it)."""
    host = urlparse(current_app.config["PORTAL_BASE_URL"]).hostname or "portal"
    return f"caf-appointment-{appointment.event_of_id or appointment.id}@{host}"


def calendar_events(user: User, since: datetime) -> list[CalendarEvent]:
    """The student's appointments from `since` on for "My calendar": cancelled ones leave it."""
    student = student_of(user)
    if student is None:
        return []
    appointments = db.session.scalars(
        select(Appointment).join(Appointment.slot)
        .where(Appointment.student_id == student.id, Appointment.status != "cancelled",
               Slot.day >= to_rome(since).date())
        .options(contains_eager(Appointment.slot).joinedload(Slot.office)))
    events = []
    for appointment in appointments:
        slot, starts = appointment.slot, slot_start(appointment.slot)
        events.append(CalendarEvent(
            uid=calendar_uid(appointment), starts=starts, ends=starts + timedelta(minutes=slot.minutes),
            summary=f"CAF: {rules.PURPOSES[appointment.purpose]}",
            location=f"{slot.office.name}, {slot.office.address}, {slot.office.city}",
            sequence=int(appointment.created_at.timestamp())))
    return events


def _mail_appointment(appointment: Appointment, template: str, cancelled: bool = False,
                      moved: bool = False) -> mail.OutboxMail:
    """The confirmation with a calendar invitation; a move updates the first booking's calendar event."""
    user, slot = appointment.student.user, appointment.slot
    starts = slot_start(slot)
    event = CalendarEvent(
        uid=calendar_uid(appointment), starts=starts,
        ends=starts + timedelta(minutes=slot.minutes), summary=f"CAF: {rules.PURPOSES[appointment.purpose]}",
        location=f"{slot.office.name}, {slot.office.address}, {slot.office.city}",
        # Calendars keep the version with the highest sequence: seconds since the epoch always grow.
        sequence=int(utcnow().timestamp()), cancelled=cancelled)
    organiser = parseaddr(current_app.config["PORTAL_MAIL_FROM"])[1]
    method = "CANCEL" if cancelled else "REQUEST"
    attachment = mail.Attachment("appointment.ics", f"text/calendar; method={method}",
                                 invitation(event, organiser, utcnow()))
    return mail.enqueue(user.email, user.locale or "it", template, appointment=appointment, slot=slot, student=user,
                        link=mail.link_to("caf.appointments"),
                        purpose=rules.PURPOSES[appointment.purpose], moved=moved, attachment=attachment)


def send_reminders(now: datetime | None = None) -> int:
    """The day before: one reminder per booked appointment."""
    now = now or utcnow()
    tomorrow = today_in_rome(now) + timedelta(days=1)
    due = list(db.session.scalars(select(Appointment).join(Appointment.slot).where(
        Appointment.status == "booked", Appointment.reminded_at.is_(None), Slot.day == tomorrow)
        .options(joinedload(Appointment.slot, innerjoin=True).joinedload(Slot.office, innerjoin=True),
                 joinedload(Appointment.student, innerjoin=True).joinedload(Student.user, innerjoin=True))
        .with_for_update(of=Appointment, skip_locked=True)))
    for appointment in due:
        appointment.reminded_at = now
        user = appointment.student.user
        mail.enqueue(user.email, user.locale or "it", "caf_appointment_reminder", appointment=appointment,
                     link=mail.link_to("caf.appointments"),
                     slot=appointment.slot, student=user)
    db.session.flush()
    return len(due)


def day_agenda(office: Office, day: date) -> list[tuple[Slot, list[Appointment]]]:
    ensure_slots(office, day, day)
    slots = list(db.session.scalars(select(Slot).where(Slot.office_id == office.id, Slot.day == day)
                                    .order_by(Slot.starts_at)))
    appointments = db.session.scalars(select(Appointment).where(Appointment.slot_id.in_([s.id for s in slots]),
                                                                Appointment.status != "cancelled")
                                      .options(joinedload(Appointment.student).joinedload(Student.user))
                                      .order_by(Appointment.created_at))
    by_slot: dict[int, list[Appointment]] = {}
    for appointment in appointments:
        by_slot.setdefault(appointment.slot_id, []).append(appointment)
    return [(slot, by_slot.get(slot.id, [])) for slot in slots]


def check_in(actor: User, appointment: Appointment) -> None:
    if appointment.status not in ("booked", "no_show"):
        raise RuleViolation(_l("This appointment was cancelled."))
    if appointment.slot.day > today_in_rome():
        raise RuleViolation(_l("A student can be checked in only on the day of the appointment."))
    if appointment.status == "no_show":
        # The place is taken again by the student who came after all, if nobody has taken it meanwhile.
        slot = _locked_slot(appointment.slot_id)
        if not update_if(slot, {"booked": Slot.booked + 1}, Slot.booked < Slot.counters):
            raise RuleViolation(_l("The place of this appointment has been given to another student meanwhile: "
                                   "book a new appointment."))
    appointment.status, appointment.checked_in_at = "attended", utcnow()
    audit.record("caf.checked_in", actor=actor, appointment=appointment.id)
    db.session.flush()


def open_for_appointment(actor: User, appointment: Appointment) -> Practice:
    """The intake: once the student is checked in, the operator opens their in-person practice (once)."""
    if appointment.status != "attended":
        raise RuleViolation(_l("Check the student in first."))
    if appointment.purpose != "intake":
        raise RuleViolation(_l("This appointment is the check of the originals: open the practice instead."))
    if appointment.practice is not None:
        return appointment.practice
    practice = open_in_person(actor, appointment.student, appointment.slot.office)
    appointment.practice_id = practice.id
    db.session.flush()
    return practice


def mark_no_show(actor: User, appointment: Appointment) -> None:
    """The student did not come: for a remote practice waiting for its originals nothing is sent."""
    if appointment.status != "booked":
        raise RuleViolation(_l("Only a booked appointment can be marked as missed."))
    if slot_start(appointment.slot) > utcnow():
        raise RuleViolation(_l("An appointment can be marked as missed only once its time has come."))
    _release(appointment, "no_show")
    if appointment.practice is not None:
        _event(actor, appointment.practice, "no_show")
    audit.record("caf.no_show", actor=actor, appointment=appointment.id)
    db.session.flush()


def set_blocked(actor: User, slot: Slot, blocked: bool) -> None:
    slot = _locked_slot(slot.id)
    slot.blocked = blocked
    audit.record("caf.slot_blocked" if blocked else "caf.slot_unblocked", actor=actor, slot=slot.id)
    db.session.flush()
