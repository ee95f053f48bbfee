"""Italian courses: the winter break, the adaptive placement test, the attendance certificate (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation
from portal.courses.rules.enrolment import AttendanceSummary
from portal.courses.rules.planning import LEVELS, STANDARD_LEVELS

# -- h6: the winter break, the placement test, the attendance certificate ----------------------------------------

# The university's Christmas break: no lessons from 24 December to 6 January (Epiphany) included. The national
# holidays in it (25, 26 December, 1, 6 January) are in core.calendar already; 24, 27–31 December and 2–5 January are
# the institution's closure. The tender's first period runs to the end of January, so a course loses no hours: its
# meetings go on after the break.
WINTER_BREAK = ((12, 24), (1, 6))


def in_winter_break(day: date) -> bool:
    (first_month, first_day), (last_month, last_day) = WINTER_BREAK
    return (day.month, day.day) >= (first_month, first_day) or (day.month, day.day) <= (last_month, last_day)


# The placement test (issue 19, point 1; the tender: "test di accesso … secondo i livelli A1/A2/B1/B2 del QCER …
# L'esito del test sarà indicativo e non vincolante"). A staircase: one level up after a right answer, one down
# after a wrong one, starting at A2; a level is passed with 3 right answers and more right than wrong, failed with
# 2 wrong answers and no more right than wrong. The test stops when the level is clear: a passed level whose next
# level is failed (or is B2), or A1 failed; at the latest after PLACEMENT_MAX_QUESTIONS answers.
PLACEMENT_LEVELS = STANDARD_LEVELS
PLACEMENT_START = "A2"
PLACEMENT_PASS_RIGHT = 3
PLACEMENT_FAIL_WRONG = 2
PLACEMENT_MAX_QUESTIONS = 24
FAR_FROM_SUGGESTION = 2  # levels between the chosen course and the suggestion that earn a warning


@dataclass(frozen=True)
class PlacementStep:
    """What comes after the answers so far: the level of the next question, or the end with the suggestion."""

    done: bool
    next_level: str | None
    suggestion: str | None


def _tally(answers: Sequence[tuple[str, bool]]) -> dict[str, tuple[int, int]]:
    counts = {level: [0, 0] for level in PLACEMENT_LEVELS}
    for level, right in answers:
        if level not in counts:
            raise ValueError(f"not a placement level: {level}")
        counts[level][0 if right else 1] += 1
    return {level: (right, wrong) for level, (right, wrong) in counts.items()}


def level_passed(right: int, wrong: int) -> bool:
    return right >= PLACEMENT_PASS_RIGHT and right > wrong


def level_failed(right: int, wrong: int) -> bool:
    return wrong >= PLACEMENT_FAIL_WRONG and wrong >= right


def placement_step(answers: Sequence[tuple[str, bool]]) -> PlacementStep:
    """`answers`: (level of the question, answered right) in the order given. Pure: the same answers, the same
    step."""
    tally = _tally(answers)
    passed = [level for level in PLACEMENT_LEVELS if level_passed(*tally[level])]
    failed = {level for level in PLACEMENT_LEVELS if level_failed(*tally[level])}
    for level in reversed(passed):
        index = PLACEMENT_LEVELS.index(level)
        if index == len(PLACEMENT_LEVELS) - 1 or PLACEMENT_LEVELS[index + 1] in failed:
            return PlacementStep(True, None, level)
    if PLACEMENT_LEVELS[0] in failed:
        return PlacementStep(True, None, PLACEMENT_LEVELS[0])
    if len(answers) >= PLACEMENT_MAX_QUESTIONS:
        return PlacementStep(True, None, placement_best(answers))
    if not answers:
        return PlacementStep(False, PLACEMENT_START, None)
    last_level, last_right = answers[-1]
    index = PLACEMENT_LEVELS.index(last_level)
    if last_right and index + 1 < len(PLACEMENT_LEVELS) and PLACEMENT_LEVELS[index + 1] not in failed:
        index += 1
    elif not last_right and index > 0 and PLACEMENT_LEVELS[index - 1] not in passed:
        index -= 1
    return PlacementStep(False, PLACEMENT_LEVELS[index], None)


def placement_best(answers: Sequence[tuple[str, bool]]) -> str:
    """The suggestion when the test must end before the level is clear (the longest test, or no question left):
    the highest passed level, else A1."""
    tally = _tally(answers)
    passed = [level for level in PLACEMENT_LEVELS if level_passed(*tally[level])]
    return passed[-1] if passed else PLACEMENT_LEVELS[0]


def level_distance(chosen: str, suggested: str) -> int:
    """How many levels apart (A1…B2, then C1): A1 and B1 are 2 apart."""
    return abs(LEVELS.index(chosen) - LEVELS.index(suggested))


def far_from_suggestion(chosen: str, suggested: str | None) -> bool:
    """The chosen course is 2 levels or more from the test's suggestion: a plain warning, never a refusal."""
    return suggested is not None and level_distance(chosen, suggested) >= FAR_FROM_SUGGESTION


