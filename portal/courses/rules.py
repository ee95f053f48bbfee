"""Italian courses: pure rules (no Flask, no session). Figures from the tender of the Politecnico di Torino
(capitolato speciale d'oneri, section II, "Specifiche tecniche minime"), which wins over DOMAIN.md §5 where they differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.calendar import add_working_days
from portal.core.rules import Deadline as CoreDeadline
from portal.core.rules import RuleViolation

LEVELS = ("A1", "A2", "B1", "B2", "C1")
# The tender's four standard levels: each period has at least one course of each, each year at least two.
STANDARD_LEVELS = ("A1", "A2", "B1", "B2")
MODES = ("in_person", "online", "blended")
PATTERNS = ("evening", "evening_saturday", "intensive")
COURSE_HOURS = 60  # "Ogni corso dovrà di norma essere di 60 ore"
PERIOD_MAX_COURSES = 14  # "fino a un massimo di 14 corsi" per period
YEAR_MIN_COURSES = 8  # "un minimo di 8 corsi (due per ogni livello …)"
YEAR_MAX_COURSES = 18  # "e un massimo di 18 corsi"
YEAR_MIN_PER_LEVEL = 2
START_WITHIN_DAYS = 14  # "avviati entro due settimane dall'inizio di ogni periodo didattico"
ACTIVATION_DAYS_BEFORE = 7  # "al più tardi 7 gg solari prima dell'avvio previsto" (calendar days)
TEACHER_WORKING_DAYS_BEFORE = 5  # "entro 5 gg lavorativi precedenti l'avvio dei corsi"
CLASS_SIZE = (70, 80)  # "Il numero di studenti medio per corso è di 70/80 studenti per classe"
CAPACITY_RANGE = (1, 200)  # what the office may type: outside CLASS_SIZE is only a warning

MARKS = ("present", "late", "absent", "excused")
ATTENDED_MARKS = frozenset({"present", "late"})  # late counts as attended; excused does not (see docs/courses.md)
PRIORITY_GROUPS = ("plan", "student", "staff")


@dataclass(frozen=True)
class Session:
    """A kind of meeting: weekday (0 = Monday), Rome wall-clock start and length in minutes."""

    weekday: int
    hour: int
    minute: int
    minutes: int


# Evening: three meetings of 1.5 h, 19:00–20:30; with Saturday: two evenings and a Saturday morning of 3 h;
# intensive: daytime blocks of 3 h ("blocchi di lezione di 3-4 ore nella fascia oraria diurna").
PATTERN_SESSIONS: dict[str, tuple[Session, ...]] = {
    "evening": (Session(0, 19, 0, 90), Session(2, 19, 0, 90), Session(3, 19, 0, 90)),
    "evening_saturday": (Session(1, 19, 0, 90), Session(3, 19, 0, 90), Session(5, 9, 30, 180)),
    "intensive": tuple(Session(day, 9, 0, 180) for day in range(5)),
}


@dataclass(frozen=True)
class PlannedMeeting:
    day: date
    hour: int
    minute: int
    minutes: int


def period_dates(year: int, number: int) -> tuple[date, date]:
    """The teaching period `number` (1 or 2) of the academic year starting in `year`: Oct–Jan, Mar–Jun."""
    if number == 1:
        return date(year, 10, 1), date(year + 1, 1, 31)
    if number == 2:
        return date(year + 1, 3, 1), date(year + 1, 6, 30)
    raise RuleViolation(_l("A year has two teaching periods: 1 (October–January) or 2 (March–June)."), "number")


def plan_meetings(starts_on: date, pattern: str, closed: Callable[[date], bool],
                  hours: int = COURSE_HOURS) -> list[PlannedMeeting]:
    """The meetings that make `hours` hours from `starts_on`, on the pattern's days, skipping closed days; the last
    one shortened if the hours do not divide evenly."""
    if pattern not in PATTERN_SESSIONS:
        raise RuleViolation(_l("Choose how the meetings are arranged."), "pattern")
    sessions = {session.weekday: session for session in PATTERN_SESSIONS[pattern]}
    left = hours * 60
    day = starts_on
    meetings: list[PlannedMeeting] = []
    while left > 0:
        session = sessions.get(day.weekday())
        if session is not None and not closed(day):
            minutes = min(session.minutes, left)
            meetings.append(PlannedMeeting(day, session.hour, session.minute, minutes))
            left -= minutes
        day += timedelta(days=1)
    return meetings


def check_start(period_starts: date, period_ends: date, starts_on: date) -> None:
    """A course starts inside its period (refused otherwise)."""
    if not period_starts <= starts_on <= period_ends:
        raise RuleViolation(_l("A course starts inside its teaching period."), "starts_on")


def check_capacity(capacity: int, taken: int = 0) -> None:
    low, high = CAPACITY_RANGE
    if not low <= capacity <= high:
        raise RuleViolation(_l("The seats must be between %(low)d and %(high)d.", low=low, high=high), "capacity")
    if capacity < taken:
        raise RuleViolation(_l("%(taken)d people hold a seat already: the seats cannot be fewer.", taken=taken),
                            "capacity")


@dataclass(frozen=True)
class PlannedCourse:
    code: str
    level: str
    starts_on: date
    capacity: int


def period_warnings(period_starts: date, courses: Sequence[PlannedCourse]) -> list[tuple[str, dict]]:
    """What the plan of one period breaks, as (code, figures): missing levels, too many courses, late starts,
    classes outside 70–80. Warnings only: the tender allows exceptions ("salvo specifiche esigenze")."""
    warnings: list[tuple[str, dict]] = []
    levels = {course.level for course in courses}
    missing = [level for level in STANDARD_LEVELS if level not in levels]
    if missing:
        warnings.append(("missing_levels", {"levels": ", ".join(missing)}))
    if len(courses) > PERIOD_MAX_COURSES:
        warnings.append(("period_too_many", {"count": len(courses), "limit": PERIOD_MAX_COURSES}))
    latest = period_starts + timedelta(days=START_WITHIN_DAYS)
    for course in courses:
        if course.starts_on > latest:
            warnings.append(("late_start", {"code": course.code, "latest": latest}))
        if not CLASS_SIZE[0] <= course.capacity <= CLASS_SIZE[1]:
            warnings.append(("class_size", {"code": course.code, "capacity": course.capacity}))
    return warnings


def year_warnings(courses: Sequence[PlannedCourse]) -> list[tuple[str, dict]]:
    """The academic year's plan: 8–18 courses, at least two of each standard level."""
    warnings: list[tuple[str, dict]] = []
    if len(courses) < YEAR_MIN_COURSES:
        warnings.append(("year_too_few", {"count": len(courses), "limit": YEAR_MIN_COURSES}))
    if len(courses) > YEAR_MAX_COURSES:
        warnings.append(("year_too_many", {"count": len(courses), "limit": YEAR_MAX_COURSES}))
    short = [level for level in STANDARD_LEVELS
             if sum(1 for course in courses if course.level == level) < YEAR_MIN_PER_LEVEL]
    if short:
        warnings.append(("year_level_short", {"levels": ", ".join(short), "limit": YEAR_MIN_PER_LEVEL}))
    return warnings


