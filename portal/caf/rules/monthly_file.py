"""CAF, the monthly file to the university: its rows and the checks the university makes of them, and the deadlines
the CAF keeps (the monthly file, the double-counting check before the year's last invoice).

Pure: plain values in, plain values out, a RuleViolation with a translatable message when a rule refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.caf.rules.outcomes import CONFERMATO, CONFERMATO_DIFFORMITA, NUL_FINDINGS, RETTIFICATO_CONFERMATO
from portal.core.calendar import add_months
from portal.core.ids import is_codice_persona, is_matricola
from portal.core.rules import Deadline, RuleViolation


@dataclass(frozen=True)
class FileRow:
    """One row of the monthly file: the outcome as decided, with the identifiers and figures it was decided for."""

    practice_number: str
    codice_persona: str
    matricola: str
    state: str
    iseeu_cents: int | None
    ispeu_cents: int | None
    release_date: date
    anomaly: bool
    nul: bool
    consular_certificate: bool = False
    student_key: int | str = ""  # who the student is, whatever identifiers the row carries
    # The elements of the calculation (Allegato A of the 2015 protocol); None when nothing was computed.
    members: int | None = None
    scale: Decimal | None = None
    isr_cents: int | None = None
    isp_cents: int | None = None
    ise_cents: int | None = None
    nul_reasons: tuple[str, ...] = ()  # the checklist findings that made a NUL row not computable

    @property
    def identity(self) -> tuple:
        """Two rows of the same student, date and amount are the same row for the university: the student, not the
        spelling of their identifiers (codice persona alone once, with the matricola later)."""
        student = self.student_key if self.student_key != "" else (self.codice_persona, self.matricola)
        return (student, self.release_date, self.iseeu_cents)


def nul_reasons(findings: set[str] | str) -> tuple[str, ...]:
    """The findings that make a practice not computable, as codes in a fixed order (a comma-separated text too)."""
    codes = {code for code in findings.split(",") if code} if isinstance(findings, str) else set(findings)
    return tuple(code for code in NUL_FINDINGS if code in codes)


@dataclass(frozen=True)
class RowProblem:
    practice_number: str
    message: str


def row_problems(row: FileRow) -> list[RowProblem]:
    """Why the university would reject the whole file because of this row."""
    problems = []
    if not row.codice_persona and not row.matricola:
        problems.append(RowProblem(row.practice_number, _l("neither codice persona nor matricola")))
    if row.codice_persona and not is_codice_persona(row.codice_persona):
        problems.append(RowProblem(row.practice_number, _l("the codice persona is not 8 digits")))
    if row.matricola and not is_matricola(row.matricola):
        problems.append(RowProblem(row.practice_number, _l("the matricola is not 6 digits")))
    return problems


def file_rows(rows: list[FileRow]) -> list[FileRow]:
    """The rows of the file, checked: each student-date-amount once; refused with every failing practice listed.

    Rows come in the order the outcomes were decided; of one student-date-amount the latest is kept, so a practice
    confirmed in the same month it was first decided reaches the university as confirmed.
    """
    problems = [problem for row in rows for problem in row_problems(row)]
    if problems:
        raise FileRefused(problems)
    latest = {row.identity: row for row in rows}
    return [row for row in rows if latest[row.identity] is row]


class FileRefused(RuleViolation):
    def __init__(self, problems: list[RowProblem]):
        super().__init__(_l("The file would be rejected by the university: %(count)d practices have wrong "
                            "identifiers.", count=len(problems)))
        self.problems = problems


# ---------------------------------------------------------------------------------------------------------------
# Deadlines the CAF keeps: the monthly file, the double-counting check before the year's last invoice


def file_deadline(month_first: date, due_day: int, remind_days: int) -> Deadline:
    """The file of a month is due by the `due_day` of the next month (the tender: "di norma entro i primi cinque
    giorni del mese successivo"); reminded `remind_days` before, never before the month is over."""
    following = add_months(month_first.replace(day=1), 1)
    due = following.replace(day=max(1, min(due_day, 28)))
    return Deadline("monthly_file", month_first, due, max(following, due - timedelta(days=remind_days)))


def double_count_deadline(year: int, check_by: str, remind_days: int) -> Deadline:
    """The double-counting check of a calendar year is due by `check_by` (MM-DD), before the year's last invoice."""
    month, day = (int(part) for part in check_by.split("-"))
    due = date(year, month, day)
    return Deadline("double_count", date(year, 1, 1), due, due - timedelta(days=remind_days))


# Computed states that, sent after a NUL of the same student, would count the student twice.
CONFIRMED_STATES = (CONFERMATO, CONFERMATO_DIFFORMITA, RETTIFICATO_CONFERMATO)


@dataclass(frozen=True)
class SentOutcome:
    student_key: int
    practice_number: str
    state: str
    nul: bool
    decided_at: datetime
    sent_on: date
    iseeu_cents: int | None = None


@dataclass(frozen=True)
class DoubleCount:
    nul: SentOutcome
    confirmed: SentOutcome


def double_counts(sent: list[SentOutcome], year: int) -> list[DoubleCount]:
    """Outcomes sent as NUL in `year` whose student was later sent as confirmed (CONFERMATO, CONFERMATO CON
    DIFFORMITA' or RETTIFICATO CONFERMATO): the tender's check before the year's last invoice. One line per NUL
    and later practice, with that practice's latest confirmed state."""
    ordered = sorted(sent, key=lambda outcome: outcome.decided_at)
    found = []
    for nul in ordered:
        if not nul.nul or nul.sent_on.year != year:
            continue
        later: dict[str, SentOutcome] = {}
        for other in ordered:
            if (other.student_key == nul.student_key and not other.nul and other.state in CONFIRMED_STATES
                    and other.decided_at > nul.decided_at):
                later[other.practice_number] = other
        found += [DoubleCount(nul, confirmed) for confirmed in later.values()]
    return found
