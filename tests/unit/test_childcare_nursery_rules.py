"""Policino micro nido rules (tender 27.1, 27.2, 27.6; DOMAIN.md section 3): fees computed by hand."""

from datetime import date

import pytest

from portal.childcare import rules
from portal.core.rules import RuleViolation

pytestmark = pytest.mark.pure

FEES = rules.TENDER_FEES
N = rules.NURSERY_DEFAULTS


def child(child_id, category="a", attendance="full_time", isee=None, name="x"):
    return rules.FeeChild(child_id, name, category, attendance, isee)


# -- fees -----------------------------------------------------------------------------------------------

def test_a_second_child_on_3_days_with_isee_40000_pays_230_less_20_percent():
    # first child full time, ISEE 40,000 -> higher band: 290.00 in full; second child 3 days, higher band:
    # 230.00 - 20 % (46.00) = 184.00
    first, second = rules.family_fees([child(1, "b", "full_time", 4_000_000), child(2, "b", "vertical_3", 4_000_000)],
                                      FEES)
    assert (first.base_cents, first.discount_cents, first.amount_cents, first.pays_full) == (29_000, 0, 29_000, True)
    assert (second.band, second.base_cents, second.discount_cents, second.amount_cents) == ("high", 23_000, 4_600,
                                                                                             18_400)
    assert [(line.kind, line.cents) for line in second.lines] == [("base", 23_000), ("sibling_discount", -4_600)]
    assert [(line.kind, line.cents) for line in first.lines] == [("base", 29_000)]


def test_category_f_full_time_second_child_pays_750_less_20_percent_whatever_the_isee():
    # Tabella 2, single band: 750.00; the second child attending at the same time 750.00 - 150.00 = 600.00
    first, second = rules.family_fees([child(1, "f", "full_time", 1_000_000), child(2, "f", "full_time", None)], FEES)
    assert first.band == second.band == "single"
    assert (first.amount_cents, second.amount_cents, second.discount_cents) == (75_000, 60_000, 15_000)
    assert first.pays_full and not second.pays_full


def test_no_isee_declared_pays_the_higher_band():
    (fee,) = rules.family_fees([child(1, "e", "morning", None)], FEES)
    assert (fee.band, fee.amount_cents, fee.discount_cents) == ("high", 21_500, 0)


def test_isee_of_exactly_32000_is_the_lower_band_and_one_cent_more_the_higher():
    assert rules.isee_band("a", 3_200_000) == "low"
    assert rules.isee_band("a", 3_200_001) == "high"
    assert rules.isee_band("a", 0) == "low"
    assert rules.isee_band("f", 0) == "single"
    assert rules.isee_band("c", None) == "high"


def test_the_most_expensive_child_pays_in_full_even_when_listed_second():
    # 2 days, low band 140.00; full time, low band 235.00: the full time pays in full, the 2 days 112.00
    cheap, dear = rules.family_fees([child(1, "a", "vertical_2", 2_000_000), child(2, "a", "full_time", 2_000_000)],
                                    FEES)
    assert (dear.amount_cents, dear.pays_full) == (23_500, True)
    assert (cheap.amount_cents, cheap.discount_cents) == (11_200, 2_800)


def test_third_child_also_has_20_percent_off_and_the_discount_rounds_half_up():
    fees = dict(FEES)
    fees[("ae", "vertical_2", "low")] = 14_003  # 20 % = 2,800.6 -> 2,801 cents
    fees[("ae", "vertical_2", "high")] = 14_002  # 20 % = 2,800.4 -> 2,800 cents
    result = rules.family_fees([child(1, "a", "full_time", 1), child(2, "a", "vertical_2", 1),
                                child(3, "a", "vertical_2", None)], fees)
    assert [fee.discount_cents for fee in result] == [0, 2_801, 2_800]
    assert rules.sibling_discount(14_002) == 2_800 and rules.sibling_discount(14_003) == 2_801
    assert rules.sibling_discount(2) == 0 and rules.sibling_discount(3) == 1


def test_two_children_with_the_same_fee_only_the_first_pays_in_full():
    a, b = rules.family_fees([child(7, "a", "morning", 1), child(3, "a", "morning", 1)], FEES)
    assert (a.amount_cents, b.amount_cents) == (18_000, 14_400)


