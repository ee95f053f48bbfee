import re
from datetime import date
from decimal import Decimal

import pytest

from portal.core.rules import RuleViolation
from portal.wallet import rules

pytestmark = pytest.mark.pure


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


# -- every rule at its boundary (issue 21: the mutants the suite let through) -----------------------------------


def test_ledger_amounts_are_positive_cents_of_a_known_kind():
    with pytest.raises(ValueError, match="^ledger amounts are given as positive cents$"):
        rules.signed_amount("allocation", 0)  # a zero-cent entry moves nothing: refused
    assert rules.signed_amount("allocation", 1) == 1
    assert rules.signed_amount("adjustment_up", 1) == 1
    for kind in ("adjustment_down", "reservation", "reimbursement"):
        assert rules.signed_amount(kind, 1) == -1
    with pytest.raises(ValueError, match="unknown ledger kind 'gift'"):
        rules.signed_amount("gift", 5)


def test_a_reduction_stops_at_a_balance_of_zero_or_less():
    # 1,800 allocated, nothing left (or overdrawn by 5.00): a new coefficient worth 900 takes nothing back
    assert rules.allocation_adjustment(90_000, 180_000, 0) == 0
    assert rules.allocation_adjustment(90_000, 180_000, -500) == 0
    assert rules.allocation_adjustment(90_000, 180_000, 1) == -1


def test_every_ledger_kind_moves_its_own_total():
    assert rules.bucket_change("allocation", 180_000) == ("allocated", 180_000)
    assert rules.bucket_change("adjustment_down", -30_000) == ("allocated", -30_000)
    assert rules.bucket_change("purchase", -20_000) == ("spent", 20_000)
    assert rules.bucket_change("reservation", -10_000) == ("pending", 10_000)
    assert rules.bucket_change("release", 4_000) == ("pending", -4_000)
    assert rules.bucket_change("expiry", -5_000) is None
    # the expiry lowers only the balance
    assert rules.summarise([("allocation", 10_000), ("expiry", -10_000)]) == rules.Summary(10_000, 0, 0, 0)
    assert rules.summarise([]) == rules.Summary(0, 0, 0, 0)


def test_debits_of_a_cent_and_of_the_whole_balance():
    rules.check_debit(1, 1)
    with pytest.raises(RuleViolation, match="greater than zero"):
        rules.check_debit(1_000, -1)
    with pytest.raises(RuleViolation, match="balance is not enough"):
        rules.check_debit(0, 1)


@pytest.mark.parametrize("code,ok", [("ab", True), ("a" * 20, True), ("a_1", True), ("a", False), ("a" * 21, False),
                                     ("1ab", False), ("Ab", False), ("a-b", False), ("", False)])
def test_area_codes(code, ok):
    if ok:
        rules.check_area_code(code)
    else:
        with pytest.raises(RuleViolation, match="lowercase letters") as refused:
            rules.check_area_code(code)
        assert refused.value.field == "code"


def test_only_a_required_area_cannot_be_withdrawn():
    rules.check_area_withdrawal(True, True)
    rules.check_area_withdrawal(False, False)
    rules.check_area_withdrawal(False, True)
    with pytest.raises(RuleViolation, match="cannot be withdrawn") as refused:
        rules.check_area_withdrawal(True, False)
    assert refused.value.field == "active"


def test_recreation_is_never_reimbursed_in_cash():
    with pytest.raises(RuleViolation, match="never reimbursed in cash") as refused:
        rules.check_use_allowed("recreation", "reimbursement")
    assert refused.value.field == "use"
    rules.check_use_allowed("recreation", "purchase")
    rules.check_use_allowed("recreation", "voucher")
    for rule in ("education", "care", "transport", "fringe", "pension", "health"):
        rules.check_use_allowed(rule, "reimbursement")


PLAN_LIMITS = {"fringe": 100_000, "fringe_children": 200_000, "pension": 530_000, "health": 361_520}


