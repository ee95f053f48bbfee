"""ISEEU parificato rules (DOMAIN.md section 2): each test fails if its rule is wrong."""

from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.caf import rules
from portal.core.rules import RuleViolation

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
