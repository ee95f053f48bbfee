"""The tutoring rules of the monthly form (tender par. 28), the LIS events' pool (par. 27.2) and the questionnaire's
complaint counter (par. 20, 30), with figures computed by hand."""

from datetime import date, time

import pytest

from portal.core.rules import RuleViolation
from portal.tutoring import rules

pytestmark = pytest.mark.pure


# -- the monthly form ---------------------------------------------------------------------------------------------

def test_the_forms_totals():
    # held 2 h + 1 h 30 = 210 min; cancelled late 1 h = 60 min; planned and cancelled in time and not delivered
    # count nothing on the form; used before this month 600 min: 600 + 210 + 60 = 870 min of a 40 h (2400) cap
    totals = rules.form_totals(2400, [("held", 120), ("held", 90), ("cancelled_late", 60), ("cancelled_in_time", 45),
                                      ("not_delivered", 30), ("planned", 15)], 600)
    assert (totals.held, totals.cancelled_late, totals.month) == (210, 60, 270)
    assert (totals.quarter_used, totals.cap) == (870, 2400)


def test_an_empty_month_totals_zero():
    assert rules.form_totals(600, [], 0) == rules.FormTotals(0, 0, 0, 600)


@pytest.mark.parametrize(("month", "end"), [(date(2026, 2, 1), date(2026, 2, 28)), (date(2028, 2, 1), date(2028, 2, 29)),
                                            (date(2026, 12, 1), date(2026, 12, 31)), (date(2026, 11, 1), date(2026, 11, 30))])
def test_a_months_last_day(month, end):
    assert rules.month_end(month) == end


def test_the_operator_signs_from_the_months_last_day():
    rules.check_form_signable(date(2026, 11, 1), date(2026, 11, 30), ["held"])  # the last day: fine
    rules.check_form_signable(date(2026, 11, 1), date(2026, 12, 3), ["held", "cancelled_in_time"])
    with pytest.raises(RuleViolation) as refused:
        rules.check_form_signable(date(2026, 11, 1), date(2026, 11, 29), ["held"])
    assert refused.value.field == "month"


def test_no_signature_while_a_session_is_still_planned_or_nothing_counts():
    with pytest.raises(RuleViolation, match="still planned"):
        rules.check_form_signable(date(2026, 10, 1), date(2026, 11, 2), ["held", "planned"])
    with pytest.raises(RuleViolation, match="nothing to sign"):
        rules.check_form_signable(date(2026, 10, 1), date(2026, 11, 2), ["cancelled_in_time", "not_delivered"])
    with pytest.raises(RuleViolation, match="nothing to sign"):
        rules.check_form_signable(date(2026, 10, 1), date(2026, 11, 2), [])
    rules.check_form_signable(date(2026, 10, 1), date(2026, 11, 2), ["cancelled_late"])  # counts: signable


@pytest.mark.parametrize(("step", "status"), [("operator_sign", "open"), ("student_sign", "operator_signed"),
                                              ("dispute", "operator_signed"), ("resolve", "disputed")])
def test_each_step_starts_from_one_status(step, status):
    rules.check_form_step(step, status, "why")
    for other in rules.FORM_STATUSES:
        if other != status:
            with pytest.raises(RuleViolation) as refused:
                rules.check_form_step(step, other, "why")
            assert refused.value.field == "status"


def test_a_dispute_and_a_resolution_say_why():
    for step, status in (("dispute", "operator_signed"), ("resolve", "disputed")):
        with pytest.raises(RuleViolation) as refused:
            rules.check_form_step(step, status, "   ")
        assert refused.value.field == "reason"
    rules.check_form_step("student_sign", "operator_signed", "")  # confirming needs no words
    rules.check_form_step("operator_sign", "open")
    rules.check_form_step("dispute", "operator_signed", "x" * 500)
    with pytest.raises(RuleViolation) as refused:
        rules.check_form_step("dispute", "operator_signed", "x" * 501)
    assert refused.value.field == "reason"


def test_a_signed_month_keeps_its_sessions():
    for status in (None, "open", "disputed"):
        rules.check_month_editable(status)
    for status in ("operator_signed", "locked"):
        with pytest.raises(RuleViolation) as refused:
            rules.check_month_editable(status)
        assert refused.value.field == "day"