def test_one_child_pays_in_full_and_no_children_no_fees():
    assert rules.family_fees([child(1, "d", "vertical_3", 3_199_999)], FEES)[0].amount_cents == 19_500
    assert rules.family_fees([], FEES) == []


def test_the_fee_table_has_every_cell_of_the_tender():
    assert sorted(rules.fee_keys()) == sorted(FEES)
    assert len(rules.fee_keys()) == 12
    rules.check_fee_table(FEES)


@pytest.mark.parametrize("cents", [None, 0, -1, rules.FEE_MAX_CENTS + 1])
def test_a_fee_table_with_a_missing_zero_or_huge_cell_is_refused(cents):
    fees = dict(FEES)
    fees[("f", "morning", "single")] = cents
    with pytest.raises(RuleViolation) as caught:
        rules.check_fee_table(fees)
    assert caught.value.field == "f_morning_single"


def test_the_largest_fee_is_allowed():
    fees = dict(FEES)
    fees[("f", "full_time", "single")] = rules.FEE_MAX_CENTS
    rules.check_fee_table(fees)


def test_the_higher_band_may_not_cost_less_than_the_lower():
    fees = dict(FEES)
    fees[("ae", "morning", "high")] = 17_999
    with pytest.raises(RuleViolation) as caught:
        rules.check_fee_table(fees)
    assert caught.value.field == "ae_morning_high"
    fees[("ae", "morning", "high")] = 18_000
    rules.check_fee_table(fees)


def test_the_fee_is_due_by_the_5th_and_late_after_it_unless_paid():
    assert rules.fee_due_on(date(2026, 10, 1)) == date(2026, 10, 5)
    assert not rules.fee_overdue(date(2026, 10, 5), date(2026, 10, 5), paid=False)
    assert rules.fee_overdue(date(2026, 10, 5), date(2026, 10, 6), paid=False)
    assert not rules.fee_overdue(date(2026, 10, 5), date(2026, 10, 6), paid=True)


def test_a_category_change_applies_from_the_next_year():
    declared = [(date(2025, 6, 1), "e"), (date(2026, 1, 15), "c")]
    assert rules.category_for_year(2025, declared) == "e"  # the change in January 2026 waits
    assert rules.category_for_year(2026, declared) == "c"
    assert rules.category_for_year(2026, [(date(2026, 9, 1), "a")]) is None  # declared on the first day: next year
    assert rules.category_for_year(2026, [(date(2026, 8, 31), "a")]) == "a"


# -- year, places, enrolment ------------------------------------------------------------------------------

def test_the_nursery_year_starts_on_1_september_and_july_is_a_switch():
    assert rules.nursery_year_of(date(2026, 9, 1)) == 2026
    assert rules.nursery_year_of(date(2026, 8, 31)) == 2025
    assert rules.nursery_year_of(date(2027, 1, 10)) == 2026
    months = rules.nursery_months(2026, july_open=False)
    assert months[0] == date(2026, 9, 1) and months[-1] == date(2027, 6, 1) and len(months) == 10
    assert rules.nursery_months(2026, july_open=True)[-1] == date(2027, 7, 1)
    assert len(rules.nursery_months(2026, july_open=True)) == 11


def test_ages_12_months_on_the_first_day_and_not_3_when_the_year_starts():
    rules.check_nursery_enrolment("a", False, date(2025, 9, 1), 2026, date(2026, 9, 1))  # exactly 12 months
    with pytest.raises(RuleViolation):
        rules.check_nursery_enrolment("a", False, date(2025, 9, 2), 2026, date(2026, 9, 1))  # a day short
    rules.check_nursery_enrolment("a", False, date(2023, 9, 2), 2026, date(2026, 9, 1))  # 3 on 2 Sep: stays
    with pytest.raises(RuleViolation):
        rules.check_nursery_enrolment("a", False, date(2023, 9, 1), 2026, date(2026, 9, 1))  # 3 on the first day


