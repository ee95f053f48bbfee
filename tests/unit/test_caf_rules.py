"""ISEEU parificato rules (DOMAIN.md section 2): each test fails if its rule is wrong."""

from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.caf import rules
from portal.core.rules import RuleViolation

pytestmark = pytest.mark.pure

RULES = rules.rule_set(2025)
USD = {"USD": D("1.08")}


def worked_example(deductions: bool = False) -> rules.Result:
    household = rules.Household(
        members=4,
        incomes=(rules.Amount(D("24000"), "USD"), rules.Amount(D("10800"), "USD")),
        building_square_metres=(D("120"), D("45")),
        movables=(rules.Amount(D("16200"), "USD"),),
    )
    return rules.calculate(rules.rule_set(2025, deductions=deductions), household, USD)


# -- the calculation ---------------------------------------------------------------------------------------

def test_the_worked_example_of_domain_md():
    result = worked_example().figures()
    assert result["isr_cents"] == 3222222
    assert result["buildings_cents"] == 8250000
    assert result["movables_cents"] == 1500000
    assert result["isp_cents"] == 9750000
    assert result["ise_cents"] == 5172222
    assert result["scale"] == "2.46"
    assert result["iseeu_cents"] == 2102529
    assert result["ispeu_cents"] == 3963415


def test_the_worked_example_with_the_movable_asset_deduction():
    result = worked_example(deductions=True)
    assert result.figures()["movable_deduction_cents"] == 1000000  # 6,000 + 3 x 2,000 capped at 10,000
    assert result.figures()["isp_cents"] == 8750000
    assert (result.iseeu_cents, result.ispeu_cents) == (2021229, 3556911)


def test_rounding_happens_only_at_the_end():
    # Rounding ISE to the cent first (49,722.22 / 2.46 = 20,212.28) would lose the cent the rule keeps.
    assert worked_example(deductions=True).iseeu_cents == 2021229


def test_deductions_are_off_by_default():
    assert rules.rule_set(2025).deductions is False
    assert worked_example().movable_deduction == 0


def test_the_rent_deduction_is_capped_at_7000_and_only_with_deductions_on():
    household = rules.Household(members=1, italian_income=D("20000"), rent_paid=D("9000"))
    assert rules.calculate(RULES, household, {}).isr == D("20000")
    assert rules.calculate(rules.rule_set(2025, deductions=True), household, {}).isr == D("13000")


def test_land_does_not_count_only_buildings_at_500_per_square_metre():
    household = rules.Household(members=1, building_square_metres=(D("100"),))
    assert rules.calculate(RULES, household, {}).buildings == D("50000")


def test_income_is_converted_with_the_rate_of_year_n_minus_2_and_a_missing_rate_blocks():
    household = rules.Household(members=1, incomes=(rules.Amount(D("1000"), "INR"),))
    with pytest.raises(RuleViolation) as refused:
        rules.calculate(RULES, household, USD)
    assert "INR" in str(refused.value) and "2023" in str(refused.value)


@pytest.mark.parametrize("members, scale", [(1, "1.00"), (2, "1.57"), (3, "2.04"), (4, "2.46"), (5, "2.85"),
                                            (6, "3.20"), (7, "3.55")])
def test_the_equivalence_scale_by_family_size(members, scale):
    base, additions = rules.equivalence_scale(RULES, rules.Household(members=members))
    assert (base, additions) == (D(scale), 0)


@pytest.mark.parametrize("children, addition", [(2, "0"), (3, "0.2"), (4, "0.35"), (5, "0.5"), (7, "0.5")])
def test_additions_for_three_four_five_or_more_children(children, addition):
    assert rules.equivalence_scale(RULES, rules.Household(members=children + 2, children=children))[1] == D(addition)


def test_additions_for_minor_children_when_both_parents_worked():
    working = rules.Household(members=3, children=1, minor_children=True, both_parents_worked=True)
    assert rules.equivalence_scale(RULES, working)[1] == D("0.2")
    assert rules.equivalence_scale(RULES, replace(working, child_under_3=True))[1] == D("0.3")
    assert rules.equivalence_scale(RULES, replace(working, both_parents_worked=False))[1] == 0


def test_half_a_point_for_each_disabled_member():
    assert rules.equivalence_scale(RULES, rules.Household(members=3, disabled_members=2))[1] == D("1.0")


def test_a_year_without_rules_is_refused():
    with pytest.raises(RuleViolation):
        rules.rule_set(2019)


