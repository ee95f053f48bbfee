"""The tutoring rules with figures computed by hand (tender 001, par. 27.2, 27.3, 29.1; DOMAIN.md par. 4)."""

from datetime import date, time

import pytest

from portal.core.rules import RuleViolation
from portal.tutoring import rules

pytestmark = pytest.mark.pure


# -- the 10-working-day clock --------------------------------------------------------------------------------------

def test_ten_working_days_skip_weekends_and_the_immacolata():
    # Mon 30 Nov 2026: 1, 2, 3, 4 Dec (4), 7 (5), 8 is a holiday, 9, 10, 11 (8), 14 (9), 15 (10)
    assert rules.serve_by(date(2026, 11, 30)) == date(2026, 12, 15)


def test_a_closing_day_of_the_institution_is_not_a_working_day():
    assert rules.serve_by(date(2026, 11, 30), [date(2026, 12, 14)]) == date(2026, 12, 16)
    assert rules.serve_by(date(2026, 11, 30), [date(2026, 12, 13)]) == date(2026, 12, 15)  # a Sunday changes nothing


def test_across_christmas_new_year_and_epiphany():
    # Fri 18 Dec: 21, 22, 23, 24 (4), 25 Christmas, 28, 29, 30, 31 (8), 1 Jan holiday, Mon 4 Jan (9), Tue 5 Jan (10)
    assert rules.serve_by(date(2026, 12, 18)) == date(2027, 1, 5)
    # from Tue 22 Dec: 23, 24, 28, 29, 30, 31 (6), 4, 5 Jan (8), 6 Jan Epiphany, 7, 8 Jan (10)
    assert rules.serve_by(date(2026, 12, 22)) == date(2027, 1, 8)


def test_the_city_patron_day_counts_when_set():
    # Fri 19 Jun 2026: 22, 23 (2), 24 San Giovanni in Torino, 25, 26 (4), 29, 30 (6), 1, 2, 3 Jul (9), 6 Jul (10)
    assert rules.serve_by(date(2026, 6, 19), patron="TO") == date(2026, 7, 6)
    assert rules.serve_by(date(2026, 6, 19)) == date(2026, 7, 3)


def test_the_number_of_days_is_a_setting():
    assert rules.serve_by(date(2026, 11, 30), working_days=1) == date(2026, 12, 1)


def test_late_is_after_the_day_served_or_not():
    by = date(2026, 12, 15)
    assert rules.is_late(by, date(2026, 12, 16), date(2026, 12, 20))
    assert not rules.is_late(by, date(2026, 12, 15), date(2026, 12, 20))
    assert rules.is_late(by, None, date(2026, 12, 16))
    assert not rules.is_late(by, None, date(2026, 12, 15))


def test_a_referral_for_both_opens_two_requests():
    assert rules.services_of("both") == ("tutoring", "lis")
    assert rules.services_of("lis") == ("lis",)
    with pytest.raises(RuleViolation):
        rules.services_of("other")


# -- quarters, caps, balance ---------------------------------------------------------------------------------------

def test_quarters():
    assert rules.quarter_of(date(2026, 11, 30)) == date(2026, 10, 1)
    assert rules.quarter_of(date(2026, 3, 31)) == date(2026, 1, 1)
    assert rules.quarter_of(date(2026, 4, 1)) == date(2026, 4, 1)
    assert rules.next_quarter(date(2026, 11, 30)) == date(2027, 1, 1)
    assert rules.next_quarter(date(2026, 5, 2)) == date(2026, 7, 1)
    assert rules.months_of(date(2026, 10, 1)) == (date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1))


def test_the_months_together_never_pass_the_quarter():
    rules.check_cap(2400, [900, None, 1200])
    rules.check_cap(2400, [800, 800, 800])  # exactly the quarter
    with pytest.raises(RuleViolation):
        rules.check_cap(2400, [900, 900, 900])  # 45 h > 40 h
    with pytest.raises(RuleViolation):
        rules.check_cap(2400, [0, None, None])
    with pytest.raises(RuleViolation):
        rules.check_cap(0, [None, None, None])
    with pytest.raises(RuleViolation):
        rules.check_cap(None, [None, None, None])
    rules.check_cap(rules.LONGEST_CAP_MINUTES, [None] * 3)
    with pytest.raises(RuleViolation):
        rules.check_cap(rules.LONGEST_CAP_MINUTES + 1, [None] * 3)


