"""Office-hours clocks (portal.core.working_hours): Mon-Fri 9:00-17:30 Rome time, holidays and closures excluded.

Figures by hand: 2026-11-30 is a Monday; 8 December (Immacolata) is a Tuesday in 2026; 7 December is Milan's patron
day (Sant'Ambrogio); Easter Monday 2027 is 29 March, and summer time starts on Sunday 28 March 2027. A day holds
17:30 - 9:00 = 8 h 30 = 510 office minutes.
"""

from datetime import date, datetime, time, timezone

import pytest

from portal.core.calendar import ROME
from portal.core.working_hours import (
    OfficeHours,
    add_working_days,
    add_working_minutes,
    is_open,
    next_opening,
    working_minutes_between,
)

pytestmark = pytest.mark.pure

DESK = OfficeHours()


def rome(*parts) -> datetime:
    return datetime(*parts, tzinfo=ROME)


def test_a_day_holds_510_minutes():
    assert DESK.minutes_a_day == 510
    assert OfficeHours(time(8, 0), time(13, 0)).minutes_a_day == 300


def test_an_office_must_open_before_it_closes():
    with pytest.raises(ValueError):
        OfficeHours(time(17, 30), time(9, 0))
    with pytest.raises(ValueError):
        OfficeHours(time(9, 0), time(9, 0))


@pytest.mark.parametrize(("moment", "open_"), [
    (rome(2026, 12, 4, 8, 59), False),   # Friday, a minute before opening
    (rome(2026, 12, 4, 9, 0), True),     # opening minute
    (rome(2026, 12, 4, 17, 29), True),
    (rome(2026, 12, 4, 17, 30), False),  # closing minute: closed
    (rome(2026, 12, 5, 10, 0), False),   # Saturday
    (rome(2026, 12, 8, 10, 0), False),   # Immacolata
    (datetime(2026, 12, 4, 8, 30, tzinfo=timezone.utc), True),   # 9:30 in Rome (UTC+1 in winter)
    (datetime(2026, 12, 4, 16, 30, tzinfo=timezone.utc), False),  # 17:30 in Rome
    (datetime(2026, 12, 4, 9, 30), True),  # naive: read as Rome wall clock
])
def test_is_open(moment, open_):
    assert is_open(moment, DESK) is open_


def test_next_opening():
    assert next_opening(rome(2026, 12, 4, 10, 15), DESK) == rome(2026, 12, 4, 10, 15)  # open now
    assert next_opening(rome(2026, 12, 4, 7, 0), DESK) == rome(2026, 12, 4, 9, 0)     # later that morning
    assert next_opening(rome(2026, 12, 4, 17, 30), DESK) == rome(2026, 12, 7, 9, 0)   # Friday evening -> Monday
    assert next_opening(rome(2026, 12, 7, 18, 0), DESK) == rome(2026, 12, 9, 9, 0)    # over the Immacolata
    milan = OfficeHours(patron="MI")
    assert next_opening(rome(2026, 12, 4, 18, 0), milan) == rome(2026, 12, 9, 9, 0)   # Sant'Ambrogio too
    shut = OfficeHours(closures={date(2026, 12, 9), date(2026, 12, 10)})
    assert next_opening(rome(2026, 12, 7, 18, 0), shut) == rome(2026, 12, 11, 9, 0)   # the office's own days


def test_a_target_stops_over_the_weekend():
    # Friday 17:00 + 60 min: 30 min on Friday (17:00-17:30), the other 30 on Monday from 9:00
    assert add_working_minutes(rome(2026, 12, 4, 17, 0), 60, DESK) == rome(2026, 12, 7, 9, 30)


def test_a_target_stops_over_a_holiday():
    # Monday 17:00 + 60: 30 on Monday, Tuesday 8 December closed, 30 on Wednesday
    assert add_working_minutes(rome(2026, 12, 7, 17, 0), 60, DESK) == rome(2026, 12, 9, 9, 30)


def test_a_target_ending_at_closing_time_is_due_at_closing_time():
    assert add_working_minutes(rome(2026, 12, 4, 17, 0), 30, DESK) == rome(2026, 12, 4, 17, 30)


def test_a_clock_started_at_night_starts_at_the_next_opening():
    assert add_working_minutes(rome(2026, 12, 5, 23, 0), 0, DESK) == rome(2026, 12, 7, 9, 0)   # Saturday night
    assert add_working_minutes(rome(2026, 12, 4, 6, 0), 90, DESK) == rome(2026, 12, 4, 10, 30)


def test_easter_monday_and_summer_time():
    due = add_working_minutes(rome(2027, 3, 26, 17, 0), 60, DESK)  # Friday; Monday 29 is Pasquetta
    assert due == rome(2027, 3, 30, 9, 30)
    assert due.utcoffset().total_seconds() == 2 * 3600  # summer time (UTC+2) since Sunday 28


def test_five_working_days():
    # Monday 10:00: 450 + 510 + 510 + 510 + 510 = 2,490 of 2,550 minutes by Friday's close, 60 more on Monday
    assert add_working_days(rome(2026, 11, 30, 10, 0), 5, DESK) == rome(2026, 12, 7, 10, 0)
    # across the Immacolata: Thursday 3 Dec 12:00 + 2 days -> Friday 12:00 (1), Monday 12:00 (2)
    assert add_working_days(rome(2026, 12, 3, 12, 0), 2, DESK) == rome(2026, 12, 7, 12, 0)
    assert add_working_days(rome(2026, 12, 4, 12, 0), 2, DESK) == rome(2026, 12, 9, 12, 0)


def test_working_minutes_between():
    assert working_minutes_between(rome(2026, 12, 4, 17, 0), rome(2026, 12, 7, 9, 30), DESK) == 60
    assert working_minutes_between(rome(2026, 12, 4, 10, 0), rome(2026, 12, 4, 10, 45), DESK) == 45
    assert working_minutes_between(rome(2026, 12, 4, 18, 0), rome(2026, 12, 6, 12, 0), DESK) == 0  # all closed
    assert working_minutes_between(rome(2026, 12, 4, 12, 0), rome(2026, 12, 4, 11, 0), DESK) == 0  # backwards
    # Monday 7 Dec 12:00 -> Wednesday 9 Dec 12:00: 330 (12:00-17:30) + 0 (holiday) + 180 (9:00-12:00)
    assert working_minutes_between(rome(2026, 12, 7, 12, 0), rome(2026, 12, 9, 12, 0), DESK) == 510
    # a whole week from Monday 9:00 to the next Monday 9:00: five days of 510
    assert working_minutes_between(rome(2026, 11, 30, 9, 0), rome(2026, 12, 7, 9, 0), DESK) == 2550


def test_the_clocks_agree():
    start = rome(2026, 12, 4, 16, 10)
    for minutes in (0, 1, 80, 81, 509, 510, 511, 2000):
        assert working_minutes_between(start, add_working_minutes(start, minutes, DESK), DESK) == minutes


def test_a_negative_target_is_refused():
    with pytest.raises(ValueError):
        add_working_minutes(rome(2026, 12, 4, 10, 0), -1, DESK)
