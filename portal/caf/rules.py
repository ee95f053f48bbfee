"""CAF / ISEEU parificato: the calculation (a rule set per year of request), the outcome of a practice and the
state sent to the university, the university's checks on the monthly file, and the appointment slots of an office.

Pure: plain values in, plain values out, a RuleViolation with a translatable message when a rule refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from portal.core.calendar import add_months, holidays
from portal.core.ids import is_codice_persona, is_matricola
from portal.core.rules import Deadline, RuleViolation, reminder_due  # noqa: F401 (rules.Deadline, rules.reminder_due)

CENT = Decimal("0.01")

# ---------------------------------------------------------------------------------------------------------------
# The calculation


@dataclass(frozen=True)
class RuleSet:
    """The figures of one year of requests (N); income and assets are those of N-2.

    A new year that changes a figure gets its own entry in RULE_SETS; practices keep the year they were computed with.
    """

    year: int
    value_per_square_metre: Decimal = Decimal("500")
    assets_weight: Decimal = Decimal("0.20")
    # Equivalence scale by family size, then this much for each further member.
    scale: tuple[Decimal, ...] = (Decimal("1.00"), Decimal("1.57"), Decimal("2.04"), Decimal("2.46"), Decimal("2.85"))
    further_member: Decimal = Decimal("0.35")
    # Additions for 3, 4, 5 or more children.
    children_additions: tuple[Decimal, ...] = (Decimal("0.2"), Decimal("0.35"), Decimal("0.5"))
    working_parents_addition: Decimal = Decimal("0.2")
    working_parents_child_under_3_addition: Decimal = Decimal("0.3")
    disabled_member_addition: Decimal = Decimal("0.5")
    # Deductions differ between agreements: off unless the agreement asks for them.
    deductions: bool = False
    rent_deduction_max: Decimal = Decimal("7000")
    movable_deduction_base: Decimal = Decimal("6000")
    movable_deduction_per_further_member: Decimal = Decimal("2000")
    movable_deduction_max: Decimal = Decimal("10000")
    # Independent student: away from the family home for this many years and earning at least this much.
    independent_years_away: int = 2
    independent_income: Decimal = Decimal("9000")
    independent_income_each_year: bool = False

    @property
    def income_year(self) -> int:
        return self.year - 2


RULE_SETS = {year: RuleSet(year) for year in (2025, 2026, 2027)}


def rule_set(year: int, deductions: bool = False, independent_income: Decimal | None = None,
             independent_income_each_year: bool = False) -> RuleSet:
    """The rule set of a year of requests, with the agreement's switches applied."""
    try:
        base = RULE_SETS[year]
    except KeyError:
        raise RuleViolation(_l("There are no ISEEU rules for requests made in %(year)d.", year=year)) from None
    return replace(base, deductions=deductions,
                   independent_income=base.independent_income if independent_income is None else independent_income,
                   independent_income_each_year=independent_income_each_year)


@dataclass(frozen=True)
class Amount:
    """A sum in a currency (ISO 4217 code), as written on a document."""

    value: Decimal
    currency: str
    label: str = ""


@dataclass(frozen=True)
class Household:
    """What the calculation needs of a family (or of an independent student alone)."""

    members: int
    incomes: tuple[Amount, ...] = ()
    italian_income: Decimal = Decimal("0")
    # Square metres of each foreign building; land does not count and is not listed here.
    building_square_metres: tuple[Decimal, ...] = ()
    movables: tuple[Amount, ...] = ()
    children: int = 0
    minor_children: bool = False
    child_under_3: bool = False
    both_parents_worked: bool = False
    disabled_members: int = 0
    rent_paid: Decimal = Decimal("0")


@dataclass(frozen=True)
class Conversion:
    label: str
    value: Decimal
    currency: str
    rate: Decimal  # units of the currency for one euro (Banca d'Italia yearly average)
    euro: Decimal