amounts = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(income=amounts, extra=amounts, members=st.integers(1, 9), metres=amounts)
def test_more_income_never_lowers_the_iseeu(income, extra, members, metres):
    def iseeu(value):
        household = rules.Household(members=members, incomes=(rules.Amount(value, "USD"),),
                                    building_square_metres=(metres,))
        return rules.calculate(RULES, household, USD).iseeu
    assert iseeu(income + extra) >= iseeu(income)


@given(income=amounts, movables=amounts, members=st.integers(1, 12), deductions=st.booleans())
def test_more_members_never_raise_the_iseeu(income, movables, members, deductions):
    rule_set = rules.rule_set(2025, deductions=deductions)

    def iseeu(size):
        household = rules.Household(members=size, incomes=(rules.Amount(income, "EUR"),),
                                    movables=(rules.Amount(movables, "EUR"),))
        return rules.calculate(rule_set, household, {}).iseeu
    assert iseeu(members + 1) <= iseeu(members)


def test_independent_student_needs_two_years_away_a_dwelling_not_of_the_family_and_9000_euro():
    assert rules.is_independent_student(RULES, 2, False, (D("9000"),))
    assert not rules.is_independent_student(RULES, 1, False, (D("20000"),))
    assert not rules.is_independent_student(RULES, 3, True, (D("20000"),))
    assert not rules.is_independent_student(RULES, 3, False, (D("8999.99"),))


def test_some_bodies_ask_the_income_of_each_of_the_two_years():
    strict = rules.rule_set(2025, independent_income_each_year=True)
    assert rules.is_independent_student(RULES, 2, False, (D("9500"), D("4000")))
    assert not rules.is_independent_student(strict, 2, False, (D("9500"), D("4000")))
    assert rules.is_independent_student(rules.rule_set(2025, independent_income=D("4000"),
                                                       independent_income_each_year=True), 2, False,
                                        (D("9500"), D("4000")))


# -- outcomes and states -------------------------------------------------------------------------------

@pytest.mark.parametrize("findings, case", [
    (set(), 1),
    ({"no_legalisation"}, 2),
    ({"movables_not_31_dec"}, 2),
    ({"income_not_n2"}, 3),
    ({"assets_not_n2"}, 3),
    ({"no_translation"}, 3),
    ({"private_issuer", "no_legalisation"}, 3),
])
def test_the_case_follows_the_checklist(findings, case):
    assert rules.case_of(findings) == case


@pytest.mark.parametrize("channel, case, state, nul, originals", [
    ("in_person", 1, "CONFERMATO", False, False),
    ("in_person", 2, "CONFERMATO CON DIFFORMITA'", False, False),
    ("in_person", 3, "CONFERMATO", True, False),
    ("remote", 1, "DA CONFERMARE", False, True),
    ("remote", 2, "DA CONFERMARE CON DIFFORMITA'", False, True),
    ("remote", 3, "CONFERMATO", True, False),  # the tender: case 3 is CONFERMATO with NUL, remotely too
])
def test_the_state_sent_to_the_university(channel, case, state, nul, originals):
    outcome = rules.outcome(channel, case)
    assert outcome.state in rules.UNIVERSITY_STATES
    assert (outcome.state, outcome.nul, outcome.needs_originals) == (state, nul, originals)
    assert outcome.computed is (case != 3)
    assert outcome.anomaly is (case == 2)


def test_after_the_originals_check():
    assert rules.outcome_after_originals("DA CONFERMARE", True).state == "CONFERMATO"
    assert rules.outcome_after_originals("DA CONFERMARE CON DIFFORMITA'", False).state == "RETTIFICATO CONFERMATO"
    with pytest.raises(RuleViolation):
        rules.outcome_after_originals("CONFERMATO", True)


def test_stato_only_ever_holds_the_five_states_of_the_tender():
    assert rules.UNIVERSITY_STATES == ("CONFERMATO", "CONFERMATO CON DIFFORMITA'", "DA CONFERMARE",
                                       "DA CONFERMARE CON DIFFORMITA'", "RETTIFICATO CONFERMATO")
    for channel in ("remote", "in_person"):
        for case in (1, 2, 3):
            for consular in (False, True):
                assert rules.outcome(channel, case, consular).state in rules.UNIVERSITY_STATES


