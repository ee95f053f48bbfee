"""Italian courses: levels, periods, the plan of courses and their meetings (pure)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

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