@dataclass(frozen=True)
class Result:
    """Every figure of the calculation, unrounded; `figures()` gives them rounded for people to read."""

    rule_year: int
    income_year: int
    conversions: tuple[Conversion, ...]
    foreign_income: Decimal
    italian_income: Decimal
    rent_deduction: Decimal
    isr: Decimal
    buildings_square_metres: Decimal
    buildings: Decimal
    movables: Decimal
    movable_deduction: Decimal
    isp: Decimal
    ise: Decimal
    base_scale: Decimal
    scale_additions: Decimal
    scale: Decimal
    iseeu: Decimal
    ispeu: Decimal
    members: int = 0  # of the household assessed (the student alone when independent)

    @property
    def iseeu_cents(self) -> int:
        return to_cents(self.iseeu)

    @property
    def ispeu_cents(self) -> int:
        return to_cents(self.ispeu)

    def figures(self) -> dict:
        """The result as stored with the practice: amounts in cents, half-up, the scale as text."""
        cents = {name: to_cents(getattr(self, name)) for name in (
            "foreign_income", "italian_income", "rent_deduction", "isr", "buildings", "movables",
            "movable_deduction", "isp", "ise", "iseeu", "ispeu")}
        return {
            "rule_year": self.rule_year, "income_year": self.income_year, "members": self.members,
            "conversions": [{"label": c.label, "value": str(c.value), "currency": c.currency, "rate": str(c.rate),
                             "euro_cents": to_cents(c.euro)} for c in self.conversions],
            "buildings_square_metres": str(self.buildings_square_metres),
            "base_scale": str(self.base_scale), "scale_additions": str(self.scale_additions),
            "scale": str(self.scale), **{f"{name}_cents": value for name, value in cents.items()},
        }


