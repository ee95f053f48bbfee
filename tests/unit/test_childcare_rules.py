"""Policino baby parking rules (DOMAIN.md section 3): each test fails if its rule is wrong."""

from datetime import date, datetime, time, timedelta

import pytest

from portal.childcare import rules
from portal.core.rules import RuleViolation

pytestmark = pytest.mark.pure

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


# -- boundaries and figures that mutation testing showed unguarded (issue 21) --------------------------------

MILANO = rules.Settings(patron_day="12-07")  # Sant'Ambrogio: another city's patron day


def message(refused) -> str:
    return str(refused.value.message)


def test_another_citys_patron_day_closes_the_baby_parking_and_the_nursery():
    sant_ambrogio = date(2026, 12, 7)  # a Monday
    assert rules.opening_blocks(sant_ambrogio, settings=MILANO) == []
    assert not rules.nursery_open(sant_ambrogio, settings=MILANO)
    # in Torino 7 December is an ordinary school day, and 24 June is one in Milano
    assert rules.nursery_open(sant_ambrogio) and len(rules.opening_blocks(sant_ambrogio)) == 5
    assert rules.nursery_open(date(2026, 6, 24), settings=MILANO)
    assert len(rules.opening_blocks(date(2026, 6, 24), settings=MILANO)) == 5


def test_september_and_fridays_are_ordinary_school_days():
    assert rules.opening_hours(date(2026, 9, 15)) == (time(16, 30), time(19, 0))  # a Tuesday of September
    assert rules.opening_hours(date(2026, 11, 27)) == (time(16, 30), time(19, 0))  # a Friday
    assert rules.nursery_open(date(2026, 11, 27)) and not rules.nursery_open(date(2026, 11, 29))  # Sunday
    assert rules.opening_hours(date(2026, 11, 28)) is None and rules.opening_hours(date(2026, 11, 29)) is None


def test_july_without_the_nursery_is_all_day_even_when_closing_days_keep_the_afternoon_only():
    afternoon_only = rules.Settings(all_day_when_nursery_closed=False)
    assert rules.opening_hours(date(2026, 7, 7), settings=afternoon_only) == (time(8, 0), time(19, 0))
    assert len(rules.opening_blocks(date(2026, 7, 7), settings=afternoon_only)) == 22
    # a July with the nursery: the afternoon after it, as in the school year
    assert rules.opening_hours(date(2026, 7, 7), settings=afternoon_only,
                               nursery=rules.Nursery(july_years=frozenset({2026}))) == (time(16, 30), time(19, 0))
    # 31 July is still July; 3 August is closed
    assert rules.opening_hours(date(2026, 7, 31)) == (time(8, 0), time(19, 0))
    assert rules.opening_hours(date(2026, 8, 3)) is None


def test_the_nursery_is_closed_on_its_own_closing_days_and_on_the_universitys_closures_only():
    day = date(2026, 11, 25)
    assert rules.nursery_open(day, closures={date(2026, 11, 26)})  # another day's closure
    assert rules.nursery_open(day, nursery=rules.Nursery(closed_days=frozenset({date(2026, 11, 26)})))
    assert rules.opening_hours(day, closures=[date(2026, 11, 26)]) == (time(16, 30), time(19, 0))
    assert rules.opening_hours(day, closures=[day]) is None


def test_blocks_between_counts_whole_half_hours_only():
    assert rules.blocks_between(time(16, 30), time(17, 30)) == [time(16, 30), time(17, 0)]
    assert rules.blocks_between(time(16, 30), time(17, 15)) == [time(16, 30)]
    assert rules.blocks_between(time(16, 30), time(16, 30)) == []
    assert rules.block_end(time(18, 30)) == time(19, 0)


