"""The micro nido's day, figures computed by hand from the tender: 27.5 (meals by 9:30), 27.6 (at most EUR 5.80),
29 (1 educator every 5 children), 33 (the ratio verifiable through the day, quarterly report)."""

from datetime import date, datetime, time

import pytest

from portal.childcare import rules
from portal.childcare.rules import Presence
from portal.core.rules import RuleViolation

pytestmark = pytest.mark.pure

MONDAY = date(2026, 11, 30)


def test_a_meal_is_charged_unless_the_absence_came_before_half_past_nine():
    assert rules.meal_charged(None, MONDAY)  # no absence: the meal was eaten (or ordered) and is paid
    assert not rules.meal_charged(datetime(2026, 11, 30, 9, 29, 59), MONDAY)
    assert rules.meal_charged(datetime(2026, 11, 30, 9, 30), MONDAY)  # 9:30 sharp is late: the count has gone
    assert not rules.meal_charged(datetime(2026, 11, 27, 18, 0), MONDAY)  # told on Friday evening
    assert rules.meal_charged(datetime(2026, 11, 30, 9, 0), MONDAY, cutoff=time(9, 0))
    assert rules.meal_cutoff(MONDAY) == datetime(2026, 11, 30, 9, 30)


def test_meals_charged_counts_the_days_the_family_pays():
    days = [(date(2026, 11, 2), None), (date(2026, 11, 3), datetime(2026, 11, 3, 8, 15)),
            (date(2026, 11, 4), datetime(2026, 11, 4, 10, 0)), (date(2026, 11, 5), None)]
    # 2 Nov eaten, 3 Nov told at 8:15 (free), 4 Nov told at 10:00 (paid), 5 Nov eaten: 3 days, 3 x 5.80 = 17.40
    assert rules.meals_charged(days) == 3
    # with a cut-off at 8:00, the 8:15 absence comes too late: all 4 paid
    assert rules.meals_charged(days, cutoff=time(8, 0)) == 4


def test_the_meal_price_is_above_zero_and_at_most_five_euro_eighty():
    assert rules.check_meal_price(580) == 580 and rules.check_meal_price(1) == 1
    for wrong in (0, -1, 581, None):
        with pytest.raises(RuleViolation) as refused:
            rules.check_meal_price(wrong)
        assert refused.value.field == "meal_price"


def test_the_meals_are_frozen_once_sent():
    rules.check_meals_open(None)
    with pytest.raises(RuleViolation) as refused:
        rules.check_meals_open(datetime(2026, 11, 30, 9, 12))
    assert "09:12" in str(refused.value.message)


def test_who_is_expected_on_a_day():
    assert rules.expected_on("full_time", "", MONDAY) and rules.expected_on("morning", "", MONDAY)
    assert not rules.expected_on("full_time", "", date(2026, 11, 29))  # a Sunday
    assert not rules.expected_on("morning", "", date(2026, 11, 28))  # a Saturday
    assert rules.expected_on("morning", "", date(2026, 11, 27))  # a Friday
    assert rules.expected_on("vertical_3", "mon-wed-fri", MONDAY)
    assert not rules.expected_on("vertical_2", "tue-thu", MONDAY)
    assert rules.expected_on("vertical_2", "tue-thu", date(2026, 12, 1))  # Tuesday


def test_slices_of_a_quarter_of_an_hour_between_eight_and_half_past_four():
    starts = rules.slice_starts()
    # 8:00 to 16:30 is 8.5 hours = 34 quarters, the last starting at 16:15
    assert len(starts) == 34 and starts[0] == time(8, 0) and starts[-1] == time(16, 15)
    assert rules.slice_starts(time(8, 0), time(8, 40)) == [time(8, 0), time(8, 15), time(8, 30)]


def test_ratio_slices_by_hand():
    # 6 children: four from 8:00 to 16:30, one from 8:20 to 12:00, one from 9:00 (still there).
    children = [Presence(time(8, 0), time(16, 30))] * 4 + [Presence(time(8, 20), time(12, 0)),
                                                          Presence(time(9, 0))]
    # educators: A 8:00-16:30; B 8:10-12:05 (a substitute after); C 12:05-16:30.
    educators = [Presence(time(8, 0), time(16, 30)), Presence(time(8, 10), time(12, 5)),
                 Presence(time(12, 5), time(16, 30))]
    slices = {piece.starts_at: piece for piece in rules.ratio_slices(children, educators)}
    # 8:00-8:15: the four all-day children (8:20 and 9:00 not yet); on duty all along: A only (B came at 8:10)
    assert (slices[time(8, 0)].children, slices[time(8, 0)].educators, slices[time(8, 0)].breach) == (4, 1, False)
    # 8:15-8:30: the 8:20 child counts (present at some moment): 4 + 1 = 5; A and B (from 8:10) all along: 2
    assert (slices[time(8, 15)].children, slices[time(8, 15)].educators, slices[time(8, 15)].breach) == (5, 2, False)
    # 9:00-9:15: 4 + 1 + the 9:00 child = 6, A and B: 6 <= 10
    assert (slices[time(9, 0)].children, slices[time(9, 0)].educators) == (6, 2)
    # 12:00-12:15: the child leaving at 12:00 does not count (left at the slice's start): 4 + 1 = 5; B leaves at 12:05 and
    # C comes at 12:05, neither is there for all of it: only A -> 5 <= 5, within
    assert (slices[time(12, 0)].children, slices[time(12, 0)].educators) == (5, 1)
    assert not slices[time(12, 0)].breach
    # 11:45-12:00: 4 + the one leaving at 12:00 + the 9:00 one = 6, A and B (B left 12:05, after the slice) -> within
    assert (slices[time(11, 45)].children, slices[time(11, 45)].educators) == (6, 2)
    # 12:15-12:30: 4 + the 9:00 child = 5, A and C -> within
    # Without A, 12:00-12:15 would have 5 children and nobody there all along: a breach.
    assert rules.ratio_slices(children, educators[1:])[16].breach  # slice 16 = 8:00 + 16 x 15 min = 12:00
    assert (slices[time(12, 15)].children, slices[time(12, 15)].educators) == (5, 2)