@dataclass(frozen=True)
class Deadline:
    due: date
    done_on: date | None

    def state(self, today: date) -> str:
        """done | late (done after the day) | overdue (not done, day passed) | open."""
        if self.done_on is not None:
            return "late" if self.done_on > self.due else "done"
        return "overdue" if today > self.due else "open"


def activation_due(starts_on: date) -> date:
    """The activation notice (courses and enrolled numbers): 7 calendar days before the start."""
    return starts_on - timedelta(days=ACTIVATION_DAYS_BEFORE)


def teacher_due(starts_on: date, is_working_day: Callable[[date], bool]) -> date:
    """The teacher's name: 5 working days before the start (the 5th working day counting back, start excluded)."""
    left, day = TEACHER_WORKING_DAYS_BEFORE, starts_on
    while left:
        day -= timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


# -- enrolment priority ----------------------------------------------------------------------------------------


def priority_rank(group: str, order: Sequence[str]) -> int:
    """1 for the first group of the setting's order, 2 for the next…"""
    if group not in order:
        raise RuleViolation(_l("Italian courses are for students and staff of the university."))
    return order.index(group) + 1


def priority_group(is_student: bool, italian_in_plan: bool, is_staff: bool) -> str | None:
    if is_student and italian_in_plan:
        return "plan"
    if is_student:
        return "student"
    if is_staff:
        return "staff"
    return None


