"""Policino baby parking rules (DOMAIN.md section 3): each test fails if its rule is wrong."""

from datetime import date, datetime, time

import pytest

from portal.childcare import rules
from portal.core.rules import RuleViolation

S = rules.DEFAULTS


# -- calendar -------------------------------------------------------------------------------------------

def test_school_year_days_open_1630_to_1900_in_five_half_hour_blocks():
    blocks = rules.opening_blocks(date(2026, 11, 24))  # a Tuesday
    assert blocks == [time(16, 30), time(17, 0), time(17, 30), time(18, 0), time(18, 30)]


def test_july_without_the_micro_nido_opens_all_day_from_8_to_19():
    blocks = rules.opening_blocks(date(2026, 7, 7), nursery=rules.Nursery(july_years=frozenset()))
    assert blocks[0] == time(8, 0) and blocks[-1] == time(18, 30) and len(blocks) == 22
    assert not rules.nursery_open(date(2026, 7, 7))


def test_july_with_the_micro_nido_opens_after_it_from_1630_like_the_school_year():
    with_nursery = rules.Nursery(july_years=frozenset({2026}))
    assert rules.nursery_open(date(2026, 7, 7), nursery=with_nursery)
    assert rules.opening_blocks(date(2026, 7, 7), nursery=with_nursery) == [
        time(16, 30), time(17, 0), time(17, 30), time(18, 0), time(18, 30)]
    # the switch is yearly: 2027's July is not 2026's
    assert len(rules.opening_blocks(date(2027, 7, 7), nursery=with_nursery)) == 22


def test_on_the_micro_nidos_closing_days_the_baby_parking_runs_in_its_hours_if_set():
    day = date(2026, 12, 23)  # a Wednesday of the Christmas break of the city's nurseries, the university open
    closed = rules.Nursery(closed_days=frozenset({day}))
    assert rules.nursery_open(day) and not rules.nursery_open(day, nursery=closed)
    blocks = rules.opening_blocks(day, nursery=closed)
    assert (blocks[0], blocks[-1], len(blocks)) == (time(8, 0), time(18, 30), 22)
    afternoon_only = rules.Settings(all_day_when_nursery_closed=False)
    assert rules.opening_blocks(day, settings=afternoon_only, nursery=closed) == rules.opening_blocks(day)
    assert len(rules.opening_blocks(day)) == 5  # an ordinary day of the nursery


def test_the_nursery_is_closed_on_holidays_weekends_august_and_closures():
    assert not rules.nursery_open(date(2026, 12, 8))  # Immacolata
    assert not rules.nursery_open(date(2026, 11, 28))  # Saturday
    assert not rules.nursery_open(date(2026, 8, 4), nursery=rules.Nursery(july_years=frozenset({2026})))
    assert not rules.nursery_open(date(2026, 11, 25), closures={date(2026, 11, 25)})


@pytest.mark.parametrize("day", [
    date(2026, 11, 28),  # Saturday
    date(2026, 11, 29),  # Sunday
    date(2026, 8, 4),  # August: the university is closed
    date(2026, 12, 8),  # Immacolata
    date(2026, 6, 24),  # San Giovanni, Torino's patron day
    date(2027, 10, 4),  # San Francesco, national holiday from 2026 (a Monday in 2027)
    date(2027, 3, 29),  # Easter Monday 2027
])
def test_closed_on_weekends_august_and_holidays(day):
    assert rules.opening_blocks(day) == []


def test_the_patron_day_is_the_citys_setting():
    assert rules.opening_blocks(date(2026, 6, 24), settings=rules.Settings(patron_day="")) != []


def test_closed_on_a_closure_day_the_coordinator_entered():
    day = date(2026, 11, 25)
    assert rules.opening_blocks(day) and rules.opening_blocks(day, closures=[day]) == []


# -- age, priority, cut-off -----------------------------------------------------------------------------

def test_age_window_is_13_months_to_the_day_before_the_6th_birthday():
    day = date(2026, 11, 24)
    rules.check_age(date(2025, 10, 24), day)  # exactly 13 months
    with pytest.raises(RuleViolation):
        rules.check_age(date(2025, 10, 25), day)  # one day short of 13 months
    rules.check_age(date(2020, 11, 25), day)  # 6 years tomorrow
    with pytest.raises(RuleViolation):
        rules.check_age(date(2020, 11, 24), day)  # 6 years today


def test_age_in_months_counts_whole_months():
    assert rules.age_in_months(date(2025, 1, 31), date(2026, 2, 28)) == 12
    assert rules.age_in_months(date(2025, 1, 31), date(2026, 3, 1)) == 13