def test_yearly_limit_of_each_tax_rule():
    assert rules.yearly_limit_cents("fringe", PLAN_LIMITS, False) == 100_000  # EUR 1,000
    assert rules.yearly_limit_cents("fringe", PLAN_LIMITS, True) == 200_000  # EUR 2,000 with dependent children
    assert rules.yearly_limit_cents("pension", PLAN_LIMITS, False) == 530_000
    assert rules.yearly_limit_cents("pension", PLAN_LIMITS, True) == 530_000
    assert rules.yearly_limit_cents("health", PLAN_LIMITS, True) == 361_520
    for rule in ("education", "care", "transport", "recreation"):
        assert rules.yearly_limit_cents(rule, PLAN_LIMITS, True) is None


def test_a_purchase_reaching_the_limit_exactly_passes_one_cent_over_is_refused():
    rules.check_within_limit("fringe", 90_000, 10_000, 100_000)  # 900 + 100 = 1,000.00: exactly the limit
    rules.check_within_limit("fringe", 0, 100_000, 100_000)
    with pytest.raises(RuleViolation) as refused:
        rules.check_within_limit("fringe", 90_000, 10_001, 100_000)  # 1,000.01
    # the message says where the employee stands: EUR 900.00 used of 1,000.00
    assert re.search(r"\(900[.,]00\D+ used of \D*1[.,]000[.,]00", str(refused.value))
    with pytest.raises(RuleViolation):
        rules.check_within_limit("fringe", 100_001, 0, 100_000)
    rules.check_within_limit("education", 10_000_000, 10_000_000, None)  # no limit of its own


def test_the_warning_starts_at_80_percent_of_the_limit():
    assert rules.near_limit(70_000, 10_000, 100_000)  # 800.00 of 1,000.00: exactly 80 %
    assert not rules.near_limit(70_000, 9_999, 100_000)  # 799.99
    assert not rules.near_limit(0, 79_999, 100_000)
    assert rules.near_limit(80_000, 0, 100_000)
    assert rules.near_limit(0, 100_000, 100_000)
    assert not rules.near_limit(10_000_000, 10_000_000, None)  # no limit, no warning
    assert rules.near_limit(0, 50, 100, margin=0.5)


def test_siblings_and_other_relatives_need_to_live_with_the_employee_from_2025():
    for relationship in ("sibling", "other", "parent"):
        with pytest.raises(RuleViolation, match="live with you") as refused:
            rules.check_dependency_declaration(relationship, True, False, False, 0, date(1990, 1, 1), 2025)
        assert refused.value.field == "fiscally_dependent"
        rules.check_dependency_declaration(relationship, True, True, False, 0, date(1990, 1, 1), 2025)
        rules.check_dependency_declaration(relationship, True, False, False, 0, date(1990, 1, 1), 2024)
        assert not rules.is_dependent(relationship, True, False, False, 0, date(1990, 1, 1), 2026)
    # a child or a spouse never needs to live with the employee
    rules.check_dependency_declaration("child", True, False, False, 0, date(2015, 1, 1), 2025)
    # the year defaults to the first year of the rule
    with pytest.raises(RuleViolation):
        rules.check_dependency_declaration("sibling", True, False, False, 0, date(1990, 1, 1))
    # without a birth date only the income's presence is checked
    rules.check_dependency_declaration("spouse", True, True, False, 10_000_000, None, 2025)


def test_a_missing_income_is_asked_for_on_its_field():
    with pytest.raises(RuleViolation, match="yearly income") as refused:
        rules.check_dependency_declaration("spouse", True, True, False, None, date(1980, 1, 1), 2025)
    assert refused.value.field == "yearly_income"


def test_the_income_limit_message_quotes_the_limit():
    with pytest.raises(RuleViolation) as refused:
        rules.check_dependency_declaration("spouse", True, True, False, 284_052, date(1980, 1, 1), 2025)
    assert re.search(r"over \D*2[.,]840[.,]51", str(refused.value))
    with pytest.raises(RuleViolation) as refused:
        rules.check_dependency_declaration("child", True, True, False, 400_001, date(2010, 1, 1), 2025)
    assert re.search(r"over \D*4[.,]000[.,]00", str(refused.value))