def test_a_revision_says_why_and_never_goes_below_what_is_booked():
    rules.check_revision(1500, 1500, "exams in January")
    with pytest.raises(RuleViolation) as refused:
        rules.check_revision(1440, 1500, "fewer lessons")
    assert refused.value.field == "hours"
    with pytest.raises(RuleViolation) as refused:
        rules.check_revision(3000, 0, "   ")
    assert refused.value.field == "reason"
    with pytest.raises(RuleViolation):
        rules.check_revision(0, 0, "none")
    with pytest.raises(RuleViolation):
        rules.check_revision(rules.LONGEST_CAP_MINUTES + 1, 0, "a lot")
    rules.check_revision(rules.LONGEST_CAP_MINUTES + 1, 0, "a month", whole_quarter=False)


def test_a_session_fits_up_to_the_last_minute_of_the_quarter_and_of_the_month():
    rules.fits(60, 2400, 2340)  # 39 h booked + 1 h = 40 h
    with pytest.raises(RuleViolation):
        rules.fits(65, 2400, 2340)
    rules.fits(30, 2400, 0, month_cap=600, month_booked=570)
    with pytest.raises(RuleViolation):
        rules.fits(60, 2400, 0, month_cap=600, month_booked=570)
    rules.fits(60, 2400, 0, month_cap=None, month_booked=5000)  # no monthly limit


def test_the_balance_counts_held_and_late_cancelled_as_used_and_gives_back_the_rest():
    balance = rules.balance(2400, [("held", 120), ("cancelled_late", 60), ("planned", 120),
                                   ("cancelled_in_time", 120), ("not_delivered", 60)])
    assert (balance.cap, balance.held, balance.planned, balance.left) == (2400, 180, 120, 2100)
    assert balance.used_share == 12  # 300 * 100 // 2400
    assert rules.balance(600, [("planned", 600)]).used_share == 100
    assert rules.Balance(0, 0, 0).used_share == 100


def test_hours_in_words_and_what_people_type():
    assert rules.hours_text(150) == "2 h 30 min"
    assert rules.hours_text(120) == "2 h"
    assert rules.hours_text(45) == "45 min"
    assert rules.hours_text(-5) == "0 h"
    assert rules.hours_text(0) == "0 h"
    assert rules.to_minutes("12,5") == 750
    assert rules.to_minutes("12.5") == 750
    assert rules.to_minutes("12.25") == 735
    assert rules.to_minutes("12:30") == 750
    assert rules.to_minutes("40") == 2400
    assert rules.to_minutes(" ") is None
    for wrong in ("abc", "1E+400", "12:60", "12:5", "-3", "1.234", "9999999", "١٢", "12,5,1"):
        with pytest.raises(RuleViolation):
            rules.to_minutes(wrong)


# -- the service's hours -------------------------------------------------------------------------------------------

MONDAY, SATURDAY, SUNDAY, IMMACOLATA = date(2026, 11, 30), date(2026, 12, 5), date(2026, 12, 6), date(2026, 12, 8)


def test_monday_to_friday_from_8_to_19():
    assert rules.check_session_time(MONDAY, time(8), time(10), "lesson") == 120
    assert rules.check_session_time(MONDAY, time(18), time(19), "lesson") == 60
    for starts, ends in ((time(7, 55), time(9)), (time(18), time(19, 5))):
        with pytest.raises(RuleViolation):
            rules.check_session_time(MONDAY, starts, ends, "lesson")


def test_saturday_mornings_for_exams_only():
    assert rules.check_session_time(SATURDAY, time(9), time(12), "exam") == 180
    assert rules.check_session_time(SATURDAY, time(8), time(13), "exam") == 300
    with pytest.raises(RuleViolation) as refused:
        rules.check_session_time(SATURDAY, time(9), time(11), "lesson")
    assert refused.value.field == "activity"
    with pytest.raises(RuleViolation):
        rules.check_session_time(SATURDAY, time(12), time(14), "exam")


def test_no_service_on_sunday_holidays_and_closing_days():
    for day, closed in ((SUNDAY, ()), (IMMACOLATA, ()), (MONDAY, (MONDAY,)), (date(2026, 6, 24), ())):
        with pytest.raises(RuleViolation):
            rules.check_session_time(day, time(9), time(10), "exam", closed, patron="TO")
    assert rules.check_session_time(date(2026, 6, 24), time(9), time(10), "exam") == 60  # no patron day set