def test_age_limits_tell_the_family_the_figures_on_the_child_field():
    day = date(2026, 11, 24)
    with pytest.raises(RuleViolation) as young:
        rules.check_age(date(2025, 11, 24), day)  # 12 months
    assert young.value.field == "child" and message(young) == (
        "The baby parking takes children from 13 months of age.")
    with pytest.raises(RuleViolation) as old:
        rules.check_age(date(2020, 11, 24), day)  # 6 years
    assert old.value.field == "child" and message(old) == "The baby parking takes children up to 6 years of age."
    rules.check_age(date(2020, 11, 25), day)  # 71 months
    assert rules.age_in_months(date(2020, 11, 25), day) == 71


def test_age_in_months_across_years_and_month_ends():
    assert rules.age_in_months(date(2025, 10, 24), date(2026, 11, 24)) == 13  # the day of the month reached
    assert rules.age_in_months(date(2025, 10, 25), date(2026, 11, 24)) == 12  # one day short
    assert rules.age_in_months(date(2020, 11, 24), date(2026, 11, 24)) == 72
    assert rules.age_in_months(date(2025, 12, 10), date(2027, 1, 9)) == 12
    assert rules.age_in_months(date(2025, 3, 5), date(2026, 4, 6)) == 13


def test_the_age_limits_are_settings():
    day = date(2026, 11, 24)
    rules.check_age(date(2025, 11, 24), day, rules.Settings(min_age_months=12))  # 12 months
    with pytest.raises(RuleViolation) as refused:
        rules.check_age(date(2021, 11, 24), day, rules.Settings(max_age_years=5))  # 5 years
    assert "5 years" in message(refused)


def test_a_refused_booking_names_the_block_day_and_the_opening_day():
    block = date(2026, 12, 15)
    with pytest.raises(RuleViolation) as closed:
        rules.check_can_book(block, "staff", datetime(2026, 12, 15, 0, 0))
    assert message(closed) == "Bookings for 15/12/2026 closed at the end of the day before."
    with pytest.raises(RuleViolation) as early:
        rules.check_can_book(block, "other", datetime(2026, 12, 11, 23, 59))
    assert message(early) == "For your family, bookings for 15/12/2026 open on 12/12/2026."
    rules.check_can_book(block, "other", datetime(2026, 12, 12, 0, 0))


@pytest.mark.parametrize("category,opens", [("staff", date(2026, 12, 1)), ("student", date(2026, 12, 5)),
                                            ("grandparent", date(2026, 12, 8)), ("other", date(2026, 12, 12))])
def test_each_group_books_from_its_opening_day_not_the_day_before(category, opens):
    block = date(2026, 12, 15)
    rules.check_can_book(block, category, datetime.combine(opens, time(0, 0)))
    with pytest.raises(RuleViolation):
        rules.check_can_book(block, category, datetime.combine(opens, time(0, 0)) - timedelta(minutes=1))


def test_the_cut_off_is_a_setting_in_days_before_the_block():
    block = date(2026, 12, 15)
    two_days = rules.Settings(cutoff_days_before=2)
    assert rules.booking_closes_at(block) == datetime(2026, 12, 15, 0, 0)
    assert rules.booking_closes_at(block, two_days) == datetime(2026, 12, 14, 0, 0)
    rules.check_can_book(block, "staff", datetime(2026, 12, 13, 23, 59), two_days)
    with pytest.raises(RuleViolation):
        rules.check_can_book(block, "staff", datetime(2026, 12, 14, 0, 0), two_days)
    assert rules.can_cancel_in_time(block, datetime(2026, 12, 13, 23, 59), two_days)
    assert not rules.can_cancel_in_time(block, datetime(2026, 12, 14, 0, 0), two_days)
    # the opening days are settings too
    assert rules.booking_opens_on(block, "staff", rules.Settings(opens_days_before={"staff": 20})) == date(
        2026, 11, 25)


def test_membership_refusals_say_why():
    day = date(2026, 12, 15)
    with pytest.raises(RuleViolation) as waiting:
        rules.check_membership("other", approved=False, card_valid_until=None, day=day)
    assert message(waiting) == "Your family is waiting for the university's approval."
    with pytest.raises(RuleViolation) as no_card:
        rules.check_membership("other", approved=True, card_valid_until=None, day=day)
    assert message(no_card) == "A valid membership card is needed to book on 15/12/2026."
    for category in ("staff", "student", "grandparent"):
        rules.check_membership(category, approved=False, card_valid_until=None, day=day)
    rules.check_membership("other", approved=True, card_valid_until=date(2027, 12, 14), day=day)