def opens_for(opens_on: date, rank: int, window_days: int) -> date:
    """Staggered opening: the first group from the opening day, each next one `window_days` later."""
    return opens_on + timedelta(days=(rank - 1) * window_days)


def check_may_enrol(today: date, opens_on: date, rank: int, window_days: int, starts_on: date,
                    ends_on: date) -> None:
    mine = opens_for(opens_on, rank, window_days)
    if today < mine:
        raise RuleViolation(_l("Enrolment opens for you on %(day)s.", day=mine.isoformat()))
    if today > ends_on:
        raise RuleViolation(_l("This course is over."))


@dataclass(frozen=True)
class Waiting:
    id: int
    rank: int
    queued_order: int  # when they joined the list (a growing number: the row id)


def waiting_order(waiting: Iterable[Waiting]) -> list[int]:
    """Who gets a freed seat first: higher priority, then who joined the list first."""
    return [entry.id for entry in sorted(waiting, key=lambda entry: (entry.rank, entry.queued_order, entry.id))]


# -- attendance -----------------------------------------------------------------------------------------------


def expected(meeting_day: date, enrolled_on: date) -> bool:
    """A meeting before the student joined the class is 'not expected': never an absence."""
    return meeting_day >= enrolled_on


@dataclass(frozen=True)
class AttendanceSummary:
    expected_minutes: int
    attended_minutes: int
    held_minutes: int
    still_to_come_minutes: int
    percent: int  # of the meetings held so far, rounded down
    max_percent: int  # the best still reachable, rounded down
    threshold: int
    reachable: bool


def attendance_summary(meetings: Sequence[tuple[int, str | None, bool]], threshold: int) -> AttendanceSummary:
    """`meetings`: the expected ones as (minutes, mark or None, held). Attended = present or late; a held meeting
    without a mark is not attended. Maximum reachable = attended + every meeting still to come, over all expected."""
    if not 0 <= threshold <= 100:
        raise ValueError("threshold is a percentage")
    total = sum(minutes for minutes, _mark, _held in meetings)
    attended = sum(minutes for minutes, mark, _held in meetings if mark in ATTENDED_MARKS)
    held = sum(minutes for minutes, mark, was_held in meetings if was_held or mark is not None)
    to_come = total - held
    percent = attended * 100 // held if held else 100
    best = (attended + to_come) * 100 // total if total else 100
    return AttendanceSummary(total, attended, held, to_come, percent, best, threshold, best >= threshold)


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
        raise RuleViolation(_l("You can take the test again from %(day)s.", day=first.isoformat()))


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


# == End-of-course exams, A2/B1 certification, contract figures (issue 19, points 5, 6, 8) =====================
# Figures from the tender (capitolato 003): "Esami di profitto", "Servizio di erogazione esami per il
# conseguimento della certificazione", par. 6 (prices), 18 (half-yearly report, 0.5 % retention), 20 (penalty).