def test_a_breach_is_more_than_five_children_per_educator():
    six = [Presence(time(8, 0), time(9, 0))] * 6
    one = [Presence(time(8, 0), time(9, 0))]
    slices = rules.ratio_slices(six, one, closes=time(9, 0))
    # 4 slices 8:00-9:00, 6 children and 1 educator each: 6 > 5 x 1
    assert [piece.breach for piece in slices] == [True] * 4 and len(rules.breaches(slices)) == 4
    assert not rules.RatioSlice(time(8, 0), 10, 2).breach and rules.RatioSlice(time(8, 0), 11, 2).breach
    assert rules.RatioSlice(time(8, 0), 1, 0).breach and not rules.RatioSlice(time(8, 0), 0, 0).breach
    assert rules.RatioSlice(time(8, 45), 1, 1).ends_at == time(9, 0)
    assert rules.RatioSlice(time(8, 0), 4, 1, per_educator=3).breach


def test_the_edges_of_a_slice():
    # a child arriving at 8:15 is not in 8:00-8:15; an educator leaving at 8:15 was there for all of it
    slices = rules.ratio_slices([Presence(time(8, 15), time(9, 0))], [Presence(time(8, 0), time(8, 15))],
                                closes=time(8, 30))
    assert [(piece.children, piece.educators) for piece in slices] == [(0, 1), (1, 0)]
    # per_educator reaches the slices: 4 children and 1 educator breach 1:3
    assert rules.ratio_slices([Presence(time(8, 0))] * 4, [Presence(time(8, 0))], closes=time(8, 15),
                              per_educator=3)[0].breach
    assert rules.RatioSlice(time(16, 15), 0, 0).ends_at == time(16, 30)
    assert rules.slice_starts(time(9, 50), time(10, 20)) == [time(9, 50), time(10, 5)]


def test_live_slices_stop_at_now():
    slices = rules.ratio_slices([Presence(time(8, 0))], [Presence(time(8, 0))], until=time(9, 10))
    # 8:00, 8:15, 8:30, 8:45, 9:00 start before 9:10; 9:15 does not
    assert [piece.starts_at for piece in slices][-1] == time(9, 0) and len(slices) == 5
    assert rules.ratio_slices([], [], until=time(9, 0))[-1].starts_at == time(8, 45)


def test_quarter_months():
    assert rules.quarter_months(2026, 4) == [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
    assert rules.quarter_months(2027, 1)[0] == date(2027, 1, 1)
    for wrong in (0, 5):
        with pytest.raises(RuleViolation) as refused:
            rules.quarter_months(2026, wrong)
        assert refused.value.field == "quarter"


def test_a_medical_certificate_is_flagged_before_it_expires():
    today = date(2026, 11, 30)
    assert rules.certificate_status(False, None, today) == "none"
    assert rules.certificate_status(True, None, today) == "missing"
    assert rules.certificate_status(True, date(2026, 11, 29), today) == "expired"
    assert rules.certificate_status(True, date(2026, 11, 30), today) == "expiring"  # valid today, lapses soon
    assert rules.certificate_status(True, date(2026, 12, 30), today) == "expiring"  # 30 days ahead
    assert rules.certificate_status(True, date(2026, 12, 31), today) == "valid"  # 31 days ahead
    assert rules.certificate_status(True, date(2026, 12, 5), today, warn_days=3) == "valid"


def test_a_diet_and_a_medicine_need_their_details():
    rules.check_diet("senza glutine", False, None)
    rules.check_diet("senza glutine", True, date(2027, 1, 1))
    with pytest.raises(RuleViolation) as refused:
        rules.check_diet("senza glutine", True, None)
    assert refused.value.field == "expires_on"
    with pytest.raises(RuleViolation) as refused:
        rules.check_diet("  ", False, None)
    assert refused.value.field == "description"
    rules.check_medicine("paracetamolo", "2,5 ml", "se febbre")
    for args, field in ((("", "1", "x"), "name"), (("a", " ", "x"), "dose"), (("a", "1", ""), "schedule")):
        with pytest.raises(RuleViolation) as refused:
            rules.check_medicine(*args)
        assert refused.value.field == field