def test_a_free_or_one_month_membership_card_is_allowed():
    rules.check_membership_card(0, 1)  # free, one month
    rules.check_membership_card(1, 12)
    rules.check_membership_card(5000, 1)


@pytest.mark.parametrize("price_cents,months,field", [(-1, 12, "price"), (5001, 1, "price"), (0, 0, "months"),
                                                      (2500, -1, "months"), (2500, 13, "months")])
def test_a_membership_card_out_of_bounds_is_refused_on_its_field(price_cents, months, field):
    with pytest.raises(RuleViolation) as refused:
        rules.check_membership_card(price_cents, months)
    assert refused.value.field == field
    assert message(refused) == {"price": "The membership card costs at most 50,00\xa0€.",
                                "months": "A membership card lasts at most 12 months."}[field]


def test_places_and_free_places_at_the_limits():
    assert rules.places(-1) == 0
    assert rules.places(4) == 20 and rules.places(5) == 24
    assert rules.free_places(educators=5, booked=20) == 4
    assert rules.free_places(educators=5, booked=24) == 0
    assert rules.free_places(educators=1, booked=7) == 0  # never negative
    assert rules.free_places(educators=0, booked=0) == 0
    assert rules.places(3, rules.Settings(children_per_educator=8, max_children=20)) == 20
    assert rules.free_places(2, 3, rules.Settings(children_per_educator=8)) == 13


def test_a_roster_of_no_educators_is_fine_while_nobody_is_booked():
    rules.check_roster(educators=0, booked=0)
    rules.check_roster(educators=5, booked=24)
    rules.check_roster(educators=1, booked=5)
    with pytest.raises(RuleViolation) as refused:
        rules.check_roster(educators=1, booked=6)
    assert refused.value.field == "educators"
    assert message(refused) == "6 children are booked: at least 2 educators must be on duty."
    with pytest.raises(RuleViolation) as one:
        rules.check_roster(educators=0, booked=1)
    assert message(one) == "1 children are booked: at least 1 educator must be on duty."
    with pytest.raises(RuleViolation) as eleven:
        rules.check_roster(educators=2, booked=11)
    assert message(eleven) == "11 children are booked: at least 3 educators must be on duty."


def test_a_negative_roster_is_refused_on_the_educators_field():
    with pytest.raises(RuleViolation) as refused:
        rules.check_roster(educators=-1, booked=0)
    assert refused.value.field == "educators"
    assert message(refused) == "The number of educators cannot be negative."


def test_the_free_hour_is_16_30_to_17_30_for_micro_nido_children_only():
    assert [rules.is_free_block(start, True, True) for start in rules.opening_blocks(date(2026, 11, 24))] == [
        True, True, False, False, False]
    assert not rules.is_free_block(time(16, 30), False, True)
    assert not rules.is_free_block(time(16, 0), True, True)
    assert not rules.is_free_block(time(16, 30), False, False)


def test_prices_with_a_card_partly_used_and_the_free_hour():
    blocks = rules.opening_blocks(date(2026, 11, 24))  # 16:30-19:00, five half hours
    # a micro nido child with 2 half hours left on the card: 2 free, 2 from the card, 1 at EUR 1.75
    assert rules.price(blocks, nido_child=True, card_blocks_left=2, nursery_open_that_day=True) == rules.Charge(
        free_blocks=2, card_blocks=2, paid_blocks=1, amount_cents=175)
    # the card covers it all: nothing to pay, and never more blocks than booked taken from the card
    assert rules.price(blocks, nido_child=False, card_blocks_left=10, nursery_open_that_day=True) == rules.Charge(
        0, 5, 0, 0)
    # a card overdrawn (negative) takes nothing
    assert rules.price(blocks[:2], nido_child=False, card_blocks_left=-3, nursery_open_that_day=True) == rules.Charge(
        0, 0, 2, 350)
    assert rules.price([], nido_child=False, card_blocks_left=4, nursery_open_that_day=True) == rules.Charge(0, 0, 0, 0)
    charge = rules.price(iter(blocks), nido_child=True, card_blocks_left=0, nursery_open_that_day=True)
    assert (charge.blocks, charge.amount_cents) == (5, 525)  # a generator is read once


