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


# -- points 5, 6, 8: exams, certification, contract figures (figures by hand from the tender 003) ---------------


def test_exam_registration_window_opens_then_closes_before_the_first_turn():
    rules.check_exam_window(date(2027, 1, 4), date(2027, 1, 18), date(2027, 1, 19))
    rules.check_exam_window(date(2027, 1, 18), date(2027, 1, 18), date(2027, 1, 19))  # one day is enough
    with pytest.raises(RuleViolation) as refused:
        rules.check_exam_window(date(2027, 1, 19), date(2027, 1, 18), date(2027, 1, 25))
    assert refused.value.field == "closes_on"
    with pytest.raises(RuleViolation) as refused:
        rules.check_exam_window(date(2027, 1, 4), date(2027, 1, 19), date(2027, 1, 19))
    assert refused.value.field == "closes_on"


@pytest.mark.parametrize("today, ok", [(date(2027, 1, 3), False), (date(2027, 1, 4), True),
                                       (date(2027, 1, 18), True), (date(2027, 1, 19), False)])
def test_exam_registration_only_inside_the_window(today, ok):
    if ok:
        rules.check_exam_open(today, date(2027, 1, 4), date(2027, 1, 18))
    else:
        with pytest.raises(RuleViolation):
            rules.check_exam_open(today, date(2027, 1, 4), date(2027, 1, 18))


@pytest.mark.parametrize("kind, percent, ok", [
    ("dsa", 0, True), ("dsa", 30, True), ("dsa", 31, False), ("disability", 50, True), ("disability", 51, False),
    ("disability", 31, True), ("dsa", -1, False), ("other", 10, False)])
def test_extra_time_up_to_thirty_percent_for_dsa_and_fifty_for_disability(kind, percent, ok):
    if ok:
        rules.check_accommodation(kind, percent)
    else:
        with pytest.raises(RuleViolation) as refused:
            rules.check_accommodation(kind, percent)
        assert refused.value.field == ("kind" if kind == "other" else "extra_percent")


@pytest.mark.parametrize("minutes, percent, extra", [(90, 30, 27), (90, 25, 23), (90, 50, 45), (90, 0, 0),
                                                      (100, 1, 1), (60, 30, 18), (101, 1, 2)])
def test_extra_minutes_rounded_up(minutes, percent, extra):
    # 90 x 30 % = 27; 90 x 25 % = 22.5 -> 23; 100 x 1 % = 1; 60 x 30 % = 18; 101 x 1 % = 1.01 -> 2
    assert rules.extra_minutes(minutes, percent) == extra


@pytest.mark.parametrize("outcome, grade, oral, graduating, field", [
    ("passed", 18, None, False, None), ("passed", 30, "passed", True, None), ("failed", None, None, False, None),
    ("absent", None, None, True, None), ("failed", None, "failed", True, None),
    ("passed", None, None, False, "grade"), ("passed", 17, None, False, "grade"), ("passed", 31, None, False, "grade"),
    ("failed", 20, None, False, "grade"), ("passed", 25, "passed", False, "oral"), ("passed", 25, "maybe", True, "oral"),
    ("won", None, None, False, "outcome")])
def test_exam_results(outcome, grade, oral, graduating, field):
    if field is None:
        rules.check_result(outcome, grade, oral, graduating)
    else:
        with pytest.raises(RuleViolation) as refused:
            rules.check_result(outcome, grade, oral, graduating)
        assert refused.value.field == field


def test_skills_per_body():
    assert rules.skills_of("CILS") == ("listening", "reading", "writing", "speaking", "structures")
    assert rules.skills_of("CELI") == ("listening", "reading", "writing", "speaking")
    assert rules.skills_of("PLIDA") == rules.skills_of("CERT.IT") == rules.skills_of("CELI")
    with pytest.raises(RuleViolation) as refused:
        rules.skills_of("TOEFL")
    assert refused.value.field == "body"


def test_candidate_list_due_ten_days_before_the_written_test():
    # written Thursday 20 May 2027 -> list by Monday 10 May; reminded from 5 May
    deadline = rules.candidate_list_deadline(date(2027, 5, 20))
    assert (deadline.kind, deadline.period, deadline.due_on, deadline.remind_from) == (
        "candidate_list", date(2027, 5, 20), date(2027, 5, 10), date(2027, 5, 5))


def test_certification_dates():
    rules.check_cert_dates(date(2027, 5, 20), date(2027, 5, 20), date(2027, 5, 10))  # the list due today: fine
    with pytest.raises(RuleViolation) as refused:
        rules.check_cert_dates(date(2027, 5, 20), date(2027, 5, 19), date(2027, 4, 1))
    assert refused.value.field == "oral_on"
    with pytest.raises(RuleViolation) as refused:
        rules.check_cert_dates(date(2027, 5, 20), date(2027, 5, 21), date(2027, 5, 11))
    assert refused.value.field == "written_on"


def test_certification_registration_until_the_list_is_due_and_make_ups_after_the_contract():
    written, end = date(2027, 5, 20), date(2027, 3, 31)
    rules.check_cert_registration(date(2027, 5, 10), written, False, False, None)
    rules.check_cert_registration(date(2027, 5, 10), written, False, True, end)  # a make-up after the contract
    rules.check_cert_registration(date(2027, 5, 10), written, False, False, date(2027, 5, 20))  # the last day
    for today, sent, makeup, contract_end in [(date(2027, 5, 11), False, False, None),
                                              (date(2027, 5, 1), True, True, None),
                                              (date(2027, 5, 1), False, False, end)]:
        with pytest.raises(RuleViolation):
            rules.check_cert_registration(today, written, sent, makeup, contract_end)