def test_a_particularly_poor_country_needs_only_the_consular_certificate():
    poor = {"ML", "NP"}
    assert rules.consular_certificate_only("ML", poor) and rules.consular_certificate_only("np", poor)
    assert not rules.consular_certificate_only("IN", poor)
    assert not rules.consular_certificate_only("", poor)
    assert not rules.consular_certificate_only("ML", set())  # the year's list not entered yet: the full practice


@pytest.mark.parametrize("channel, case, state, nul, originals", [
    ("in_person", 1, "CONFERMATO", False, False),
    ("in_person", 2, "CONFERMATO CON DIFFORMITA'", False, False),
    ("in_person", 3, "CONFERMATO", True, False),
    ("remote", 1, "DA CONFERMARE", False, True),
    ("remote", 2, "DA CONFERMARE CON DIFFORMITA'", False, True),
    ("remote", 3, "CONFERMATO", True, False),
])
def test_a_consular_certificate_practice_gets_the_state_of_its_case_and_is_never_computed(
        channel, case, state, nul, originals):
    outcome = rules.outcome(channel, case, consular_certificate=True)
    assert (outcome.state, outcome.nul, outcome.needs_originals) == (state, nul, originals)
    assert outcome.computed is False


def test_a_consular_certificate_practice_is_confirmed_after_the_originals_and_never_rectified():
    confirmed = rules.outcome_after_originals("DA CONFERMARE", True, consular_certificate=True)
    assert (confirmed.state, confirmed.computed) == ("CONFERMATO", False)
    with pytest.raises(RuleViolation):
        rules.outcome_after_originals("DA CONFERMARE", False, consular_certificate=True)


def test_the_answer_is_due_the_agreements_days_after_the_first_submission():
    assert rules.answer_due(date(2026, 5, 25), 15) == date(2026, 6, 9)
    assert rules.last_submission_due_by(date(2026, 6, 9), 15) == date(2026, 5, 25)
    assert not rules.is_overdue(date(2026, 6, 9), date(2026, 6, 9))  # due today is not late yet
    assert rules.is_overdue(date(2026, 6, 9), date(2026, 6, 10))


# -- the monthly file -----------------------------------------------------------------------------------

def row(number="P1", persona="12345678", matricola="123456", day=date(2026, 10, 3), iseeu=100, student=""):
    return rules.FileRow(number, persona, matricola, "CONFERMATO", iseeu, 200, day, False, False, student_key=student)


def test_a_row_needs_at_least_one_identifier_of_the_right_length():
    assert rules.row_problems(row(persona="", matricola="123456")) == []
    assert rules.row_problems(row(persona="12345678", matricola="")) == []
    assert len(rules.row_problems(row(persona="", matricola=""))) == 1
    assert len(rules.row_problems(row(persona="1234567"))) == 1
    assert len(rules.row_problems(row(matricola="1234567"))) == 1


def test_one_bad_row_refuses_the_whole_file_and_lists_every_failing_practice():
    with pytest.raises(rules.FileRefused) as refused:
        rules.file_rows([row("P1"), row("P2", persona="123"), row("P3", persona="", matricola="")])
    assert [problem.practice_number for problem in refused.value.problems] == ["P2", "P3"]


def test_the_same_student_date_and_amount_is_sent_once():
    assert len(rules.file_rows([row("P1"), row("P2"), row("P3", iseeu=101)])) == 2


def test_the_same_student_is_one_row_whatever_the_spelling_of_the_identifiers():
    """Sent once with the codice persona alone, once with codice persona and matricola: the same student."""
    alone, both = row("P1", matricola="", student=7), row("P2", matricola="123456", student=7)
    assert rules.file_rows([alone, both]) == [both]
    assert len(rules.file_rows([alone, row("P2", persona="", student=8)])) == 2  # two students
    assert len(rules.file_rows([alone, replace(both, release_date=date(2026, 10, 4))])) == 2  # two dates


def test_a_nul_row_gives_its_reasons_in_the_checklists_order():
    assert rules.nul_reasons("private_issuer,no_legalisation,income_not_n2") == ("income_not_n2", "private_issuer")
    assert rules.nul_reasons({"no_legalisation"}) == ()


def test_of_one_student_date_and_amount_the_latest_state_is_sent():
    first = replace(row("P1"), state="DA CONFERMARE")
    confirmed = row("P1")  # the originals matched in the same month
    assert rules.file_rows([first, confirmed]) == [confirmed]


# -- deadlines ------------------------------------------------------------------------------------------------

