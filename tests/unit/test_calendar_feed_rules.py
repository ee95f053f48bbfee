"""My calendar, pure parts: Policino half hours joined into stays; the subscribed feed's iCalendar text."""

from datetime import UTC, date, datetime, time

from portal.childcare.rules import Stay, join_half_hours
from portal.core.ics import CalendarEvent, feed

DAY, NEXT = date(2030, 1, 15), date(2030, 1, 16)


def test_consecutive_half_hours_of_one_child_on_one_day_are_one_stay():
    stays = join_half_hours([
        (12, 1, DAY, time(17, 30)), (11, 1, DAY, time(17)), (13, 1, DAY, time(18)),  # 17:00-18:30, any order
        (20, 1, DAY, time(9)),  # a gap: its own stay
        (30, 2, DAY, time(17, 30)),  # another child at the same time
        (40, 1, NEXT, time(8, 30)),  # the next day's first half hour does not continue the evening
    ])
    assert stays == [
        Stay(1, DAY, time(9), time(9, 30), (20,)),
        Stay(1, DAY, time(17), time(18, 30), (11, 12, 13)),
        Stay(2, DAY, time(17, 30), time(18), (30,)),
        Stay(1, NEXT, time(8, 30), time(9), (40,)),
    ]
    assert stays[1].key == 11


def test_a_stay_keeps_its_key_when_a_half_hour_is_added_before_it():
    (stay,) = join_half_hours([(11, 1, DAY, time(17)), (50, 1, DAY, time(16, 30))])
    assert (stay.starts_at, stay.ends_at, stay.key) == (time(16, 30), time(17, 30), 11)


def test_half_hours_a_half_hour_apart_are_two_stays():
    stays = join_half_hours([(1, 1, DAY, time(17)), (2, 1, DAY, time(18))])
    assert [(s.starts_at, s.ends_at) for s in stays] == [(time(17), time(17, 30)), (time(18), time(18, 30))]


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
