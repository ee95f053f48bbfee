"""The placement test's adaptive rule, the attendance certificate's threshold and code, the winter break, worked
out by hand (the arithmetic is in the comments)."""

from datetime import date

import pytest

from portal.core.calendar import is_holiday
from portal.core.numbers import format_hours, format_number
from portal.core.rules import RuleViolation
from portal.courses import rules
from portal.courses.rules import AttendanceSummary, placement_step

pytestmark = pytest.mark.pure

R, W = True, False


def steps(*answers):
    return placement_step(list(answers))


# -- the staircase --------------------------------------------------------------------------------------------


def test_the_test_starts_at_a2_and_goes_up_after_a_right_answer_down_after_a_wrong_one():
    assert steps() == rules.PlacementStep(False, "A2", None)
    assert steps(("A2", R)).next_level == "B1"
    assert steps(("A2", W)).next_level == "A1"
    assert steps(("B2", R)).next_level == "B2"  # no level above B2
    assert steps(("A1", W)).next_level == "A1"  # none below A1 (A1: 0 right, 1 wrong: not failed yet)


def test_a_b1_learner_is_placed_in_b1_after_six_answers():
    # A2 right -> B1 right -> B2 wrong -> back to B1 (B1 has 1 right: not passed) right -> B2 wrong: B2 failed
    # (2 wrong, 0 right), B1 has 2 right: not passed yet (3 needed) -> B1 right: B1 3 right > 0 wrong, passed,
    # and the level above (B2) failed: the level is clear, stop with B1.
    answers = [("A2", R), ("B1", R), ("B2", W), ("B1", R), ("B2", W)]
    for count, expected in ((1, "B1"), (2, "B2"), (3, "B1"), (4, "B2"), (5, "B1")):
        assert placement_step(answers[:count]) == rules.PlacementStep(False, expected, None)
    assert placement_step([*answers, ("B1", R)]) == rules.PlacementStep(True, None, "B1")


def test_a_beginner_stops_at_a1_after_three_wrong_answers():
    # A2 wrong -> A1 wrong (A1: 1 wrong, not failed) -> A1 wrong: A1 failed (2 wrong >= 0 right): A1.
    assert steps(("A2", W), ("A1", W)) == rules.PlacementStep(False, "A1", None)
    assert steps(("A2", W), ("A1", W), ("A1", W)) == rules.PlacementStep(True, None, "A1")


def test_all_right_reaches_b2_and_stops_when_b2_is_passed():
    # A2, B1, then B2 three times: B2 3 right > 0 wrong, passed, and it is the top level.
    assert steps(("A2", R), ("B1", R), ("B2", R), ("B2", R)).done is False
    assert steps(("A2", R), ("B1", R), ("B2", R), ("B2", R), ("B2", R)) == rules.PlacementStep(True, None, "B2")


def test_passed_needs_three_right_and_more_right_than_wrong_failed_two_wrong_and_no_more_right():
    assert rules.level_passed(3, 2) and not rules.level_passed(2, 0) and not rules.level_passed(3, 3)
    assert rules.level_failed(0, 2) and rules.level_failed(2, 2) and not rules.level_failed(2, 1)
    assert not rules.level_failed(0, 1)


def test_the_staircase_never_climbs_into_a_failed_level_nor_drops_into_a_passed_one():
    # B1 failed (2 wrong): a right answer at A2 stays at A2.
    assert steps(("B1", W), ("B1", W), ("A2", R)).next_level == "A2"
    # A1 passed (3 right): a wrong answer at A2 (1 wrong: not failed) stays at A2.
    assert steps(("A1", R), ("A1", R), ("A1", R), ("A2", W)).next_level == "A2"


def test_a_passed_level_under_a_failed_one_is_the_suggestion_even_with_a_lower_failure():
    # A2 passed (3-0), B1 failed (0-2): A2, the highest passed level whose next is failed.
    assert steps(("A2", R), ("B1", W), ("A2", R), ("B1", W), ("A2", R)) == rules.PlacementStep(True, None, "A2")


def test_the_longest_test_ends_after_24_answers_with_the_highest_level_passed():
    # 13 right and 10 wrong at B1: B1 passed (13 > 10) but B2 never tried, so not clear: go on (23 answers).
    assert placement_step([("B1", R)] * 13 + [("B1", W)] * 10).done is False
    # The 24th answer ends it: B1, the highest passed level.
    assert placement_step([("B1", R)] * 13 + [("B1", W)] * 11) == rules.PlacementStep(True, None, "B1")
    # Nothing passed in 24 answers (12 right, 12 wrong at B2: not more right than wrong; B2 is failed but no level
    # under it passed): A1.
    assert placement_step([("B2", R), ("B2", W)] * 12) == rules.PlacementStep(True, None, "A1")
    assert rules.placement_best([]) == "A1"


def test_an_unknown_level_in_the_answers_is_a_programming_error():
    with pytest.raises(ValueError):
        placement_step([("C1", True)])


# -- the suggestion and the chosen course ------------------------------------------------------------------------


def test_a_course_two_levels_or_more_from_the_suggestion_earns_a_warning():
    assert rules.level_distance("A1", "B1") == 2 and rules.far_from_suggestion("A1", "B1")
    assert rules.far_from_suggestion("B2", "A2") and rules.far_from_suggestion("C1", "B1")
    assert not rules.far_from_suggestion("A2", "B1") and not rules.far_from_suggestion("C1", "B2")
    assert not rules.far_from_suggestion("B1", "B1") and not rules.far_from_suggestion("A1", None)