def test_the_monthly_file_is_due_by_the_5th_of_the_next_month_and_reminded_before():
    october = rules.file_deadline(date(2026, 10, 1), 5, 3)
    assert (october.due_on, october.remind_from) == (date(2026, 11, 5), date(2026, 11, 2))
    december = rules.file_deadline(date(2026, 12, 1), 5, 10)
    assert (december.due_on, december.remind_from) == (date(2027, 1, 5), date(2027, 1, 1))  # not before it ends
    assert not rules.reminder_due(october, date(2026, 11, 1), None)
    assert rules.reminder_due(october, date(2026, 11, 2), None)
    assert not rules.reminder_due(october, date(2026, 11, 5), date(2026, 11, 2))  # no daily nag
    assert rules.reminder_due(october, date(2026, 11, 6), date(2026, 11, 2))  # once more when overdue
    assert not rules.reminder_due(october, date(2026, 11, 7), date(2026, 11, 6))


def test_the_double_counting_check_is_due_before_the_years_last_invoice():
    deadline = rules.double_count_deadline(2026, "12-15", 14)
    assert (deadline.period, deadline.due_on, deadline.remind_from) == (date(2026, 1, 1), date(2026, 12, 15),
                                                                        date(2026, 12, 1))


def sent(student, number, state, nul, day, sent_on=None):
    return rules.SentOutcome(student, number, state, nul, datetime(2026, day.month, day.day, 10, tzinfo=UTC),
                             sent_on or day)


def test_the_double_counting_check_finds_a_nul_later_confirmed_for_the_same_student():
    nul = sent(1, "P1", "CONFERMATO", True, date(2026, 3, 10))
    confirmed = sent(1, "P2", "CONFERMATO", False, date(2026, 9, 10))
    difformity = sent(3, "P5", "CONFERMATO CON DIFFORMITA'", False, date(2026, 9, 10))
    others = [sent(2, "P3", "CONFERMATO", True, date(2026, 3, 10)),  # another student's NUL, never confirmed
              sent(3, "P4", "CONFERMATO", True, date(2026, 4, 10)), difformity,
              sent(1, "P6", "DA CONFERMARE", False, date(2026, 10, 10)),  # not confirmed yet
              sent(4, "P7", "CONFERMATO", False, date(2026, 1, 10)),  # confirmed before the NUL
              sent(4, "P8", "CONFERMATO", True, date(2026, 2, 10))]
    found = rules.double_counts([nul, confirmed, *others], 2026)
    assert [(line.nul.practice_number, line.confirmed.practice_number) for line in found] == [("P1", "P2"),
                                                                                             ("P4", "P5")]
    assert rules.double_counts([nul, confirmed], 2025) == []  # the NUL was sent in 2026


# -- offices and appointments ---------------------------------------------------------------------------

def test_slots_fill_the_opening_hours_with_whole_slots():
    openings = [rules.Opening(0, time(9), time(10, 45)), rules.Opening(0, time(14), time(15))]
    assert rules.slot_starts(date(2026, 11, 23), openings, 30) == [time(9), time(9, 30), time(10), time(14),
                                                                  time(14, 30)]
    assert rules.slot_starts(date(2026, 11, 24), openings, 30) == []  # a Tuesday: not open


def test_offices_close_on_holidays_milans_patron_day_the_ferragosto_week_and_closures():
    assert rules.is_office_closed(date(2026, 12, 7), set(), "12-07", True)  # Sant'Ambrogio
    assert rules.is_office_closed(date(2026, 12, 8), set(), "12-07", True)  # Immacolata
    assert rules.ferragosto_week(2026) == (date(2026, 8, 10), date(2026, 8, 16))
    assert rules.is_office_closed(date(2026, 8, 10), set(), "", True)
    assert not rules.is_office_closed(date(2026, 8, 10), set(), "", False)
    assert not rules.is_office_closed(date(2026, 8, 17), set(), "", True)
    assert rules.is_office_closed(date(2026, 11, 23), {date(2026, 11, 23)}, "", True)


def test_changes_close_before_the_appointment():
    starts = datetime(2026, 11, 24, 9, tzinfo=UTC)
    rules.check_may_change(starts, datetime(2026, 11, 23, 8, 59, tzinfo=UTC), 24)
    with pytest.raises(RuleViolation):
        rules.check_may_change(starts, datetime(2026, 11, 23, 9, 0, tzinfo=UTC), 24)


