"""When `flask courses remind` mails a deadline (pure), figures counted by hand on the 2026–27 calendar."""

from datetime import date

import pytest

from portal.core.calendar import is_working_day
from portal.core.rules import reminder_due
from portal.courses import rules

pytestmark = pytest.mark.pure


def working(day):
    return is_working_day(day, "TO")


def test_the_activation_notice_is_reminded_three_days_before_it_is_due_then_once_overdue():
    deadline = rules.activation_deadline(date(2026, 10, 5))  # due Monday 28 September
    assert (deadline.kind, deadline.due_on, deadline.remind_from) == ("activation", date(2026, 9, 28),
                                                                      date(2026, 9, 25))
    assert not reminder_due(deadline, date(2026, 9, 24), None)
    assert reminder_due(deadline, date(2026, 9, 25), None)
    assert not reminder_due(deadline, date(2026, 9, 28), date(2026, 9, 25))
    assert reminder_due(deadline, date(2026, 9, 29), date(2026, 9, 25))
    assert not reminder_due(deadline, date(2026, 9, 30), date(2026, 9, 29))


def test_the_teacher_is_reminded_three_calendar_days_before_the_fifth_working_day():
    # Wednesday 9 December 2026: due Tuesday 1 December (8 December is a holiday), reminded from Saturday 28 November
    deadline = rules.teacher_deadline(date(2026, 12, 9), working)
    assert (deadline.due_on, deadline.remind_from) == (date(2026, 12, 1), date(2026, 11, 28))


def test_the_candidate_list_and_the_report_keep_their_own_reminders():
    listing = rules.candidate_list_deadline(date(2027, 5, 20))
    assert (listing.due_on, listing.remind_from) == (date(2027, 5, 10), date(2027, 5, 5))
    report = rules.report_deadline(2026, 2, "TO")
    assert (report.due_on, report.remind_from) == (date(2027, 1, 11), date(2027, 1, 1))


def test_students_hear_once_in_the_last_three_days_of_an_open_registration():
    closes = date(2027, 5, 14)
    assert not rules.window_reminder_due(closes, date(2027, 5, 10))
    assert rules.window_reminder_due(closes, date(2027, 5, 11))
    assert rules.window_reminder_due(closes, closes)
    assert not rules.window_reminder_due(closes, date(2027, 5, 15))
    assert not rules.window_reminder_due(closes, date(2027, 5, 12), reminded_on=date(2027, 5, 11))
    # a window opened on the 13th: not before it opens
    assert not rules.window_reminder_due(closes, date(2027, 5, 12), opens_on=date(2027, 5, 13))