def test_prices_follow_the_settings():
    dearer = rules.Settings(single_hour_cents=400, nido_free_hours=(time(16, 30), time(17, 0)))
    charge = rules.price([time(16, 30), time(17, 0)], nido_child=True, card_blocks_left=0,
                         nursery_open_that_day=True, settings=dearer)
    assert charge == rules.Charge(1, 0, 1, 200)


def test_a_card_sale_is_whole_half_hours_and_the_refusal_names_both_bounds():
    sale = rules.card_sale(80)
    assert type(sale.blocks) is int and type(sale.price_cents) is int
    with pytest.raises(RuleViolation) as refused:
        rules.card_sale(79)
    assert message(refused) == "A card has from 80 to 500 hours."
    bigger = rules.Settings(card_hours=100, card_max_hours=200, card_hour_cents=200)
    assert rules.card_sale(200, bigger) == rules.CardSale(200, 400, 40_000)
    with pytest.raises(RuleViolation):
        rules.card_sale(99, bigger)


def test_the_half_hours_a_child_was_present_in_at_the_edges():
    starts = rules.opening_blocks(date(2026, 11, 24))
    # arrived exactly at 17:00 and left at 17:30: only the 17:00 half hour
    assert rules.attended_blocks(starts, time(17, 0), time(17, 30)) == {time(17, 0)}
    assert rules.attended_blocks(starts, time(16, 59), time(17, 30)) == {time(16, 30), time(17, 0)}
    assert rules.attended_blocks(starts, time(19, 0), time(19, 30)) == set()
    assert rules.charged_blocks(set(), {time(18, 0)}) == {time(18, 0)}


def test_the_report_deadline_skips_the_citys_patron_day():
    # November 2026 ends on Monday 30. Working days of December in Milano: 1 2 3 4, (7 Sant'Ambrogio, 8 Immacolata),
    # 9 10 11 14 15 16: the 10th is Wednesday 16; three working days before it, Friday 11.
    milano = rules.report_deadline(date(2026, 11, 1), MILANO)
    assert milano == rules.Deadline("monthly_report", date(2026, 11, 1), date(2026, 12, 16), date(2026, 12, 11))
    # in Torino 7 December is a working day: due Tuesday 15, reminded from Thursday 10
    torino = rules.report_deadline(date(2026, 11, 1))
    assert (torino.due_on, torino.remind_from) == (date(2026, 12, 15), date(2026, 12, 10))
    # the reminder is counted back over the patron day too: 5 working days in Milano, due Wednesday 9 December
    # (1 2 3 4 9); three working days before it, back over 8 and 7: 4 3 2, so from Wednesday 2
    short = rules.report_deadline(date(2026, 11, 1), rules.Settings(patron_day="12-07", report_working_days=5))
    assert (short.due_on, short.remind_from) == (date(2026, 12, 9), date(2026, 12, 2))


def test_the_report_of_a_short_month_and_of_a_month_ending_on_a_working_day():
    # February 2027 ends on Sunday 28: 1-5 and 8-12 March, due Friday 12, reminded from Tuesday 9
    assert rules.report_deadline(date(2027, 2, 1)) == rules.Deadline(
        "monthly_report", date(2027, 2, 1), date(2027, 3, 12), date(2027, 3, 9))
    # September 2026 ends on Wednesday 30: 1 2 5 6 7 8 9 12 13 14 October (4 October falls on a Sunday)
    september = rules.report_deadline(date(2026, 9, 1))
    assert (september.due_on, september.remind_from) == (date(2026, 10, 14), date(2026, 10, 9))
    assert rules.report_deadline(date(2026, 9, 1), rules.Settings(report_reminder_working_days=1)).remind_from == (
        date(2026, 10, 13))