def test_only_the_staffs_grandchildren_may_enrol_and_categories_are_a_to_f():
    rules.check_nursery_enrolment("a", True, date(2025, 1, 1), 2026, date(2026, 9, 1))
    rules.check_nursery_enrolment("b", True, date(2025, 1, 1), 2026, date(2026, 9, 1))
    for category in ("c", "e", "f"):
        with pytest.raises(RuleViolation) as caught:
            rules.check_nursery_enrolment(category, True, date(2025, 1, 1), 2026, date(2026, 9, 1))
        assert caught.value.field == "grandchild"
    with pytest.raises(RuleViolation):
        rules.check_nursery_enrolment("g", False, date(2025, 1, 1), 2026, date(2026, 9, 1))


def test_vertical_part_time_has_exactly_its_fixed_days():
    assert rules.parse_days("vertical_3", "fri-mon-wed") == ("mon", "wed", "fri")
    assert rules.parse_days("vertical_2", "tue-thu") == ("tue", "thu")
    assert rules.parse_days("full_time", "") == ()
    for attendance, text in [("vertical_2", "mon"), ("vertical_2", "mon-mon"), ("vertical_3", "mon-tue"),
                             ("vertical_2", "mon-sat"), ("full_time", "mon")]:
        with pytest.raises(RuleViolation):
            rules.parse_days(attendance, text)


def test_the_attendance_type_changes_once_and_only_to_more_days():
    rules.check_attendance_change("vertical_2", "vertical_3", changed_this_year=False)
    rules.check_attendance_change("vertical_3", "morning", changed_this_year=False)
    rules.check_attendance_change("morning", "full_time", changed_this_year=False)
    for current, new in [("vertical_3", "vertical_2"), ("full_time", "morning"), ("morning", "morning")]:
        with pytest.raises(RuleViolation):
            rules.check_attendance_change(current, new, changed_this_year=False)
    with pytest.raises(RuleViolation):
        rules.check_attendance_change("vertical_2", "full_time", changed_this_year=True)
    with pytest.raises(RuleViolation):
        rules.check_attendance_change("vertical_2", "weekends", changed_this_year=False)


def test_4_places_wait_for_part_time_while_part_time_applicants_wait():
    assert rules.full_time_places(N, part_time_taken=0, part_time_waiting=10) == 16
    assert rules.full_time_places(N, part_time_taken=3, part_time_waiting=10) == 16
    assert rules.full_time_places(N, part_time_taken=0, part_time_waiting=2) == 18
    assert rules.full_time_places(N, part_time_taken=0, part_time_waiting=0) == 20  # unused: to full time
    assert rules.full_time_places(N, part_time_taken=6, part_time_waiting=5) == 14


def test_offers_go_in_ranking_order_and_keep_places_for_part_time():
    ranking = [(i, "full_time") for i in range(1, 19)] + [(19, "vertical_3"), (20, "morning"), (21, "vertical_2")]
    offers = rules.next_offers(ranking, N, held_full_time=0, held_part_time=0)
    # 3 part-time applicants: 17 full time (1-17) then the 3 part time; 18 waits
    assert offers == list(range(1, 18)) + [19, 20, 21]
    assert len(offers) == N.places


def test_offers_fill_only_the_free_places_and_pass_unused_part_time_places_to_full_time():
    ranking = [(i, "full_time") for i in range(1, 10)]
    assert rules.next_offers(ranking, N, held_full_time=15, held_part_time=0) == [1, 2, 3, 4, 5]
    assert rules.next_offers(ranking, N, held_full_time=16, held_part_time=4) == []
    assert rules.next_offers([(1, "morning"), (2, "full_time")], N, held_full_time=19, held_part_time=0) == [1]
    assert rules.next_offers([(2, "full_time"), (1, "morning")], N, held_full_time=16, held_part_time=3) == [1]


def test_an_offer_expires_after_the_days_set():
    assert rules.offer_expires_on(date(2026, 8, 25)) == date(2026, 9, 1)
    assert rules.offer_expires_on(date(2026, 8, 25), rules.NurseryRules(offer_days=3)) == date(2026, 8, 28)


def test_each_fee_names_its_child_category_and_attendance():
    (fee,) = rules.family_fees([child(42, "c", "vertical_2", 1_000_000, name="Ada")], FEES)
    assert (fee.child_id, fee.name, fee.category, fee.attendance, fee.band) == (42, "Ada", "c", "vertical_2", "low")


def test_a_fee_of_one_cent_is_allowed():
    fees = dict(FEES)
    fees[("ae", "vertical_2", "low")] = 1
    rules.check_fee_table(fees)


