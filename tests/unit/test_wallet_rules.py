from datetime import date
from decimal import Decimal

import pytest

from portal.core.rules import RuleViolation
from portal.wallet import rules


@pytest.mark.parametrize("coefficient,cents", [
    ("1", 180_000), ("0", 0), ("0.5", 90_000), ("0.3333", 59_994), ("0,75", 135_000),
    ("0.00005", None),  # more than 4 decimals: refused
])
def test_allocation_is_amount_times_coefficient(coefficient, cents):
    if cents is None:
        with pytest.raises(RuleViolation):
            rules.parse_coefficient(coefficient)
    else:
        assert rules.allocation_cents(180_000, rules.parse_coefficient(coefficient)) == cents


def test_allocation_rounds_half_up_to_the_cent():
    # 999.99 x 0.5 = 499.995 -> 500.00 and 1,000.01 x 0.5 = 500.005 -> 500.01: half-up, never half-even
    assert rules.allocation_cents(99_999, Decimal("0.5")) == 50_000
    assert rules.allocation_cents(100_001, Decimal("0.5")) == 50_001  # 500.005 -> 500.01
    assert rules.allocation_cents(180_000, Decimal("0.0001")) == 18


@pytest.mark.parametrize("text", ["1.5", "-0.1", "abc", "", "NaN", "Infinity"])
def test_coefficient_must_be_between_0_and_1(text):
    with pytest.raises(RuleViolation):
        rules.parse_coefficient(text)


def test_roster_reduction_never_takes_back_money_already_used():
    # allocated 1,800, spent 1,500: balance 300; the new coefficient means 900.
    assert rules.allocation_adjustment(90_000, 180_000, 30_000) == -30_000
    assert rules.allocation_adjustment(90_000, 180_000, 150_000) == -90_000
    assert rules.allocation_adjustment(180_000, 90_000, 0) == 90_000
    assert rules.allocation_adjustment(90_000, 90_000, 10) == 0


def test_debits_cannot_exceed_the_balance():
    rules.check_debit(1_000, 1_000)
    with pytest.raises(RuleViolation):
        rules.check_debit(1_000, 1_001)
    with pytest.raises(RuleViolation):
        rules.check_debit(1_000, 0)


def test_signs_of_ledger_kinds():
    assert rules.signed_amount("allocation", 5) == 5
    assert rules.signed_amount("release", 5) == 5
    assert rules.signed_amount("purchase", 5) == -5
    assert rules.signed_amount("expiry", 5) == -5
    with pytest.raises(ValueError):
        rules.signed_amount("purchase", -5)
    with pytest.raises(ValueError):
        rules.signed_amount("gift", 5)


def test_summary_of_a_ledger():
    summary = rules.summarise([("allocation", 180_000), ("adjustment_down", -30_000), ("purchase", -20_000),
                               ("reservation", -10_000), ("release", 4_000), ("reimbursement", -6_000)])
    assert summary.allocated == 150_000
    assert summary.spent == 26_000
    assert summary.pending == 6_000  # 10,000 reserved, 4,000 released
    assert summary.balance == 118_000


def test_pension_fund_limit_changes_in_2026():
    assert rules.pension_fund_limit_cents(2025) == 516_457
    assert rules.pension_fund_limit_cents(2026) == 530_000
    assert rules.pension_fund_limit_cents(2027) == 530_000


def test_days_left_count_today_and_stop_at_zero():
    assert rules.days_until(date(2026, 12, 31), date(2026, 12, 31)) == 1
    assert rules.days_until(date(2026, 11, 22), date(2026, 12, 31)) == 40
    assert rules.days_until(date(2027, 1, 1), date(2026, 12, 31)) == 0