# -- the LIS events' pool ------------------------------------------------------------------------------------------

def test_the_pool_is_ten_hours():
    assert rules.LIS_EVENT_POOL_MINUTES == 600


def test_the_lis_event_pool():
    rules.check_pool(180, 420)  # 7 h + 3 h = 10 h: exactly the pool
    rules.check_pool(600, 0)
    with pytest.raises(RuleViolation, match="5 min left") as refused:
        rules.check_pool(60, 595)  # 595 + 60 = 655 > 600; left 600 - 595 = 5 min
    assert refused.value.field == "starts"
    with pytest.raises(RuleViolation, match="0 h left"):
        rules.check_pool(5, 600)
    with pytest.raises(RuleViolation):
        rules.check_pool(61, 540, pool_minutes=600)  # 540 + 61 = 601


def test_an_events_times():
    today = date(2026, 11, 30)
    assert rules.check_event(date(2026, 12, 14), time(10), time(13), today) == 180
    assert rules.check_event(today, time(9, 5), time(9, 50), today) == 45  # today is fine
    assert rules.check_event(date(2026, 12, 19), time(18), time(21), today) == 180  # a Saturday evening too
    for day, starts, ends, field in ((date(2026, 11, 29), time(9), time(10), "day"),
                                     (date(2100, 1, 4), time(9), time(10), "day"),
                                     (date(2026, 12, 14), time(10), time(10), "ends"),
                                     (date(2026, 12, 14), time(11), time(10), "ends"),
                                     (date(2026, 12, 14), time(10, 3), time(11), "starts"),
                                     (date(2026, 12, 14), time(10), time(11, 2), "starts"),
                                     (date(2026, 12, 14), time(10, 0, 30), time(11), "starts"),
                                     (date(2026, 12, 14), time(10), time(11, 0, 30), "starts")):
        with pytest.raises(RuleViolation) as refused:
            rules.check_event(day, starts, ends, today)
        assert refused.value.field == field


# -- the questionnaire and the complaint counter ------------------------------------------------------------------

def test_five_levels_and_a_short_comment():
    for level in (1, 2, 3, 4, 5):
        rules.check_survey(level, "x" * 500)
    for level in (None, 0, 6):
        with pytest.raises(RuleViolation) as refused:
            rules.check_survey(level, "")
        assert refused.value.field == "level"
    with pytest.raises(RuleViolation) as refused:
        rules.check_survey(3, "x" * 501)
    assert refused.value.field == "comment"


def test_answers_of_one_and_two_are_reports():
    assert rules.DISSATISFIED == {1, 2}


@pytest.mark.parametrize(("reports", "cents"), [(0, 0), (3, 0), (4, 10000), (6, 30000)])
def test_the_complaint_penalty(reports, cents):
    # par. 20: 100 euro for each report after the third: 4 → 1 × 100 €; 6 → 3 × 100 € = 300 € = 30,000 cents
    assert rules.complaint_penalty_cents(reports) == cents


# -- the quarterly report ------------------------------------------------------------------------------------------

def test_the_reports_due_day_is_the_fifth_working_day_after_the_quarter():
    # Q4 2026 ends Thu 31 Dec: Fri 1 Jan holiday, Mon 4 (1), Tue 5 (2), Wed 6 Epiphany, Thu 7 (3), Fri 8 (4), Mon 11 (5)
    deadline = rules.report_deadline(date(2026, 10, 1))
    assert (deadline.kind, deadline.period, deadline.due_on) == ("quarterly_report", date(2026, 10, 1),
                                                                 date(2027, 1, 11))
    assert deadline.remind_from == date(2026, 12, 31)
    # Q3 2026 ends Wed 30 Sep: Thu 1 (1), Fri 2 (2), Mon 5 (3), Tue 6 (4), Wed 7 Oct (5); a closing day on 5 Oct: Thu 8
    assert rules.report_deadline(date(2026, 7, 1)).due_on == date(2026, 10, 7)
    assert rules.report_deadline(date(2026, 7, 1), [date(2026, 10, 5)]).due_on == date(2026, 10, 8)


