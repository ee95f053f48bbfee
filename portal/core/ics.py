"""iCalendar (RFC 5545) invitations for appointments: what phones and mail programs add to a calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


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


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets go on as continuation lines starting with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start = [], 0
    while start < len(encoded):
        end = min(start + (75 if not parts else 74), len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # never cut a UTF-8 character
            end -= 1
        parts.append(encoded[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def invitation(event: CalendarEvent, organiser: str, stamp: datetime) -> str:
    """A one-event calendar: METHOD:REQUEST to add or update it, METHOD:CANCEL to remove it."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Portale servizi//IT",
        f"METHOD:{'CANCEL' if event.cancelled else 'REQUEST'}", "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT", f"UID:{event.uid}", f"SEQUENCE:{event.sequence}", f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(event.starts)}", f"DTEND:{_utc(event.ends)}", f"SUMMARY:{_escape(event.summary)}",
        f"ORGANIZER:mailto:{organiser}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.location:
        lines.append(f"LOCATION:{_escape(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{_escape(event.description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def feed(events: list[CalendarEvent], name: str, stamp: datetime, refresh_minutes: int = 60) -> str:
    """A calendar a phone subscribes to (METHOD:PUBLISH): every current event, in UTC, with its stable UID.

    An event that is gone is left out, or kept with STATUS:CANCELLED: either way the subscribed calendar drops it.
    """
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Portale servizi//IT", "METHOD:PUBLISH", "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}", f"REFRESH-INTERVAL;VALUE=DURATION:PT{refresh_minutes}M",
        f"X-PUBLISHED-TTL:PT{refresh_minutes}M",
    ]
    for event in sorted(events, key=lambda e: (e.starts, e.uid)):
        lines += [
            "BEGIN:VEVENT", f"UID:{event.uid}", f"SEQUENCE:{event.sequence}", f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(event.starts)}", f"DTEND:{_utc(event.ends)}", f"SUMMARY:{_escape(event.summary)}",
            f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        ]
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