def test_times_are_ordered_by_5_minutes_and_the_activity_known():
    for starts, ends, activity in ((time(10), time(10), "lesson"), (time(11), time(10), "lesson"),
                                   (time(9, 3), time(10), "lesson"), (time(9), time(10), "party")):
        with pytest.raises(RuleViolation):
            rules.check_session_time(MONDAY, starts, ends, activity)
    assert rules.check_session_time(MONDAY, time(9, 5), time(9, 50), "group_work") == 45


def test_overlap():
    assert rules.overlaps(time(9), time(11), time(10), time(12))
    assert rules.overlaps(time(9), time(12), time(10), time(11))
    assert rules.overlaps(time(10), time(11), time(9), time(12))
    assert not rules.overlaps(time(9), time(10), time(10), time(11))
    assert not rules.overlaps(time(10), time(11), time(9), time(10))


def test_status_changes():
    today = date(2026, 11, 30)
    rules.check_status_change("planned", "held", today, today, "")
    rules.check_status_change("planned", "cancelled_in_time", date(2026, 12, 3), today, "")
    rules.check_status_change("planned", "cancelled_late", today, today, "student ill")
    rules.check_status_change("planned", "not_delivered", today, today, "")
    with pytest.raises(RuleViolation):
        rules.check_status_change("planned", "held", date(2026, 12, 1), today, "")
    with pytest.raises(RuleViolation) as refused:
        rules.check_status_change("planned", "cancelled_late", today, today, " ")
    assert refused.value.field == "reason"
    for current in ("held", "cancelled_in_time", "cancelled_late", "not_delivered"):
        with pytest.raises(RuleViolation):
            rules.check_status_change(current, "planned", today, today, "x")
    rules.check_new_session_status("planned", date(2026, 12, 1), today)
    rules.check_new_session_status("held", today, today)
    with pytest.raises(RuleViolation):
        rules.check_new_session_status("held", date(2026, 12, 1), today)
    with pytest.raises(RuleViolation):
        rules.check_new_session_status("cancelled_late", today, today)


def test_only_a_qualified_operator_interprets_lis():
    rules.check_operator_for("lis", True)
    rules.check_operator_for("tutoring", False)
    with pytest.raises(RuleViolation) as refused:
        rules.check_operator_for("lis", False)
    assert refused.value.field == "operator_id"


def test_health_data_go_six_months_after_the_contract():
    assert rules.health_purge_day(date(2027, 12, 31), 6) == date(2028, 6, 30)
    assert rules.health_purge_day(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert rules.health_purge_day(date(2027, 7, 31), 6) == date(2028, 1, 31)
    assert rules.health_purge_day(date(2027, 7, 15), 18) == date(2029, 1, 15)


def test_the_smallest_hours_are_accepted_and_the_largest_quarter_too():
    rules.check_cap(1, [1, None, None])  # one minute is more than zero
    rules.check_revision(1, 0, "Meno ore.")
    rules.check_revision(rules.LONGEST_CAP_MINUTES, 0, "Tutte le ore.")  # at most 500 h: 500 h itself is fine
    rules.fits(60, 600, 0, month_cap=60)  # the month's share is just enough (nothing booked in the month yet)


def test_the_calendars_first_day_is_in_range_and_closed_as_a_holiday():
    # 1 January 2000 is inside the calendar (so the refusal is the holiday's, not the range's)
    with pytest.raises(RuleViolation, match="closed"):
        rules.check_session_time(date(2000, 1, 1), time(9), time(10), "exam")


def test_a_working_day_without_a_patron_day():
    assert rules.is_service_working_day(date(2026, 11, 30))  # a Monday
    assert not rules.is_service_working_day(date(2026, 12, 8))  # Immacolata


def test_the_reports_due_day_skips_the_patron_day():
    # the quarter ends Tuesday 30 September 2025; with the patron day on 2 October the 5th working day after is
    # Wednesday 8 October (1, 3, 6, 7, 8), without it Tuesday 7 October
    assert rules.report_deadline(date(2025, 7, 1), (), "10-02").due_on == date(2025, 10, 8)
    assert rules.report_deadline(date(2025, 7, 1), (), "").due_on == date(2025, 10, 7)