def test_each_priority_group_opens_on_its_own_day():
    block = date(2026, 12, 15)
    assert rules.booking_opens_on(block, "staff") == date(2026, 12, 1)
    assert rules.booking_opens_on(block, "student") == date(2026, 12, 5)
    assert rules.booking_opens_on(block, "grandparent") == date(2026, 12, 8)
    assert rules.booking_opens_on(block, "other") == date(2026, 12, 12)
    rules.check_can_book(block, "staff", datetime(2026, 12, 1, 0, 0))
    with pytest.raises(RuleViolation):
        rules.check_can_book(block, "student", datetime(2026, 12, 4, 23, 59))
    rules.check_can_book(block, "student", datetime(2026, 12, 5, 8, 0))


def test_booking_and_cancelling_close_at_the_end_of_the_day_before():
    block = date(2026, 12, 15)
    rules.check_can_book(block, "staff", datetime(2026, 12, 14, 23, 59))
    with pytest.raises(RuleViolation):
        rules.check_can_book(block, "staff", datetime(2026, 12, 15, 0, 0))
    assert rules.can_cancel_in_time(block, datetime(2026, 12, 14, 23, 59))
    assert not rules.can_cancel_in_time(block, datetime(2026, 12, 15, 0, 0))


def test_other_families_need_approval_and_a_valid_membership_card():
    day = date(2026, 12, 15)
    rules.check_membership("staff", approved=False, card_valid_until=None, day=day)
    with pytest.raises(RuleViolation):
        rules.check_membership("other", approved=False, card_valid_until=date(2027, 1, 1), day=day)
    with pytest.raises(RuleViolation):
        rules.check_membership("other", approved=True, card_valid_until=date(2026, 12, 14), day=day)
    rules.check_membership("other", approved=True, card_valid_until=day, day=day)


def test_membership_card_costs_at_most_50_euro_and_lasts_at_most_12_months():
    rules.check_membership_card(5000, 12)
    with pytest.raises(RuleViolation):
        rules.check_membership_card(5001, 12)
    with pytest.raises(RuleViolation):
        rules.check_membership_card(3000, 13)


# -- places ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("educators,places", [(0, 0), (1, 5), (3, 15), (4, 20), (5, 24), (6, 24)])
def test_places_are_24_at_most_and_5_per_educator(educators, places):
    assert rules.places(educators) == places


def test_the_roster_cannot_fall_below_what_bookings_need():
    rules.check_roster(educators=3, booked=15)
    with pytest.raises(RuleViolation) as refused:
        rules.check_roster(educators=2, booked=11)
    assert "3" in str(refused.value.message)
    assert rules.free_places(educators=3, booked=15) == 0


# -- prices --------------------------------------------------------------------------------------------------

def test_single_hours_cost_3_50_charged_per_half_hour_block():
    charge = rules.price([time(17, 0), time(17, 30), time(18, 0)], nido_child=False, card_blocks_left=0,
                         nursery_open_that_day=True)
    assert (charge.paid_blocks, charge.amount_cents) == (3, 525)


def test_a_card_is_at_least_80_hours_at_2_50_and_is_used_first():
    assert rules.card_sale(80) == rules.CardSale(hours=80, blocks=160, price_cents=20_000)
    charge = rules.price([time(17, 0), time(17, 30), time(18, 0)], nido_child=False, card_blocks_left=2,
                         nursery_open_that_day=True)
    assert (charge.card_blocks, charge.paid_blocks, charge.amount_cents) == (2, 1, 175)


def test_micro_nido_children_stay_free_from_1630_to_1730():
    charge = rules.price(rules.opening_blocks(date(2026, 11, 24)), nido_child=True, card_blocks_left=0,
                         nursery_open_that_day=True)
    assert (charge.free_blocks, charge.paid_blocks, charge.amount_cents) == (2, 3, 525)
    other = rules.price(rules.opening_blocks(date(2026, 11, 24)), nido_child=False, card_blocks_left=0,
                        nursery_open_that_day=True)
    assert (other.free_blocks, other.amount_cents) == (0, 875)


def test_in_a_july_without_the_micro_nido_its_children_pay_from_1630():
    # 16:30-17:30 is two half hours at EUR 1.75 (3.50 an hour): EUR 3.50, not EUR 0
    july = date(2026, 7, 7)
    nursery_open = rules.nursery_open(july, nursery=rules.Nursery())
    charge = rules.price([time(16, 30), time(17, 0)], nido_child=True, card_blocks_left=0,
                         nursery_open_that_day=nursery_open)
    assert (charge.free_blocks, charge.paid_blocks, charge.amount_cents) == (0, 2, 350)
    # the whole July day, 8:00-19:00: 22 half hours, EUR 38.50
    whole = rules.price(rules.opening_blocks(july), nido_child=True, card_blocks_left=0,
                        nursery_open_that_day=nursery_open)
    assert (whole.free_blocks, whole.amount_cents) == (0, 3850)
    # a July with the micro nido: its first hour after it stays free, 17:30-19:00 is EUR 5.25
    with_nursery = rules.Nursery(july_years=frozenset({2026}))
    free = rules.price(rules.opening_blocks(july, nursery=with_nursery), nido_child=True, card_blocks_left=0,
                       nursery_open_that_day=rules.nursery_open(july, nursery=with_nursery))
    assert (free.free_blocks, free.paid_blocks, free.amount_cents) == (2, 3, 525)