@pytest.mark.parametrize(("minutes", "hourly", "cents"), [
    (60, 2500, 2500),  # 1 h at 25.00
    (90, 2500, 3750),  # 1.5 h × 25.00 = 37.50
    (7, 2500, 292),  # 7/60 × 25.00 = 2.91666… → 2.92
    (1, 2230, 37),  # 22.30 / 60 = 0.371666… → 0.37
    (3, 1010, 51),  # 3/60 × 10.10 = 0.505 → half up 0.51
    (0, 2500, 0),
    (600, 2437, 24370),  # 10 h × 24.37
])
def test_the_amount_at_the_hourly_price(minutes, hourly, cents):
    assert rules.amount_cents(minutes, hourly) == cents


def test_the_report_is_sent_from_the_quarters_last_day_with_every_form_signed():
    rules.check_report_sendable(date(2026, 10, 1), date(2026, 12, 31), 0)
    rules.check_report_sendable(date(2026, 10, 1), date(2027, 1, 20), 0)
    with pytest.raises(RuleViolation, match="not over") as refused:
        rules.check_report_sendable(date(2026, 10, 1), date(2026, 12, 30), 0)
    assert refused.value.field == "quarter"
    with pytest.raises(RuleViolation, match="not signed") as refused:
        rules.check_report_sendable(date(2026, 10, 1), date(2027, 1, 4), 1)
    assert refused.value.field == "quarter"


# -- every refusal names the field it belongs to (the page puts the message there) --------------------------------

MON, SAT, SUN = date(2026, 12, 14), date(2026, 12, 19), date(2026, 12, 20)


@pytest.mark.parametrize(("call", "field"), [
    (lambda: rules.services_of("other"), "kind"),
    (lambda: rules.check_cap(None, []), "hours"),
    (lambda: rules.check_cap(0, []), "hours"),
    (lambda: rules.check_cap(rules.LONGEST_CAP_MINUTES + 1, []), "hours"),
    (lambda: rules.check_cap(600, [0, None, None]), "month_1"),
    (lambda: rules.check_cap(600, [300, 301, None]), "month_1"),
    (lambda: rules.check_revision(600, 0, " "), "reason"),
    (lambda: rules.check_revision(None, 0, "why"), "hours"),
    (lambda: rules.check_revision(rules.LONGEST_CAP_MINUTES + 1, 0, "why"), "hours"),
    (lambda: rules.check_revision(60, 61, "why"), "hours"),
    (lambda: rules.fits(61, 600, 540), "starts"),
    (lambda: rules.fits(61, 600, 0, 120, 60), "starts"),
    (lambda: rules.to_minutes("dodici"), "hours"),
    (lambda: rules.check_session_time(date(1999, 12, 31), time(9), time(10), "lesson"), "day"),
    (lambda: rules.check_session_time(MON, time(9), time(10), "party"), "activity"),
    (lambda: rules.check_session_time(MON, time(10), time(9), "lesson"), "ends"),
    (lambda: rules.check_session_time(MON, time(9, 1), time(10), "lesson"), "starts"),
    (lambda: rules.check_session_time(SUN, time(9), time(10), "lesson"), "day"),
    (lambda: rules.check_session_time(MON, time(9), time(10), "lesson", [MON]), "day"),
    (lambda: rules.check_session_time(SAT, time(9), time(10), "lesson"), "activity"),
    (lambda: rules.check_session_time(SAT, time(12), time(14), "exam"), "starts"),
    (lambda: rules.check_session_time(MON, time(18), time(20), "lesson"), "starts"),
    (lambda: rules.check_status_change("held", "planned", MON, MON, ""), "status"),
    (lambda: rules.check_status_change("planned", "held", MON, date(2026, 12, 11), ""), "status"),
    (lambda: rules.check_status_change("planned", "cancelled_late", MON, MON, " "), "reason"),
    (lambda: rules.check_new_session_status("cancelled_late", MON, MON), "status"),
    (lambda: rules.check_new_session_status("held", MON, date(2026, 12, 11)), "status"),
    (lambda: rules.check_operator_for("lis", False), "operator_id"),
    (lambda: rules.check_form_signable(date(2026, 10, 1), date(2026, 11, 2), ["planned", "held"]), "month"),
    (lambda: rules.check_form_signable(date(2026, 10, 1), date(2026, 11, 2), ["not_delivered"]), "month"),
    (lambda: rules.check_form_step("dispute", "operator_signed"), "reason"),
    (lambda: rules.check_form_step("resolve", "disputed"), "reason"),
])
def test_a_refusal_names_its_field(call, field):
    with pytest.raises(RuleViolation) as refused:
        call()
    assert refused.value.field == field