def to_cents(value: Decimal) -> int:
    return int((value / CENT).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def equivalence_scale(rules: RuleSet, household: Household) -> tuple[Decimal, Decimal]:
    """(the scale for the family size, the additions) for a household."""
    if household.members < 1:
        raise RuleViolation(_l("A family has at least one member."))
    size = household.members
    if size <= len(rules.scale):
        base = rules.scale[size - 1]
    else:
        base = rules.scale[-1] + rules.further_member * (size - len(rules.scale))
    additions = Decimal("0")
    if household.children >= 3:
        additions += rules.children_additions[min(household.children, 5) - 3]
    if household.minor_children and household.both_parents_worked:
        additions += (rules.working_parents_child_under_3_addition if household.child_under_3
                      else rules.working_parents_addition)
    additions += rules.disabled_member_addition * household.disabled_members
    return base, additions


def to_euro(amount: Amount, rates: dict[str, Decimal], rules: RuleSet) -> Conversion:
    currency = amount.currency.upper()
    if currency == "EUR":
        rate = Decimal("1")
    else:
        rate = rates.get(currency)
        if rate is None or rate <= 0:
            raise RuleViolation(_l("The Banca d'Italia average exchange rate of %(currency)s for %(year)d is missing: "
                                   "an administrator must enter it before the calculation.",
                                   currency=currency, year=rules.income_year))
    return Conversion(amount.label, amount.value, currency, rate, amount.value / rate)


def movable_deduction(rules: RuleSet, members: int, movables: Decimal) -> Decimal:
    if not rules.deductions:
        return Decimal("0")
    allowance = rules.movable_deduction_base + rules.movable_deduction_per_further_member * (members - 1)
    return min(allowance, rules.movable_deduction_max, movables)


def calculate(rules: RuleSet, household: Household, rates: dict[str, Decimal]) -> Result:
    """ISR, ISP, ISE, the scale, ISEEU and ISPEU, as DOMAIN.md section 2 'The calculation' says.

    Decimal throughout; rounding (half-up to the cent) only when a figure is shown or stored.
    """
    if any(amount.value < 0 for amount in (*household.incomes, *household.movables)) or household.italian_income < 0:
        raise RuleViolation(_l("Incomes and assets cannot be negative."))
    if any(metres < 0 for metres in household.building_square_metres):
        raise RuleViolation(_l("Square metres cannot be negative."))
    income_conversions = tuple(to_euro(amount, rates, rules) for amount in household.incomes)
    movable_conversions = tuple(to_euro(amount, rates, rules) for amount in household.movables)
    foreign_income = sum((c.euro for c in income_conversions), Decimal("0"))
    rent_deduction = min(household.rent_paid, rules.rent_deduction_max) if rules.deductions else Decimal("0")
    isr = max(foreign_income + household.italian_income - rent_deduction, Decimal("0"))
    square_metres = sum(household.building_square_metres, Decimal("0"))
    buildings = square_metres * rules.value_per_square_metre
    movables = sum((c.euro for c in movable_conversions), Decimal("0"))
    deduction = movable_deduction(rules, household.members, movables)
    isp = buildings + movables - deduction
    ise = isr + rules.assets_weight * isp
    base, additions = equivalence_scale(rules, household)
    scale = base + additions
    return Result(
        rule_year=rules.year, income_year=rules.income_year, conversions=income_conversions + movable_conversions,
        foreign_income=foreign_income, italian_income=household.italian_income, rent_deduction=rent_deduction,
        isr=isr, buildings_square_metres=square_metres, buildings=buildings, movables=movables,
        movable_deduction=deduction, isp=isp, ise=ise, base_scale=base, scale_additions=additions, scale=scale,
        iseeu=ise / scale, ispeu=isp / scale, members=household.members,
    )


def is_independent_student(rules: RuleSet, years_away: int, family_owns_dwelling: bool,
                           yearly_incomes: tuple[Decimal, ...]) -> bool:
    """Assessed without the family: away from home long enough, in a dwelling the family does not own, and
    earning enough (in each of the last two years when the agreement says so, otherwise in one)."""
    if years_away < rules.independent_years_away or family_owns_dwelling or not yearly_incomes:
        return False
    earned = [income >= rules.independent_income for income in yearly_incomes[:2]]
    return all(earned) if rules.independent_income_each_year else any(earned)


# ---------------------------------------------------------------------------------------------------------------
# Outcome and the state sent to the university

# What an operator may find wrong with a document, and what it makes of the practice.
NUL_FINDINGS = {
    "income_not_n2": _l("Income not of year N-2"),
    "assets_not_n2": _l("Assets not of year N-2"),
    "no_translation": _l("No official Italian translation"),
    "private_issuer": _l("Issued by a private body, not the competent authority"),
}
DISCREPANCY_FINDINGS = {
    "no_legalisation": _l("No consular legalisation or Apostille"),
    "movables_not_31_dec": _l("Movable assets of year N-2 but not at 31 December"),
}
FINDINGS = {**DISCREPANCY_FINDINGS, **NUL_FINDINGS}

COMPUTABLE, DISCREPANCY, NOT_COMPUTABLE = 1, 2, 3

CONFERMATO = "CONFERMATO"
CONFERMATO_DIFFORMITA = "CONFERMATO CON DIFFORMITA'"
DA_CONFERMARE = "DA CONFERMARE"
DA_CONFERMARE_DIFFORMITA = "DA CONFERMARE CON DIFFORMITA'"
RETTIFICATO_CONFERMATO = "RETTIFICATO CONFERMATO"
# The five states of the tender: the only values `stato` ever holds. Case 3 is CONFERMATO with this marker in its
# own field, in person and remotely alike.
UNIVERSITY_STATES = (CONFERMATO, CONFERMATO_DIFFORMITA, DA_CONFERMARE, DA_CONFERMARE_DIFFORMITA,
                     RETTIFICATO_CONFERMATO)
NUL = "NUL"
AWAITING_ORIGINALS = (DA_CONFERMARE, DA_CONFERMARE_DIFFORMITA)


def case_of(findings: set[str]) -> int:
    """Case 3 when any finding makes the practice not computable, case 2 for a discrepancy, otherwise case 1."""
    unknown = set(findings) - FINDINGS.keys()
    if unknown:
        raise ValueError(f"unknown findings {sorted(unknown)}")
    if set(findings) & NUL_FINDINGS.keys():
        return NOT_COMPUTABLE
    if set(findings) & DISCREPANCY_FINDINGS.keys():
        return DISCREPANCY
    return COMPUTABLE


@dataclass(frozen=True)
class Outcome:
    state: str
    nul: bool
    anomaly: bool
    computed: bool  # case 3 is never computed, whatever the deadline; nor is a consular-certificate practice
    needs_originals: bool


def consular_certificate_only(country: str, poor_countries: set[str]) -> bool:
    """Students from a country of the year's "particularly poor countries" decree need only a consular
    certificate: their practice has no calculation."""
    return bool(country) and country.upper() in poor_countries


def outcome(channel: str, case: int, consular_certificate: bool = False) -> Outcome:
    """The state sent to the university, for a practice handled in person or remotely.

    Case 3 (not computable) is sent as CONFERMATO with NUL in its own field, whatever the channel: the tender says
    so for both, and nothing is left to confirm with the originals. A practice assessed on the consular certificate
    gets the state of its case but no figures.
    """
    in_person = channel == "in_person"
    computed = not consular_certificate
    if case == COMPUTABLE:
        return Outcome(CONFERMATO if in_person else DA_CONFERMARE, False, False, computed, not in_person)
    if case == DISCREPANCY:
        return Outcome(CONFERMATO_DIFFORMITA if in_person else DA_CONFERMARE_DIFFORMITA, False, True, computed,
                       not in_person)
    if case == NOT_COMPUTABLE:
        return Outcome(CONFERMATO, True, False, False, False)
    raise ValueError(f"unknown case {case}")


def outcome_after_originals(previous_state: str, originals_match: bool, consular_certificate: bool = False) -> Outcome:
    """Once the student shows the originals of a remote practice waiting for them."""
    if previous_state not in AWAITING_ORIGINALS:
        raise RuleViolation(_l("This practice is not waiting for the originals."))
    if consular_certificate and not originals_match:
        raise RuleViolation(_l("A practice assessed on the consular certificate has no figures to correct: confirm "
                               "it once the original certificate matches, or ask the student for a valid one."))
    return Outcome(CONFERMATO if originals_match else RETTIFICATO_CONFERMATO, False, False, not consular_certificate,
                   False)


def answer_due(first_submitted: date, answer_days: int) -> date:
    """The day the CAF answers a practice by: the agreement's answer time after the first submission."""
    return first_submitted + timedelta(days=answer_days)


def last_submission_due_by(day: date, answer_days: int) -> date:
    """The latest day of first submission whose answer is due on or before `day` (for the queue's filter)."""
    return day - timedelta(days=answer_days)


def is_overdue(due: date, today: date) -> bool:
    return today > due


# ---------------------------------------------------------------------------------------------------------------
# The monthly file to the university


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


# ---------------------------------------------------------------------------------------------------------------
# Offices and appointments


@dataclass(frozen=True)
class Opening:
    weekday: int  # Monday is 0
    opens: time
    closes: time


def ferragosto_week(year: int) -> tuple[date, date]:
    """Monday to Sunday of the week of 15 August, when the offices close."""
    ferragosto = date(year, 8, 15)
    monday = ferragosto - timedelta(days=ferragosto.weekday())
    return monday, monday + timedelta(days=6)


def is_office_closed(day: date, closed_days: set[date], patron_month_day: str, close_ferragosto_week: bool) -> bool:
    if day in closed_days or day in holidays(day.year, patron_month_day):
        return True
    if close_ferragosto_week:
        first, last = ferragosto_week(day.year)
        return first <= day <= last
    return False


def slot_starts(day: date, openings: list[Opening], minutes: int) -> list[time]:
    """The start of every whole slot that fits in the day's opening hours."""
    if minutes <= 0:
        raise ValueError("slot length must be positive")
    starts = []
    for opening in sorted((o for o in openings if o.weekday == day.weekday()), key=lambda o: o.opens):
        moment = datetime.combine(day, opening.opens)
        end = datetime.combine(day, opening.closes)
        while moment + timedelta(minutes=minutes) <= end:
            starts.append(moment.time())
            moment += timedelta(minutes=minutes)
    return starts


def check_may_change(starts: datetime, now: datetime, hours_before: int) -> None:
    """Booking, moving and cancelling close `hours_before` the appointment."""
    if now >= starts - timedelta(hours=hours_before):
        raise RuleViolation(_l("Appointments can be booked, moved or cancelled up to %(hours)d hours before they "
                               "start.", hours=hours_before))


PURPOSES = {
    "intake": _l("Intake: bring your documents"),
    "originals": _l("Check of the originals"),
}


def purpose_for(kind: str, practice_state: str | None) -> str:
    """What a student may book: an enrolled student the intake, a remote one the originals check once the
    practice waits for them."""
    if kind == "enrolled":
        return "intake"
    if practice_state in AWAITING_ORIGINALS:
        return "originals"
    raise RuleViolation(_l("You can book the check of your originals once your practice is DA CONFERMARE."))


DOCUMENT_KINDS = {
    "identity": _l("Identity document with photo and codice fiscale"),
    "family": _l("Family composition abroad at the time of the request"),
    "income": _l("Income of year N-2 (or a declaration of no income)"),
    "property": _l("Buildings and land at 31 December N-2 with square metres (or a certificate of no property)"),
    "movables": _l("Movable assets at 31 December N-2"),
    "consular": _l("Certificate of the Italian embassy or consulate that the family is not known to have a high "
                   "income and social standing"),
    "other": _l("Other document"),
}


def required_documents(members: list[tuple[str, bool, bool]], consular_certificate: bool = False
                       ) -> list[tuple[str, str]]:
    """(document kind, member key) pairs a practice must hold: members are (key, is_student, adult).

    The student's identity, the family composition and movable assets once, income and property for every adult;
    from a particularly poor country, the student's identity and the consular certificate only.
    """
    students = [("identity", key) for key, is_student, _ in members if is_student]
    if consular_certificate:
        return [*students, ("consular", "")]
    needed = [*students, ("family", ""), ("movables", "")]
    for key, is_student, adult in members:
        if adult or is_student:
            needed += [("income", key), ("property", key)]
    return needed