def test_refusals_name_their_field():
    cases = [
        (lambda: rules.check_attendance_change("full_time", "weekends", False), "attendance"),
        (lambda: rules.check_attendance_change("vertical_2", "full_time", True), "attendance"),
        (lambda: rules.check_attendance_change("full_time", "morning", False), "attendance"),
        (lambda: rules.check_nursery_enrolment("z", False, date(2025, 1, 1), 2026, date(2026, 9, 1)), "category"),
        (lambda: rules.check_nursery_enrolment("a", False, date(2026, 1, 1), 2026, date(2026, 9, 1)), "birth_date"),
        (lambda: rules.check_nursery_enrolment("a", False, date(2022, 1, 1), 2026, date(2026, 9, 1)), "birth_date"),
        (lambda: rules.parse_days("full_time", "mon"), "days"),
        (lambda: rules.parse_days("vertical_2", "mon"), "days"),
    ]
    for call, field in cases:
        with pytest.raises(RuleViolation) as caught:
            call()
        assert caught.value.field == field


def test_fixed_days_may_be_typed_with_spaces():
    assert rules.parse_days("vertical_2", " Mon - wed ") == ("mon", "wed")


def test_offers_stop_when_taken_and_offered_places_fill_the_nursery():
    assert rules.next_offers([(1, "morning")], N, held_full_time=10, held_part_time=10) == []
    assert rules.next_offers([(1, "morning")], N, held_full_time=10, held_part_time=9) == [1]


def test_each_part_time_offer_counts_and_only_later_part_time_applicants_keep_places():
    waiting = [(1, "morning"), (2, "morning"), (3, "full_time"), (4, "full_time")]
    # 14 + 3 held: two part time make 19; full time may take 20 - 5 = 15: one more full time, then full
    assert rules.next_offers(waiting, N, held_full_time=14, held_part_time=3) == [1, 2, 3]
    # a part-time applicant already offered no longer keeps a place for part time
    assert rules.next_offers([(1, "morning"), (2, "full_time")], N, held_full_time=18, held_part_time=0) == [1, 2]


def test_each_months_meals_go_on_the_next_months_fee_and_the_last_months_on_none():
    # 2026/27 with July: Sep 2026 … Jul 2027. The fee of October carries September's meals, of July June's.
    assert rules.meals_on_fee(date(2026, 10, 1), 2026, True) == date(2026, 9, 1)
    assert rules.meals_on_fee(date(2027, 1, 1), 2026, True) == date(2026, 12, 1)
    assert rules.meals_on_fee(date(2027, 7, 1), 2026, True) == date(2027, 6, 1)
    assert rules.meals_on_fee(date(2026, 9, 1), 2026, True) is None  # August: no nursery, no meals
    assert rules.meals_on_fee(date(2027, 8, 1), 2026, True) is None  # no August fee
    assert rules.meals_on_fee(date(2027, 7, 1), 2026, False) is None  # no July fee without July
    assert rules.fee_for_meals(date(2026, 9, 1), 2026, True) == date(2026, 10, 1)
    assert rules.fee_for_meals(date(2027, 6, 1), 2026, True) == date(2027, 7, 1)
    assert rules.fee_for_meals(date(2027, 6, 1), 2026, False) is None  # June is the last month
    assert rules.fee_for_meals(date(2027, 7, 1), 2026, True) is None  # July is the last month
    assert rules.fee_for_meals(date(2027, 5, 1), 2026, False) == date(2027, 6, 1)
    assert rules.fee_for_meals(date(2027, 8, 1), 2026, True) is None
    assert rules.fee_for_meals(date(2026, 8, 1), 2026, True) is None


def test_the_link_with_the_university_ends_after_its_last_day():
    assert not rules.affiliation_ended(None, date(2027, 6, 30))  # no end known: a permanent post
    assert not rules.affiliation_ended(date(2026, 12, 31), date(2026, 12, 31))  # the last day still counts
    assert rules.affiliation_ended(date(2026, 12, 31), date(2027, 1, 1))
    assert rules.first_nursery_day(2026, date(2026, 5, 10)) == date(2026, 9, 1)  # accepted in the spring
    assert rules.first_nursery_day(2026, date(2026, 11, 30)) == date(2026, 11, 30)  # accepted while it runs