def test_edges_of_the_calendar_and_of_the_times():
    first, last = date(2000, 1, 1), date(2099, 12, 31)
    assert rules.check_event(first, time(9), time(10), first) == 60
    assert rules.check_event(last, time(9), time(10), date(2026, 11, 30)) == 60
    # 3 Jan 2000 was a Monday, 31 Dec 2099 a Thursday: the first and last working days are served
    assert rules.check_session_time(date(2000, 1, 3), time(9), time(10), "lesson") == 60
    assert rules.check_session_time(date(2099, 12, 31), time(9), time(10), "lesson") == 60
    for starts, ends in ((time(9, 0, 1), time(10)), (time(9), time(10, 0, 1))):  # one second is not 5 minutes
        with pytest.raises(RuleViolation):
            rules.check_session_time(MON, starts, ends, "lesson")
    with pytest.raises(RuleViolation):
        rules.check_session_time(MON, time(9), time(10, 1), "lesson")


def test_several_lines_add_up():
    # planned 30 + 45 = 75; held 60; cancelled late 20 + 25 = 45 (held in the balance: 60 + 45 = 105)
    lines = [("planned", 30), ("planned", 45), ("held", 60), ("cancelled_late", 20), ("cancelled_late", 25),
             ("cancelled_in_time", 50), ("not_delivered", 70)]
    assert rules.balance(600, lines) == rules.Balance(600, 105, 75)
    totals = rules.form_totals(600, lines, 0)
    assert (totals.held, totals.cancelled_late, totals.quarter_used) == (60, 45, 105)


def test_hours_typed_with_decimals_and_empty():
    assert rules.to_minutes("12,5") == 750  # 12 × 60 + 50 × 60 // 100 = 720 + 30
    assert rules.to_minutes("1.25") == 75  # 60 + 25 × 60 // 100 = 60 + 15
    assert rules.to_minutes("0,33") == 19  # 33 × 60 // 100 = 19 (19.8 rounded down, an integer)
    assert rules.to_minutes("") is None and rules.to_minutes(None) is None and rules.to_minutes("   ") is None


@pytest.mark.parametrize(("end", "months", "purge"), [
    (date(2027, 8, 31), 6, date(2028, 2, 29)),  # no 31 February in 2028: its last day, the 29th
    (date(2027, 8, 28), 6, date(2028, 2, 28)),
    (date(2027, 8, 29), 6, date(2028, 2, 29)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
])
def test_the_purge_day_at_the_end_of_short_months(end, months, purge):
    assert rules.health_purge_day(end, months) == purge


# -- the quarter the report opens on ------------------------------------------------------------------------------

def test_the_report_opens_on_the_last_quarter_that_ended():
    # 30 November 2026: the last quarter that ended began on 1 July
    assert rules.report_quarter(date(2026, 11, 30), True, True) == date(2026, 7, 1)
    assert rules.report_quarter(date(2026, 11, 30), True, False) == date(2026, 7, 1)
    assert rules.report_quarter(date(2026, 11, 30), False, False) == date(2026, 7, 1)
    # nothing in it and hours in this one: this one
    assert rules.report_quarter(date(2026, 11, 30), False, True) == date(2026, 10, 1)
    # in January the last quarter ended is October's of the year before
    assert rules.report_quarter(date(2027, 1, 1), True, True) == date(2026, 10, 1)
    assert rules.report_quarter(date(2026, 3, 31), True, True) == date(2025, 10, 1)


def test_a_quarters_last_day():
    assert rules.quarter_last_day(date(2026, 10, 1)) == date(2026, 12, 31)
    assert rules.quarter_last_day(date(2026, 1, 1)) == date(2026, 3, 31)
    assert rules.quarter_last_day(date(2026, 4, 1)) == date(2026, 6, 30)