def test_dependency_in_a_year_follows_income_and_age():
    assert rules.is_dependent("child", True, False, False, 400_000, date(2001, 12, 31), 2025)  # 24 at 31 Dec
    assert not rules.is_dependent("child", True, False, False, 400_000, date(2001, 12, 31), 2026)  # 25
    assert not rules.is_dependent("spouse", True, False, False, 284_052, date(1980, 1, 1), 2025)


def test_beneficiary_refusals_name_their_field():
    with pytest.raises(RuleViolation, match="choose the family member") as refused:
        rules.check_beneficiary("care", None, date(2026, 3, 10))
    assert refused.value.field == "beneficiary"
    with pytest.raises(RuleViolation, match="aged 75 or more, or not self-sufficient") as refused:
        rules.check_beneficiary("care", _member(date(1951, 3, 11)), date(2026, 3, 10))  # 75 tomorrow
    assert refused.value.field == "beneficiary"
    rules.check_beneficiary("care", _member(date(1940, 1, 1)), date(2026, 3, 10))
    with pytest.raises(RuleViolation, match="School and education") as refused:
        rules.check_beneficiary("education", None, date(2026, 3, 10))
    assert refused.value.field == "beneficiary"
    rules.check_beneficiary("education", _member(), date(2026, 3, 10))
    rules.check_beneficiary("transport", _member(dependent=True, certified=True), date(2026, 3, 10))
    for rule in ("recreation", "fringe", "pension", "health"):
        rules.check_beneficiary(rule, _member(dependent=False), date(2026, 3, 10))


def test_pension_room_is_the_limit_less_what_was_paid_elsewhere():
    assert rules.pension_room_cents(530_000, 0) == 530_000
    assert rules.pension_room_cents(530_000, 130_000) == 400_000  # 5,300 - 1,300 = 4,000
    assert rules.pension_room_cents(516_457, 516_457) == 0
    assert rules.pension_room_cents(516_457, 600_000) == 0
    assert rules.pension_room_cents(530_000, 529_999) == 1


def test_a_birth_date_may_be_today_never_tomorrow():
    rules.check_birth_date(date(2026, 3, 10), date(2026, 3, 10))
    with pytest.raises(RuleViolation, match="future") as refused:
        rules.check_birth_date(date(2026, 3, 11), date(2026, 3, 10))
    assert refused.value.field == "birth_date"


def test_decisions_on_unknown_or_closed_statuses_and_in_order():
    for status in ("approved", "rejected", "paid", "unknown"):
        assert rules.available_decisions(status, 2, 1, 3) == ()
    assert rules.available_decisions("more_needed", 2, 1, None) == ("take", "reject", "ask")
    assert rules.available_decisions("in_review", 3, 1, 1) == ("approve", "reject", "ask")
    assert rules.available_decisions("in_review", 3, 1, 2) == ("approve", "reject", "ask")


def test_four_eyes_refusals_say_why():
    with pytest.raises(RuleViolation, match="request of your own"):
        rules.check_decision("submitted", "take", 1, 1)
    with pytest.raises(RuleViolation, match="propose the amount first"):
        rules.check_decision("in_review", "approve", 2, 1)
    with pytest.raises(RuleViolation, match="You checked this request"):
        rules.check_decision("in_review", "approve", 2, 1, 2)
    with pytest.raises(RuleViolation, match="no longer be changed"):
        rules.check_decision("submitted", "approve", 2, 1, None)
    with pytest.raises(RuleViolation, match="no longer be changed"):
        rules.check_decision("in_review", "check", 3, 1, 2)  # checked once already
    rules.check_decision("in_review", "reject", 2, 1)
    rules.check_decision("in_review", "check", 2, 1)
    rules.check_decision("submitted", "take", 2, 1)
    rules.check_decision("more_needed", "ask", 2, 1, 2)


