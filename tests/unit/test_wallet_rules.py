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


# -- art. 12 TUIR self-certification and the beneficiaries of each tax rule ---------------------------------------


@pytest.mark.parametrize("relationship,birth,income,ok", [
    ("spouse", date(1980, 5, 5), 284_051, True),  # exactly EUR 2,840.51
    ("spouse", date(1980, 5, 5), 284_052, False),  # one cent over
    ("child", date(2001, 12, 31), 400_000, True),  # turns 24 on 31 Dec 2025: EUR 4,000
    ("child", date(2001, 12, 31), 400_001, False),
    ("child", date(2000, 12, 31), 400_000, False),  # turns 25 on 31 Dec 2025: back to EUR 2,840.51
    ("child", date(2000, 12, 31), 284_051, True),
    ("child", date(2001, 1, 1), 400_000, True),  # 24 all through 2025
])
def test_art_12_income_limits_at_31_december(relationship, birth, income, ok):
    check = lambda: rules.check_dependency_declaration(relationship, True, True, False, income, birth, 2025)  # noqa: E731
    if ok:
        check()
    else:
        with pytest.raises(RuleViolation) as refused:
            check()
        assert refused.value.field == "yearly_income"


def test_the_child_limit_follows_the_age_at_31_december():
    assert rules.dependent_income_limit_cents("child", date(2001, 12, 31), 2025) == 400_000
    assert rules.dependent_income_limit_cents("child", date(2000, 12, 31), 2025) == 284_051
    assert rules.dependent_income_limit_cents("parent", date(1950, 1, 1), 2025) == 284_051


def test_a_dependent_needs_a_declared_income_and_from_2025_other_relatives_live_with_the_employee():
    with pytest.raises(RuleViolation):
        rules.check_dependency_declaration("child", True, False, False, None, date(2015, 1, 1), 2025)
    rules.check_dependency_declaration("child", False, False, False, None, date(2015, 1, 1), 2025)
    with pytest.raises(RuleViolation) as refused:
        rules.check_dependency_declaration("parent", True, False, False, 0, date(1950, 1, 1), 2025)
    assert refused.value.field == "fiscally_dependent"
    rules.check_dependency_declaration("parent", True, False, True, 0, date(1950, 1, 1), 2025)  # maintenance
    rules.check_dependency_declaration("parent", True, True, False, 0, date(1950, 1, 1), 2025)  # lives with
    rules.check_dependency_declaration("parent", True, False, False, 0, date(1950, 1, 1), 2024)  # before the reform
    rules.check_dependency_declaration("spouse", True, False, False, 0, date(1980, 1, 1), 2025)
    assert rules.is_dependent("child", True, False, False, 0, date(2015, 1, 1), 2025)
    assert not rules.is_dependent("child", True, False, False, None, date(2015, 1, 1), 2025)
    assert not rules.is_dependent("child", False, False, False, 0, date(2015, 1, 1), 2025)


def _member(birth=date(1980, 1, 1), dependent=False, certified=False, relationship="spouse"):
    return rules.Beneficiary(relationship, birth, dependent, certified)


def test_transport_is_for_the_employee_or_a_dependent_family_member():
    day = date(2026, 3, 10)
    rules.check_beneficiary("transport", None, day)
    rules.check_beneficiary("transport", _member(dependent=True), day)
    with pytest.raises(RuleViolation) as refused:
        rules.check_beneficiary("transport", _member(dependent=False), day)
    assert refused.value.field == "beneficiary"


def test_care_is_for_family_members_aged_75_on_the_day_or_certified():
    birth = date(1951, 3, 10)
    rules.check_beneficiary("care", _member(birth), date(2026, 3, 10))  # 75 on the day
    with pytest.raises(RuleViolation):
        rules.check_beneficiary("care", _member(birth), date(2026, 3, 9))  # the day before: 74
    rules.check_beneficiary("care", _member(birth, certified=True), date(2026, 3, 9))
    with pytest.raises(RuleViolation):
        rules.check_beneficiary("care", None, date(2026, 3, 10))  # not the employee


def test_education_is_for_family_members_even_if_not_dependent():
    rules.check_beneficiary("education", _member(dependent=False, relationship="sibling"), date(2026, 3, 10))
    with pytest.raises(RuleViolation):
        rules.check_beneficiary("education", None, date(2026, 3, 10))
    for rule in ("recreation", "fringe", "pension", "health"):
        rules.check_beneficiary(rule, None, date(2026, 3, 10))


def test_age_on_a_birthday_and_on_29_february():
    assert rules.age_on(date(1951, 3, 10), date(2026, 3, 10)) == 75
    assert rules.age_on(date(1951, 3, 10), date(2026, 3, 9)) == 74
    assert rules.age_on(date(1952, 2, 29), date(2027, 2, 28)) == 74
    assert rules.age_on(date(1952, 2, 29), date(2027, 3, 1)) == 75


@pytest.mark.parametrize("year,elsewhere,amount,ok", [
    (2025, 416_457, 100_000, True),  # 4,164.57 + 1,000.00 = 5,164.57: exactly the limit up to 2025
    (2025, 416_457, 100_001, False),
    (2026, 430_000, 100_000, True),  # 5,300 from 2026
    (2026, 430_000, 100_001, False),
    (2026, 600_000, 1, False),  # more than the limit paid elsewhere: no room, never a negative one
])
def test_pension_contributions_paid_elsewhere_reduce_the_room(year, elsewhere, amount, ok):
    room = rules.pension_room_cents(rules.pension_fund_limit_cents(year), elsewhere)
    assert room >= 0
    if ok:
        rules.check_within_limit("pension", 0, amount, room)
    else:
        with pytest.raises(RuleViolation):
            rules.check_within_limit("pension", 0, amount, room)


# -- four-eyes and the operators' deadlines --------------------------------------------------------------------


def test_four_eyes_who_checks_is_not_who_approves():
    assert rules.available_decisions("submitted", 2, 1, None) == ("take", "reject", "ask")
    assert rules.available_decisions("in_review", 2, 1, None) == ("check", "reject", "ask")
    assert rules.available_decisions("in_review", 2, 1, 2) == ("reject", "ask")
    assert rules.available_decisions("in_review", 3, 1, 2) == ("approve", "reject", "ask")
    assert rules.available_decisions("in_review", 1, 1, 2) == ()  # their own request
    with pytest.raises(RuleViolation, match="another operator must approve|un altro operatore"):
        rules.check_decision("in_review", "approve", 2, 1, 2)
    with pytest.raises(RuleViolation):
        rules.check_decision("in_review", "approve", 2, 1, None)
    with pytest.raises(RuleViolation):
        rules.check_decision("approved", "reject", 3, 1, 2)
    rules.check_decision("in_review", "approve", 3, 1, 2)


def test_a_deadline_is_reminded_once_before_and_once_after():
    deadline = rules.payroll_deadline(date(2026, 10, 1))  # remind from 1 Nov, due 2 Nov
    assert not rules.reminder_due(deadline, date(2026, 10, 31), None)
    assert rules.reminder_due(deadline, date(2026, 11, 1), None)
    assert not rules.reminder_due(deadline, date(2026, 11, 2), date(2026, 11, 1))
    assert rules.reminder_due(deadline, date(2026, 11, 3), date(2026, 11, 1))
    assert not rules.reminder_due(deadline, date(2026, 11, 4), date(2026, 11, 3))