def test_what_a_student_may_book():
    assert rules.purpose_for("enrolled", None) == "intake"
    assert rules.purpose_for("abroad", "DA CONFERMARE CON DIFFORMITA'") == "originals"
    with pytest.raises(RuleViolation):
        rules.purpose_for("abroad", None)


def test_the_documents_a_practice_needs():
    needed = rules.required_documents([("1", True, True), ("2", False, True), ("3", False, False)])
    assert ("identity", "1") in needed and ("identity", "2") not in needed
    assert ("income", "2") in needed and ("property", "2") in needed
    assert ("income", "3") not in needed  # a minor declares no income
    assert needed.count(("family", "")) == 1
    assert ("consular", "") not in needed


def test_from_a_particularly_poor_country_the_identity_and_the_consular_certificate_are_enough():
    members = [("1", True, True), ("2", False, True)]
    assert rules.required_documents(members, consular_certificate=True) == [("identity", "1"), ("consular", "")]


# -- figures that mutation testing showed untested (issue 21); every figure computed by hand ---------------

def test_the_final_iseeu_of_a_household_with_scale_additions():
    # 5 members (2.85) + 3 children (0.2) + one disabled member (0.5) = 3.55.
    # ISR 21,300.00; ISP 100 m2 x 500 = 50,000.00; ISE 21,300 + 0.2 x 50,000 = 31,300.00;
    # ISEEU 31,300 / 3.55 = 8,816.901... -> 8,816.90; ISPEU 50,000 / 3.55 = 14,084.507... -> 14,084.51.
    household = rules.Household(members=5, italian_income=D("21300"), building_square_metres=(D("100"),),
                                children=3, disabled_members=1)
    result = rules.calculate(RULES, household, {})
    assert (result.base_scale, result.scale_additions, result.scale) == (D("2.85"), D("0.7"), D("3.55"))
    assert (result.ise, result.iseeu_cents, result.ispeu_cents) == (D("31300"), 881690, 1408451)


def test_the_final_iseeu_with_the_addition_for_a_child_under_3():
    # 4 members (2.46) + 0.3 (minor children, both parents worked, one under 3) = 2.76; 27,600 / 2.76 = 10,000.00.
    household = rules.Household(members=4, italian_income=D("27600"), children=2, minor_children=True,
                                child_under_3=True, both_parents_worked=True)
    assert rules.calculate(RULES, household, {}).iseeu_cents == 1000000


def test_the_figures_as_stored_with_the_practice_whole():
    household = rules.Household(members=5, incomes=(rules.Amount(D("850"), "GBP", "salary"),),
                                italian_income=D("20300"), building_square_metres=(D("60"), D("40")),
                                movables=(rules.Amount(D("1000"), "EUR", "bank"),), children=3, disabled_members=1)
    # ISR 1,000 + 20,300 = 21,300; ISP 50,000 + 1,000 = 51,000; ISE 21,300 + 10,200 = 31,500;
    # ISEEU 31,500 / 3.55 = 8,873.239... -> 8,873.24; ISPEU 51,000 / 3.55 = 14,366.197... -> 14,366.20.
    assert rules.calculate(RULES, household, {"GBP": D("0.85")}).figures() == {
        "rule_year": 2025, "income_year": 2023, "members": 5,
        "conversions": [
            {"label": "salary", "value": "850", "currency": "GBP", "rate": "0.85", "euro_cents": 100000},
            {"label": "bank", "value": "1000", "currency": "EUR", "rate": "1", "euro_cents": 100000},
        ],
        "buildings_square_metres": "100", "base_scale": "2.85", "scale_additions": "0.7", "scale": "3.55",
        "foreign_income_cents": 100000, "italian_income_cents": 2030000, "rent_deduction_cents": 0,
        "isr_cents": 2130000, "buildings_cents": 5000000, "movables_cents": 100000, "movable_deduction_cents": 0,
        "isp_cents": 5100000, "ise_cents": 3150000, "iseeu_cents": 887324, "ispeu_cents": 1436620,
    }


@pytest.mark.parametrize("value, cents", [("0.005", 1), ("0.015", 2), ("0.025", 3), ("10.125", 1013),
                                          ("0.0049", 0), ("20212.285", 2021229), ("7", 700)])
def test_cents_are_rounded_half_up(value, cents):
    # Half-even would give 0.025 -> 2 and 10.125 -> 1012.
    assert rules.to_cents(D(value)) == cents


@pytest.mark.parametrize("currency, rate, value", [("GBP", "0.85", "850"), ("chf", "0.95", "950"),
                                                   ("USD", "1.08", "1080"), ("EUR", None, "1000")])