def test_a_new_attempt_waits_the_setting_s_days_after_the_last_finished_one():
    # Finished on 1 November, 30 days: from 1 December.
    assert rules.retake_from(date(2026, 11, 1), 30) == date(2026, 12, 1)
    assert rules.retake_from(None, 30) is None
    with pytest.raises(RuleViolation):
        rules.check_may_start(date(2026, 11, 30), date(2026, 11, 1), 30)
    rules.check_may_start(date(2026, 12, 1), date(2026, 11, 1), 30)
    rules.check_may_start(date(2026, 11, 1), date(2026, 11, 1), 0)
    rules.check_may_start(date(2026, 11, 1), None, 30)


@pytest.mark.parametrize(("level", "prompt", "choices", "correct", "field"), [
    ("C1", "Io ___ Marco.", ["sono", "ho"], 0, "level"),
    ("A1", "  ", ["sono", "ho"], 0, "prompt"),
    ("A1", "Io ___ Marco.", ["sono"], 0, "choice_1"),
    ("A1", "Io ___ Marco.", ["a", "b", "c", "d", "e"], 0, "choice_1"),
    ("A1", "Io ___ Marco.", ["sono", " "], 0, "choice_1"),
    ("A1", "Io ___ Marco.", ["sono", "Sono "], 0, "choice_1"),
    ("A1", "Io ___ Marco.", ["sono", "ho"], 2, "correct"),
    ("A1", "Io ___ Marco.", ["sono", "ho"], -1, "correct"),
])
def test_a_question_has_a_level_a_prompt_two_to_four_different_answers_and_the_right_one(
        level, prompt, choices, correct, field):
    with pytest.raises(RuleViolation) as refused:
        rules.check_question(level, prompt, choices, correct)
    assert refused.value.field == field


def test_a_good_question_passes():
    rules.check_question("A1", "Io ___ Marco.", ["sono", "ho"], 0)
    rules.check_question("A1", "Io ___ Marco.", ["sono", "ho"], 1)
    rules.check_question("B2", "?", ["a", "b", "c", "d"], 3)


# -- the attendance certificate ---------------------------------------------------------------------------------


def summary(expected, attended, to_come=0, threshold=70):
    return AttendanceSummary(expected, attended, expected - to_come, to_come, 0, 0, threshold, True)


def test_the_certificate_needs_the_course_over_and_seventy_percent_of_the_hours():
    # 60 h = 3600 minutes; 70 % of them = 2520 minutes (42 h): 2520 is enough, 2519 is not.
    assert rules.certificate_allowed(summary(3600, 2520))
    assert not rules.certificate_allowed(summary(3600, 2519))
    # One meeting of 1.5 h still to come: not yet, whatever the hours.
    assert not rules.certificate_allowed(summary(3600, 3510, to_come=90))
    assert not rules.certificate_allowed(summary(0, 0))
    # Even a single minute still to come is "not over".
    assert not rules.certificate_allowed(summary(3600, 3599, to_come=1))
    with pytest.raises(RuleViolation):
        rules.check_certificate(summary(3600, 3599, to_come=1))
    rules.check_certificate(summary(3600, 2520))
    with pytest.raises(RuleViolation):
        rules.check_certificate(summary(3600, 2519))
    with pytest.raises(RuleViolation):
        rules.check_certificate(summary(3600, 3000, to_come=90))


def test_the_certificate_code_is_sixteen_symbols_read_back_whatever_the_dashes_and_case():
    raw = "ABCDEFGHJKLMNPQR"
    assert rules.format_certificate_code(raw) == "ABCD-EFGH-JKLM-NPQR"
    assert rules.normalise_certificate_code(" abcd-efgh jklm-npqr ") == raw
    assert rules.normalise_certificate_code("WXYZ-XXXX-2345-6789") == "WXYZXXXX23456789"
    assert rules.normalise_certificate_code("ABCD-EFGH-JKLM-NPQ") is None  # 15 symbols
    assert rules.normalise_certificate_code("ABCD-EFGH-JKLM-NPQRS") is None  # 17
    assert rules.normalise_certificate_code("ABCD-EFGH-JKLM-NPQ0") is None  # 0 is not in the alphabet
    # 32 symbols, 16 of them: 32 ** 16 = 2 ** 80 codes.
    assert len(set(rules.CERTIFICATE_CODE_ALPHABET)) == 32 and rules.CERTIFICATE_CODE_LENGTH == 16


# -- the winter break and the numbers ----------------------------------------------------------------------------


def test_no_lessons_from_24_december_to_6_january():
    assert rules.in_winter_break(date(2026, 12, 24)) and rules.in_winter_break(date(2027, 1, 6))
    assert rules.in_winter_break(date(2026, 12, 31)) and rules.in_winter_break(date(2027, 1, 2))
    assert not rules.in_winter_break(date(2026, 12, 23)) and not rules.in_winter_break(date(2027, 1, 7))


def test_an_intensive_course_started_before_christmas_goes_on_after_epiphany():
    # Monday 21 December 2026, 3 h a day Monday to Friday: 21, 22, 23 December (3 meetings), break to 6 January,
    # then Thursday 7, Friday 8 (5), 11–15 (10), 18–22 (15), 25–29 January (20 meetings, 60 h).
    def closed(day):
        return is_holiday(day, "TO") or rules.in_winter_break(day)

    days = [meeting.day for meeting in rules.plan_meetings(date(2026, 12, 21), "intensive", closed)]
    assert len(days) == 20
    assert days[:4] == [date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23), date(2027, 1, 7)]
    assert days[-1] == date(2027, 1, 29)


def test_hours_read_as_people_write_them():
    assert format_number(60.0, locale="it") == "60" and format_hours(3600, "it") == "60"
    assert format_hours(90, "it") == "1,5" and format_hours(90, "en") == "1.5"
    assert format_number(1234.5, locale="it") == "1.234,5" and format_number(None) == ""
    assert format_hours(None) == "" and format_number(2.25, 0, "it") == "2"