EXAM_OUTCOMES = ("passed", "failed", "absent")
ORAL_OUTCOMES = ("passed", "failed")
GRADE_RANGE = (18, 30)
ACCOMMODATION_KINDS = ("dsa", "disability")
EXTRA_TIME_LIMIT = {"dsa": 30, "disability": 50}  # the issue: up to 30 % for DSA, up to 50 % for disability
CERT_BODIES = ("CELI", "CILS", "PLIDA", "CERT.IT")
CERT_LEVELS = ("A2", "B1")  # "Certificazioni di livello QCER A2 e di livello QCER B1"
SKILLS = ("listening", "reading", "writing", "speaking", "structures")
BODIES_WITH_STRUCTURES = frozenset({"CILS"})  # CILS: "analisi delle strutture di comunicazione"
CANDIDATE_LIST_DAYS_BEFORE = 10  # "almeno 10 gg prima della data della prova scritta" (calendar days)
CANDIDATE_LIST_REMIND_DAYS = 5
CERT_YEAR_MAX = 100  # "fino a un massimo di 100 certificazioni all'anno": warned, not refused
REPORT_WORKING_DAYS = 5  # "entro i 5 gg. lavorativi successivi alla fine di ogni semestre"
RETENTION_PER_THOUSAND = 5  # "la ritenuta dello 0,5%"
LATE_PENALTY_PER_THOUSAND = 1  # "uno per mille dell'importo contrattuale per ogni giorno di ritardo"
PENALTY_CAP_PERCENT = 10  # penalties above 10 % of the contract: "clausola risolutiva espressa", g)


def check_exam_window(opens_on: date, closes_on: date, first_day: date) -> None:
    """Registration opens, then closes before the sitting's first turn."""
    if opens_on > closes_on:
        raise RuleViolation(_l("Registration must open before it closes."), "closes_on")
    if closes_on >= first_day:
        raise RuleViolation(_l("Registration closes before the first turn."), "closes_on")


def check_exam_open(today: date, opens_on: date, closes_on: date) -> None:
    if today < opens_on:
        raise RuleViolation(_l("Registration opens on %(day)s.", day=opens_on.isoformat()))
    if today > closes_on:
        raise RuleViolation(_l("Registration for this sitting is closed."))


def check_accommodation(kind: str, extra_percent: int) -> None:
    """Extra time up to 30 % (DSA) or 50 % (disability)."""
    if kind not in EXTRA_TIME_LIMIT:
        raise RuleViolation(_l("Choose DSA or disability."), "kind")
    limit = EXTRA_TIME_LIMIT[kind]
    if not 0 <= extra_percent <= limit:
        raise RuleViolation(_l("Extra time is between 0 and %(limit)d %%.", limit=limit), "extra_percent")