def test_rates_below_and_above_one_convert_to_euro(currency, rate, value):
    rates = {} if rate is None else {currency.upper(): D(rate)}
    conversion = rules.to_euro(rules.Amount(D(value), currency, "pay"), rates, RULES)
    assert conversion == rules.Conversion("pay", D(value), currency.upper(), D(rate or "1"), D("1000"))


@pytest.mark.parametrize("rate", ["0", "-0.85"])
def test_a_rate_of_zero_or_below_is_refused(rate):
    with pytest.raises(RuleViolation):
        rules.to_euro(rules.Amount(D("850"), "GBP"), {"GBP": D(rate)}, RULES)


@pytest.mark.parametrize("members, movables, deduction", [
    (1, "20000", "6000"), (2, "20000", "8000"), (3, "20000", "10000"), (4, "20000", "10000"),
    (2, "7000", "7000"), (1, "0", "0"),
])
def test_the_movable_asset_deduction_counts_the_further_members(members, movables, deduction):
    # EUR 6,000 + 2,000 for each member after the first, at most 10,000, never more than the assets.
    deductions = rules.rule_set(2025, deductions=True)
    assert rules.movable_deduction(deductions, members, D(movables)) == D(deduction)
    assert rules.movable_deduction(RULES, members, D(movables)) == 0
    household = rules.Household(members=members, movables=(rules.Amount(D(movables), "EUR"),))
    assert rules.calculate(deductions, household, {}).isp == D(movables) - D(deduction)


@pytest.mark.parametrize("previous, match, consular, expected", [
    ("DA CONFERMARE", True, False, rules.Outcome("CONFERMATO", False, False, True, False)),
    ("DA CONFERMARE CON DIFFORMITA'", True, False, rules.Outcome("CONFERMATO", False, False, True, False)),
    ("DA CONFERMARE", False, False, rules.Outcome("RETTIFICATO CONFERMATO", False, False, True, False)),
    ("DA CONFERMARE CON DIFFORMITA'", False, False,
     rules.Outcome("RETTIFICATO CONFERMATO", False, False, True, False)),
    ("DA CONFERMARE", True, True, rules.Outcome("CONFERMATO", False, False, False, False)),
])
def test_the_outcome_after_the_originals_whole(previous, match, consular, expected):
    # Confirmed (or rectified) after the originals: no NUL, no anomaly, nothing more to show.
    assert rules.outcome_after_originals(previous, match, consular) == expected


@pytest.mark.parametrize("channel, case, consular, expected", [
    (channel, case, consular, rules.Outcome(state, nul, anomaly, computed and not consular, originals))
    for consular in (False, True)
    for channel, case, state, nul, anomaly, computed, originals in [
        ("in_person", 1, "CONFERMATO", False, False, True, False),
        ("in_person", 2, "CONFERMATO CON DIFFORMITA'", False, True, True, False),
        ("in_person", 3, "CONFERMATO", True, False, False, False),
        ("remote", 1, "DA CONFERMARE", False, False, True, True),
        ("remote", 2, "DA CONFERMARE CON DIFFORMITA'", False, True, True, True),
        ("remote", 3, "CONFERMATO", True, False, False, False),
    ]
])
def test_every_state_mapping_whole(channel, case, consular, expected):
    assert rules.outcome(channel, case, consular) == expected


def test_an_unknown_case_or_finding_is_an_error():
    with pytest.raises(ValueError):
        rules.outcome("remote", 4)
    with pytest.raises(ValueError):
        rules.case_of({"income_not_n2", "made_up"})


def test_zero_amounts_and_zero_square_metres_are_accepted():
    household = rules.Household(members=1, incomes=(rules.Amount(D("0"), "EUR"),), italian_income=D("0"),
                                building_square_metres=(D("0"),), movables=(rules.Amount(D("0.5"), "EUR"),))
    # ISP 0.50; ISE 0.2 x 0.50 = 0.10; scale 1.00.
    assert (rules.calculate(RULES, household, {}).iseeu_cents, rules.calculate(RULES, household, {}).isp) == (
        10, D("0.5"))


@pytest.mark.parametrize("household", [
    rules.Household(members=1, italian_income=D("-0.01")),
    rules.Household(members=1, incomes=(rules.Amount(D("-1"), "EUR"),), italian_income=D("100")),
    rules.Household(members=1, movables=(rules.Amount(D("-1"), "EUR"),)),
    rules.Household(members=1, building_square_metres=(D("50"), D("-1"))),
])
def test_one_negative_figure_is_enough_to_refuse_the_calculation(household):
    with pytest.raises(RuleViolation):
        rules.calculate(RULES, household, {})