def test_the_summer_deadline_is_a_whole_record():
    assert rules.summer_deadline(2027) == rules.Deadline(
        "summer_calendar", date(2027, 7, 1), date(2027, 5, 31), date(2027, 5, 17))
    assert rules.summer_deadline(2028, rules.Settings(summer_calendar_by="04-30", summer_reminder_days=7)) == (
        rules.Deadline("summer_calendar", date(2028, 7, 1), date(2028, 4, 30), date(2028, 4, 23)))


def test_the_overdue_reminder_still_goes_when_the_first_was_sent_on_the_due_day():
    deadline = rules.report_deadline(date(2026, 10, 1))  # remind from 10 Nov, due 13 Nov
    assert not rules.reminder_due(deadline, date(2026, 11, 13), date(2026, 11, 13))
    assert rules.reminder_due(deadline, date(2026, 11, 14), date(2026, 11, 13))  # overdue: once more
    assert not rules.reminder_due(deadline, date(2026, 11, 15), date(2026, 11, 14))  # and only once
    assert not rules.reminder_due(deadline, date(2026, 11, 11), date(2026, 11, 10))


def test_the_roster_and_the_opening_days_follow_the_settings():
    six_each = rules.Settings(children_per_educator=6)
    rules.check_roster(educators=2, booked=12, settings=six_each)  # 5 per educator would need 3
    with pytest.raises(RuleViolation) as refused:
        rules.check_roster(educators=2, booked=13, settings=six_each)
    assert message(refused) == "13 children are booked: at least 3 educators must be on duty."
    earlier = rules.Settings(opens_days_before={"staff": 14, "student": 10, "grandparent": 7, "other": 5})
    block = date(2026, 12, 15)
    rules.check_can_book(block, "other", datetime(2026, 12, 10, 0, 0), earlier)  # 5 days before
    with pytest.raises(RuleViolation) as early:
        rules.check_can_book(block, "other", datetime(2026, 12, 9, 23, 59), earlier)
    assert message(early) == "For your family, bookings for 15/12/2026 open on 10/12/2026."


# -- My calendar: a family's half hours joined into stays ---------------------------------------------------

STAY_DAY, STAY_NEXT = date(2030, 1, 15), date(2030, 1, 16)


# -- bookings as the family sees them: one card per booking made (issue 16) ---------------------------------


def half(booking_id, group, start, charge="single", cents=175, child=1, day=STAY_DAY):
    return rules.HalfHour(booking_id, group, child, day, start, charge, cents)


def test_the_half_hours_booked_together_are_one_booking_with_its_price():
    # 17:00-18:30 booked in one go (group 11): three half hours at 1.75 = 5.25; in any order.
    stays = rules.group_bookings([half(13, 11, time(18)), half(11, 11, time(17)), half(12, 11, time(17, 30))])
    assert len(stays) == 1
    (stay,) = stays
    assert (stay.starts_at, stay.ends_at, stay.key, stay.amount_cents) == (time(17), time(18, 30), 11, 525)
    assert (stay.paid_blocks, stay.card_blocks, stay.free_blocks) == (3, 0, 0)


def test_two_bookings_made_apart_stay_two_even_when_they_touch():
    # 17:00-17:30 booked first (group 1), 17:30-18:30 later (group 5): two cards, each cancelled on its own.
    stays = rules.group_bookings([half(1, 1, time(17)), half(5, 5, time(17, 30)), half(6, 5, time(18))])
    assert [(s.starts_at, s.ends_at, s.key) for s in stays] == [(time(17), time(17, 30), 1),
                                                               (time(17, 30), time(18, 30), 5)]


def test_a_booking_with_a_half_hour_cancelled_in_the_middle_shows_as_two():
    stays = rules.group_bookings([half(1, 1, time(17)), half(3, 1, time(18))])
    assert [(s.starts_at, s.ends_at, s.key) for s in stays] == [(time(17), time(17, 30), 1), (time(18), time(18, 30), 3)]