def retake_from(last_finished: date | None, days: int) -> date | None:
    """The first day a new attempt may start: `days` after the last finished one (None: any day)."""
    return None if last_finished is None else last_finished + timedelta(days=days)


def check_may_start(today: date, last_finished: date | None, days: int) -> None:
    first = retake_from(last_finished, days)
    if first is not None and today < first:
        raise RuleViolation(_l("You can take the test again from %(day)s.", day=first.strftime("%d/%m/%Y")))


def check_question(level: str, prompt: str, choices: Sequence[str], correct: int) -> None:
    """A multiple-choice question: a level A1–B2, a prompt, 2 to 4 different choices, the right one among them."""
    if level not in PLACEMENT_LEVELS:
        raise RuleViolation(_l("Choose a level."), "level")
    if not prompt.strip():
        raise RuleViolation(_l("Write the question."), "prompt")
    if not 2 <= len(choices) <= 4 or any(not choice.strip() for choice in choices):
        raise RuleViolation(_l("Write from 2 to 4 answers."), "choice_1")
    if len({choice.strip().casefold() for choice in choices}) != len(choices):
        raise RuleViolation(_l("Two answers are the same."), "choice_1")
    if not 0 <= correct < len(choices):
        raise RuleViolation(_l("The right answer must be one of those written."), "correct")


# The attendance certificate (issue 19, point 7). Neither the tender nor DOMAIN.md sets a threshold for it: the
# portal uses the attendance threshold of the register (PORTAL_COURSES_ATTENDANCE_THRESHOLD, 70 % of the expected
# hours), once the course is over (no meeting still to come). The certificate states the hours attended.


def certificate_allowed(summary: AttendanceSummary) -> bool:
    """The course is over for the person and they attended at least the threshold of their expected hours."""
    if summary.still_to_come_minutes > 0 or summary.expected_minutes == 0:
        return False
    return summary.attended_minutes * 100 >= summary.threshold * summary.expected_minutes


def check_certificate(summary: AttendanceSummary) -> None:
    if not certificate_allowed(summary):
        raise RuleViolation(_l("The certificate is issued when the course is over.") if summary.still_to_come_minutes
                            else _l("The certificate needs at least %(threshold)d %% of the hours attended.",
                                    threshold=summary.threshold))


CERTIFICATE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
CERTIFICATE_CODE_LENGTH = 16  # 16 symbols of 32: 80 bits, never guessed


def format_certificate_code(raw: str) -> str:
    """XXXX-XXXX-XXXX-XXXX from the 16 symbols."""
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalise_certificate_code(text: str) -> str | None:
    """What a person typed, upper case, without spaces or dashes; None when it cannot be a code."""
    raw = "".join(ch for ch in text.upper() if ch not in " -")
    if len(raw) != CERTIFICATE_CODE_LENGTH or any(ch not in CERTIFICATE_CODE_ALPHABET for ch in raw):
        return None
    return raw