def test_on_a_closing_day_of_the_micro_nido_its_children_pay_from_1630():
    day = date(2026, 12, 23)
    closed = rules.Nursery(closed_days=frozenset({day}))
    assert not rules.is_free_block(time(16, 30), True, rules.nursery_open(day, nursery=closed))
    assert rules.is_free_block(time(16, 30), True, rules.nursery_open(day))


@pytest.mark.parametrize("hours,blocks,cents", [(80, 160, 20_000), (100, 200, 25_000), (81, 162, 20_250),
                                                (500, 1000, 125_000)])
def test_a_card_of_any_size_from_80_hours_costs_2_50_an_hour(hours, blocks, cents):
    assert rules.card_sale(hours) == rules.CardSale(hours, blocks, cents)


@pytest.mark.parametrize("hours", [None, -80, 0, 79, 501, 10**12])
def test_a_card_below_80_hours_or_beyond_the_bound_is_refused(hours):
    with pytest.raises(RuleViolation) as refused:
        rules.card_sale(hours)
    assert refused.value.field == "hours" and "80" in str(refused.value.message)


def test_unused_booked_blocks_and_late_pickups_are_charged():
    booked = {time(16, 30), time(17, 0)}
    assert rules.charged_blocks(booked, attended=set()) == booked  # no-show: still charged
    assert rules.charged_blocks(booked, {time(16, 30), time(17, 0), time(17, 30)}) == booked | {time(17, 30)}


def test_a_half_hour_is_used_if_the_child_was_there_even_for_a_minute():
    starts = rules.opening_blocks(date(2026, 11, 24))
    assert rules.attended_blocks(starts, time(16, 30), time(18, 5)) == {
        time(16, 30), time(17, 0), time(17, 30), time(18, 0)}
    assert rules.attended_blocks(starts, time(16, 40), time(18, 0)) == {time(16, 30), time(17, 0), time(17, 30)}
    assert rules.attended_blocks(starts, time(17, 0), time(17, 1)) == {time(17, 0)}


# -- the coordinator's deadlines ----------------------------------------------------------------------


def test_the_monthly_report_is_due_ten_working_days_after_the_month_ends():
    october = rules.report_deadline(date(2026, 10, 1))
    assert october.due_on == date(2026, 11, 13)  # 31 Oct is a Saturday; 2-6 and 9-13 Nov
    assert october.remind_from == date(2026, 11, 10)  # three working days before
    december = rules.report_deadline(date(2026, 12, 1))
    assert december.due_on == date(2027, 1, 18)  # 1 and 6 January are holidays
    may = rules.report_deadline(date(2027, 5, 1))
    assert may.due_on == date(2027, 6, 15)  # 2 June, Festa della Repubblica
    assert rules.report_deadline(date(2026, 10, 1), rules.Settings(report_working_days=5)).due_on == date(2026, 11, 6)


def test_the_summer_calendar_is_due_by_the_end_of_may_and_july_waits_for_it():
    summer = rules.summer_deadline(2027)
    assert (summer.period, summer.due_on, summer.remind_from) == (date(2027, 7, 1), date(2027, 5, 31),
                                                                  date(2027, 5, 17))
    assert rules.summer_deadline(2027, rules.Settings(summer_calendar_by="05-15")).due_on == date(2027, 5, 15)
    assert rules.is_summer_day(date(2027, 7, 31)) and not rules.is_summer_day(date(2027, 6, 30))


def test_a_reminder_goes_once_as_the_date_nears_and_once_more_when_it_has_passed():
    deadline = rules.report_deadline(date(2026, 10, 1))  # remind from 10 Nov, due 13 Nov
    assert not rules.reminder_due(deadline, date(2026, 11, 9), None)
    assert rules.reminder_due(deadline, date(2026, 11, 10), None)
    assert not rules.reminder_due(deadline, date(2026, 11, 11), date(2026, 11, 10))
    assert not rules.reminder_due(deadline, date(2026, 11, 13), date(2026, 11, 10))  # the due day itself
    assert rules.reminder_due(deadline, date(2026, 11, 16), date(2026, 11, 10))  # overdue: once more
    assert not rules.reminder_due(deadline, date(2026, 11, 17), date(2026, 11, 16))
    assert rules.reminder_due(deadline, date(2026, 12, 1), None)  # never reminded: remind even when late
