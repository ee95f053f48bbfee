"""The tutoring contract's rules (tender par. 6, 12 g, 20) with figures computed by hand."""

from datetime import date

import pytest

from portal.tutoring import rules

pytestmark = pytest.mark.pure


def test_the_tenders_figures():
    assert rules.CONTRACT_BUDGET_CENTS == 7_500_000  # 75,000.00 euro, par. 6
    assert rules.NOT_DELIVERED_PENALTY_CENTS == 10_000  # 100 euro per service not delivered, par. 20
    assert rules.PENALTY_THRESHOLD_PERCENT == 10  # par. 12 g


def test_the_money_runs_out_at_the_pace_so_far():
    # 5,000 euro spent in January 2026 (31 days, both ends counted): 70,000 left last 70,000 * 31 / 5,000 = 434
    # days after 31 January 2026: 31 January 2027 (+365), 28 February (+28), 31 March (+31), 10 April (+10).
    assert rules.runs_out(7_500_000, 500_000, date(2026, 1, 1), date(2026, 1, 31)) == date(2027, 4, 1)


def test_the_pace_counts_both_ends_and_rounds_the_days_up():
    # 30.00 spent from 1 to 30 November (30 days: 1.00 a day); 31.50 left last 31.5 days, so 32 days after 30
    # November: 1 January 2027. (Counting 29 days, 30.45 → 31 days → 31 December; rounding down, 31 → December.)
    assert rules.runs_out(6_150, 3_000, date(2026, 11, 1), date(2026, 11, 30)) == date(2027, 1, 1)
    # one day's pace: 3.00 spent, 7.00 left last 2.33 days → 3 days after 28 November: 1 December
    assert rules.runs_out(1_000, 300, date(2026, 11, 28), date(2026, 11, 28)) == date(2026, 12, 1)
    # a start after today counts as one day
    assert rules.runs_out(1_000, 300, date(2026, 12, 5), date(2026, 11, 28)) == date(2026, 12, 1)


def test_nothing_spent_has_no_pace_and_everything_spent_is_this_month():
    assert rules.runs_out(7_500_000, 0, date(2026, 1, 1), date(2026, 3, 15)) is None
    assert rules.runs_out(7_500_000, 7_500_000, date(2026, 1, 1), date(2026, 3, 15)) == date(2026, 3, 1)
    assert rules.runs_out(7_500_000, 7_600_000, date(2026, 1, 1), date(2026, 3, 15)) == date(2026, 3, 1)
    # one cent short of the budget: the last cent lasts less than a day → the next day, still March
    assert rules.runs_out(7_500_000, 7_499_999, date(2026, 1, 1), date(2026, 3, 15)) == date(2026, 3, 1)


def test_a_pace_too_slow_to_end_stops_at_the_calendars_last_day():
    assert rules.runs_out(10**12, 1, date(2026, 1, 1), date(2026, 1, 1)) == date(2099, 12, 1)


def test_penalties_and_the_ten_percent_threshold():
    # 3 services not delivered (300 euro) and 2 reports after the third (200 euro) against 75,000 euro: 500 euro of
    # a 7,500 euro threshold, 6 % of it (6.67, down)
    penalties = rules.Penalties(not_delivered=3, complaint_cents=20_000, budget_cents=7_500_000)
    assert penalties.not_delivered_cents == 30_000
    assert penalties.total_cents == 50_000
    assert penalties.threshold_cents == 750_000
    assert penalties.share == 6
    assert not penalties.reached


def test_the_threshold_is_reached_at_ten_percent_exactly():
    assert not rules.Penalties(74, 0, 7_500_000).reached  # 7,400 euro
    assert rules.Penalties(75, 0, 7_500_000).reached  # 7,500 euro
    assert rules.Penalties(70, 50_000, 7_500_000).reached  # 7,000 + 500
    assert rules.Penalties(80, 0, 7_500_000).share == 100  # 8,000 of 7,500: the bar stops full
    assert rules.Penalties(0, 0, 12_345).threshold_cents == 1_234  # 10 % of 123.45 euro, down to the cent


def test_a_share_for_a_bar():
    assert rules.share_percent(2_500, 10_000) == 25
    assert rules.share_percent(2_599, 10_000) == 25  # down
    assert rules.share_percent(12_000, 10_000) == 100
    assert rules.share_percent(-5, 10_000) == 0
    assert rules.share_percent(5, 0) == 100


def test_the_pace_counts_exactly_one_more_day_than_the_difference():
    # 30.00 spent from 1 to 30 November (30 days): 31.00 left lasts 31 days → 31 December. Counting 31 days it
    # would last 32.03 → 33 days → 2 January.
    assert rules.runs_out(6_100, 3_000, date(2026, 11, 1), date(2026, 11, 30)) == date(2026, 12, 1)
    # spent today only (one day): 5.00 a day, 5.00 left lasts one day → 30 November (two days would be December)
    assert rules.runs_out(1_000, 500, date(2026, 11, 29), date(2026, 11, 29)) == date(2026, 11, 1)


def test_a_share_of_a_one_cent_whole():
    assert rules.share_percent(0, 1) == 0
    assert rules.share_percent(1, 1) == 100
