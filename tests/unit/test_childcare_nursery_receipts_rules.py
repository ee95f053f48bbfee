"""The micro nido's receipts, absences and diary: pure rules with figures worked out by hand (issue 17 points 4 and
9; tender 27.5: the meal count reaches the caterer by 9:30; 27.6: EUR 5.80 a day at most, meals not in the fee)."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from portal.childcare import rules
from portal.core.rules import RuleViolation

pytestmark = pytest.mark.pure

DATA = rules.ReceiptData(
    nursery_name="Micro nido Policino", nursery_tax_code="01234560017", payer_name="Anna Bianchi",
    payer_codice_fiscale="BNCNNA85A41L219X", payer_address="Via Roma 1, 10121 Torino", child_name="Leo Bianchi",
    child_codice_fiscale="BNCLEO24E01L219X", month=date(2026, 10, 1), fee_cents=23_500, meals_cents=11_600,
    method="transfer", paid_on=date(2026, 10, 5))


def test_a_complete_receipt_with_a_traceable_payment_passes_and_adds_fee_and_meals():
    rules.check_receipt(DATA)
    # the fee EUR 235.00 + meals 20 days x EUR 5.80 = EUR 116.00 -> EUR 351.00
    assert DATA.total_cents == 35_100
    assert rules.missing_for_receipt(DATA) == []


@pytest.mark.parametrize("method", ["transfer", "cheque", "pos"])
def test_bank_transfer_cheque_and_card_are_traceable(method):
    rules.check_receipt(replace(DATA, method=method))


def test_cash_is_refused_because_inps_needs_a_traceable_payment():
    with pytest.raises(RuleViolation):
        rules.check_receipt(replace(DATA, method="cash"))
    assert "cash" not in rules.TRACEABLE_METHODS


def test_every_missing_fact_is_named_in_the_order_the_family_gives_them():
    empty = replace(DATA, payer_codice_fiscale="", payer_address=" ", child_codice_fiscale="")
    assert rules.missing_for_receipt(empty) == ["payer_codice_fiscale", "payer_address", "child_codice_fiscale"]
    assert rules.missing_for_receipt(replace(DATA, nursery_tax_code="")) == ["nursery_tax_code"]
    assert rules.missing_for_receipt(replace(DATA, payer_name="")) == ["payer_name"]
    with pytest.raises(RuleViolation):
        rules.check_receipt(empty)


def test_amounts_must_make_sense():
    with pytest.raises(RuleViolation):
        rules.check_receipt(replace(DATA, fee_cents=0))
    with pytest.raises(RuleViolation):
        rules.check_receipt(replace(DATA, meals_cents=-1))
    rules.check_receipt(replace(DATA, fee_cents=1, meals_cents=0))


def test_the_meals_are_what_the_payment_holds_beyond_the_fee():
    # paid EUR 351.00 for a fee of EUR 235.00: meals EUR 116.00; a payment of the fee alone: no meals
    assert rules.meals_paid(35_100, 23_500) == 11_600
    assert rules.meals_paid(23_500, 23_500) == 0
    assert rules.meals_paid(23_400, 23_500) == 0


def test_the_desk_may_type_up_to_a_month_of_meals():
    # 23 school days x EUR 5.80 = EUR 133.40
    assert rules.MEALS_MAX_CENTS == 13_340
    assert rules.check_meals(None) == 0
    assert rules.check_meals(0) == 0
    assert rules.check_meals(13_340) == 13_340
    for wrong in (13_341, -1):
        with pytest.raises(RuleViolation) as refused:
            rules.check_meals(wrong)
        assert refused.value.field == "meals"


def test_the_inps_bonus_deadline_is_30_april_of_the_year_after():
    assert rules.bonus_deadline(2026) == date(2027, 4, 30)


def test_a_years_bundle_adds_the_receipts_in_force():
    # three months at EUR 235.00 with meals 116.00, 92.80 and 0: fees 705.00, meals 208.80, total 913.80
    totals = rules.year_totals([(23_500, 11_600), (23_500, 9_280), (23_500, 0)])
    assert (totals.receipts, totals.fee_cents, totals.meals_cents, totals.total_cents) == (3, 70_500, 20_880, 91_380)
    assert rules.year_totals([]) == rules.YearTotals(0, 0, 0)


# -- absences -------------------------------------------------------------------------------------------------------

DAY = date(2026, 12, 2)  # a Wednesday


def test_an_absence_told_before_930_takes_the_meal_off_and_at_930_it_stays():
    assert rules.absence_in_time(DAY, datetime(2026, 12, 2, 9, 29, 59))
    assert rules.absence_in_time(DAY, datetime(2026, 12, 1, 18, 0))
    assert not rules.absence_in_time(DAY, datetime(2026, 12, 2, 9, 30))
    assert not rules.absence_in_time(DAY, datetime(2026, 12, 2, 11, 0))


def test_an_absence_is_for_today_or_up_to_60_days_ahead_on_a_day_the_child_comes():
    now = datetime(2026, 12, 2, 10, 0)
    rules.check_absence(DAY, now, nursery_runs=True, attends=True)  # today, late: accepted (the meal stays)
    rules.check_absence(date(2027, 1, 31), now, True, True)  # 60 days ahead
    for day, runs, attends, field in ((date(2026, 12, 1), True, True, "day"), (date(2027, 2, 1), True, True, "day"),
                                      (DAY, False, True, "day"), (DAY, True, False, "day")):
        with pytest.raises(RuleViolation) as refused:
            rules.check_absence(day, now, runs, attends)
        assert refused.value.field == field


def test_an_absence_may_be_withdrawn_until_the_meals_are_counted():
    assert rules.may_withdraw_absence(DAY, datetime(2026, 12, 2, 9, 29))
    assert not rules.may_withdraw_absence(DAY, datetime(2026, 12, 2, 9, 30))


def test_a_vertical_part_time_comes_on_its_fixed_days_only():
    assert rules.attends_on(DAY, "vertical_3", "mon-wed-fri")
    assert not rules.attends_on(DAY, "vertical_2", "tue-thu")
    assert rules.attends_on(date(2026, 12, 3), "vertical_2", "tue-thu")
    assert rules.attends_on(DAY, "full_time", "") and rules.attends_on(DAY, "morning", "")
    assert not rules.attends_on(date(2026, 12, 5), "full_time", "")  # Saturday
    assert not rules.attends_on(date(2026, 12, 6), "vertical_3", "mon-wed-fri")  # Sunday


# -- the daily diary ------------------------------------------------------------------------------------------------

def test_a_diary_line_says_something_within_its_bounds():
    rules.check_diary("all", None, "")
    rules.check_diary("", 0, "")
    rules.check_diary("", 240, "")
    rules.check_diary("", None, "Ha dipinto")
    rules.check_diary("", None, "x" * 500)
    for lunch, nap, note, field in (("lots", None, "", "lunch"), ("", 241, "", "nap"), ("", -1, "", "nap"),
                                    ("", None, "x" * 501, "note"), ("", None, "", "note")):
        with pytest.raises(RuleViolation) as refused:
            rules.check_diary(lunch, nap, note)
        assert refused.value.field == field


def test_a_vertical_part_time_comes_on_its_fixed_weekdays_only_each_weekday_checked():
    # the week of Monday 30 November 2026: Mon, Tue, Wed, Thu, Fri
    week = [date(2026, 11, 30) + timedelta(days=offset) for offset in range(5)]
    assert [rules.attends_on(day, "vertical_3", "mon-wed-fri") for day in week] == [True, False, True, False, True]
    assert [rules.attends_on(day, "vertical_2", "tue-thu") for day in week] == [False, True, False, True, False]
    assert [rules.attends_on(day, "vertical_2", "mon-fri") for day in week] == [True, False, False, False, True]
    assert [rules.attends_on(day, "morning", "") for day in week] == [True] * 5
