"""Italian courses: end-of-course exams, A2/B1 certification with make-ups, the DEC's contract figures (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from portal.core.calendar import add_working_days
from portal.core.rules import Deadline as CoreDeadline
from portal.core.rules import RuleViolation
from portal.courses.rules.planning import START_WITHIN_DAYS

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
        raise RuleViolation(_l("Registration opens on %(day)s.", day=opens_on.strftime("%d/%m/%Y")))
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
