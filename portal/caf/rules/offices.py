"""CAF, offices and appointments: opening hours, closed days, slots, what a student may book and when, and the
documents a practice must hold.

Pure: plain values in, plain values out, a RuleViolation with a translatable message when a rule refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from portal.caf.rules.outcomes import AWAITING_ORIGINALS
from portal.core.calendar import holidays
from portal.core.rules import RuleViolation


@dataclass(frozen=True)
class Opening:
    weekday: int  # Monday is 0
    opens: time
    closes: time


def ferragosto_week(year: int) -> tuple[date, date]:
    """Monday to Sunday of the week of 15 August, when the offices close."""
    ferragosto = date(year, 8, 15)
    monday = ferragosto - timedelta(days=ferragosto.weekday())
    return monday, monday + timedelta(days=6)


def is_office_closed(day: date, closed_days: set[date], patron_month_day: str, close_ferragosto_week: bool) -> bool:
    if day in closed_days or day in holidays(day.year, patron_month_day):
        return True
    if close_ferragosto_week:
        first, last = ferragosto_week(day.year)
        return first <= day <= last
    return False


def slot_starts(day: date, openings: list[Opening], minutes: int) -> list[time]:
    """The start of every whole slot that fits in the day's opening hours."""
    if minutes <= 0:
        raise ValueError("slot length must be positive")
    starts = []
    for opening in sorted((o for o in openings if o.weekday == day.weekday()), key=lambda o: o.opens):
        moment = datetime.combine(day, opening.opens)
        end = datetime.combine(day, opening.closes)
        while moment + timedelta(minutes=minutes) <= end:
            starts.append(moment.time())
            moment += timedelta(minutes=minutes)
    return starts


def check_may_change(starts: datetime, now: datetime, hours_before: int) -> None:
    """Booking, moving and cancelling close `hours_before` the appointment."""
    if now >= starts - timedelta(hours=hours_before):
        raise RuleViolation(_l("Appointments can be booked, moved or cancelled up to %(hours)d hours before they "
                               "start.", hours=hours_before))


PURPOSES = {
    "intake": _l("Intake: bring your documents"),
    "originals": _l("Check of the originals"),
}


def purpose_for(kind: str, practice_state: str | None) -> str:
    """What a student may book: an enrolled student the intake, a remote one the originals check once the
    practice waits for them."""
    if kind == "enrolled":
        return "intake"
    if practice_state in AWAITING_ORIGINALS:
        return "originals"
    raise RuleViolation(_l("You can book the check of your originals once your practice is DA CONFERMARE."))


DOCUMENT_KINDS = {
    "identity": _l("Identity document with photo and codice fiscale"),
    "family": _l("Family composition abroad at the time of the request"),
    "income": _l("Income of year N-2 (or a declaration of no income)"),
    "property": _l("Buildings and land at 31 December N-2 with square metres (or a certificate of no property)"),
    "movables": _l("Movable assets at 31 December N-2"),
    "consular": _l("Certificate of the Italian embassy or consulate that the family is not known to have a high "
                   "income and social standing"),
    "other": _l("Other document"),
}


def required_documents(members: list[tuple[str, bool, bool]], consular_certificate: bool = False
                       ) -> list[tuple[str, str]]:
    """(document kind, member key) pairs a practice must hold: members are (key, is_student, adult).

    The student's identity, the family composition and movable assets once, income and property for every adult;
    from a particularly poor country, the student's identity and the consular certificate only.
    """
    students = [("identity", key) for key, is_student, _ in members if is_student]
    if consular_certificate:
        return [*students, ("consular", "")]
    needed = [*students, ("family", ""), ("movables", "")]
    for key, is_student, adult in members:
        if adult or is_student:
            needed += [("income", key), ("property", key)]
    return needed