def test_approving_the_whole_amount_or_less_with_a_reason():
    assert rules.approved_amount(12_345, None, "") == 12_345  # nothing entered: the whole amount
    assert rules.approved_amount(12_345, 12_345, "") == 12_345  # exactly the amount requested
    assert rules.approved_amount(12_345, 1, "one receipt only") == 1
    assert rules.approved_amount(12_345, 12_344, "x") == 12_344
    for cents in (0, -1, 12_346):
        with pytest.raises(RuleViolation, match="more than zero and at most") as refused:
            rules.approved_amount(12_345, cents, "reason")
        assert refused.value.field == "amount"
    for reason in ("", "   "):
        with pytest.raises(RuleViolation, match="Say why") as refused:
            rules.approved_amount(12_345, 12_344, reason)
        assert refused.value.field == "message"


def test_expenses_dated_on_the_first_and_last_day_of_the_plan():
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    rules.check_expense_date(start, start, end, date(2026, 6, 1))
    rules.check_expense_date(end, start, end, end)  # today, the last day
    rules.check_expense_date(end, start, end, date(2027, 1, 10))
    with pytest.raises(RuleViolation, match="plan year") as refused:
        rules.check_expense_date(date(2025, 12, 31), start, end, date(2026, 6, 1))
    assert refused.value.field == "expense_date"
    assert "(01/01/2026 – 31/12/2026)" in str(refused.value)
    with pytest.raises(RuleViolation, match="plan year"):
        rules.check_expense_date(date(2027, 1, 1), start, end, date(2027, 1, 10))
    with pytest.raises(RuleViolation, match="future") as refused:
        rules.check_expense_date(date(2026, 6, 2), start, end, date(2026, 6, 1))
    assert refused.value.field == "expense_date"


def test_months_and_the_payslip_of_the_following_month():
    assert rules.parse_month("2026-03") == (2026, 3)
    assert rules.parse_month(" 2026-12 ") == (2026, 12)
    for text in ("2026-13", "march", ""):
        with pytest.raises(RuleViolation, match="YYYY-MM") as refused:
            rules.parse_month(text)
        assert refused.value.field == "month"
    assert rules.next_month(2026, 11) == (2026, 12)
    assert rules.next_month(2026, 12) == (2027, 1)
    assert rules.payslip_month(2026, 3) == "04/2026"
    assert rules.payslip_month(2026, 12) == "01/2027"


def test_payroll_codes_for_every_rule_paid_in_cash():
    settings = ("education=W01", "care=W02", "transport=W03", "fringe=W04", "pension=W05", "health=W06=B")
    assert rules.payroll_codes(settings) == {"education": "W01", "care": "W02", "transport": "W03", "fringe": "W04",
                                             "pension": "W05", "health": "W06=B"}  # recreation is never paid in cash
    with pytest.raises(RuleViolation) as refused:
        rules.payroll_codes(("education=W01", "fringe=W04", "pension=W05"))
    assert str(refused.value).endswith("no code for: care, transport, health.")


def test_payroll_columns_must_be_known():
    rules.check_columns(rules.PAYROLL_COLUMNS)
    rules.check_columns(("importo",))
    with pytest.raises(RuleViolation) as refused:
        rules.check_columns(("importo", "iban", "nome", "note"))
    assert str(refused.value).endswith("unknown columns: iban, note.")
    with pytest.raises(RuleViolation) as refused:
        rules.check_columns(())
    assert str(refused.value).endswith("unknown columns: -.")


def test_a_plan_year_closes_the_day_after_its_last_day_with_no_open_request():
    end = date(2026, 12, 31)
    rules.check_year_can_close(end, date(2027, 1, 1), False, 0)
    with pytest.raises(RuleViolation, match="already closed"):
        rules.check_year_can_close(end, date(2027, 1, 1), True, 0)
    with pytest.raises(RuleViolation, match=r"only after its last day \(31/12/2026\)"):
        rules.check_year_can_close(end, end, False, 0)
    with pytest.raises(RuleViolation) as refused:
        rules.check_year_can_close(end, date(2027, 1, 1), False, 1)
    assert str(refused.value).startswith("1 reimbursement requests")