def test_the_rent_deduction_never_takes_the_isr_below_zero():
    household = rules.Household(members=1, italian_income=D("5000"), rent_paid=D("6000"))
    assert rules.calculate(rules.rule_set(2025, deductions=True), household, {}).isr == 0


def test_the_rule_set_of_a_year_with_the_agreements_switches_whole():
    assert rules.rule_set(2026) == rules.RuleSet(2026)
    assert rules.rule_set(2027, True, D("4000"), True) == rules.RuleSet(
        2027, deductions=True, independent_income=D("4000"), independent_income_each_year=True)
    assert rules.rule_set(2026).income_year == 2024
    with pytest.raises(RuleViolation) as refused:
        rules.rule_set(2024)
    assert "2024" in str(refused.value)


def test_a_family_has_at_least_one_member():
    with pytest.raises(RuleViolation):
        rules.equivalence_scale(RULES, rules.Household(members=0))


def test_independence_counts_the_last_two_years_only():
    assert not rules.is_independent_student(RULES, 2, False, ())
    assert rules.is_independent_student(RULES, 2, False, (D("1000"), D("9000")))  # either year, by default
    assert not rules.is_independent_student(RULES, 2, False, (D("1000"), D("2000"), D("9000")))  # a third year
    strict = rules.rule_set(2025, independent_income_each_year=True)
    assert rules.is_independent_student(strict, 2, False, (D("9000"), D("9000"), D("1")))


def test_the_monthly_file_deadline_whole_and_its_due_day_kept_inside_the_month():
    assert rules.file_deadline(date(2026, 10, 1), 5, 3) == rules.Deadline(
        "monthly_file", date(2026, 10, 1), date(2026, 11, 5), date(2026, 11, 2))
    # A due day past the 28th is the 28th (every month has one); the 0th is the 1st, reminded on the 1st.
    assert rules.file_deadline(date(2026, 1, 1), 31, 3) == rules.Deadline(
        "monthly_file", date(2026, 1, 1), date(2026, 2, 28), date(2026, 2, 25))
    assert rules.file_deadline(date(2026, 10, 1), 0, 3) == rules.Deadline(
        "monthly_file", date(2026, 10, 1), date(2026, 11, 1), date(2026, 11, 1))


def test_the_double_counting_deadline_whole():
    assert rules.double_count_deadline(2026, "11-30", 10) == rules.Deadline(
        "double_count", date(2026, 1, 1), date(2026, 11, 30), date(2026, 11, 20))


def test_a_reminder_sent_on_the_due_day_is_followed_by_one_once_overdue():
    october = rules.file_deadline(date(2026, 10, 1), 5, 3)
    assert rules.reminder_due(october, date(2026, 11, 6), date(2026, 11, 5))
    assert not rules.reminder_due(october, date(2026, 11, 5), date(2026, 11, 5))


def test_the_double_counting_check_keeps_the_latest_state_of_a_later_practice_and_ignores_ties():
    nul = sent(1, "P1", "CONFERMATO", True, date(2026, 3, 10))
    same_time = sent(1, "P2", "CONFERMATO", False, date(2026, 3, 10))
    first = sent(1, "P3", "CONFERMATO CON DIFFORMITA'", False, date(2026, 5, 10))
    rectified = sent(1, "P3", "RETTIFICATO CONFERMATO", False, date(2026, 6, 10))
    waiting = sent(1, "P4", "DA CONFERMARE CON DIFFORMITA'", False, date(2026, 7, 10))
    found = rules.double_counts([rectified, waiting, first, same_time, nul], 2026)
    assert found == [rules.DoubleCount(nul, rectified)]
    sent_next_year = replace(nul, sent_on=date(2027, 1, 5))
    assert rules.double_counts([sent_next_year, rectified], 2026) == []
    assert rules.double_counts([sent_next_year, rectified], 2027) == [rules.DoubleCount(sent_next_year, rectified)]


@pytest.mark.parametrize("minutes", [0, -30])
def test_a_slot_has_a_positive_length(minutes):
    with pytest.raises(ValueError):
        rules.slot_starts(date(2026, 11, 23), [rules.Opening(0, time(9), time(10))], minutes)