def test_academic_year_and_the_hundred_a_year():
    assert rules.academic_year(date(2026, 10, 1)) == 2026
    assert rules.academic_year(date(2026, 9, 30)) == 2025
    assert rules.over_year_limit(100) is False and rules.over_year_limit(101) is True
    assert rules.over_year_limit(3, 2) is True


def test_make_up_proposes_the_failed_and_missed_skills():
    results = {"listening": "passed", "reading": "failed", "writing": "absent", "speaking": "passed"}
    assert rules.makeup_skills(results, rules.skills_of("CELI")) == ["reading", "writing"]
    assert rules.makeup_skills({}, rules.skills_of("CELI")) == []  # no result yet: nothing to make up


@pytest.mark.parametrize("count, price", [(1, 2750), (2, 5500), (4, 11000), (5, 11000)])
def test_make_up_price_per_skill_never_above_the_full_exam(count, price):
    # 27.50 a skill: 1 -> 27.50; 2 -> 55.00; 4 -> 110.00; 5 -> 137.50, capped at the full exam's 110.00
    assert rules.makeup_price(count, 2750, 11000) == price
    assert rules.makeup_price(3, 3000, 11000) == 9000  # 3 x 30.00 = 90.00, below the cap


def test_make_up_of_nothing_is_refused():
    with pytest.raises(RuleViolation):
        rules.makeup_price(0, 2750, 11000)


def test_half_years():
    assert rules.half_year(2026, 1) == (date(2026, 1, 1), date(2026, 6, 30))
    assert rules.half_year(2026, 2) == (date(2026, 7, 1), date(2026, 12, 31))
    with pytest.raises(RuleViolation) as refused:
        rules.half_year(2026, 3)
    assert refused.value.field == "half"


def test_half_year_report_due_five_working_days_after_the_semester():
    # ends Tuesday 30 June 2026: Wed 1, Thu 2, Fri 3, Mon 6, Tue 7 July
    first = rules.report_deadline(2026, 1, "TO")
    assert (first.kind, first.period, first.due_on, first.remind_from) == (
        "half_year_report", date(2026, 1, 1), date(2026, 7, 7), date(2026, 7, 1))
    # ends Thursday 31 December 2026: 1 Jan holiday, Mon 4, Tue 5, 6 Jan holiday, Thu 7, Fri 8, Mon 11
    assert rules.report_deadline(2026, 2, "TO").due_on == date(2027, 1, 11)
    # a patron day on Thursday 2 July: Wed 1, Fri 3, Mon 6, Tue 7, Wed 8
    assert rules.report_deadline(2026, 1, "07-02").due_on == date(2026, 7, 8)
    assert rules.report_deadline(2026, 1).due_on == date(2026, 7, 7)


@pytest.mark.parametrize("starts, days", [(date(2026, 10, 15), 0), (date(2026, 10, 16), 1), (date(2026, 10, 19), 4),
                                          (date(2026, 10, 1), 0)])
def test_late_start_counts_the_days_after_the_two_weeks(starts, days):
    # period from 1 October 2026: a course may start until 15 October; 19 October is 4 days late
    assert rules.late_start_days(date(2026, 10, 1), starts) == days


def test_per_thousand_rounds_half_up_to_the_cent():
    assert rules.per_thousand(3_145_500, 5) == 15_728  # 15,727.5 cents -> 15,728
    assert rules.per_thousand(3_145_480, 5) == 15_727  # 15,727.4 -> 15,727
    assert rules.per_thousand(18_400_000, 1) == 18_400  # 1 per thousand of EUR 184,000 = EUR 184.00
    assert rules.per_thousand(1, 5) == 0
    assert rules.per_thousand(499, 1) == 0 and rules.per_thousand(500, 1) == 1  # 0.499 -> 0; 0.5 -> 1


def test_contract_figures_of_a_semester():
    # 6 courses x 4,500.00 = 27,000.00; 40 certifications x 110.00 = 4,400.00; make-ups 2 skills = 55.00
    # gross 31,455.00; retention 0.5 % = 157.275 -> 157.28; one course 3 days late: 3 x 184.00 = 552.00
    # payable 31,455.00 - 157.28 - 552.00 = 30,745.72
    figures = rules.contract_figures(6, 40, 5_500, [3, 0], 450_000, 11_000, 18_400_000)
    assert figures == rules.ContractFigures(
        courses=6, courses_cents=2_700_000, certifications=40, certifications_cents=440_000, makeup_cents=5_500,
        gross_cents=3_145_500, retention_cents=15_728, late_days=3, penalty_cents=55_200,
        payable_cents=3_074_572, penalty_over_cap=False)


def test_penalties_above_ten_percent_of_the_contract_are_warned():
    # 10 % of 184,000.00 = 18,400.00: 17,848.00 before + 552.00 = 18,400.00 is not above; one cent more is
    at_cap = rules.contract_figures(0, 0, 0, [3], 450_000, 11_000, 18_400_000, penalties_before_cents=1_784_800)
    assert at_cap.penalty_over_cap is False and at_cap.payable_cents == -55_200
    over = rules.contract_figures(0, 0, 0, [3], 450_000, 11_000, 18_400_000, penalties_before_cents=1_784_801)
    assert over.penalty_over_cap is True
    # 100 days late x 184.00 = 18,400.00: exactly 10 %, not above, with nothing before
    assert rules.contract_figures(0, 0, 0, [100], 450_000, 11_000, 18_400_000).penalty_over_cap is False