def extra_minutes(minutes: int, extra_percent: int) -> int:
    """The extra time of a test, rounded up to the minute: 90 minutes at 30 % = 27, at 25 % = 22.5 -> 23."""
    return -(-minutes * extra_percent // 100)


def check_result(outcome: str, grade: int | None, oral: str | None, graduating: bool) -> None:
    """A pass has a grade of 18-30, a fail or an absence none; the integrative oral only for graduating students."""
    if outcome not in EXAM_OUTCOMES:
        raise RuleViolation(_l("Choose passed, failed or absent."), "outcome")
    if outcome == "passed" and (grade is None or not GRADE_RANGE[0] <= grade <= GRADE_RANGE[1]):
        raise RuleViolation(_l("A pass has a grade between 18 and 30."), "grade")
    if outcome != "passed" and grade is not None:
        raise RuleViolation(_l("Only a pass has a grade."), "grade")
    if oral is not None and (oral not in ORAL_OUTCOMES or not graduating):
        raise RuleViolation(_l("The integrative oral is for graduating students."), "oral")


def skills_of(body: str) -> tuple[str, ...]:
    if body not in CERT_BODIES:
        raise RuleViolation(_l("Choose a certifying body."), "body")
    return SKILLS if body in BODIES_WITH_STRUCTURES else SKILLS[:4]


def candidate_list_deadline(written_on: date) -> CoreDeadline:
    """The candidate list reaches the body 10 calendar days before the written test: 20 May -> 10 May."""
    due = written_on - timedelta(days=CANDIDATE_LIST_DAYS_BEFORE)
    return CoreDeadline("candidate_list", written_on, due, due - timedelta(days=CANDIDATE_LIST_REMIND_DAYS))


def check_cert_dates(written_on: date, oral_on: date, today: date) -> None:
    if oral_on < written_on:
        raise RuleViolation(_l("The oral test is on or after the written one."), "oral_on")
    if written_on - timedelta(days=CANDIDATE_LIST_DAYS_BEFORE) < today:
        raise RuleViolation(_l("The candidate list is due 10 days before the written test: choose a later day."),
                            "written_on")


def check_cert_registration(today: date, written_on: date, list_sent: bool, makeup: bool,
                            contract_end: date | None) -> None:
    """Candidates register until the list is due (or sent); after the contract only make-ups (the tender)."""
    if list_sent or today > written_on - timedelta(days=CANDIDATE_LIST_DAYS_BEFORE):
        raise RuleViolation(_l("The candidate list of this session is closed."))
    if not makeup and contract_end is not None and written_on > contract_end:
        raise RuleViolation(_l("After the contract only make-ups of single skills are possible."))


def academic_year(day: date) -> int:
    """The academic year (October to September) of a day, by its first calendar year."""
    return day.year if day.month >= 10 else day.year - 1


def over_year_limit(count: int, limit: int = CERT_YEAR_MAX) -> bool:
    return count > limit


def makeup_skills(results: dict[str, str], skills: Sequence[str]) -> list[str]:
    """The skills failed or missed (absent): what a make-up proposes."""
    return [skill for skill in skills if results.get(skill) in ("failed", "absent")]


def makeup_price(skill_count: int, skill_cents: int, full_cents: int) -> int:
    """Per skill, never more than the full exam: 2 skills at 27.50 = 55.00; 5 at 27.50 = 137.50 -> 110.00."""
    if skill_count < 1:
        raise RuleViolation(_l("Nothing to make up."))
    return min(skill_count * skill_cents, full_cents)


def half_year(year: int, half: int) -> tuple[date, date]:
    """Billing semesters: 1 = January-June, 2 = July-December ("fatturazione semestrale posticipata")."""
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    if half == 2:
        return date(year, 7, 1), date(year, 12, 31)
    raise RuleViolation(_l("A year has two halves: 1 or 2."), "half")


def report_deadline(year: int, half: int, patron: str = "") -> CoreDeadline:
    """The provider's report reaches the DEC within 5 working days after the semester:
    30 June 2026 (Tuesday) -> 7 July; 31 December 2026 -> 11 January 2027 (1 and 6 January are holidays)."""
    first, last = half_year(year, half)
    due = add_working_days(last, REPORT_WORKING_DAYS, patron)
    return CoreDeadline("half_year_report", first, due, last + timedelta(days=1))


def late_start_days(period_starts: date, course_starts: date) -> int:
    """Days a course started after the two weeks the tender allows from the period's start."""
    return max(0, (course_starts - period_starts).days - START_WITHIN_DAYS)


def per_thousand(cents: int, per_thousand_rate: int) -> int:
    """cents x rate / 1000, rounded half up to the cent."""
    return (cents * per_thousand_rate + 500) // 1000


@dataclass(frozen=True)
class ContractFigures:
    courses: int
    courses_cents: int
    certifications: int
    certifications_cents: int
    makeup_cents: int
    gross_cents: int
    retention_cents: int
    late_days: int
    penalty_cents: int
    payable_cents: int
    penalty_over_cap: bool


def contract_figures(courses: int, certifications: int, makeup_cents: int, late_days: Sequence[int],
                     course_cents: int, cert_cents: int, contract_cents: int,
                     penalties_before_cents: int = 0) -> ContractFigures:
    """A semester's amounts: services completed x prices; 0.5 % retained; the late-start penalty, 1 per thousand of
    the contract amount for each day of delay, taken from the payment; warned when all penalties pass 10 %."""
    gross = courses * course_cents + certifications * cert_cents + makeup_cents
    retention = per_thousand(gross, RETENTION_PER_THOUSAND)
    days = sum(late_days)
    penalty = per_thousand(contract_cents, LATE_PENALTY_PER_THOUSAND) * days
    over = (penalties_before_cents + penalty) * 100 > contract_cents * PENALTY_CAP_PERCENT
    return ContractFigures(courses, courses * course_cents, certifications, certifications * cert_cents,
                           makeup_cents, gross, retention, days, penalty, gross - retention - penalty, over)
