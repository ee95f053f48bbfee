"""Italian courses' pure rules, with figures counted by hand on the 2026 calendar."""

from datetime import date, timedelta

import pytest

from portal.core.calendar import is_holiday, is_working_day
from portal.core.rules import RuleViolation
from portal.courses import rules
from portal.courses.rules import PlannedCourse, Waiting

pytestmark = pytest.mark.pure

MONDAY = date(2026, 10, 5)


def never_closed(_day):
    return False


# -- periods and meetings ---------------------------------------------------------------------------------------


def test_two_periods_a_year_october_january_and_march_june():
    assert rules.period_dates(2026, 1) == (date(2026, 10, 1), date(2027, 1, 31))
    assert rules.period_dates(2026, 2) == (date(2027, 3, 1), date(2027, 6, 30))
    with pytest.raises(RuleViolation) as refused:
        rules.period_dates(2026, 3)
    assert refused.value.field == "number"


def test_evening_course_is_forty_meetings_of_an_hour_and_a_half_on_monday_wednesday_thursday():
    meetings = rules.plan_meetings(MONDAY, "evening", never_closed)
    assert len(meetings) == 40
    assert sum(meeting.minutes for meeting in meetings) == 60 * 60
    assert {meeting.day.weekday() for meeting in meetings} == {0, 2, 3}
    assert (meetings[0].day, meetings[0].hour, meetings[0].minute, meetings[0].minutes) == (MONDAY, 19, 0, 90)
    assert meetings[1].day == date(2026, 10, 7)
    # 13 weeks of three meetings, then the 40th on the Monday of the 14th week
    assert meetings[-1].day == date(2027, 1, 4)


def test_a_closed_day_moves_the_end_by_one_meeting():
    meetings = rules.plan_meetings(MONDAY, "evening", lambda day: day == date(2026, 10, 7))
    assert date(2026, 10, 7) not in [meeting.day for meeting in meetings]
    assert len(meetings) == 40
    assert meetings[-1].day == date(2027, 1, 6)


def test_meetings_skip_the_holidays_of_turin():
    meetings = rules.plan_meetings(date(2026, 12, 7), "intensive", lambda day: is_holiday(day, "TO"))
    days = [meeting.day for meeting in meetings]
    assert date(2026, 12, 8) not in days and date(2026, 12, 25) not in days
    assert days[:2] == [date(2026, 12, 7), date(2026, 12, 9)]


def test_saturday_and_intensive_patterns():
    saturday = rules.plan_meetings(MONDAY, "evening_saturday", never_closed)
    assert {meeting.day.weekday() for meeting in saturday} == {1, 3, 5}
    assert [m.minutes for m in saturday if m.day.weekday() == 5][0] == 180
    assert (saturday[2].hour, saturday[2].minute) == (9, 30)
    assert sum(meeting.minutes for meeting in saturday) == 3600
    intensive = rules.plan_meetings(MONDAY, "intensive", never_closed)
    assert len(intensive) == 20 and intensive[0].hour == 9 and intensive[-1].day == date(2026, 10, 30)


def test_the_last_meeting_is_shortened_when_the_hours_do_not_divide():
    meetings = rules.plan_meetings(date(2026, 10, 6), "evening", never_closed, hours=2)
    assert [(meeting.day, meeting.minutes) for meeting in meetings] == [(date(2026, 10, 7), 90),
                                                                       (date(2026, 10, 8), 30)]


def test_unknown_pattern_is_refused():
    with pytest.raises(RuleViolation) as refused:
        rules.plan_meetings(MONDAY, "weekly", never_closed)
    assert refused.value.field == "pattern"


def test_a_course_starts_inside_its_period():
    rules.check_start(date(2026, 10, 1), date(2027, 1, 31), date(2026, 10, 1))
    rules.check_start(date(2026, 10, 1), date(2027, 1, 31), date(2027, 1, 31))
    for day in (date(2026, 9, 30), date(2027, 2, 1)):
        with pytest.raises(RuleViolation) as refused:
            rules.check_start(date(2026, 10, 1), date(2027, 1, 31), day)
        assert refused.value.field == "starts_on"


def test_capacity_bounds_and_never_below_the_seats_taken():
    rules.check_capacity(1)
    rules.check_capacity(200)
    rules.check_capacity(70, taken=70)
    for capacity, taken in ((0, 0), (201, 0), (69, 70)):
        with pytest.raises(RuleViolation) as refused:
            rules.check_capacity(capacity, taken)
        assert refused.value.field == "capacity"


# -- plan limits -------------------------------------------------------------------------------------------------

START = date(2026, 10, 1)


def course(level, code=None, starts_on=START, capacity=75):
    return PlannedCourse(code or f"{level}-1", level, starts_on, capacity)