def test_two_children_booked_together_are_two_bookings_sorted_by_day_time_child():
    stays = rules.group_bookings([half(4, 4, time(17), child=2), half(1, 1, time(17), child=1),
                                  half(9, 9, time(16, 30), day=STAY_NEXT)])
    assert [(s.day, s.child_id, s.key) for s in stays] == [(STAY_DAY, 1, 1), (STAY_DAY, 2, 4), (STAY_NEXT, 1, 9)]


def test_a_mixed_booking_adds_only_single_half_hours_to_its_price():
    # Micro nido child 16:30-18:30: 16:30 and 17:00 free, 17:30 from the card, 18:00 single (1.75).
    stay, = rules.group_bookings([half(1, 1, time(16, 30), "free", 0), half(2, 1, time(17), "free", 0),
                                  half(3, 1, time(17, 30), "card", 0), half(4, 1, time(18), "single", 175)])
    assert (stay.free_blocks, stay.card_blocks, stay.paid_blocks, stay.amount_cents) == (2, 1, 1, 175)


def test_cancelling_in_time_costs_nothing_and_late_keeps_what_was_charged():
    stay, = rules.group_bookings([half(1, 1, time(17, 30), "card", 0), half(2, 1, time(18), "single", 175),
                                  half(3, 1, time(18, 30), "single", 175)])
    assert rules.cancellation_cost(stay, in_time=True) == rules.CancelCost(True, 0, 0)
    late = rules.cancellation_cost(stay, in_time=False)
    assert late == rules.CancelCost(False, 1, 350) and not late.free  # one card half hour, 2 x 1.75 = 3.50
    free_only, = rules.group_bookings([half(1, 1, time(16, 30), "free", 0)])
    assert rules.cancellation_cost(free_only, in_time=False).free


def test_lengths_from_a_start_run_to_closing_and_stop_at_a_full_half_hour():
    opening = rules.blocks_between(time(16, 30), time(19))  # 16:30 ... 18:30
    lengths = rules.lengths_from(opening, time(17), taken={time(18)})
    assert [(length.blocks, length.ends_at, length.bookable, length.minutes) for length in lengths] == [
        (1, time(17, 30), True, 30), (2, time(18), True, 60), (3, time(18, 30), False, 90), (4, time(19), False, 120)]
    assert rules.lengths_from(opening, time(18, 30)) == [rules.Duration(1, time(19), True)]
    assert rules.lengths_from(opening, time(9)) == []  # not an opening time


def test_lengths_end_at_a_gap_in_the_opening_hours():
    opening = [time(8), time(8, 30), time(10)]
    assert [length.blocks for length in rules.lengths_from(opening, time(8))] == [1, 2]


def test_a_full_start_time_allows_no_length():
    opening = rules.blocks_between(time(16, 30), time(19))
    assert not any(length.bookable for length in rules.lengths_from(opening, time(16, 30), taken={time(16, 30)}))


def test_why_the_nursery_is_closed_names_each_reason():
    from portal.childcare.rules import Nursery

    assert rules.nursery_closed_reason(date(2026, 11, 28)) == "weekend"  # a Saturday
    assert rules.nursery_closed_reason(date(2026, 8, 3)) == "august"  # a Monday
    assert rules.nursery_closed_reason(date(2027, 7, 5)) == "july"
    assert rules.nursery_closed_reason(date(2027, 7, 5), nursery=Nursery(july_years=frozenset({2027}))) is None
    assert rules.nursery_closed_reason(date(2026, 12, 8)) == "holiday"  # Immacolata, a Tuesday
    assert rules.nursery_closed_reason(date(2026, 12, 9), closures={date(2026, 12, 9)}) == "university"
    assert rules.nursery_closed_reason(date(2026, 12, 9), nursery=Nursery(closed_days=frozenset({date(2026, 12, 9)}))) \
        == "nursery"
    assert rules.nursery_closed_reason(date(2026, 12, 9)) is None
