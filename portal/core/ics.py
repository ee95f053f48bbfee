"""iCalendar (RFC 5545) invitations and feeds: what phones and mail programs add to a calendar.

The `icalendar` package writes the text (escaping, 75-octet folding, UTC times); this module only decides what goes
in it: one event with METHOD:REQUEST / CANCEL for a mailed invitation, every current event with METHOD:PUBLISH for
a subscribed feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Portale servizi//IT"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across changes, so that a new invitation replaces the old one
    starts: datetime
    ends: datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0  # grows with every change of the same event
    cancelled: bool = False


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("method", method)
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _event(event: CalendarEvent, stamp: datetime, organiser: str = "") -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("sequence", event.sequence)
    component.add("dtstamp", stamp.astimezone(UTC))
    component.add("dtstart", event.starts.astimezone(UTC))
    component.add("dtend", event.ends.astimezone(UTC))
    component.add("summary", event.summary)
    if organiser:
        component.add("organizer", vCalAddress(f"mailto:{organiser}"))
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.location:
        component.add("location", event.location)
    if event.description:
        component.add("description", event.description)
    return component


def _text(calendar: Calendar) -> str:
    # In the order the properties were added (VERSION, PRODID, METHOD, CALSCALE, ...), not icalendar's canonical one.
    return calendar.to_ical(sorted=False).decode()


def invitation(event: CalendarEvent, organiser: str, stamp: datetime) -> str:
    """A one-event calendar: METHOD:REQUEST to add or update it, METHOD:CANCEL to remove it."""
    calendar = _calendar("CANCEL" if event.cancelled else "REQUEST")
    calendar.add_component(_event(event, stamp, organiser))
    return _text(calendar)


def feed(events: list[CalendarEvent], name: str, stamp: datetime, refresh_minutes: int = 60) -> str:
    """A calendar a phone subscribes to (METHOD:PUBLISH): every current event, in UTC, with its stable UID.

    An event that is gone is left out, or kept with STATUS:CANCELLED: either way the subscribed calendar drops it.
    """
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", vText(name))  # escaped like any text value
    calendar.add("refresh-interval", timedelta(minutes=refresh_minutes), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", f"PT{refresh_minutes}M")
    for event in sorted(events, key=lambda e: (e.starts, e.uid)):
        calendar.add_component(_event(event, stamp))
    return _text(calendar)