def test_one_course_per_level_is_a_clean_period():
    assert rules.period_warnings(START, [course(level) for level in ("A1", "A2", "B1", "B2")]) == []


def test_a_missing_level_is_warned():
    assert rules.period_warnings(START, [course("A1"), course("A2"), course("B1"), course("C1")]) == [
        ("missing_levels", {"levels": "B2"})]
    assert rules.period_warnings(START, []) == [("missing_levels", {"levels": "A1, A2, B1, B2"})]


def test_at_most_fourteen_courses_a_period():
    fourteen = [course(("A1", "A2", "B1", "B2")[n % 4], code=f"X{n}") for n in range(14)]
    assert rules.period_warnings(START, fourteen) == []
    assert rules.period_warnings(START, [*fourteen, course("A1", "X15")]) == [
        ("period_too_many", {"count": 15, "limit": 14})]


def test_start_within_two_weeks_of_the_period():
    levels = [course(level) for level in ("A2", "B1", "B2")]
    assert rules.period_warnings(START, [*levels, course("A1", starts_on=date(2026, 10, 15))]) == []
    assert rules.period_warnings(START, [*levels, course("A1", starts_on=date(2026, 10, 16))]) == [
        ("late_start", {"code": "A1-1", "latest": date(2026, 10, 15)})]


def test_classes_of_seventy_to_eighty():
    levels = [course(level) for level in ("A2", "B1")]
    assert rules.period_warnings(START, [*levels, course("A1", capacity=70), course("B2", capacity=80)]) == []
    assert rules.period_warnings(START, [*levels, course("A1", capacity=69), course("B2", capacity=81)]) == [
        ("class_size", {"code": "A1-1", "capacity": 69}), ("class_size", {"code": "B2-1", "capacity": 81})]


def year_of(counts: dict[str, int]) -> list[PlannedCourse]:
    return [course(level, code=f"{level}-{n}") for level, count in counts.items() for n in range(count)]


def test_eight_to_eighteen_courses_a_year_two_of_each_level():
    assert rules.year_warnings(year_of({"A1": 2, "A2": 2, "B1": 2, "B2": 2})) == []
    assert rules.year_warnings(year_of({"A1": 5, "A2": 5, "B1": 4, "B2": 4})) == []
    assert rules.year_warnings(year_of({"A1": 2, "A2": 2, "B1": 2, "B2": 1})) == [
        ("year_too_few", {"count": 7, "limit": 8}), ("year_level_short", {"levels": "B2", "limit": 2})]
    assert rules.year_warnings(year_of({"A1": 5, "A2": 5, "B1": 5, "B2": 4})) == [
        ("year_too_many", {"count": 19, "limit": 18})]
    assert rules.year_warnings(year_of({"A1": 3, "A2": 3, "B1": 1, "C1": 1})) == [
        ("year_level_short", {"levels": "B1, B2", "limit": 2})]


# -- deadlines ---------------------------------------------------------------------------------------------------


def test_activation_notice_seven_calendar_days_before_the_start():
    assert rules.activation_due(MONDAY) == date(2026, 9, 28)
    assert rules.activation_due(date(2026, 10, 12)) == date(2026, 10, 5)


def test_teacher_named_five_working_days_before_the_start():
    working = lambda day: is_working_day(day, "TO")  # noqa: E731
    # Mon 5 Oct: Fri 2, Thu 1, Wed 30, Tue 29, Mon 28 September
    assert rules.teacher_due(MONDAY, working) == date(2026, 9, 28)
    # Wed 9 Dec: Tue 8 is the Immacolata; Mon 7, Fri 4, Thu 3, Wed 2, Tue 1
    assert rules.teacher_due(date(2026, 12, 9), working) == date(2026, 12, 1)
    # Thu 8 Oct: Wed 7, Tue 6, Mon 5, Fri 2, Thu 1 (the weekend does not count)
    assert rules.teacher_due(date(2026, 10, 8), working) == date(2026, 10, 1)


def test_deadline_states():
    due = rules.Deadline(date(2026, 9, 28), None)
    assert due.state(date(2026, 9, 28)) == "open"
    assert due.state(date(2026, 9, 29)) == "overdue"
    assert rules.Deadline(date(2026, 9, 28), date(2026, 9, 28)).state(date(2026, 12, 1)) == "done"
    assert rules.Deadline(date(2026, 9, 28), date(2026, 9, 20)).state(date(2026, 9, 1)) == "done"
    assert rules.Deadline(date(2026, 9, 28), date(2026, 9, 29)).state(date(2026, 9, 29)) == "late"


# -- priority ----------------------------------------------------------------------------------------------------

ORDER = ("plan", "student", "staff")


def test_priority_groups():
    assert rules.priority_group(True, True, False) == "plan"
    assert rules.priority_group(True, True, True) == "plan"
    assert rules.priority_group(True, False, True) == "student"
    assert rules.priority_group(False, False, True) == "staff"
    assert rules.priority_group(False, True, True) == "staff"  # a plan matricola without the student role
    assert rules.priority_group(False, True, False) is None