def test_slots_run_in_time_order_and_the_last_may_end_at_closing():
    openings = [rules.Opening(0, time(14), time(15)), rules.Opening(0, time(9), time(10)),
                rules.Opening(1, time(8), time(9))]
    assert rules.slot_starts(date(2026, 11, 23), openings, 30) == [time(9), time(9, 30), time(14), time(14, 30)]
    assert rules.slot_starts(date(2026, 11, 23), openings, 60) == [time(9), time(14)]
    assert rules.slot_starts(date(2026, 11, 23), openings, 61) == []


def test_the_ferragosto_week_runs_monday_to_sunday():
    assert rules.ferragosto_week(2022) == (date(2022, 8, 15), date(2022, 8, 21))  # 15 August on a Monday
    assert rules.is_office_closed(date(2026, 8, 16), set(), "", True)
    assert rules.is_office_closed(date(2026, 12, 25), set(), "", False)
    assert not rules.is_office_closed(date(2026, 8, 9), set(), "", True)


def test_what_a_student_may_book_whole():
    assert rules.purpose_for("enrolled", "CONFERMATO") == "intake"
    assert rules.purpose_for("abroad", "DA CONFERMARE") == "originals"
    with pytest.raises(RuleViolation):
        rules.purpose_for("abroad", "CONFERMATO")


def test_the_documents_a_practice_needs_whole():
    members = [("1", True, False), ("2", False, True), ("3", False, False)]
    assert rules.required_documents(members) == [
        ("identity", "1"), ("family", ""), ("movables", ""), ("income", "1"), ("property", "1"),
        ("income", "2"), ("property", "2")]


def test_the_nul_reasons_of_a_text_with_empty_parts():
    assert rules.nul_reasons("no_translation,,income_not_n2,") == ("income_not_n2", "no_translation")
    assert rules.nul_reasons("") == ()
    assert rules.nul_reasons(set(rules.NUL_FINDINGS)) == ("income_not_n2", "assets_not_n2", "no_translation",
                                                         "private_issuer")


def test_the_identity_of_a_row():
    assert row().identity == (("12345678", "123456"), date(2026, 10, 3), 100)
    assert row(student=7).identity == (7, date(2026, 10, 3), 100)
    assert len(rules.file_rows([row("P1"), row("P2", matricola="654321")])) == 2


def test_every_problem_of_a_row_is_listed():
    problems = rules.row_problems(row("P9", persona="1234567", matricola="12345"))
    assert [problem.practice_number for problem in problems] == ["P9", "P9"]
    assert [str(problem.message) for problem in problems] == ["the codice persona is not 8 digits",
                                                              "the matricola is not 6 digits"]
    assert [str(p.message) for p in rules.row_problems(row("P8", persona="", matricola=""))] == [
        "neither codice persona nor matricola"]


def test_the_case_and_the_poor_country_answers_are_plain_values():
    assert rules.case_of({"no_legalisation", "movables_not_31_dec"}) == rules.DISCREPANCY == 2
    assert rules.consular_certificate_only("ml", {"ML"}) is True
    assert rules.consular_certificate_only("", {"ML"}) is False


def test_a_one_minute_slot_is_a_slot():
    assert rules.slot_starts(date(2026, 11, 23), [rules.Opening(0, time(9), time(9, 2))], 1) == [time(9), time(9, 1)]


def test_when_15_august_is_a_sunday_its_week_began_on_the_9th():
    assert rules.ferragosto_week(2021) == (date(2021, 8, 9), date(2021, 8, 15))
    assert not rules.is_office_closed(date(2021, 8, 16), set(), "", True)


def test_a_movable_asset_in_a_currency_without_a_rate_blocks_the_calculation():
    household = rules.Household(members=1, movables=(rules.Amount(D("1000"), "INR"),))
    with pytest.raises(RuleViolation) as refused:
        rules.calculate(RULES, household, USD)
    assert "INR" in str(refused.value) and "2023" in str(refused.value)


def test_the_children_and_the_working_parents_additions_add_up():
    # 5 members (2.85) + 3 children (0.2) + minor children with both parents working (0.2) = 3.25.
    household = rules.Household(members=5, italian_income=D("32500"), children=3, minor_children=True,
                                both_parents_worked=True)
    assert rules.equivalence_scale(RULES, household) == (D("2.85"), D("0.4"))
    assert rules.calculate(RULES, household, {}).iseeu_cents == 1000000  # 32,500 / 3.25 = 10,000.00
