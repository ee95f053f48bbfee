"""My calendar, pure parts: the subscribed feed's iCalendar text (Policino stays: test_childcare_rules.py)."""

from datetime import UTC, datetime

from portal.core.ics import CalendarEvent, feed


def test_the_feed_is_a_published_calendar_in_utc_with_folded_lines_and_escaped_text():
    stamp = datetime(2030, 1, 1, 12, tzinfo=UTC)
    text = feed([
        CalendarEvent(uid="b@x", starts=datetime(2030, 1, 15, 16, tzinfo=UTC),
                      ends=datetime(2030, 1, 15, 17, tzinfo=UTC), summary="Policino: Lia", sequence=7),
        CalendarEvent(uid="a@x", starts=datetime(2030, 1, 15, 8, tzinfo=UTC),
                      ends=datetime(2030, 1, 15, 9, tzinfo=UTC), summary="CAF; one, two",
                      location="Via Ampère 2, Milano " + "x" * 80, cancelled=True),
    ], "PoliTo: my calendar", stamp, refresh_minutes=30)
    lines = text.split("\r\n")
    assert text.endswith("END:VCALENDAR\r\n") and all(len(line.encode()) <= 75 for line in lines)
    assert lines[:8] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Portale servizi//IT", "METHOD:PUBLISH",
                         "CALSCALE:GREGORIAN", "X-WR-CALNAME:PoliTo: my calendar",
                         "REFRESH-INTERVAL;VALUE=DURATION:PT30M", "X-PUBLISHED-TTL:PT30M"]
    unfolded = text.replace("\r\n ", "")
    first, second = unfolded.split("BEGIN:VEVENT")[1:]  # by start time, whatever the order given
    assert "UID:a@x" in first and "STATUS:CANCELLED" in first and "SUMMARY:CAF\\; one\\, two" in first
    assert "LOCATION:Via Ampère 2\\, Milano " + "x" * 80 in first and "DTSTAMP:20300101T120000Z" in first
    assert "UID:b@x" in second and "SEQUENCE:7" in second and "DTSTART:20300115T160000Z" in second
    assert "DTEND:20300115T170000Z" in second and "STATUS:CONFIRMED" in second and "LOCATION" not in second


def test_the_calendar_name_is_escaped_like_any_text_value():
    text = feed([], "Mio; cal, x", datetime(2030, 1, 1, tzinfo=UTC))
    assert "X-WR-CALNAME:Mio\\; cal\\, x\r\n" in text