def test_priority_rank_follows_the_setting():
    assert [rules.priority_rank(group, ORDER) for group in ORDER] == [1, 2, 3]
    assert rules.priority_rank("staff", ("staff", "plan", "student")) == 1
    with pytest.raises(RuleViolation):
        rules.priority_rank("guest", ORDER)


def test_staggered_opening_by_group():
    opens = date(2026, 9, 10)
    assert rules.opens_for(opens, 1, 3) == opens
    assert rules.opens_for(opens, 2, 3) == date(2026, 9, 13)
    assert rules.opens_for(opens, 3, 3) == date(2026, 9, 16)
    assert rules.opens_for(opens, 3, 0) == opens
    ends = date(2027, 1, 31)
    with pytest.raises(RuleViolation):
        rules.check_may_enrol(date(2026, 9, 15), opens, 3, 3, MONDAY, ends)
    rules.check_may_enrol(date(2026, 9, 16), opens, 3, 3, MONDAY, ends)
    rules.check_may_enrol(ends, opens, 1, 3, MONDAY, ends)
    with pytest.raises(RuleViolation):
        rules.check_may_enrol(ends + timedelta(days=1), opens, 1, 3, MONDAY, ends)


def test_waiting_list_serves_priority_then_arrival():
    waiting = [Waiting(5, 2, 5), Waiting(3, 3, 3), Waiting(7, 1, 7), Waiting(4, 2, 4), Waiting(9, 1, 2)]
    assert rules.waiting_order(waiting) == [9, 7, 4, 5, 3]
    assert rules.waiting_order([Waiting(2, 1, 8), Waiting(1, 1, 8)]) == [1, 2]


# -- attendance --------------------------------------------------------------------------------------------------


def test_meetings_before_joining_are_not_expected():
    assert rules.expected(date(2026, 10, 7), date(2026, 10, 8)) is False
    assert rules.expected(date(2026, 10, 8), date(2026, 10, 8)) is True
    assert rules.expected(date(2026, 10, 9), date(2026, 10, 8)) is True


def test_attendance_and_the_maximum_still_reachable():
    held = [(90, "present", True), (90, "late", True), (90, "absent", True), (90, "excused", True)]
    summary = rules.attendance_summary(held + [(90, None, False)] * 6, 70)
    # 10 meetings = 900 min; attended 180 of 360 held = 50 %; best (180 + 540) / 900 = 80 %
    assert (summary.expected_minutes, summary.attended_minutes, summary.held_minutes,
            summary.still_to_come_minutes) == (900, 180, 360, 540)
    assert (summary.percent, summary.max_percent, summary.threshold, summary.reachable) == (50, 80, 70, True)


def test_threshold_exactly_reachable_then_lost():
    five = [(90, "present", True)] * 2 + [(90, "absent", True)] * 3
    exactly = rules.attendance_summary(five + [(90, None, False)] * 5, 70)
    assert (exactly.percent, exactly.max_percent, exactly.reachable) == (40, 70, True)
    lost = rules.attendance_summary([(90, "present", True)] + [(90, "absent", True)] * 4 + [(90, None, False)] * 5, 70)
    assert (lost.max_percent, lost.reachable) == (60, False)


def test_a_held_meeting_without_a_mark_is_not_attended():
    summary = rules.attendance_summary([(90, None, True), (90, "present", True), (60, None, False)], 70)
    assert (summary.held_minutes, summary.attended_minutes, summary.percent, summary.max_percent) == (180, 90, 50, 62)
    assert summary.reachable is False


def test_nothing_held_yet_is_a_full_score():
    summary = rules.attendance_summary([(90, None, False)] * 3, 70)
    assert (summary.percent, summary.max_percent, summary.reachable) == (100, 100, True)
    assert rules.attendance_summary([], 100).max_percent == 100
    with pytest.raises(ValueError):
        rules.attendance_summary([], 101)
    with pytest.raises(ValueError):
        rules.attendance_summary([], -1)


def test_full_attendance_is_a_hundred_and_percentages_round_down():
    full = rules.attendance_summary([(90, "present", True), (90, "late", True), (90, None, False)], 70)
    assert (full.percent, full.max_percent) == (100, 100)
    # 90 of 270 minutes held = 33.3 % → 33; the best (90 + 90) / 360 = 50 %
    third = rules.attendance_summary([(90, "present", True), (90, "absent", True), (90, "absent", True),
                                      (90, None, False)], 70)
    assert (third.percent, third.max_percent) == (33, 50)
    assert isinstance(third.percent, int)


def test_a_threshold_of_zero_is_a_percentage():
    assert rules.attendance_summary([(90, "absent", True)], 0).reachable is True