def test_a_rejected_certification_needs_a_reason():
    rules.check_certification_review("accepted", "")
    rules.check_certification_review("rejected", "the stamp is missing")
    for status in ("received", "", "approved"):
        with pytest.raises(RuleViolation, match="Choose whether") as refused:
            rules.check_certification_review(status, "note")
        assert refused.value.field == "status"
    for note in ("", "  "):
        with pytest.raises(RuleViolation, match="Say why") as refused:
            rules.check_certification_review("rejected", note)
        assert refused.value.field == "note"


def test_an_affiliation_request_is_due_in_15_calendar_days():
    assert rules.affiliation_due(date(2026, 12, 20)) == date(2027, 1, 4)
    due = date(2026, 3, 16)
    assert not rules.affiliation_overdue("open", due, due)
    assert rules.affiliation_overdue("open", due, date(2026, 3, 17))
    assert not rules.affiliation_overdue("affiliated", due, date(2026, 3, 17))
    assert not rules.affiliation_overdue("declined", due, date(2026, 3, 17))


def test_payroll_and_residual_deadlines():
    assert rules.payroll_deadline(date(2026, 12, 1)) == rules.Deadline(
        "payroll", date(2026, 12, 1), date(2027, 1, 2), date(2027, 1, 1))
    assert rules.payroll_deadline(date(2026, 3, 1)) == rules.Deadline(
        "payroll", date(2026, 3, 1), date(2026, 4, 2), date(2026, 4, 1))
    # the residuals at 31 Dec 2026 by 15 Jan 2027, reminded a week before
    assert rules.residuals_deadline(2026) == rules.Deadline(
        "residuals", date(2026, 1, 1), date(2027, 1, 15), date(2027, 1, 8))
    assert not rules.payroll_month_closed(date(2026, 12, 1), date(2026, 12, 31))
    assert rules.payroll_month_closed(date(2026, 12, 1), date(2027, 1, 1))
    assert rules.payroll_month_closed(date(2026, 3, 1), date(2026, 4, 2))


def test_a_reminder_sent_on_the_due_day_still_gets_the_overdue_one():
    deadline = rules.residuals_deadline(2026)  # remind from 8 Jan, due 15 Jan 2027
    assert not rules.reminder_due(deadline, date(2027, 1, 7), None)
    assert rules.reminder_due(deadline, date(2027, 1, 8), None)
    assert rules.reminder_due(deadline, date(2027, 1, 20), None)
    assert not rules.reminder_due(deadline, date(2027, 1, 15), date(2027, 1, 15))
    assert rules.reminder_due(deadline, date(2027, 1, 16), date(2027, 1, 15))
    assert not rules.reminder_due(deadline, date(2027, 1, 17), date(2027, 1, 16))


def test_refusals_say_what_is_wrong():
    with pytest.raises(RuleViolation, match=r"^the service coefficient must be a number between 0 and 1\.$"):
        rules.parse_coefficient("abc")
    with pytest.raises(RuleViolation, match="between 0 and 1, with at most 4 decimals"):
        rules.parse_coefficient("1.5")
    with pytest.raises(RuleViolation, match="^Public transport passes can be for you or for a fiscally dependent"):
        rules.check_beneficiary("transport", _member(dependent=False), date(2026, 3, 10))


def test_a_relative_living_with_the_employee_or_maintained_is_dependent():
    assert rules.is_dependent("parent", True, True, False, 0, date(1950, 1, 1), 2025)
    assert rules.is_dependent("parent", True, False, True, 0, date(1950, 1, 1), 2025)
    assert not rules.is_dependent("parent", True, False, False, 0, date(1950, 1, 1), 2025)
